"""What inspection found (encoding, delimiter, header row, decimal separator, date format,
Excel sheet), each one changeable; a change asks for a new inspection at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from dino_desktop.core.models import Inspection, SourceFormat

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16")
DATE_FORMATS = ("%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y")
TEXT_FORMATS = (SourceFormat.CSV,)  # CSV, TSV and TXT files


def date_pattern(fmt: str) -> str:
    """"%d/%m/%Y" → "dd/mm/yyyy": what people recognise."""
    return (fmt.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy")
            .replace("%y", "yy").replace("%H", "HH").replace("%M", "MM").replace("%S", "SS"))


class DetectedSettings(QGroupBox):
    changed = Signal(str, object)  # InspectOptions field, value (None: detect it again)
    reset = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self.overridden: set[str] = set()
        self.sheet = QComboBox(self)
        self.encoding = QComboBox(self)
        self.encoding.setEditable(True)
        self.encoding.addItems(ENCODINGS)
        self.delimiter = QComboBox(self)
        self.header_row = QSpinBox(self)
        self.header_row.setRange(0, 10_000)
        self.decimal = QComboBox(self)
        self.date_format = QComboBox(self)
        self.date_format.setEditable(True)
        for fmt in DATE_FORMATS:
            self.date_format.addItem(date_pattern(fmt), fmt)
        self.redetect = QPushButton(self)
        self.redetect.clicked.connect(self.reset)
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for key, widget in (("sheet", self.sheet), ("encoding", self.encoding),
                            ("delimiter", self.delimiter), ("header_row", self.header_row),
                            ("decimal", self.decimal), ("date_format", self.date_format)):
            label = QLabel(self)
            label.setBuddy(widget)
            self.labels[key] = label
            form.addRow(label, widget)
        form.addRow(self.redetect)
        self.sheet.currentIndexChanged.connect(
            lambda _i: self._emit("sheet", self.sheet.currentText() or None))
        self.encoding.currentTextChanged.connect(
            lambda text: self._emit("encoding", text.strip() or None))
        self.delimiter.currentIndexChanged.connect(
            lambda _i: self._emit("delimiter", self.delimiter.currentData()))
        self.header_row.valueChanged.connect(lambda v: self._emit("header_row", int(v)))
        self.decimal.currentIndexChanged.connect(
            lambda _i: self._emit("decimal", self.decimal.currentData()))
        self.date_format.currentIndexChanged.connect(
            lambda _i: self._emit("date_format", self.date_format.currentData()))
        self.date_format.lineEdit().editingFinished.connect(self._typed_date_format)
        self.retranslate()
        self.set_inspection(None)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Detected settings"))
        texts = {"sheet": self.tr("S&heet:"), "encoding": self.tr("&Encoding:"),
                 "delimiter": self.tr("&Delimiter:"), "header_row": self.tr("Header &row:"),
                 "decimal": self.tr("Decimal se&parator:"),
                 "date_format": self.tr("Date &format:")}
        for key, label in self.labels.items():
            label.setText(texts[key])
        self.header_row.setSpecialValueText(self.tr("no header"))
        self.redetect.setText(self.tr("Detect &again"))
        self.redetect.setToolTip(self.tr("Forget your changes and let DINO detect everything"))
        was = self._filling
        self._filling = True
        current = self.delimiter.currentData()
        self.delimiter.clear()
        for value, text in ((";", self.tr("Semicolon (;)")), (",", self.tr("Comma (,)")),
                            ("\t", self.tr("Tab")), ("|", self.tr("Pipe (|)")),
                            (" ", self.tr("Space"))):
            self.delimiter.addItem(text, value)
        self._select(self.delimiter, current)
        current = self.decimal.currentData()
        self.decimal.clear()
        self.decimal.addItem(self.tr("Comma (1.234,56)"), ",")
        self.decimal.addItem(self.tr("Point (1,234.56)"), ".")
        self._select(self.decimal, current)
        self._filling = was

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---- showing what was found

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        if value is None:
            return
        i = combo.findData(value)
        if i < 0 and combo.isEditable():
            combo.setEditText(str(value))
        elif i >= 0:
            combo.setCurrentIndex(i)

    def set_inspection(self, insp: Inspection | None) -> None:
        self._filling = True
        try:
            text = insp is not None and insp.format in TEXT_FORMATS
            for key in ("encoding", "delimiter", "header_row"):
                self.labels[key].setEnabled(text)
            self.encoding.setEnabled(text)
            self.delimiter.setEnabled(text)
            self.header_row.setEnabled(text)
            enabled = insp is not None
            for w in (self.decimal, self.date_format, self.redetect):
                w.setEnabled(enabled)
            sheets = insp.sheets if insp else []
            self.sheet.clear()
            self.sheet.addItems(sheets)
            self.sheet.setVisible(bool(sheets))
            self.labels["sheet"].setVisible(bool(sheets))
            if insp is None:
                return
            if sheets:
                self.sheet.setCurrentText(str(insp.setting("sheet") or sheets[0]))
            encoding = insp.setting("encoding")
            if encoding:
                self.encoding.setCurrentText(str(encoding))
            self._select(self.delimiter, insp.setting("delimiter"))
            header = insp.setting("header_row")
            self.header_row.setValue(int(header) if header and insp.setting("header") else 0)
            self._select(self.decimal, insp.setting("decimal") or ".")
            fmt = insp.setting("date_format")
            if fmt:
                if self.date_format.findData(fmt) < 0:
                    self.date_format.addItem(date_pattern(str(fmt)), fmt)
                self._select(self.date_format, fmt)
            for key, label in self.labels.items():
                setting = insp.settings.get(key)
                overridden = key in self.overridden or bool(setting and setting.overridden)
                font = QFont(label.font())
                font.setBold(overridden)
                label.setFont(font)
                label.setToolTip(self.tr("Your choice") if overridden else
                                 self.tr("Detected by DINO"))
        finally:
            self._filling = False

    # ---- the user changes something

    def _emit(self, key: str, value: Any) -> None:
        if self._filling:
            return
        self.overridden.add(key)
        self.changed.emit(key, value)

    def _typed_date_format(self) -> None:
        text = self.date_format.currentText().strip()
        if self._filling or not text or self.date_format.findText(text) >= 0:
            return
        fmt = (text.replace("dd", "%d").replace("mm", "%m").replace("yyyy", "%Y")
               .replace("yy", "%y")) if "%" not in text else text
        self._emit("date_format", fmt)
