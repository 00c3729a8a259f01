"""Which files in a rule's folder are complete. A file is taken only once its size and mtime
have stayed put for the settle time and its writer no longer holds it open, so a copy in
progress is never loaded half-written (services/automation.py loads what this finds ready).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dino_desktop.core.rules import Rule, Seen, is_settled, observe

log = logging.getLogger(__name__)

LockProbe = Callable[[Path], bool]  # whether the writer still holds the file open


@dataclass(frozen=True)
class Sweep:
    """What one look at the folder found."""

    ready: list[tuple[str, Seen]]  # complete, oldest first
    waiting: list[str]  # newly seen growing or held open: to be told once


@dataclass
class FolderScan:
    """One rule folder between looks: settling needs the earlier sizes and times, kept in
    memory only (a restart sees every file afresh and lets it settle again)."""

    seen: dict[str, Seen] = field(default_factory=dict)  # found, not taken yet
    announced: set[str] = field(default_factory=set)  # "waiting" is told once per file
    stuck: dict[str, tuple[int, int]] = field(default_factory=dict)  # loaded, not movable

    def look(self, rule: Rule, now: dt.datetime, settle_seconds: float,
             lock_probe: LockProbe) -> Sweep:
        """The folder's own files only (never processed/ or failed/, never programs'
        temporary files). Raises OSError when the folder cannot be read (a share away)."""
        found = [(e.path, e.stat()) for e in os.scandir(rule.folder_path)
                 if e.is_file() and rule.matches(e.name)]
        present = {path for path, _ in found}
        self.seen = {p: s for p, s in self.seen.items() if p in present}
        self.stuck = {p: s for p, s in self.stuck.items() if p in present}
        self.announced &= present
        ready: list[tuple[str, Seen]] = []
        waiting: list[str] = []
        for path, st in sorted(found, key=lambda f: (f[1].st_mtime_ns, f[0])):
            if self.stuck.get(path) == (st.st_size, st.st_mtime_ns):
                continue
            before = self.seen.get(path)
            seen = observe(before, st.st_size, st.st_mtime_ns, now)
            settled = is_settled(seen, now, settle_seconds)
            locked = settled and held_open(lock_probe, Path(path))
            if locked:  # still held open by its writer: settle again from now
                seen, settled = Seen(st.st_size, st.st_mtime_ns, now), False
            self.seen[path] = seen
            if settled:
                ready.append((path, seen))
            elif (locked or (before is not None and before is not seen)) \
                    and path not in self.announced:  # seen growing, or held open
                self.announced.add(path)
                waiting.append(path)
        return Sweep(ready, waiting)

    def new_pass(self) -> None:
        """A scheduled pass is over: a file still waiting at the next one is told again."""
        self.announced.clear()

    def take(self, path: str) -> None:
        """The file is being handled: no longer waited for."""
        del self.seen[path]
        self.announced.discard(path)

    def hold(self, path: str, seen: Seen) -> None:
        """Loaded but could not be moved away: not taken again until it changes."""
        self.stuck[path] = (seen.size, seen.mtime_ns)

    @property
    def pending(self) -> list[Seen]:
        return list(self.seen.values())


def held_open(lock_probe: LockProbe, path: Path) -> bool:
    """A probe that fails must not stop the rule: the file is taken as complete."""
    try:
        return bool(lock_probe(path))
    except Exception:
        log.exception("lock probe failed for %s", path)
        return False
