"""Qt-free ingestion core: inspect, validate, convert."""
