"""Test helpers for the Blob adapter: a TCP proxy that cuts the network, a transport that
records (and can corrupt) what the SDK really sends, and the CRC64 check that real Azure
makes and Azurite does not. All talk to 127.0.0.1 only."""

from __future__ import annotations

import base64
import contextlib
import io
import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
import urllib3
from azure.core.pipeline.transport import RequestsTransport


class CutProxy:
    """Forwards 127.0.0.1:<port> to 127.0.0.1:<target>. After `cut_after` request bytes it
    drops every open connection; with `stay_down` it then closes each new one at once (the
    network went away), else it lets new connections through (a blip)."""

    def __init__(self, target_port: int, cut_after: int | None = None,
                 stay_down: bool = True):
        self.target_port = target_port
        self.cut_after = cut_after
        self.stay_down = stay_down
        self.sent = 0  # bytes from the client forwarded to the server
        self.cuts = 0
        self.is_cut = threading.Event()  # down for good
        self._lock = threading.Lock()
        self._socks: set[socket.socket] = set()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._server.getsockname()[1]
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            if self.is_cut.is_set():
                _close(client)
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._socks |= {client, upstream}
            threading.Thread(target=self._pump, args=(client, upstream, True),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False),
                             daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, counted: bool) -> None:
        try:
            while data := src.recv(65536):
                cut = False
                if counted:
                    with self._lock:
                        if self.cut_after is not None:
                            room = max(self.cut_after - self.sent, 0)
                            cut = room <= len(data)
                            data = data[:room]
                        self.sent += len(data)
                if data:
                    dst.sendall(data)
                if cut:
                    self.cut()
                    return
        except OSError:
            pass
        finally:
            _close(src)
            _close(dst)

    def cut(self) -> None:
        with self._lock:
            if self.stay_down:
                self.is_cut.set()
            else:
                self.cut_after = None
            self.cuts += 1
        self._drop_all()

    def _drop_all(self) -> None:
        with self._lock:
            socks, self._socks = self._socks, set()
        for s in socks:
            _close(s)

    def close(self) -> None:
        self._closed = True
        self.is_cut.set()
        self._drop_all()
        _close(self._server)
        self._thread.join(timeout=5)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


# ---- Azure Storage's CRC64, written from its definition (not the SDK's C code under test)

_POLY = 0x9A6C9329AC4BC9B5  # reflected; the CRC-64/NVME parameters: init and xorout all ones
_MASK = (1 << 64) - 1


def _crc_table() -> list[int]:
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ _POLY if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc_table()


def reference_crc64(data: bytes | bytearray | memoryview) -> bytes:
    """x-ms-content-crc64 of `data` (8 bytes, little-endian), a byte at a time: slow (~10
    MB/s) but plainly right. KNOWN_CRC64 holds values it must give."""
    crc = _MASK
    table = _TABLE
    for byte in bytes(data):
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return (crc ^ _MASK).to_bytes(8, "little")


# Known answers: the CRC catalogue's check value of CRC-64/NVME, and CRC64s that real Azure
# computed, as recorded in Azure/azure-sdk-for-js under sdk/storage/storage-blob/recordings/
# node/: "Hello World!" is the ServerCalculatedCrc of a refused Put Block (the recording
# cited at crc64_mismatch), "Hello World" the x-ms-content-crc64 Azure sent back for a Put
# Blob (syncuploadfromurl/recording_syncuploadfromurl__destination_bearer_token.js).
KNOWN_CRC64 = {b"123456789": (0xAE8B14860A799888).to_bytes(8, "little"),
               b"Hello World!": base64.b64decode("peH8Xsgc5QI="),
               b"Hello World": base64.b64decode("YeJLfssylmU="),
               b"": bytes(8)}


class AzureCrc64Check(requests.adapters.HTTPAdapter):
    """What real Azure does with x-ms-content-crc64 and Azurite 3.35 does not (it ignores the
    header in loose mode, refuses it in strict mode): a body whose CRC64 differs from the
    header is answered as Azure answers it (400 Crc64Mismatch, below) and never reaches
    Azurite; an accepted one gets the CRC64 of the bytes received back, as Azure sends it.
    The first `bad_echo` answers send back another CRC64 (the service kept other bytes)."""

    def __init__(self, bad_echo: int = 0):
        super().__init__()
        self.bad_echo = bad_echo
        self.checked = 0  # bodies whose CRC64 was verified
        self.refused = 0
        self._lock = threading.Lock()

    def send(self, request: requests.PreparedRequest, *args: Any,
             **kwargs: Any) -> requests.Response:
        header = request.headers.get("x-ms-content-crc64")
        body = request.body if request.body is not None else b""
        if header is None or not isinstance(body, bytes | bytearray | memoryview):
            return super().send(request, *args, **kwargs)
        got = reference_crc64(body)
        with self._lock:
            self.checked += 1
            refuse = base64.b64decode(header) != got
            self.refused += refuse
            wrong_echo = not refuse and self.bad_echo > 0
            self.bad_echo -= wrong_echo
        if refuse:
            return self.build_response(request, crc64_mismatch(header, got))
        response = super().send(request, *args, **kwargs)
        if response.status_code < 300:
            echo = bytes(b ^ 0xFF for b in got) if wrong_echo else got
            response.headers["x-ms-content-crc64"] = base64.b64encode(echo).decode()
        return response


def crc64_mismatch(sent: str, got: bytes) -> urllib3.HTTPResponse:
    """Real Azure's answer to a Put Block whose body does not match its x-ms-content-crc64,
    as recorded from the service in Azure/azure-sdk-for-js, sdk/storage/storage-blob/
    recordings/node/blockbloburl/recording_stageblock_with_invalid_crc64_should_fail.js."""
    request_id = str(uuid.uuid4())
    message = ("The CRC64 value specified in the request did not match with the CRC64 value "
               "calculated by the server.")
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")
    body = ('<?xml version="1.0" encoding="utf-8"?><Error><Code>Crc64Mismatch</Code>'
            f"<Message>{message}\nRequestId:{request_id}\nTime:{now}"
            f"</Message><UserSpecifiedCrc>{sent}</UserSpecifiedCrc><ServerCalculatedCrc>"
            f"{base64.b64encode(got).decode()}</ServerCalculatedCrc></Error>").encode()
    headers = {"Content-Length": str(len(body)), "Content-Type": "application/xml",
               "Server": "Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0",
               "x-ms-request-id": request_id, "x-ms-version": "2025-11-05",
               "x-ms-error-code": "Crc64Mismatch", "Date": formatdate(usegmt=True)}
    return urllib3.HTTPResponse(body=io.BytesIO(body), headers=headers, status=400,
                                reason=message, preload_content=False, decode_content=False)


# ---- what the SDK sends

@dataclass(frozen=True)
class Sent:
    method: str
    blob: str  # the path after the container, "" for container calls
    comp: str  # "block", "blocklist", "" (a whole blob) ...
    body: int  # request body bytes
    md5: bool  # a Content-MD5 header was sent
    block_id: str = ""  # of a staged block, decoded
    crc64: bytes | None = None  # the x-ms-content-crc64 header, decoded


class TapTransport(RequestsTransport):
    """The real requests transport, recording every request; the first `corrupt` block
    bodies have one byte flipped after their checksum was set (corrupted in transit). CRC64
    headers are verified on the way (`self.azure`: AzureCrc64Check), as Azure would."""

    def __init__(self, container: str, corrupt: int = 0, bad_echo: int = 0, **kwargs: Any):
        if "session" not in kwargs:
            self.azure = AzureCrc64Check(bad_echo)
            session = requests.Session()
            session.mount("http://", self.azure)
            kwargs.update(session=session, session_owner=True)
        super().__init__(**kwargs)
        self.container = container
        self.corrupt = corrupt
        self.corrupted = 0
        self.log: list[Sent] = []
        self.inflight = 0  # block requests being sent right now
        self.max_inflight = 0
        self._lock = threading.Lock()

    def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        parts = urlsplit(request.url)
        path = parts.path.split(f"/{self.container}", 1)[-1].lstrip("/")
        query = parse_qs(parts.query)
        comp = query.get("comp", [""])[0]
        bid = base64.b64decode(query["blockid"][0]).decode() if "blockid" in query else ""
        data = request.data
        body = data if isinstance(data, bytes | bytearray | memoryview) else b""
        flip = False
        block = request.method == "PUT" and comp == "block"
        with self._lock:
            crc = request.headers.get("x-ms-content-crc64")
            self.log.append(Sent(request.method, path, comp, memoryview(body).nbytes,
                                 "Content-MD5" in request.headers, bid,
                                 base64.b64decode(crc) if crc else None))
            if block and len(body) and self.corrupted < self.corrupt:
                self.corrupted += 1
                flip = True
            if block:
                self.inflight += 1
                self.max_inflight = max(self.max_inflight, self.inflight)
        if flip:
            bad = bytearray(body)
            bad[len(bad) // 2] ^= 0xFF
            _set_body(request, bytes(bad))
        try:
            return super().send(request, **kwargs)
        finally:
            if flip:
                _set_body(request, data)  # a retry of this request sends the right bytes
            if block:
                with self._lock:
                    self.inflight -= 1

    def blocks(self) -> list[Sent]:
        with self._lock:
            return [s for s in self.log if s.method == "PUT" and s.comp == "block"]

    def writes(self) -> list[Sent]:
        with self._lock:
            return [s for s in self.log if s.method == "PUT" and s.blob]


def _set_body(request: Any, body: Any) -> None:
    if hasattr(request, "_data"):  # azure.core.rest.HttpRequest
        request._data = body
    else:
        request.data = body
