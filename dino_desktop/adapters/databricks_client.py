"""The Databricks workspace as the azure adapters see it: one client, built lazily, errors mapped.

Building a `WorkspaceClient` does network I/O (the SDK probes
`/.well-known/databricks-config`, up to `retry_timeout_seconds` when the host is down), so
`Workspace` builds it on first use, which is on a worker thread: never construct the client
on the GUI thread. Every SDK error is mapped once, here, into a DinoError a person can read
(engine_unreachable, engine_auth, engine_api_error ...). Table history and undo
(SQL on a warehouse) live in databricks_history.py.

Credentials, in this order: a PAT from DATABRICKS_TOKEN, a PAT from the OS keyring (service
"dino-databricks", user = the workspace host), else an Entra ID token from the azure-identity
credential the app signed in with (scope AZURE_DATABRICKS_SCOPE).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import requests
from databricks.sdk import WorkspaceClient
from databricks.sdk.config import Config
from databricks.sdk.credentials_provider import CredentialsProvider, CredentialsStrategy
from databricks.sdk.errors import DatabricksError, NotFound, PermissionDenied, Unauthenticated

from dino_desktop.config import AzureSettings
from dino_desktop.core.models import DinoError, Problem, Severity

log = logging.getLogger(__name__)
T = TypeVar("T")

AZURE_DATABRICKS_SCOPE = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default"
KEYRING_SERVICE = "dino-databricks"
RETRY_TIMEOUT_S = 10  # the SDK's own retries (429, 503, refused connections)
HTTP_TIMEOUT_S = 30  # above the statements' wait_timeout
_RAISE = object()
_AUTH_ERRORS = {"ClientAuthenticationError", "CredentialUnavailableError",
                "AuthenticationRequiredError"}  # azure-identity, while getting a token


_FIXES = {"engine_unreachable": "check_network", "engine_auth": "sign_in_again",
          "engine_job_missing": "check_job_settings", "engine_failed": "retry_run",
          "engine_timeout": "retry_run", "engine_result_missing": "retry_run"}


def problem(code: str, **params: Any) -> DinoError:
    return DinoError(Problem(Severity.ERROR, code, params, fix=_FIXES.get(code)))


def first_line(text: object, limit: int = 500) -> str:
    lines = str(text).strip().splitlines()
    return (lines[0] if lines else "")[:limit].rstrip(".")  # the messages add their own


_NETWORK = (("certificate", "a TLS certificate problem"), ("ssl", "a TLS problem"),
            ("refused", "the connection was refused"),
            ("name or service not known", "the host name is unknown"),
            ("getaddrinfo", "the host name is unknown"), ("nodename", "the host name is unknown"),
            ("temporarily unavailable", "the service is temporarily unavailable"),
            ("timed out", "no answer in time"), ("timeout", "no answer in time"))


def network_reason(exc: BaseException) -> str:
    """What went wrong on the way, in words (the SDK hides the cause behind a TimeoutError)."""
    chain, seen = [], exc
    while seen is not None and len(chain) < 8:
        chain.append(str(seen).lower())
        seen = seen.__cause__ or seen.__context__
    text = " ".join(chain)
    return next((words for key, words in _NETWORK if key in text), first_line(exc))


def map_error(exc: BaseException, host: str) -> DinoError:
    """Any failure talking to Databricks, as the problem a person sees."""
    if isinstance(exc, DinoError):
        return exc
    if isinstance(exc, Unauthenticated | PermissionDenied) or type(exc).__name__ in _AUTH_ERRORS:
        return problem("engine_auth", host=host, message=first_line(exc))
    if isinstance(exc, TimeoutError | requests.ConnectionError | requests.Timeout
                  | ConnectionError):
        return problem("engine_unreachable", host=host, reason=network_reason(exc))
    if isinstance(exc, DatabricksError):
        return problem("engine_api_error", host=host, message=first_line(exc))
    return problem("engine_api_error", host=host,
                   message=f"{type(exc).__name__}: {first_line(exc)}")


def is_unreachable(err: DinoError) -> bool:
    return err.problem.code == "engine_unreachable"


class EntraToken(CredentialsStrategy):
    """Bearer tokens for the Azure Databricks resource from an azure-identity credential.

    Nothing happens until the first request: then the credential is asked for a token (which
    may open a browser: never on the GUI thread), and again five minutes before it expires.
    """

    def __init__(self, credential: Any, clock: Callable[[], float] = time.time) -> None:
        self._credential = credential
        self._clock = clock
        self._lock = threading.Lock()
        self._token: tuple[str, float] | None = None

    def auth_type(self) -> str:
        return "dino-entra-id"

    def __call__(self, cfg: Config) -> CredentialsProvider:
        def headers() -> dict[str, str]:
            return {"Authorization": f"Bearer {self.token()}"}
        return headers

    def token(self) -> str:
        with self._lock:
            if self._token is None or self._token[1] - 300 <= self._clock():
                if isinstance(self._credential, type) or not hasattr(self._credential,
                                                                     "get_token"):
                    self._credential = self._credential()  # a factory: made once, here
                got = self._credential.get_token(AZURE_DATABRICKS_SCOPE)
                self._token = (got.token, float(got.expires_on))
            return self._token[0]


def keyring_token(host: str) -> str | None:
    """A PAT kept in the OS keyring; None when there is none or no keyring works here."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, host) or None
    except Exception as exc:  # no backend (bare Linux), locked keychain, ...
        log.debug("no keyring: %s", exc)
        return None


def personal_token(host: str, env: Mapping[str, str] | None = None,
                   keyring_get: Callable[[str], str | None] = keyring_token) -> str | None:
    """A PAT for the workspace: DATABRICKS_TOKEN, else the OS keyring; None: sign in."""
    env = os.environ if env is None else env
    return env.get("DATABRICKS_TOKEN") or keyring_get(host.strip().rstrip("/"))


def make_client(azure: AzureSettings, credential: Any = None, *,
                env: Mapping[str, str] | None = None,
                keyring_get: Callable[[str], str | None] = keyring_token,
                retry_timeout_seconds: int = RETRY_TIMEOUT_S,
                http_timeout_seconds: int = HTTP_TIMEOUT_S) -> WorkspaceClient:
    """A WorkspaceClient for the configured workspace. Network I/O: on a worker thread only.

    `credential` is an azure-identity credential (or a callable returning one, so signing in
    waits until a token is needed).
    """
    host = azure.databricks_host.strip().rstrip("/")
    if not host:
        raise problem("config_invalid", reason="azure.databricks_host is not set")
    common: dict[str, Any] = {"host": host, "retry_timeout_seconds": retry_timeout_seconds,
                              "http_timeout_seconds": http_timeout_seconds}
    token = personal_token(host, env, keyring_get)
    try:
        if token:
            cfg = Config(token=token, auth_type="pat", **common)
        elif credential is not None:
            cfg = Config(credentials_strategy=EntraToken(credential), **common)
        else:
            raise problem("engine_auth", host=host,
                          message="no sign-in and no Databricks token (DATABRICKS_TOKEN or the "
                                  "OS keyring)")
        return WorkspaceClient(config=cfg)
    except (ValueError, DatabricksError) as exc:
        raise problem("config_invalid", reason=f"Databricks: {first_line(exc)}") from exc


class Workspace:
    """A WorkspaceClient (or a factory for one, called on first use) with mapped errors."""

    def __init__(self, client: WorkspaceClient | Callable[[], WorkspaceClient]) -> None:
        self._client = client if isinstance(client, WorkspaceClient) else None
        self._factory = None if isinstance(client, WorkspaceClient) else client
        self._lock = threading.Lock()

    @property
    def client(self) -> WorkspaceClient:
        with self._lock:
            if self._client is None:
                assert self._factory is not None
                try:
                    self._client = self._factory()
                except DinoError:
                    raise
                except Exception as exc:
                    raise map_error(exc, "Databricks") from exc
            return self._client

    @property
    def host(self) -> str:
        return str(self.client.config.host or "")

    def call(self, fn: Callable[[WorkspaceClient], T], *, not_found: Any = _RAISE) -> T:
        """fn(client); a 404 gives `not_found` when one is passed; other errors are mapped."""
        client = self.client
        try:
            return fn(client)
        except NotFound as exc:
            if not_found is _RAISE:
                raise map_error(exc, str(client.config.host or "")) from exc
            return not_found  # type: ignore[no-any-return]
        except Exception as exc:
            raise map_error(exc, str(client.config.host or "")) from exc
