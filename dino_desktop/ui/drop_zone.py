"""Where a file comes in: drag and drop, or a file chooser (also from the keyboard)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

FILE_PATTERNS = "*.csv *.tsv *.txt *.xlsx *.json *.ndjson *.jsonl *.xml *.parquet"


def local_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The one local file being dragged, if that is what it is."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.is_file() else None


class DropZone(QFrame):
    """A dashed box that takes one file; clicking it (or Enter/Space) opens the chooser."""

    file_chosen = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DropZone")
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.last_dir = ""
        self.icon = QLabel(self)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton)
        self.icon.setPixmap(icon.pixmap(32, 32))
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # the palette's muted text, in light and dark themes
        self.choose = QPushButton(self)
        self.choose.clicked.connect(self.open_chooser)
        texts = QVBoxLayout()
        texts.addWidget(self.title)
        texts.addWidget(self.hint)
        row = QHBoxLayout(self)
        row.addWidget(self.icon)
        row.addLayout(texts, 1)
        row.addWidget(self.choose)
        self._set_hover(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("<b>Drop a file here</b>"))
        self.hint.setText(self.tr("CSV, TXT, Excel (.xlsx), JSON, XML or Parquet. DINO finds "
                                  "the encoding, delimiter, header and types by itself."))
        self.choose.setText(self.tr("&Choose file…"))
        self.setToolTip(self.tr("Drop a file, or press Enter to choose one"))
        self.setAccessibleName(self.tr("File drop zone"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:  # the OS switched light/dark
            self._set_hover(False)
        super().changeEvent(event)

    def open_chooser(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file to load"), self.last_dir,
            self.tr("Data files (%1);;All files (*)").replace("%1", FILE_PATTERNS))
        if name:
            self.take(Path(name))

    def take(self, path: Path) -> None:
        self.last_dir = str(path.parent)
        self.file_chosen.emit(path)

    # ---- drag and drop

    def _set_hover(self, on: bool) -> None:
        highlight = self.palette().highlight().color().name()
        mid = self.palette().mid().color().name()
        self.setStyleSheet(
            f"#DropZone {{ border: 2px dashed {highlight if on else mid}; border-radius: 8px; }}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_file(event) is not None:
            event.acceptProposedAction()
            self._set_hover(True)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QEvent) -> None:
        self._set_hover(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_hover(False)
        path = local_file(event)
        if path is not None:
            event.acceptProposedAction()
            self.take(path)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.open_chooser()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.open_chooser()
            return
        super().keyPressEvent(event)
