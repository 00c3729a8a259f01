"""Services: the ingestion run, history and KPIs."""
