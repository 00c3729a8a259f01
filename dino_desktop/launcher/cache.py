"""Where the single file unpacks the app (once per version), how a start tells that the
folder is whole, and how folders of versions nobody runs any more go away."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from dino_desktop.launcher.payload import Payload

MANIFEST = ".dino-app.json"  # written before the folder is moved into place
IN_USE = ".in-use"  # held open by every launcher whose app runs from the folder
STALE_SECONDS = 24 * 3600  # a hidden leftover (an unpacking that died) older than this goes

if sys.platform == "win32":
    fcntl = None
else:
    import fcntl


def cache_root() -> Path:
    """DINO_APP_CACHE, else the user's local (not roaming) cache: %LOCALAPPDATA%\\DINO\\app
    on Windows, ~/.cache/dino/app on Linux."""
    env = os.environ.get("DINO_APP_CACHE")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "DINO" / "app"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "dino" / "app"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dino" / "app"


def folder_for(payload: Payload, root: Path) -> Path:
    return root / f"{payload.version}-{payload.id[:16]}"


def is_complete(folder: Path, payload: Payload) -> bool:
    """The folder was unpacked from this payload and still has every file at its size. One
    directory listing per folder (a few hundred): on Windows a listing carries the sizes,
    where a stat per file (thousands) would open each one."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(manifest, dict) or manifest.get("id") != payload.id:
        return False
    wanted: dict[str, dict[str, int]] = {}
    for rel, size in payload.files.items():
        parent, _, name = rel.rpartition("/")
        wanted.setdefault(parent, {})[name] = size
    for parent, names in wanted.items():
        try:
            with os.scandir(folder / parent) as listing:
                found = {e.name: (-1 if e.is_symlink() else e.stat(follow_symlinks=False).st_size)
                         for e in listing if e.name in names}
        except OSError:
            return False
        if found != names:
            return False
    return True


def install(payload: Payload, root: Path,
            announce: Callable[[Path], None] | None = None) -> tuple[Path, bool]:
    """The app's folder for this payload, and whether it was unpacked now. A whole folder
    already there is used as is; otherwise the payload is unpacked into a hidden folder
    beside it and moved into place in one step, so a start that is stopped halfway leaves
    nothing that looks whole. One start unpacks a version at a time: a second one (an
    impatient double-click) waits for it and uses its folder."""
    target = folder_for(payload, root)
    if is_complete(target, payload):
        return target, False
    if announce is not None:
        announce(target)
    root.mkdir(parents=True, exist_ok=True)
    with _exclusive(root / f".{target.name}.lock"):
        if is_complete(target, payload):  # unpacked by the start we waited for
            return target, False
        partial = root / f".{target.name}.{os.getpid()}.{time.time_ns()}.partial"
        partial.mkdir()
        try:
            payload.unpack(partial)
            (partial / MANIFEST).write_text(
                json.dumps({"id": payload.id, "version": payload.version}), encoding="utf-8")
            if os.path.lexists(target):
                _discard(target, root)  # damaged (a file deleted, a disk error): replaced
            _rename(partial, target)
        except BaseException:
            _remove(partial)
            raise
    return target, True


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Held by the one start that unpacks a version; the lock goes with the process."""
    with open(path, "a+b") as fh:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        else:
            import msvcrt

            while True:
                try:
                    msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)  # tries for 10 s
                    break
                except OSError:
                    continue
        yield


def hold(folder: Path) -> IO[bytes]:
    """Mark the folder as in use while the app runs from it. Windows: an open file cannot be
    deleted, nor its folder renamed; elsewhere a shared lock says the same. The returned
    file must stay open (the app inherits it on POSIX, so the mark outlives the launcher)."""
    fh = open(folder / IN_USE, "a+b")  # noqa: SIM115 - held for the app's lifetime
    if fcntl is not None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_SH)
    return fh


def remove_unused(root: Path, keep: Path) -> list[Path]:
    """Remove the folders of other versions that no running app uses (a new version's first
    start cleans up after the old one), and hidden leftovers older than a day."""
    removed: list[Path] = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if entry == keep or entry.is_symlink() or entry.name == f".{keep.name}.lock":
            continue
        if entry.name.startswith("."):  # unpacking leftovers, old versions' lock files
            try:
                stale = time.time() - entry.stat().st_mtime > STALE_SECONDS
            except OSError:
                continue
            if stale:
                _remove(entry)
                removed.append(entry)
            continue
        if entry.is_dir() and _discard(entry, root, quiet=True):
            removed.append(entry)
    return removed


def _discard(folder: Path, root: Path, quiet: bool = False) -> bool:
    """Move a folder out of the way and delete it, unless an app runs from it."""
    lock = None
    try:
        if fcntl is not None and (folder / IN_USE).exists():
            lock = open(folder / IN_USE, "rb")  # noqa: SIM115
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                if quiet:
                    return False
                raise
        trash = root / f".{folder.name}.{os.getpid()}.{time.time_ns()}.trash"
        try:
            os.rename(folder, trash)  # fails on Windows while its files are open
        except OSError:
            if quiet:
                return False
            raise
    finally:
        if lock is not None:
            lock.close()
    _remove(trash)
    return True


def _rename(src: Path, dst: Path) -> None:
    """Windows: an antivirus scanning the files just written holds them open for a moment,
    and the folder cannot be renamed meanwhile: try again for a few seconds."""
    delay = 0.05
    for _ in range(8 if sys.platform == "win32" else 0):
        try:
            os.rename(src, dst)
            return
        except PermissionError:
            time.sleep(delay)
            delay *= 2
    os.rename(src, dst)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):  # Windows: a lock file another start holds
            path.unlink()
