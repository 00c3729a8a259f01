"""Alert tests: an in-memory keyring, a local HTTP receiver and a local SMTP server, all
started here; never the real OS keyring, never a real wait (sleep is injected)."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import keyring
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from dino_desktop import logs
from dino_desktop.core.alerts import Alert, AlertChannels, history_link
from tests.e2e.conftest import app, env, home  # noqa: F401  (fixtures for the e2e test)

RUN_ID = "01JDALERT0000000000000000A"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict: what tests use instead of the OS one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.values.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(before)


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1: answers from `script` (status, headers) in order,
    then 200; records every JSON body; with `hang` clear, holds each request until set."""

    url: str = ""
    script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    hang: threading.Event = field(default_factory=threading.Event)
    got: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        with self.got:
            return self.got.wait_for(lambda: len(self.bodies) >= count, timeout)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()
    rec.hang.set()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with rec.got:
                rec.bodies.append(body)
                rec.paths.append(self.path)
                rec.got.notify_all()
            rec.hang.wait(30)
            status, headers = rec.script.pop(0) if rec.script else (200, {})
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    rec.url = f"http://127.0.0.1:{server.server_port}/hooks/T0ABC/B0DEF/s3cretTokenXyz123456789"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rec
    finally:
        rec.hang.set()
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A port nothing listens on (bound, then closed): connections to it are refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Inbox:
    port: int = 0
    messages: list[email.message.EmailMessage] = field(default_factory=list)
    envelopes: list[Any] = field(default_factory=list)
    refuse: str = ""  # an SMTP reply for DATA, e.g. "451 try later"
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse:
            reply, self.refuse = self.refuse, ""
            return reply
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    box = Inbox()

    def authenticator(server, session, envelope, mechanism, data) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.password == b"s3cret-pw"
        if ok:
            box.logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=ok, handled=False)  # False: the server answers 535

    controller = Controller(box, hostname="127.0.0.1", port=free_port(),
                            authenticator=authenticator, auth_require_tls=False)
    controller.start()
    box.port = controller.port
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def no_log_file() -> Iterator[None]:
    yield
    logs.teardown_logging()


def make_alert(succeeded: bool = False, **channels: Any) -> Alert:
    return Alert(run_id=RUN_ID, file="C:/dados/vendas_nov.csv", target="main.vendas.notas",
                 succeeded=succeeded,
                 error="" if succeeded else "Row 4501, column 'valor': Value 'abc' is not a "
                                            "valid decimal number.",
                 link=history_link(RUN_ID), rule="vendas diárias",
                 channels=AlertChannels(**channels))
