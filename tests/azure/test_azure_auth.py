"""Sign-in helpers: who signed in, read from a real-shaped token; no network."""

from __future__ import annotations

import base64
import json
import time

from azure.core.credentials import AccessToken

from dino_desktop.adapters.azure_auth import make_credential, signed_in_user, token_claims
from dino_desktop.config import AzureSettings


def jwt(claims: dict) -> str:
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


class StaticCredential:
    """A TokenCredential that hands out one token (what a signed-in chain returns)."""

    def __init__(self, token: str) -> None:
        self.token, self.scopes = token, []

    def get_token(self, *scopes: str, **_kwargs) -> AccessToken:
        self.scopes.extend(scopes)
        return AccessToken(self.token, int(time.time()) + 3600)


def test_claims_of_a_token_with_unpadded_base64() -> None:
    token = jwt({"upn": "ana@contoso.com.br", "tid": "t", "name": "Ana Souza ção"})
    assert token_claims(token)["name"] == "Ana Souza ção"
    assert token_claims("not-a-jwt") == {}


def test_signed_in_user_prefers_the_upn_then_the_app() -> None:
    cred = StaticCredential(jwt({"upn": "ana@contoso.com.br", "oid": "x"}))
    assert signed_in_user(cred) == "ana@contoso.com.br"
    assert cred.scopes == ["https://storage.azure.com/.default"]
    guest = StaticCredential(jwt({"preferred_username": "bia@fornecedor.com", "oid": "y"}))
    assert signed_in_user(guest) == "bia@fornecedor.com"
    robot = StaticCredential(jwt({"app_displayname": "dino-ci", "oid": "z"}))
    assert signed_in_user(robot) == "dino-ci"


def test_non_interactive_chain_builds_without_network() -> None:
    from azure.identity import ChainedTokenCredential, DefaultAzureCredential

    azure = AzureSettings(tenant_id="00000000-0000-0000-0000-000000000001", client_id="app")
    assert isinstance(make_credential(azure, interactive=False), DefaultAzureCredential)
    chain = make_credential(azure)
    assert isinstance(chain, ChainedTokenCredential)
    assert type(chain.credentials[-1]).__name__ == "RecordingBrowserCredential"
