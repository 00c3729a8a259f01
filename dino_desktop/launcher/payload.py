"""The app folder as a few xz streams inside the single file: finding them and unpacking them
(pack.py writes them, at build time).

Layout: MAGIC, a 4-byte big-endian header length, the header (JSON, zlib), then the
streams, each a tar archive in xz. Several streams so that the first start can unpack them
in parallel; machine code is compressed with the x86 branch filter (~10% smaller). The
header lists every file with its size: the unpacked folder is checked against it on every
start."""

from __future__ import annotations

import json
import lzma
import os
import struct
import tarfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

MAGIC = b"DINOAPP\x01"
ENTRY_NAME = "dino-app.payload"  # its name in the executable's archive
_PYI_MAGIC = b"MEI\014\013\012\013\016"
_PYI_COOKIE = struct.Struct("!8sIIII64s")
_PYI_TOC_ENTRY = struct.Struct("!IIIIBc")


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
