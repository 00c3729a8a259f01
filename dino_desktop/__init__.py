"""DINO desktop: land hand-made files in a Delta lakehouse."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dino-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
