"""Block uploads to Azure Blob Storage: parallel, bounded in memory, checksummed, resumable.

A file is cut into blocks; each block is staged with its own Content-MD5 and the block list
is committed at the end, so a blob is either the old one or the whole new one. A block's id
is made of its index, its size and its MD5: a later attempt (after a dropped connection or
an app restart) asks the service which blocks it already holds and sends only the others,
and a block whose content changed can never be mistaken for a staged one.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.storage.blob import BlobBlock, BlobClient, ContentSettings

from dino_desktop.core.models import Cancelled, DinoError, Problem, Progress, Severity
from dino_desktop.ports import ProgressFn

MAX_BLOCKS = 50_000  # the service's limit of committed blocks per blob
MAX_BLOCK_SIZE = 4000 << 20
CHECKSUM_ATTEMPTS = 3  # a block the service finds corrupted is sent again, this many times
READ_CHUNK = 8 << 20
_WAIT = 0.1  # how often a thread waiting for a free block slot looks at the cancel flag


class BlobUploadError(DinoError):
    """The upload failed after the retries: the run can be staged again and will resume."""

    def __init__(self, file: str, reason: str, *, checksum: bool = False):
        code = "upload_checksum" if checksum else "upload_failed"
        super().__init__(Problem(Severity.ERROR, code, {"file": file, "reason": reason}))
        self.file = file
        self.reason = reason

    def __str__(self) -> str:
        return f"uploading {self.file} failed: {self.reason}"


class _Skipped(Exception):
    """A block not sent because another one failed first."""


class Meter:
    """Bytes done across all the files of a run; reported in order, so never backwards.
    Also counts what really went over the wire (blocks, whole-file puts)."""

    def __init__(self, total: int, progress: ProgressFn | None):
        self.total = max(total, 0)
        self.done = 0
        self.blocks_sent = 0
        self.block_bytes_sent = 0
        self.files_put = 0  # small files and the manifest, sent in one request each
        self._progress = progress
        self._lock = threading.Lock()

    def add(self, nbytes: int, message: str, *, sent: str = "") -> None:
        """`sent`: "block" or "file" when these bytes were uploaded, "" when skipped."""
        with self._lock:
            self.done += nbytes
            if sent == "block":
                self.blocks_sent += 1
                self.block_bytes_sent += nbytes
            elif sent == "file":
                self.files_put += 1
            if self._progress is not None:
                frac = self.done / self.total if self.total else 1.0
                self._progress(Progress("stage", min(frac, 1.0), self.done, 0, message))


@dataclass(frozen=True)
class Uploaded:
    sha256: str
    skipped: bool  # the blob was already there, same size and sha256


def block_id(index: int, size: int, md5: bytes) -> str:
    """Same length for every block of a blob (the service requires it), at most 64 bytes."""
    return f"{index:08d}-{size:010d}-{md5.hex()}"


def file_sha256(path: Path, cancel: threading.Event) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fin:
        while chunk := fin.read(READ_CHUNK):
            if cancel.is_set():
                raise Cancelled()
            digest.update(chunk)
    return digest.hexdigest()


def checksum_rejected(exc: HttpResponseError) -> bool:
    """The service refused a body whose MD5 differs from Content-MD5 (codes vary: Azure says
    Md5Mismatch, Azurite InvalidOperation; both name the MD5)."""
    if exc.status_code != 400:
        return False
    text = f"{exc.error_code or ''} {exc.message or ''} {exc.reason or ''}".lower()
    return "md5" in text


class BlockUploader:
    """Uploads files as block blobs through a shared pool of `concurrency` threads.

    At most `concurrency` blocks are read and not yet sent at any time, in buffers reused
    from block to block, so memory stays at concurrency × block size whatever the file size
    (and no time goes to allocating and faulting in fresh pages for every block).
    """

    def __init__(self, pool: ThreadPoolExecutor, concurrency: int, block_size: int):
        self.pool = pool
        self.concurrency = max(int(concurrency), 1)
        self.block_size = min(max(int(block_size), 1), MAX_BLOCK_SIZE)
        self._buffers: Buffers | None = None  # reused from file to file

    def upload(self, blob: BlobClient, path: Path, metadata: dict[str, str], meter: Meter,
               cancel: threading.Event, content_type: str = "application/octet-stream",
               label: str | None = None, sha256: str | None = None) -> Uploaded:
        """Put `path` at `blob` with `metadata` + its sha256; skip it if already there.
        `sha256`, when the caller knows it (the manifest has every part's), is trusted:
        the file is then read once, for the blocks, and not hashed again."""
        label = label or path.name
        size = path.stat().st_size
        done = self._already_there(blob, path, size, cancel, sha256)
        if done is not None:
            meter.add(size, f"{label}: already uploaded")
            return Uploaded(done, True)
        settings = ContentSettings(content_type=content_type)
        block = max(self.block_size, -(-size // MAX_BLOCKS))
        if size <= block:
            return Uploaded(self._put_whole(blob, path, metadata, settings, meter, cancel,
                                            label), False)
        ids, sha = self._stage_blocks(blob, path, size, block, meter, cancel, label, sha256)
        if cancel.is_set():
            raise Cancelled()
        blob.commit_block_list([BlobBlock(block_id=i) for i in ids],
                               metadata={**metadata, "sha256": sha},
                               content_settings=settings, validate_content=True)
        return Uploaded(sha, False)

    # ---- whole files: one request (small files, the manifest)

    def _put_whole(self, blob: BlobClient, path: Path, metadata: dict[str, str],
                   settings: ContentSettings, meter: Meter, cancel: threading.Event,
                   label: str) -> str:
        if cancel.is_set():
            raise Cancelled()
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        for attempt in range(1, CHECKSUM_ATTEMPTS + 1):
            try:
                blob.upload_blob(data, length=len(data), overwrite=True,
                                 metadata={**metadata, "sha256": sha},
                                 content_settings=settings, validate_content=True)
                break
            except HttpResponseError as exc:
                _raise_unless_checksum(exc, attempt, label, "the file")
        meter.add(len(data), label, sent="file")
        return sha

    # ---- large files: blocks in parallel, then the block list

    def _stage_blocks(self, blob: BlobClient, path: Path, size: int, block: int,
                      meter: Meter, cancel: threading.Event, label: str,
                      known: str | None = None) -> tuple[list[str], str]:
        staged = _uncommitted(blob)
        count = -(-size // block)
        sha = None if known else hashlib.sha256()
        buffers = self._buffers_for(block)
        abort = threading.Event()  # a block failed: stop reading, let the others finish
        futures: list[Future[str]] = []
        try:
            with open(path, "rb") as fin:
                for index in range(count):
                    buf = buffers.take(cancel, abort)
                    if buf is None:
                        break
                    try:
                        n = _read_full(fin, buf, min(block, size - index * block))
                        if sha is not None:
                            sha.update(memoryview(buf)[:n])
                    except BaseException:
                        buffers.give(buf)
                        raise
                    futures.append(self.pool.submit(
                        self._block, blob, index, buf, n, staged, buffers, meter, cancel,
                        abort, f"{label}: block {index + 1} of {count}"))
        except BaseException:
            abort.set()  # the file could not be read: blocks not yet sent need not go
            raise
        finally:
            wait(futures)  # never leave a thread sending after we return
        errors = [e for f in futures if (e := f.exception()) is not None]
        if cancel.is_set() or any(isinstance(e, Cancelled) for e in errors):
            raise Cancelled()
        real = [e for e in errors if not isinstance(e, _Skipped)]
        if real:
            raise real[0]
        if len(futures) != count:  # pragma: no cover - only a cancel stops the loop early
            raise Cancelled()
        return [f.result() for f in futures], known or sha.hexdigest()  # type: ignore[union-attr]

    def _buffers_for(self, block: int) -> Buffers:
        if self._buffers is None or self._buffers.size < block:
            self._buffers = Buffers(self.concurrency, block)
        return self._buffers

    def _block(self, blob: BlobClient, index: int, buf: bytearray, n: int,
               staged: dict[str, int], buffers: Buffers, meter: Meter,
               cancel: threading.Event, abort: threading.Event, message: str) -> str:
        try:
            if cancel.is_set():
                raise Cancelled()
            if abort.is_set():
                raise _Skipped()  # another block failed: its error is the one to report
            data = memoryview(buf)[:n]  # sent as is: no copy of the block anywhere
            md5 = hashlib.md5(data).digest()
            bid = block_id(index, n, md5)
            sent = staged.get(bid) != n
            if sent:
                self._stage(blob, bid, data, md5, message)
            meter.add(n, message, sent="block" if sent else "")
            return bid
        except _Skipped:
            raise
        except BaseException:
            abort.set()
            raise
        finally:
            buffers.give(buf)  # the request is over: the next block may fill it

    @staticmethod
    def _stage(blob: BlobClient, bid: str, data: memoryview, md5: bytes,
               message: str) -> None:
        for attempt in range(1, CHECKSUM_ATTEMPTS + 1):
            try:
                # Content-MD5 from our own digest: the service checks every block, and the
                # SDK does not hash it a second time (validate_content would).
                blob.stage_block(bid, data, length=data.nbytes,  # type: ignore[arg-type]
                                 transactional_content_md5=md5)
                return
            except HttpResponseError as exc:
                _raise_unless_checksum(exc, attempt, message, "a block")

    # ---- what the service already holds

    @staticmethod
    def _already_there(blob: BlobClient, path: Path, size: int,
                       cancel: threading.Event, known: str | None = None) -> str | None:
        """The sha256 if a committed blob of the same size carries the file's sha256."""
        try:
            props = blob.get_blob_properties()
        except ResourceNotFoundError:
            return None
        remote = (props.metadata or {}).get("sha256")
        if props.size != size or not remote:
            return None
        local = known or file_sha256(path, cancel)
        return local if local == remote else None


def _uncommitted(blob: BlobClient) -> dict[str, int]:
    """Blocks staged by an earlier attempt and not committed: id -> size."""
    try:
        _, uncommitted = blob.get_block_list("uncommitted")
    except ResourceNotFoundError:
        return {}
    return {b.id: b.size for b in uncommitted}


class Buffers:
    """At most `count` reusable buffers of `size` bytes, made when first needed: the memory
    bound of an upload. A thread waiting for one looks at the cancel flag meanwhile."""

    def __init__(self, count: int, size: int):
        self.count = count
        self.size = size
        self._free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        self._made = 0
        self._lock = threading.Lock()

    def take(self, cancel: threading.Event, abort: threading.Event) -> bytearray | None:
        while not (cancel.is_set() or abort.is_set()):
            with self._lock:
                if self._free.empty() and self._made < self.count:
                    self._made += 1
                    return bytearray(self.size)
            try:
                buf = self._free.get(timeout=_WAIT)
            except queue.Empty:
                continue
            if not (cancel.is_set() or abort.is_set()):
                return buf
            self._free.put(buf)
        return None

    def give(self, buf: bytearray) -> None:
        self._free.put(buf)


def _read_full(fin: BinaryIO, buf: bytearray, want: int) -> int:
    view = memoryview(buf)
    got = 0
    while got < want:
        n = fin.readinto(view[got:want])
        if not n:
            raise OSError(f"{getattr(fin, 'name', 'the file')} changed while it was uploaded")
        got += n
    return got


def _raise_unless_checksum(exc: HttpResponseError, attempt: int, label: str,
                           what: str) -> None:
    if not checksum_rejected(exc):
        raise exc
    if attempt >= CHECKSUM_ATTEMPTS:
        raise BlobUploadError(label, f"{what} arrived corrupted {attempt} times "
                                     "(checksum mismatch)", checksum=True) from exc


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return _TYPES.get(suffix, "application/octet-stream")


_TYPES = {".parquet": "application/vnd.apache.parquet", ".json": "application/json",
          ".csv": "text/csv", ".txt": "text/plain", ".xml": "application/xml",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
