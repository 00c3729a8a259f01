"""The preview: the first rows as the table will hold them, one column per table column.

Each header shows the column's name and type; double-click (or F2 on a selected column)
edits both inline, in a small editor laid over the header section.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dino_desktop.core.messages import REASONS, type_label
from dino_desktop.core.models import Column, Inspection, Problem
from dino_desktop.core.naming import check_column_name
from dino_desktop.ui.i18n import current_lang

TYPE_CHOICES = ("string", "bigint", "decimal(18,2)", "double", "boolean", "date", "timestamp")
PROBLEM_TINT = QColor(220, 60, 60, 70)  # translucent: readable on light and dark palettes
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


def type_text(type_name: str) -> str:
    """"decimal(18,2)" → "decimal number (18,2)" in the language shown."""
    label = type_label(type_name, current_lang())  # type: ignore[arg-type]
    if "(" in type_name:
        label += " (" + type_name.split("(", 1)[1]
    return label


def cell_text(value: Any) -> str:
    loc = QLocale()
    if value is None:
        return ""
    if isinstance(value, bool):
        return (QCoreApplication.translate("PreviewModel", "yes") if value
                else QCoreApplication.translate("PreviewModel", "no"))
    if isinstance(value, dt.datetime):
        qdt = QDateTime(QDate(value.year, value.month, value.day)).addSecs(
            value.hour * 3600 + value.minute * 60 + value.second)
        return loc.toString(qdt, QLocale.FormatType.ShortFormat)
    if isinstance(value, dt.date):
        return loc.toString(QDate(value.year, value.month, value.day),
                            QLocale.FormatType.ShortFormat)
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        scale = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return loc.toString(float(value), "f", scale)
    if isinstance(value, float):
        return loc.toString(value, "g", 15)
    if isinstance(value, int):
        return loc.toString(value)
    return str(value)


class PreviewModel(QAbstractTableModel):
    """Rows of Inspection.preview; marked cells are where a problem points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[Column] = []
        self.rows: list[list[Any]] = []
        self.marked: set[tuple[int, int]] = set()

    def set_inspection(self, insp: Inspection | None) -> None:
        self.beginResetModel()
        self.columns = list(insp.columns) if insp else []
        self.rows = [list(r) for r in insp.preview] if insp else []
        self.marked = set()
        self.endResetModel()

    def mark(self, cells: set[tuple[int, int]]) -> None:
        self.marked = cells
        if self.rows and self.columns:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.columns) - 1))

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.columns) - 1))

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        value = self.rows[row][col] if col < len(self.rows[row]) else None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and (row, col) in self.marked:
            return PROBLEM_TINT
        if role == Qt.ItemDataRole.ToolTipRole and value is None:
            return self.tr("empty (null)")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if section >= len(self.columns):
            return None
        col = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{col.name}\n{type_text(col.type_name)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (self.tr("Column in the file: %1\nName in the table: %2\nType: %3\n"
                            "Double-click (or F2) to change the name or the type.")
                    .replace("%1", col.source_name).replace("%2", col.name)
                    .replace("%3", type_text(col.type_name)))
        return None


class HeaderEditor(QFrame):
    """Name + type editor laid over one header section. Enter applies, Escape cancels."""

    applied = Signal(int, str, str)  # column, new name, new type

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.Box)
        self.setAutoFillBackground(True)
        self.column = -1
        self.name = QLineEdit(self)
        self.type = QComboBox(self)
        self.ok = QToolButton(self)
        self.ok.setText("✓")
        self.ok.clicked.connect(self.apply)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.hide()
        self.name.textChanged.connect(self._check)
        self.name.returnPressed.connect(self.apply)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.type, 1)
        row.addWidget(self.ok)
        box = QVBoxLayout(self)
        box.setContentsMargins(3, 3, 3, 3)
        box.setSpacing(2)
        box.addWidget(self.name)
        box.addLayout(row)
        box.addWidget(self.reason)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.name.setToolTip(self.tr("Column name in the table"))
        self.type.setToolTip(self.tr("Column type"))
        self.ok.setToolTip(self.tr("Apply (Enter)"))
        current = self.type.currentData()
        self.type.clear()
        for name in TYPE_CHOICES:
            self.type.addItem(type_text(name), name)
        if current is not None:
            self.type.setCurrentIndex(max(0, self.type.findData(current)))

    def open(self, column: int, col: Column, x: int, y: int, width: int) -> None:
        self.column = column
        self.retranslate()
        self.name.setText(col.name)
        type_name = col.type_name
        if self.type.findData(type_name) < 0:
            self.type.addItem(type_text(type_name), type_name)
        self.type.setCurrentIndex(self.type.findData(type_name))
        self.setFixedWidth(max(width, 200))
        self.adjustSize()
        self.move(x, y)
        self.show()
        self.raise_()
        self.name.setFocus()
        self.name.selectAll()

    def _check(self, text: str) -> bool:
        reason = check_column_name(text)
        if reason:
            pair = REASONS.get(reason, (reason, reason))
            self.reason.setText(self.tr("Not a valid name: %1")
                                .replace("%1", pair[1 if current_lang() == "pt_BR" else 0]))
        self.reason.setVisible(bool(reason))
        self.ok.setEnabled(not reason)
        self.adjustSize()
        return not reason

    def apply(self) -> None:
        if not self._check(self.name.text()):
            return
        self.hide()
        self.applied.emit(self.column, self.name.text(), str(self.type.currentData()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.apply()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PreviewView(QTableView):
    """The preview table with its inline header editor."""

    column_edited = Signal(int, str, str)  # column, name, type name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = PreviewModel(self)
        self.setModel(self.preview)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        self.horizontalHeader().setMinimumSectionSize(80)
        self.horizontalHeader().sectionDoubleClicked.connect(self.edit_column)
        self.editor = HeaderEditor(self)
        self.editor.applied.connect(self.column_edited)

    def edit_column(self, column: int) -> None:
        if not 0 <= column < len(self.preview.columns):
            return
        header = self.horizontalHeader()
        x = self.viewport().x() + header.sectionViewportPosition(column)
        self.editor.open(column, self.preview.columns[column], max(0, x), header.y(),
                         header.sectionSize(column))

    def point_at(self, problem: Problem, insp: Inspection) -> None:
        """Select (and tint) the cell a problem names: its column, and its row when that
        file line is among the preview's rows."""
        col = next((i for i, c in enumerate(insp.columns)
                    if problem.column in (c.source_name, c.name)), None)
        row = None
        if problem.row is not None:
            first = (int(insp.setting("header_row") or 0) if insp.setting("header")
                     else int(insp.setting("skip_top") or 0)) + 1
            if 0 <= problem.row - first < len(insp.preview):
                row = problem.row - first
        self.preview.mark({(row, col)} if row is not None and col is not None else set())
        if row is not None and col is not None:
            index = self.preview.index(row, col)
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollTo(index)
        elif col is not None:
            self.selectColumn(col)
            self.scrollTo(self.preview.index(0, col))
        elif row is not None:
            self.selectRow(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F2 and self.currentIndex().isValid():
            self.edit_column(self.currentIndex().column())
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.preview.retranslate()
        super().changeEvent(event)
