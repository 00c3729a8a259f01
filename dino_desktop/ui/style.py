"""Text colours for run states and messages, readable on light and dark palettes.

Only foreground colours: backgrounds stay the platform theme's. Each tone has a darker shade
for light windows and a lighter one for dark windows (picked from the window's lightness).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from dino_desktop.core.runs import RunState

# tone -> (on a light window, on a dark window)
TONES: dict[str, tuple[str, str]] = {
    "ok": ("#1b7a35", "#7bd88f"),
    "error": ("#b3261e", "#ff8a80"),
    "warning": ("#8a5a00", "#ffcc66"),
    "active": ("#1558b0", "#8ab4f8"),
}
STATE_TONES: dict[RunState, str] = {
    RunState.SUCCEEDED: "ok", RunState.FAILED: "error", RunState.CANCELLED: "warning",
    RunState.UNDONE: "muted",
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone_color(tone: str, palette: QPalette | None = None) -> QColor:
    """"ok", "error", "warning", "active" or "muted" (the palette's placeholder text)."""
    palette = palette or QGuiApplication.palette()
    if tone not in TONES:
        return palette.color(QPalette.ColorRole.PlaceholderText)
    light, dark = TONES[tone]
    return QColor(dark if is_dark(palette) else light)


def state_color(state: RunState, palette: QPalette | None = None) -> QColor:
    return tone_color(STATE_TONES.get(RunState(state), "active"), palette)
