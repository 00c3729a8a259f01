"""Packing the app folder into the single file's payload (build time: build.spec). The
launcher only reads payloads (payload.py), so this stays out of it."""

from __future__ import annotations

import hashlib
import json
import lzma
import os
import platform
import struct
import tarfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dino_desktop.launcher.payload import MAGIC, Payload, PayloadError

_CHUNK = 1 << 20
_BINARY_SUFFIXES = (".so", ".pyd", ".dll", ".dylib", ".exe")


@dataclass(frozen=True)
class Group:
    """The files of one stream."""

    paths: list[Path]
    machine_code: bool
    size: int


def is_machine_code(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(_BINARY_SUFFIXES) or ".so." in name:
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        return False
    return head == b"\x7fELF" or head[:2] == b"MZ"


def plan_streams(folder: Path, sizes: dict[Path, int], parts: int = 2) -> list[Group]:
    """Machine code split into `parts` streams (biggest file first, each to the lightest),
    then everything else in one more stream, unpacked after the last of them: each of
    `parts` threads ends up with about the same number of bytes to unpack. Like files travel
    together: they compress better side by side. `sizes`: -1 for a symbolic link."""
    code = {p for p, size in sizes.items() if size >= 0 and is_machine_code(folder / p)}
    rest = [p for p in sizes if p not in code]
    bins: list[list[Path]] = [[] for _ in range(max(1, parts))]
    loads = [0] * len(bins)
    loads[-1] = sum(max(0, sizes[p]) for p in rest)
    for p in sorted(code, key=lambda p: (-sizes[p], p)):  # the same plan on every build
        i = loads.index(min(loads))
        bins[i].append(p)
        loads[i] += sizes[p]
    groups = [(b, True) for b in bins if b] + ([(rest, False)] if rest else [])
    return [Group(sorted(paths, key=_grouping), code_, sum(max(0, sizes[p]) for p in paths))
            for paths, code_ in groups]


def _grouping(p: Path) -> tuple[str, str, str]:
    return (p.suffix.lower(), str(p.parent), p.name)


def _filters(group: Group) -> list[dict[str, Any]]:
    dict_size = max(1 << 20, min(128 << 20, group.size))  # each decoder's memory, at most
    lz: dict[str, Any] = {"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME,
                          "dict_size": dict_size}
    x86 = platform.machine().lower() in {"x86_64", "amd64", "i386", "i686", "x86"}
    return ([{"id": lzma.FILTER_X86}] if group.machine_code and x86 else []) + [lz]


def _write_stream(folder: Path, group: Group, out: Path) -> None:
    with (lzma.open(out, "wb", format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64,
                    filters=_filters(group)) as xz,
          tarfile.open(fileobj=xz, mode="w|", format=tarfile.PAX_FORMAT) as tar):  # type: ignore[call-overload]
        for p in group.paths:
            info = tar.gettarinfo(str(folder / p), arcname=p.as_posix())
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = 0  # the same folder packs to the same bytes
            if info.isfile():
                with open(folder / p, "rb") as fh:
                    tar.addfile(info, fh)
            else:
                tar.addfile(info)


def write_payload(folder: Path, out: Path, *, version: str, app: str,
                  parts: int = 2) -> Payload:
    """Pack `folder` (a PyInstaller one-folder build) into `out`. The streams are compressed
    in parallel threads; this is the slow part of the build (~3 min for ~500 MB)."""
    folder = Path(folder)
    if not (folder / app).is_file():
        raise PayloadError(f"{folder / app}: the app's executable is missing")
    sizes = {p.relative_to(folder): (-1 if p.is_symlink() else p.stat().st_size)
             for p in sorted(folder.rglob("*")) if p.is_symlink() or p.is_file()}
    plan = plan_streams(folder, sizes, parts)
    parts_out = [out.with_name(f"{out.name}.{i}.xz") for i in range(len(plan))]
    with ThreadPoolExecutor(max(1, min(len(plan), os.cpu_count() or 1))) as pool:
        for done in [pool.submit(_write_stream, folder, group, part)
                     for group, part in zip(plan, parts_out, strict=True)]:
            done.result()
    digest = hashlib.sha256()
    for part in parts_out:
        with open(part, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    header = {"format": 1, "version": version, "id": digest.hexdigest(), "app": app,
              "streams": [{"length": part.stat().st_size, "files": len(group.paths),
                           "size": group.size}
                          for group, part in zip(plan, parts_out, strict=True)],
              "files": {p.as_posix(): size for p, size in sizes.items()}}
    raw = zlib.compress(json.dumps(header, separators=(",", ":"), sort_keys=True).encode(), 9)
    with open(out, "wb") as dst:
        dst.write(MAGIC + struct.pack("!I", len(raw)) + raw)
        for part in parts_out:
            with open(part, "rb") as src:
                while chunk := src.read(_CHUNK):
                    dst.write(chunk)
            part.unlink()
    return Payload.read(out)
