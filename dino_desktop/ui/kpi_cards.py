"""The KPI numbers: a card widget for each, and the same numbers as a CSV file.

The CSV is written for spreadsheets: UTF-8 with a BOM (so Excel detects the encoding), and in
Brazilian Portuguese the ';' delimiter with decimal commas that Excel expects in that locale;
plain numbers (no thousands separators, no currency symbols) so every cell is a number.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from dino_desktop.services.kpis import Kpis


class KpiCard(QFrame):
    """A title, a big value and a one-line note; texts come from the KPI tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.title_label = QLabel(self)
        self.value_label = QLabel("—", self)
        self.note_label = QLabel(self)
        font = QFont(self.value_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value_label.setFont(font)
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label.setWordWrap(True)
        self.note_label.setEnabled(False)  # the palette's muted text, in any theme
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        for label in (self.title_label, self.value_label, self.note_label):
            layout.addWidget(label)

    def set_title(self, text: str) -> None:
        self.title_label.setText(text)

    def set_value(self, value: str, note: str = "") -> None:
        self.value_label.setText(value)
        self.note_label.setText(note)
        self.setAccessibleName(f"{self.title_label.text()}: {value}")


# ---- CSV

def _num(value: float | int | None, decimals: int, lang: str) -> str:
    if value is None:
        return ""
    text = f"{float(value):.{decimals}f}" if decimals else str(round(value))
    return text.replace(".", ",") if lang == "pt_BR" else text


def _group_rows(rows: list[dict[str, Any]], lang: str) -> list[list[str]]:
    out = []
    for r in rows:
        key = r["key"].isoformat() if hasattr(r["key"], "isoformat") else str(r["key"])
        out.append([key, _num(r["runs"], 0, lang), _num(r["succeeded"] + r["undone"], 0, lang),
                    _num(r["failed"], 0, lang), _num(r["rows"], 0, lang),
                    _num(r["source_bytes"], 0, lang), _num(r["cost"], 4, lang)])
    return out


def numbers_csv(k: Kpis, first: str, last: str, lang: str) -> str:
    """Cards, then one row per day, then one per table; `first`/`last` are ISO days."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";" if lang == "pt_BR" else ",", lineterminator="\r\n")
    rate = None if k.success_rate is None else k.success_rate * 100
    w.writerow([QCoreApplication.translate("KpiTab", "Period"), first, last])
    w.writerow([QCoreApplication.translate("KpiTab", "Currency"), k.currency])
    w.writerow([])
    w.writerow([QCoreApplication.translate("KpiTab", "Indicator"),
                QCoreApplication.translate("KpiTab", "Value")])
    w.writerow([QCoreApplication.translate("KpiTab", "Total cost"), _num(k.cost, 4, lang)])
    w.writerow([QCoreApplication.translate("KpiTab", "Files"), _num(k.files, 0, lang)])
    w.writerow([QCoreApplication.translate("KpiTab", "Volume (bytes)"), _num(k.bytes, 0, lang)])
    w.writerow([QCoreApplication.translate("KpiTab", "Rows"), _num(k.rows, 0, lang)])
    w.writerow([QCoreApplication.translate("KpiTab", "Runs"), _num(k.runs, 0, lang)])
    w.writerow([QCoreApplication.translate("KpiTab", "Failed runs"), _num(k.failed, 0, lang)])
    w.writerow([QCoreApplication.translate("KpiTab", "Success rate (%)"), _num(rate, 1, lang)])
    head = [QCoreApplication.translate("KpiTab", "Runs"),
            QCoreApplication.translate("KpiTab", "Files"),
            QCoreApplication.translate("KpiTab", "Failed runs"),
            QCoreApplication.translate("KpiTab", "Rows"),
            QCoreApplication.translate("KpiTab", "Volume (bytes)"),
            QCoreApplication.translate("KpiTab", "Cost")]
    w.writerow([])
    w.writerow([QCoreApplication.translate("KpiTab", "Day (UTC)"), *head])
    w.writerows(_group_rows(k.per_day, lang))
    w.writerow([])
    w.writerow([QCoreApplication.translate("KpiTab", "Table"), *head])
    w.writerows(_group_rows(k.per_table, lang))
    return buf.getvalue()


# ---- run on a worker

def write_csv(path: Path, text: str) -> Path:
    """UTF-8 with a BOM: Excel then reads accents right."""
    path.write_text(text, encoding="utf-8-sig", newline="")
    return path


def write_png(path: Path, image: QImage) -> Path:
    if image.isNull() or not image.save(str(path), "PNG"):
        raise OSError(QCoreApplication.translate("KpiTab", "The image could not be written."))
    return path
