"""The app folder as a few xz streams inside the single file, and the way back out.

Layout: MAGIC, a 4-byte big-endian header length, the header (JSON, zlib), then the
streams, each a tar archive in xz. Several streams so that the first start can unpack them
in parallel; machine code is compressed with the x86 branch filter (~10% smaller). The
header lists every file with its size: the unpacked folder is checked against it on every
start."""

from __future__ import annotations

import json
import lzma
import os
import platform
import struct
import tarfile
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

MAGIC = b"DINOAPP\x01"
ENTRY_NAME = "dino-app.payload"  # its name in the executable's archive
_PYI_MAGIC = b"MEI\014\013\012\013\016"
_PYI_COOKIE = struct.Struct("!8sIIII64s")
_PYI_TOC_ENTRY = struct.Struct("!IIIIBc")
_CHUNK = 1 << 20
_BINARY_SUFFIXES = (".so", ".pyd", ".dll", ".dylib", ".exe")


class PayloadError(Exception):
    """The executable carries no payload, or a damaged one."""


@dataclass(frozen=True)
class Stream:
    offset: int  # from the start of the file that holds the payload
    length: int
    files: int
    size: int  # bytes once unpacked


@dataclass(frozen=True)
class Payload:
    path: Path  # the file that holds it (the single file)
    version: str
    id: str  # sha256 of the streams: names the unpacked folder
    app: str  # the app's executable, relative to the unpacked folder
    streams: tuple[Stream, ...]
    files: dict[str, int]  # relative path -> size (-1: a symbolic link)

    @property
    def size(self) -> int:
        return sum(s.size for s in self.streams)

    @classmethod
    def read(cls, path: Path, offset: int = 0) -> Payload:
        with open(path, "rb") as fh:
            fh.seek(offset)
            head = fh.read(len(MAGIC) + 4)
            if len(head) < len(MAGIC) + 4 or head[: len(MAGIC)] != MAGIC:
                raise PayloadError(f"{path}: no DINO payload at offset {offset}")
            (length,) = struct.unpack("!I", head[len(MAGIC):])
            try:
                header: dict[str, Any] = json.loads(zlib.decompress(fh.read(length)))
            except (zlib.error, UnicodeDecodeError, ValueError) as exc:
                raise PayloadError(f"{path}: the payload's header is damaged ({exc})") from None
        at = offset + len(MAGIC) + 4 + length
        streams = []
        for s in header["streams"]:
            streams.append(Stream(at, int(s["length"]), int(s["files"]), int(s["size"])))
            at += int(s["length"])
        return cls(Path(path), str(header["version"]), str(header["id"]), str(header["app"]),
                   tuple(streams), {str(k): int(v) for k, v in header["files"].items()})

    @classmethod
    def in_executable(cls, exe: Path) -> Payload:
        """The payload stored (uncompressed, not unpacked by the bootloader) in a PyInstaller
        executable's archive, read in place."""
        return cls.read(exe, archive_entry(exe, ENTRY_NAME))

    def unpack(self, into: Path, workers: int | None = None) -> None:
        """Every stream into `into` (which must exist), in parallel threads (lzma releases the
        GIL). Links and paths that would leave `into` are refused (tarfile's data filter)."""
        workers = max(1, min(len(self.streams), workers or os.cpu_count() or 1))
        # Every folder first: tarfile makes a missing parent folder with os.makedirs, which
        # fails when another stream's thread has just made the same one.
        for folder in sorted({(into / name).parent for name in self.files}):
            folder.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(workers) as pool:
            for done in [pool.submit(self._unpack_stream, s, into) for s in self.streams]:
                done.result()

    def _unpack_stream(self, stream: Stream, into: Path) -> None:
        with open(self.path, "rb") as fh:
            fh.seek(stream.offset)
            reader = _Slice(fh, stream.length)
            try:
                with tarfile.open(fileobj=reader, mode="r|xz") as tar:  # type: ignore[call-overload]
                    tar.extractall(into, filter="data")
            except (lzma.LZMAError, tarfile.TarError, EOFError) as exc:
                raise PayloadError(f"{self.path}: the payload is damaged ({exc})") from None


class _Slice:
    """A read-only window on an open file, for tarfile's stream mode."""

    def __init__(self, fh: IO[bytes], length: int) -> None:
        self._fh, self._left = fh, length

    def read(self, n: int = -1) -> bytes:
        n = self._left if n < 0 else min(n, self._left)
        data = self._fh.read(n)
        self._left -= len(data)
        return data


def archive_entry(exe: Path, name: str) -> int:
    """Where entry `name` of a PyInstaller executable's archive (its CArchive) starts, found
    the way the bootloader finds the archive: its cookie, searched from the end."""
    with open(exe, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        end = fh.tell()
        cookie_at = -1
        pos = end
        while pos > 0 and cookie_at < 0:
            start = max(0, pos - 65536)
            fh.seek(start)
            chunk = fh.read(pos - start + len(_PYI_MAGIC) - 1)
            found = chunk.rfind(_PYI_MAGIC)
            if found >= 0:
                cookie_at = start + found
            pos = start
        if cookie_at < 0:
            raise PayloadError(f"{exe}: not a PyInstaller executable (no archive)")
        fh.seek(cookie_at)
        _magic, pkg_len, toc_off, toc_len, _py, _lib = _PYI_COOKIE.unpack(
            fh.read(_PYI_COOKIE.size))
        pkg_at = cookie_at + _PYI_COOKIE.size - pkg_len
        fh.seek(pkg_at + toc_off)
        toc = fh.read(toc_len)
    at = 0
    while at + _PYI_TOC_ENTRY.size <= len(toc):
        entry_len, offset, _length, _ulen, compressed, _kind = _PYI_TOC_ENTRY.unpack_from(toc, at)
        if entry_len <= 0:
            break
        entry = toc[at + _PYI_TOC_ENTRY.size: at + entry_len].rstrip(b"\0").decode("utf-8")
        if entry == name:
            if compressed:
                raise PayloadError(f"{exe}: {name} is compressed in the archive")
            return pkg_at + offset
        at += entry_len
    raise PayloadError(f"{exe}: no {name} inside (not a DINO single file)")


# --- writing (build time) -----------------------------------------------------------------

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


def plan_streams(folder: Path, paths: Sequence[Path], parts: int = 2) -> list[list[Path]]:
    """Machine code split into `parts` streams (biggest file first, each to the lightest),
    then everything else in one more stream, unpacked after the last of them: each of
    `parts` threads ends up with about the same number of bytes to unpack. Like files travel
    together: they compress better side by side."""
    code = [p for p in paths if not (folder / p).is_symlink() and is_machine_code(folder / p)]
    rest = [p for p in paths if p not in set(code)]
    bins: list[list[Path]] = [[] for _ in range(max(1, parts))]
    sizes = [0] * len(bins)
    sizes[-1] = sum((folder / p).lstat().st_size for p in rest)
    for p in sorted(code, key=lambda p: -(folder / p).stat().st_size):
        i = sizes.index(min(sizes))
        bins[i].append(p)
        sizes[i] += (folder / p).stat().st_size
    return [sorted(b, key=_grouping) for b in bins if b] + ([sorted(rest, key=_grouping)]
                                                             if rest else [])


def _grouping(p: Path) -> tuple[str, str, str]:
    return (p.suffix.lower(), str(p.parent), p.name)


def _filters(machine_code: bool, size: int) -> list[dict[str, Any]]:
    dict_size = max(1 << 20, min(128 << 20, size))  # each decoder's memory, at most
    lz: dict[str, Any] = {"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME,
                          "dict_size": dict_size}
    x86 = platform.machine().lower() in {"x86_64", "amd64", "i386", "i686", "x86"}
    return ([{"id": lzma.FILTER_X86}] if machine_code and x86 else []) + [lz]


def _write_stream(folder: Path, paths: Iterable[Path], out: Path) -> None:
    paths = list(paths)
    size = sum((folder / p).lstat().st_size for p in paths)
    machine_code = any(is_machine_code(folder / p) for p in paths
                       if not (folder / p).is_symlink())
    filters = _filters(machine_code, size)
    with (lzma.open(out, "wb", format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64,
                    filters=filters) as xz,
          tarfile.open(fileobj=xz, mode="w|", format=tarfile.PAX_FORMAT) as tar):  # type: ignore[call-overload]
        for p in paths:
            info = tar.gettarinfo(str(folder / p), arcname=p.as_posix())
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = 0  # the same folder packs to the same bytes
            if info.isfile():
                with open(folder / p, "rb") as fh:
                    tar.addfile(info, fh)
            else:
                tar.addfile(info)


def write_payload(folder: Path, out: Path, *, version: str, app: str, parts: int = 2) -> Payload:
    """Pack `folder` (a PyInstaller one-folder build) into `out`. The streams are compressed
    in parallel threads; this is the slow part of the build (~3 min for ~500 MB)."""
    folder = Path(folder)
    paths = sorted(p.relative_to(folder) for p in folder.rglob("*")
                   if p.is_symlink() or p.is_file())
    if not (folder / app).is_file():
        raise PayloadError(f"{folder / app}: the app's executable is missing")
    plan = plan_streams(folder, paths, parts)
    parts_out = [out.with_name(f"{out.name}.{i}.xz") for i in range(len(plan))]
    with ThreadPoolExecutor(max(1, min(len(plan), os.cpu_count() or 1))) as pool:
        for done in [pool.submit(_write_stream, folder, group, part)
                     for group, part in zip(plan, parts_out, strict=True)]:
            done.result()
    import hashlib  # here: the frozen launcher only reads payloads, and leaves hashlib out

    digest = hashlib.sha256()
    for part in parts_out:
        with open(part, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    files = {p.as_posix(): (-1 if (folder / p).is_symlink() else (folder / p).stat().st_size)
             for p in paths}
    header = {"format": 1, "version": version, "id": digest.hexdigest(), "app": app,
              "streams": [{"length": part.stat().st_size, "files": len(group),
                           "size": sum(max(0, files[p.as_posix()]) for p in group)}
                          for group, part in zip(plan, parts_out, strict=True)],
              "files": files}
    raw = zlib.compress(json.dumps(header, separators=(",", ":"), sort_keys=True).encode(), 9)
    with open(out, "wb") as dst:
        dst.write(MAGIC + struct.pack("!I", len(raw)) + raw)
        for part in parts_out:
            with open(part, "rb") as src:
                while chunk := src.read(_CHUNK):
                    dst.write(chunk)
            part.unlink()
    return Payload.read(out)
