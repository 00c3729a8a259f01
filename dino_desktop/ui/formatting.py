"""Numbers, sizes, money, durations and times as the chosen language writes them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QTimeZone

UNITS = ("B", "KB", "MB", "GB", "TB")


def number(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    loc = QLocale()
    if decimals == 0:
        return loc.toString(round(value))
    return loc.toString(float(value), "f", decimals)


def size(n: int | None) -> str:
    """1536 → "1.5 KB" (en) / "1,5 KB" (pt_BR)."""
    if n is None:
        return "—"
    value, unit = float(n), 0
    while abs(value) >= 1024 and unit < len(UNITS) - 1:
        value /= 1024
        unit += 1
    return f"{number(value, 0 if unit == 0 else 1)} {UNITS[unit]}"


def money(amount: float | None, currency: str = "BRL") -> str:
    if amount is None:
        return "—"
    symbol = {"BRL": "R$", "USD": "US$", "EUR": "€"}.get(currency, currency)
    return QLocale().toCurrencyString(float(amount), symbol, 2)


def duration(seconds: float | None) -> str:
    """0.4 → "0.4 s"; 75 → "1 min 15 s"; 4000 → "1 h 06 min"."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{number(seconds, 1)} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def when(moment: dt.datetime | None, *, seconds: bool = False) -> str:
    """A UTC timestamp in the user's local time, in the language's short format."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    qdt = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000),
                                        QTimeZone.systemTimeZone())
    fmt = QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat)
    if seconds and "ss" not in fmt:
        fmt = fmt.replace("mm", "mm:ss", 1)
    return QLocale().toString(qdt, fmt)


def rate(bytes_per_s: float | None) -> str:
    if not bytes_per_s:
        return "—"
    return QCoreApplication.translate("formatting", "%1/s").replace("%1", size(int(bytes_per_s)))
