"""Readers for each source format."""
