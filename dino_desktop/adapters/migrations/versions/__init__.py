"""Alembic revisions of the run log; a package so that installs ship them."""
