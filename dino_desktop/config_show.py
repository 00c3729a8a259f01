"""Settings as they are shown: secrets masked (`dino config show`, Preferences' "Copy as
TOML"), dotted keys and the DINO_* variable that sets each (the Preferences dialog).
Reading and layering the configuration stays in config.py."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # config.py re-exports `masked`: no import back at run time
    from dino_desktop.config import Settings

SECRET_WORDS = ("secret", "token", "password", "connection_string", "webhook")


def is_secret(key: str) -> bool:
    return any(word in key.lower() for word in SECRET_WORDS)


def masked(settings: Settings) -> dict[str, Any]:
    """The settings as a dict, with every secret value replaced by ****."""
    def mask(obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if dataclasses.is_dataclass(value):
                out[f.name] = mask(value)
            elif is_secret(f.name) and value:
                out[f.name] = "****"
            else:
                out[f.name] = value
        return out

    return mask(settings)


# ---- dotted keys, as the Preferences dialog shows them

def value_of(settings: Settings, key: str) -> Any:
    """A dotted key's value: "cost.per_run" → settings.cost.per_run."""
    obj: Any = settings
    for part in key.split("."):
        obj = getattr(obj, part)
    return obj


def env_name(key: str) -> str:
    """The DINO_* variable that sets a dotted key: cost.per_run → DINO_COST_PER_RUN."""
    return "DINO_" + key.replace(".", "_").upper()
