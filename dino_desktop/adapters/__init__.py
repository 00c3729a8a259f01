"""Adapters behind the ports (local and azure)."""
