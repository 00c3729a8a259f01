"""The log file: DINO_HOME/logs/dino.log, rotated (5 MB x 5), UTF-8, never holding a secret.

Support asks for the log, so it must be safe to send: every record passes a redaction that
masks tokens, keys, passwords, SAS signatures and webhook URLs - in the message, in its
arguments and in exception text. Values read from the OS keyring are also remembered and
masked verbatim (`remember_secret`), whatever their shape.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import threading
import urllib.parse
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5
MASK = "****"
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
QUIET = ("azure.core.pipeline.policies.http_logging_policy", "urllib3", "msal",
         "alembic.runtime.plugins")  # chatty at INFO; DEBUG shows them again

# Hosts whose URLs are credentials by themselves (whoever has one can post).
WEBHOOK_HOSTS = re.compile(
    r"(^|\.)(hooks\.slack\.com|webhook\.office\.com|outlook\.office(365)?\.com|"
    r"logic\.azure\.com|api\.powerplatform\.com|discord(app)?\.com|chat\.googleapis\.com|"
    r"hooks\.zapier\.com|webhook\.site)$", re.I)
SECRET_QUERY = re.compile(r"^(sig|signature|code|token|access_token|api[-_]?key|key|secret|"
                          r"password|pwd|client_secret|x-amz-signature)$", re.I)

_URL = re.compile(r"\b(https?)://([^\s/?#'\"<>]+)([^\s'\"<>]*)", re.I)
_RULES: list[tuple[re.Pattern[str], str]] = [
    # Authorization: Bearer <token>
    (re.compile(r"\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*", re.I), r"\1 " + MASK),
    # connection strings: AccountKey=...; SharedAccessSignature=...; Password=...; Pwd=...
    (re.compile(r"\b(AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|"
                r"Access[_ ]?Token|Client[_ ]?Secret)\s*=\s*(\{[^}]*\}|[^;\s'\"]+)", re.I),
     r"\1=" + MASK),
    # key: value / "key": "value" (JSON, dict reprs, headers)
    # (DATABRICKS_TOKEN=..., SMTP_PASSWORD: ..., client_secret, api-key, authorization)
    (re.compile(r"""(["']?)\b([A-Za-z_\-]*(?:password|passwd|pwd|secret|token|api[_-]?key)|"""
                r"""authorization)\1(\s*[:=]\s*)(["']?)[^\s"',;&}]+\4""", re.I),
     r"\1\2\1\3\4" + MASK + r"\4"),
    # Databricks personal access tokens
    (re.compile(r"\bdapi[0-9a-f]{20,}(-\d+)?\b", re.I), "dapi" + MASK),
    # JSON web tokens (Entra ID access tokens) wherever they appear
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"), MASK),
    # SAS signatures outside a URL the URL rule saw (e.g. a bare query string)
    (re.compile(r"([?&]sig=)[^&\s'\"]+", re.I), r"\1" + MASK),
]

_known: set[str] = set()
_known_lock = threading.Lock()
_TOKENISH = re.compile(r"^[A-Za-z0-9_\-]{20,}$")


def remember_secret(value: str) -> None:
    """Mask this exact value from now on (webhook URLs, passwords read from the keyring)."""
    value = (value or "").strip()
    if len(value) >= 6:
        with _known_lock:
            _known.add(value)


def _token_like(segment: str) -> bool:
    """A path segment that looks like a key: long, letters and digits mixed."""
    if not _TOKENISH.match(segment):
        return False
    has_digit = any(c.isdigit() for c in segment)
    has_lower = any(c.islower() for c in segment)
    has_upper = any(c.isupper() for c in segment)
    return (len(segment) >= 32 and has_digit) or (has_digit and has_lower and has_upper)


def _mask_url(match: re.Match[str]) -> str:
    scheme, authority, rest = match.group(1), match.group(2), match.group(3)
    if "@" in authority:  # user:password@host
        userinfo, _, hostport = authority.rpartition("@")
        if ":" in userinfo:
            authority = f"{userinfo.split(':', 1)[0]}:{MASK}@{hostport}"
    host = authority.rpartition("@")[2].split(":")[0]
    path, _, query = rest.partition("?")
    query, hash_, fragment = query.partition("#")
    if WEBHOOK_HOSTS.search(host) or any(_token_like(s) for s in path.split("/")):
        return f"{scheme}://{authority}/{MASK}"
    if query:
        pairs = []
        for part in query.split("&"):
            key, eq, _value = part.partition("=")
            pairs.append(f"{key}={MASK}" if eq and SECRET_QUERY.match(
                urllib.parse.unquote(key)) else part)
        query = "&".join(pairs)
    return f"{scheme}://{authority}{path}" + (f"?{query}" if query else "") + \
        (f"#{fragment}" if hash_ else "")


def redact(text: str) -> str:
    """`text` with every secret DINO knows how to spot replaced by ****."""
    if not text:
        return text
    with _known_lock:
        known = sorted(_known, key=len, reverse=True)
    for value in known:
        if value in text:
            text = text.replace(value, MASK)
    text = _URL.sub(_mask_url, text)
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return text


class RedactingFilter(logging.Filter):
    """Redacts a record in place (message with its arguments, exception and stack text), so
    every handler after it sees the masked text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class RedactingFormatter(logging.Formatter):
    """The last line of defence: the formatted line is redacted again."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_dir(home: Path | str) -> Path:
    return Path(home).expanduser() / "logs"


def _ours(handler: logging.Handler) -> bool:
    return getattr(handler, "_dino_log", False)


def setup_logging(home: Path | str, level: int | str | None = None, *,
                  max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> Path | None:
    """Log to DINO_HOME/logs/dino.log; calling it again is harmless (same file: nothing
    changes; another home: the handler moves). Returns the file, or None when it cannot be
    written (logging must never stop DINO from starting)."""
    level = level or os.environ.get("DINO_LOG_LEVEL") or logging.INFO
    if isinstance(level, str):
        level = logging.getLevelName(level.upper())
        level = level if isinstance(level, int) else logging.INFO
    path = log_dir(home) / "dino.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if _ours(handler):
            if getattr(handler, "baseFilename", "") == os.path.abspath(path):
                handler.setLevel(level)
                return path
            root.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler._dino_log = True  # type: ignore[attr-defined]
    handler.setLevel(level)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(RedactingFormatter(FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    for other in root.handlers:  # a console handler someone added sees masked text too
        if not any(isinstance(f, RedactingFilter) for f in other.filters):
            other.addFilter(RedactingFilter())
    if level > logging.DEBUG:
        for name in QUIET:
            logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger(__name__).info("DINO log started (pid %d)", os.getpid())
    return path


def teardown_logging() -> None:
    """Remove DINO's file handler (tests, and a clean shutdown)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if _ours(handler):
            root.removeHandler(handler)
            handler.close()
