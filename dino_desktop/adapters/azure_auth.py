"""Sign-in for the azure profile: one azure-identity credential for every Azure service.

The chain tries what needs no prompt first (environment, managed identity, Azure CLI, the
shared token cache, ...), then an interactive browser sign-in for desktop users. The browser
credential keeps its tokens in the OS's encrypted cache and remembers who signed in (an
AuthenticationRecord: account and tenant ids, no secret) so nobody signs in every day.
Nothing here runs on the GUI thread: getting a token can open a browser and wait.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Any

from dino_desktop.config import AzureSettings, user_config_file

log = logging.getLogger(__name__)
CACHE_NAME = "dino"
STORAGE_SCOPE = "https://storage.azure.com/.default"
ARM_SCOPE = "https://management.azure.com/.default"


def record_file() -> Path:
    """Who signed in last (not a secret): beside the user's config file."""
    return user_config_file().with_name("azure-auth-record.json")


def _cache_options() -> Any:
    from azure.identity import TokenCachePersistenceOptions

    return TokenCachePersistenceOptions(name=CACHE_NAME, allow_unencrypted_storage=False)


def _load_record() -> Any:
    from azure.identity import AuthenticationRecord

    path = record_file()
    try:
        return AuthenticationRecord.deserialize(path.read_text("utf-8"))
    except (OSError, ValueError, KeyError):
        return None


class RecordingBrowserCredential:
    """InteractiveBrowserCredential that saves its AuthenticationRecord after a sign-in."""

    def __init__(self, azure: AzureSettings) -> None:
        from azure.identity import InteractiveBrowserCredential

        kwargs: dict[str, Any] = {"authentication_record": _load_record()}
        if azure.tenant_id:
            kwargs["tenant_id"] = azure.tenant_id
        if azure.client_id:
            kwargs["client_id"] = azure.client_id
        try:
            self.inner = InteractiveBrowserCredential(cache_persistence_options=_cache_options(),
                                                      **kwargs)
        except Exception as exc:  # no OS keychain (e.g. a bare Linux box): in memory only
            log.warning("no encrypted token cache available (%s): sign-in lasts one session",
                        exc)
            self.inner = InteractiveBrowserCredential(**kwargs)
        self.saved = kwargs["authentication_record"] is not None

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        token = self.inner.get_token(*scopes, **kwargs)
        if not self.saved:
            self._save()
        return token

    def get_token_info(self, *scopes: str, options: Any = None) -> Any:
        info = self.inner.get_token_info(*scopes, options=options)
        if not self.saved:
            self._save()
        return info

    def _save(self) -> None:
        self.saved = True
        try:
            record = self.inner._auth_record  # set by the sign-in that just happened
            if record is not None:
                path = record_file()
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(record.serialize(), "utf-8")
        except (AttributeError, OSError) as exc:
            log.debug("could not save the sign-in record: %s", exc)

    def close(self) -> None:
        self.inner.close()


def make_credential(azure: AzureSettings, *, interactive: bool = True) -> Any:
    """The credential chain; `interactive=False` (CLI in scripts, CI) never opens a browser."""
    from azure.identity import ChainedTokenCredential, DefaultAzureCredential

    default = DefaultAzureCredential(
        exclude_interactive_browser_credential=True,
        **({"interactive_browser_tenant_id": azure.tenant_id} if azure.tenant_id else {}))
    if not interactive:
        return default
    return ChainedTokenCredential(default, RecordingBrowserCredential(azure))


def token_claims(token: str) -> dict[str, Any]:
    """The claims of a JWT access token (read, not verified: only to show who signed in)."""
    try:
        payload = token.split(".")[1]
        payload += "=" * (-len(payload) % 4)
        return json.loads(base64.urlsafe_b64decode(payload))
    except (IndexError, ValueError):
        return {}


def signed_in_user(credential: Any, scope: str = STORAGE_SCOPE) -> str | None:
    """The user's UPN (or the app's name for a service principal) from a real token."""
    claims = token_claims(credential.get_token(scope).token)
    for key in ("upn", "preferred_username", "unique_name", "email", "app_displayname",
                "appid", "oid"):
        value = claims.get(key)
        if value:
            return str(value)
    return None
