"""Where the table is inside a hand-made file: title lines above, the header, totals below.

Works on parsed rows (CSV lines or Excel sheet rows alike), so both formats share one
decision.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from dino_desktop.core.dialect import ParsedRow
from dino_desktop.core.infer import Locale, candidate
from dino_desktop.core.models import ColumnType, Problem, Severity
from dino_desktop.core.naming import fold_accents

FOOTER_WORDS = re.compile(
    r"^(sub)?tota(l|is|les)\b|^soma\b|^saldo\b|^gerado\b|^emitido\b|^impresso\b|^fonte\b|"
    r"^obs\b|^observa|^nota(s)?\b|^fim\b|^end\b|^source\b|^generated\b|^printed\b|^count\b|"
    r"^(qtd|quantidade|numero|n) de registros\b|^registros\b|^total de\b|^\*"
)


@dataclass
class Structure:
    width: int  # fields per data row
    header: bool
    header_index: int | None  # index into the head rows of the header row
    first_data_index: int  # index into the head rows of the first data row
    skip_top: int  # physical lines above the header (or above the data without header)
    footer_rows: int  # rows (parsed) after the data, from the end
    skip_bottom: int  # physical lines after the last data row
    header_confidence: float = 0.8
    problems: list[Problem] = field(default_factory=list)


def _is_title(row: ParsedRow, width: int, below: ParsedRow | None = None) -> bool:
    if row.blank:
        return True
    if len(row.cells) < width and (len(row.cells) <= max(1, width // 2) or row.filled <= 1):
        return True
    if width <= 1:
        return False
    if width >= 3:
        return row.filled <= 1
    # Two columns: one filled cell is a title only if the row below fills both.
    return row.filled <= 1 and below is not None and below.filled == width


def _next_filled(rows: list[ParsedRow], i: int) -> ParsedRow | None:
    return next((r for r in rows[i + 1:] if not r.blank), None)


def _is_footer(row: ParsedRow, width: int, text_column: Callable[[int], bool]) -> bool:
    if row.blank:
        return True
    at, first = next(((i, c.strip()) for i, c in enumerate(row.cells) if c.strip()), (0, ""))
    # "Total;;1.234,56", or a word where the data has numbers; but a full row whose word
    # fits its column ("Fonte ATX 500W;…" in a product column) is data.
    if FOOTER_WORDS.search(fold_accents(first).lower()) and (
            row.filled < width or width == 1 or not text_column(at)):
        return True
    return len(row.cells) != width and row.filled <= max(1, width // 3)


def modal_width(rows: list[ParsedRow]) -> int:
    widths = [len(r.cells) for r in rows if not r.blank]
    if not widths:
        return 0
    body = widths[len(widths) // 4:] if len(widths) >= 8 else widths
    counts = Counter(body).most_common()
    best = counts[0][1]
    return max(w for w, c in counts if c == best)


def _looks_like_header(first: list[str], below: list[list[str]], loc: Locale) -> tuple[bool, float]:
    """A header's cells do not fit the types of the data below them."""
    if not below:
        return True, 0.5
    typed = 0
    for i, cell in enumerate(first):
        values = [r[i].strip() for r in below if i < len(r) and r[i].strip()]
        if not values:
            continue
        col_type, _, _ = candidate("", values, loc)
        if col_type is ColumnType.TEXT:
            continue
        typed += 1
        if cell.strip():
            fits, _, _ = candidate("", [cell.strip()], loc)
            if fits is col_type or (fits is not ColumnType.TEXT and col_type in (
                    ColumnType.DECIMAL, ColumnType.FLOAT)):
                return False, 0.9
    if typed:
        return True, 0.95
    if any(not c.strip() for c in first):
        return True, 0.5
    repeated = sum(
        1 for i, cell in enumerate(first)
        if any(i < len(r) and r[i] == cell for r in below)
    )
    if repeated * 2 >= len(first):
        return False, 0.6
    return True, 0.6


def find_structure(
    head: list[ParsedRow],
    tail: list[ParsedRow] | None,
    loc: Locale,
    *,
    header_line: int | None = None,
    skip_bottom: int | None = None,
    last_line: int | None = None,
) -> Structure:
    """Decide header, lines above and lines below.

    `tail` holds the last rows when the head is not the whole file. `header_line` is a
    1-based line override (0: no header). `last_line` is the file's last line number
    when known (for counting the lines after the data).
    """
    width = modal_width(head)
    top = 0
    if header_line is not None and header_line > 0:
        top = next((i for i, r in enumerate(head) if r.line >= header_line), len(head))
    elif header_line is None:
        while top < len(head) and _is_title(head[top], width, _next_filled(head, top)):
            top += 1
    if top >= len(head):
        return Structure(width, False, None, len(head), 0, 0, 0, 0.3)
    if header_line is None:
        header, conf = _looks_like_header(head[top].cells,
                                          [r.cells for r in head[top + 1: top + 200]], loc)
    else:
        header, conf = header_line > 0, 1.0
    first_data = top + 1 if header else top
    skip_top = head[top].line - 1

    rows = tail if tail else head[first_data:]
    footer = 0
    data_rows = [r.cells for r in head[first_data: first_data + 500] if not r.blank]

    @functools.cache
    def text_column(i: int) -> bool:
        values = [c[i].strip() for c in data_rows if i < len(c) and c[i].strip()]
        return candidate("", values[:-1], loc)[0] is ColumnType.TEXT

    if skip_bottom is None:
        i = len(rows) - 1
        while i >= 0 and (not tail or i > 0) and _is_footer(rows[i], width, text_column):
            footer += 1
            i -= 1
        if not tail and footer >= len(rows):
            footer = 0
    else:
        footer = skip_bottom
    end_line = last_line if last_line is not None else (rows[-1].line if rows else 0)
    if footer and rows and footer <= len(rows):
        bottom_lines = end_line - rows[len(rows) - footer].line + 1
    else:
        bottom_lines = 0
    if skip_bottom is not None:
        bottom_lines = skip_bottom
    return Structure(width, header, top if header else None, first_data, skip_top, footer,
                     bottom_lines, conf)


def ragged_problems(rows: list[ParsedRow], width: int, limit: int = 20) -> list[Problem]:
    out = []
    for r in rows:
        if not r.blank and len(r.cells) != width:
            out.append(Problem(Severity.ERROR, "ragged_row",
                               {"expected": width, "found": len(r.cells)}, row=r.line,
                               fix="fix_row"))
            if len(out) >= limit:
                break
    return out
