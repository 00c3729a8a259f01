"""Alembic migrations of the run log (run by SqlRunLog when a log is opened)."""
