"""The single file's launcher: the app, compressed inside one executable, unpacked once per
version into the user's cache and started from there (later starts skip the unpacking).

Standard library only: this package is frozen alone, without DINO's dependencies."""
