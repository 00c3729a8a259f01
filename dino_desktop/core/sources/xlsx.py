"""Excel workbooks (.xlsx, .xlsm) as text rows, streamed with openpyxl's read-only mode.

Read-only mode parses the sheet XML as it goes, so memory stays flat however long the
sheet is. The dimension stored in the file is ignored (many writers get it wrong and
openpyxl would stop reading at it), and trailing empty rows (formatting left below the
data) are not rows: `total_rows` is the last row holding a value.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections import deque
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from dino_desktop.core.models import DinoError, InspectOptions, Problem, Severity, SourceFormat
from dino_desktop.core.sources.base import Cell, RawRow, RowSample, cell_text
from dino_desktop.core.sources.registry import OLE2_MAGIC, ZIP_MAGIC

TAIL_ROWS = 50

# What openpyxl (and zipfile/zlib/expat under it) raise on damaged workbooks.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    EOFError,
    OSError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
)


class XlsxReader:
    """One worksheet of a workbook; the header is found later by structure detection."""

    format = SourceFormat.XLSX

    def sample(self, path: Path, options: InspectOptions, max_rows: int) -> RowSample:
        head: list[list[Cell]] = []
        tail: deque[list[Cell]] = deque(maxlen=TAIL_ROWS)
        total = 0
        with _open_workbook(path) as wb:
            sheets = _worksheet_names(wb)
            name = _choose_sheet(wb, sheets, options.sheet)
            # The tail (totals, notes) is only reachable by streaming the whole sheet.
            for number, cells in _sheet_rows(wb[name]):
                if number <= max_rows:
                    head.append(cells)
                tail.append(cells)
                total = number
        complete = total <= max_rows
        tail_rows = [] if complete else list(tail)
        width = max((len(r) for r in (*head, *tail_rows)), default=0)
        return RowSample(
            rows=[_fit(r, width) for r in head],
            tail=[_fit(r, width) for r in tail_rows],
            complete=complete,
            names=None,
            total_rows=total,
            sheets=sheets,
            sheet=name,
        )

    def iter_rows(
        self,
        path: Path,
        options: InspectOptions,
        names: list[str] | None,
        skip_top: int = 0,
        skip_bottom: int = 0,
    ) -> Iterator[RawRow]:
        """Rows after `skip_top`, without the last `skip_bottom`, held back in a small deque."""
        width = None if names is None else len(names)
        held: deque[RawRow] = deque()
        with _open_workbook(path) as wb:
            name = _choose_sheet(wb, _worksheet_names(wb), options.sheet)
            for number, cells in _sheet_rows(wb[name]):
                if number <= skip_top:
                    continue
                row = RawRow(number=number, cells=_fit(cells, width))
                if skip_bottom <= 0:
                    yield row
                    continue
                held.append(row)
                if len(held) > skip_bottom:
                    yield held.popleft()


def _sheet_rows(ws: Any) -> Iterator[tuple[int, list[Cell]]]:
    """(sheet row number, text cells without trailing empties), up to the last non-empty row.

    Empty rows are yielded as [] only once a later row has data, so memory stays bounded
    (they are counted, not stored) and trailing formatted-but-empty rows never show up.
    """
    ws.reset_dimensions()
    pending = 0
    number = 0
    for values in ws.iter_rows(values_only=True):
        number += 1
        cells = _trim([_text(v) for v in values])
        if not cells:
            pending += 1
            continue
        for gap in range(number - pending, number):
            yield gap, []
        pending = 0
        yield number, cells


def _text(value: Any) -> Cell:
    """Excel keeps 15 significant digits; 0.1+0.2 stored as 0.30000000000000004 reads 0.3."""
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        value = float(f"{value:.15g}")
    return cell_text(value)


def _trim(cells: list[Cell]) -> list[Cell]:
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return cells[:end]


def _fit(cells: list[Cell], width: int | None) -> list[Cell]:
    if width is None:
        return cells
    if len(cells) >= width:
        return cells[:width]
    return cells + [None] * (width - len(cells))


def _worksheet_names(wb: Workbook) -> list[str]:
    """Sheets holding cells, in workbook order (chart sheets have no rows)."""
    return [ws.title for ws in wb.worksheets if hasattr(ws, "iter_rows")]


def _choose_sheet(wb: Workbook, sheets: list[str], wanted: str | None) -> str:
    if wanted is not None:
        if wanted in sheets:
            return wanted
        loose = {s.strip().casefold(): s for s in sheets}  # Excel names ignore case
        match = loose.get(wanted.strip().casefold())
        if match is not None:
            return match
        raise DinoError(Problem(Severity.ERROR, "sheet_not_found",
                                {"sheet": wanted, "sheets": ", ".join(sheets)},
                                fix="pick_sheet"))
    # Visible sheets first: a hidden helper sheet (lookups, parameters) is rarely the data.
    visible = [n for n in sheets if getattr(wb[n], "sheet_state", "visible") == "visible"]
    for name in visible + [n for n in sheets if n not in visible]:
        with closing(_sheet_rows(wb[name])) as rows:
            if next(rows, None) is not None:
                return name
    raise DinoError(Problem(Severity.ERROR, "sheet_empty", {}, fix="pick_sheet"))


@contextmanager
def _open_workbook(path: Path) -> Iterator[Workbook]:
    """Open read-only and always close; damaged files become a `file_unreadable` problem."""
    try:
        fh = path.open("rb")
    except FileNotFoundError as exc:
        raise DinoError(Problem(Severity.ERROR, "file_not_found", {"path": str(path)},
                                fix="choose_other_file")) from exc
    except OSError as exc:
        raise _unreadable(exc.strerror or str(exc)) from exc
    with fh:
        _check_magic(path, fh.read(8))
        fh.seek(0)
        try:
            with zipfile.ZipFile(fh) as archive:
                members = set(archive.namelist())
            if "xl/workbook.bin" in members:
                raise _unsupported(".xlsb")
            if "xl/workbook.xml" not in members:
                raise _unreadable("the zip archive holds no Excel workbook")
            fh.seek(0)
            with warnings.catch_warnings():  # "no default style", unsupported extensions...
                warnings.simplefilter("ignore")
                wb = openpyxl.load_workbook(fh, read_only=True, data_only=True,
                                            keep_links=False)
        except _BROKEN as exc:
            raise _unreadable(_reason(exc)) from exc
        try:
            yield wb
        except _BROKEN as exc:
            raise _unreadable(_reason(exc)) from exc
        finally:
            wb.close()


def _check_magic(path: Path, magic: bytes) -> None:
    if not magic:
        raise DinoError(Problem(Severity.ERROR, "file_empty", {}, fix="choose_other_file"))
    if magic.startswith(OLE2_MAGIC):
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            # Excel saves password-protected workbooks in the old container, too.
            raise _unreadable("the workbook is password-protected or in the old .xls format")
        raise _unsupported(suffix or ".xls")
    if not magic.startswith(ZIP_MAGIC):
        raise _unreadable("it is not an Excel workbook (.xlsx)")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _unreadable(reason: str) -> DinoError:
    return DinoError(Problem(Severity.ERROR, "file_unreadable", {"reason": reason},
                             fix="check_file"))


def _unsupported(extension: str) -> DinoError:
    return DinoError(Problem(Severity.ERROR, "file_unsupported", {"extension": extension},
                             fix="choose_other_file"))
