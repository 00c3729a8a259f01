"""DINO's Databricks job: writes a staged manifest into its Delta table, exactly once.

It never imports the desktop app: the manifest (`manifest.schema.json`, a copy of the
desktop's) is the whole contract between them.
"""

__version__ = "0.1.0"
