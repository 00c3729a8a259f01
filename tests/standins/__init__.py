"""Local stand-ins for cloud services that have no emulator (Databricks), for the tests."""
