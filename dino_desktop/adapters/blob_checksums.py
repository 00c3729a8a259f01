"""The checksum on every block of a blob upload: CRC64 (`x-ms-content-crc64`) or Content-MD5,
and the block ids made from it (see blob_upload)."""

from __future__ import annotations

import hashlib

from azure.core.exceptions import HttpResponseError

from dino_desktop.core.models import DinoError, Problem, Severity

try:  # the `ext-checksums` extra of azure-storage-blob, in the locks; MD5 works without it
    from azure.storage.extensions.checksums import crc64 as _crc64
except ImportError:  # pragma: no cover - a build that left the C extension out
    _crc64 = None

CHECKSUMS = ("crc64", "md5")  # what the blob_checksum setting may name; the first by default
_CRC_PIECE = 64 << 10  # the C CRC64 takes bytes only: blocks go through in copies this big


def block_id(index: int, size: int, checksum: str, digest: bytes) -> str:
    """52 characters whatever the checksum: the service wants every block id of a blob, staged
    ones included, to have the same length (at most 64), so an attempt with the other setting
    (or from an older version, MD5 only) can still stage. An MD5 id is hex only, a CRC64 id
    names its checksum: a block staged with one is never taken for a block of the other."""
    if checksum == "md5":
        return f"{index:08d}-{size:010d}-{digest.hex()}"
    return f"{index:08d}-{size:010d}-crc64-{digest.hex():0>26}"


def require_checksum(checksum: str) -> str:
    """The checksum, if this build can compute it; else a configuration problem to show."""
    if checksum not in CHECKSUMS:
        raise DinoError(Problem(Severity.ERROR, "config_invalid", {
            "reason": f"blob_checksum must be one of {', '.join(CHECKSUMS)}, not {checksum!r}"}))
    if checksum == "crc64" and _crc64 is None:
        raise DinoError(Problem(Severity.ERROR, "config_invalid", {
            "reason": "blob_checksum = \"crc64\" needs the azure-storage-extensions package; "
                      "install it, or set blob_checksum = \"md5\""}))
    return checksum


def crc64(data: bytes | bytearray | memoryview) -> bytes:
    """Azure Storage's CRC64 as x-ms-content-crc64 carries it (8 bytes, little-endian), by the
    SDK's C code. It accepts bytes only: the block is fed in 64 KiB copies, which stay in the
    CPU cache and cost a few % of the CRC (a copy of the whole block would fault in fresh
    pages), and between two of them the other threads get the GIL (the C code keeps it)."""
    assert _crc64 is not None  # require_checksum said so
    view = memoryview(data).cast("B")
    crc = 0
    for start in range(0, view.nbytes, _CRC_PIECE):
        crc = _crc64.compute(bytes(view[start:start + _CRC_PIECE]), crc)
    return crc.to_bytes(8, "little")


def block_digest(checksum: str, data: memoryview) -> bytes:
    if checksum == "md5":
        return hashlib.md5(data).digest()
    return crc64(data)


def checksum_rejected(exc: HttpResponseError) -> bool:
    """The service refused a body whose checksum differs from the one sent: Azure answers 400
    Md5Mismatch or Crc64Mismatch, Azurite 400 InvalidOperation naming the MD5."""
    if exc.status_code != 400:
        return False
    text = f"{exc.error_code or ''} {exc.message or ''} {exc.reason or ''}".lower()
    return "md5" in text or "crc64" in text
