"""The landing area on the local disk: DINO_HOME/landing/<run_id>/.

Each run's folder appears whole or not at all: files are put in a temporary folder which is
renamed into place, so an engine never sees half a run.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from dino_desktop.core.manifest import FILE_NAME
from dino_desktop.core.models import Cancelled, Progress
from dino_desktop.ports import ProgressFn

ORIGINAL_DIR = "original"
CHUNK = 8 << 20


class LocalStorage:
    def __init__(self, landing: Path):
        self.landing = Path(landing)

    def folder(self, run_id: str) -> Path:
        return self.landing / run_id

    def manifest_uri(self, run_id: str) -> str:
        return str(self.folder(run_id) / FILE_NAME)

    def location(self, run_id: str) -> str:
        return str(self.folder(run_id))

    def exists(self, run_id: str) -> bool:
        return (self.folder(run_id) / FILE_NAME).is_file()

    def stage(self, run_id: str, local_dir: Path, original: Path | None,
              progress: ProgressFn | None = None,
              cancel: threading.Event | None = None) -> str:
        """Move the converted files in (same disk: a rename) and keep a copy of the original."""
        final = self.folder(run_id)
        if self.exists(run_id):
            return self.manifest_uri(run_id)  # staged before (a retry): nothing to redo
        self.landing.mkdir(parents=True, exist_ok=True)
        tmp = self.landing / f".{run_id}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        local_dir = Path(local_dir)
        if local_dir.resolve().parent == self.landing.resolve() or _same_device(local_dir,
                                                                                self.landing):
            os.replace(local_dir, tmp)
        else:
            shutil.copytree(local_dir, tmp)
        if original is not None:
            dest = tmp / ORIGINAL_DIR / Path(original).name
            dest.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(Path(original), dest, progress, cancel)
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
        return self.manifest_uri(run_id)

    def remove(self, run_id: str) -> None:
        shutil.rmtree(self.folder(run_id), ignore_errors=True)

    def runs(self) -> list[str]:
        if not self.landing.is_dir():
            return []
        return sorted(p.name for p in self.landing.iterdir()
                      if p.is_dir() and not p.name.startswith("."))


def _same_device(a: Path, b: Path) -> bool:
    try:
        b.mkdir(parents=True, exist_ok=True)
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False


def _link_or_copy(src: Path, dest: Path, progress: ProgressFn | None,
                  cancel: threading.Event | None) -> None:
    """A hard link costs nothing and keeps the bytes; across disks, copy with progress."""
    try:
        os.link(src, dest)
        return
    except OSError:
        pass
    size = max(src.stat().st_size, 1)
    done = 0
    tmp = dest.with_name(dest.name + ".part")
    with open(src, "rb") as fin, open(tmp, "wb") as fout:
        while chunk := fin.read(CHUNK):
            if cancel is not None and cancel.is_set():
                fout.close()
                tmp.unlink(missing_ok=True)
                raise Cancelled()
            fout.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(Progress("stage", done / size, done, 0, "copying the original"))
    os.replace(tmp, dest)
