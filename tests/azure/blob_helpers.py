"""Test helpers for the Blob adapter: a TCP proxy that cuts the network, and a transport
that records (and can corrupt) what the SDK really sends. Both talk to 127.0.0.1 only."""

from __future__ import annotations

import base64
import contextlib
import socket
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

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


@dataclass(frozen=True)
class Sent:
    method: str
    blob: str  # the path after the container, "" for container calls
    comp: str  # "block", "blocklist", "" (a whole blob) ...
    body: int  # request body bytes
    md5: bool  # a Content-MD5 header was sent
    block_id: str = ""  # of a staged block, decoded


class TapTransport(RequestsTransport):
    """The real requests transport, recording every request; the first `corrupt` block
    bodies have one byte flipped after their Content-MD5 was set (corrupted in transit)."""

    def __init__(self, container: str, corrupt: int = 0, **kwargs: Any):
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
            self.log.append(Sent(request.method, path, comp, memoryview(body).nbytes,
                                 "Content-MD5" in request.headers, bid))
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
