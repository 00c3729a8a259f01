"""Ports: the protocols that adapters implement (filled in by the lakehouse issue)."""
