"""Plain data shared by the core, the services and the UI (no behaviour, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

BLANKS = " \t\r\n\f\v\u00a0"  # what counts as "nothing" in a cell, for every engine


def is_blank(text: str | None) -> bool:
    return text is None or not text.strip(BLANKS)


class Severity(StrEnum):
    ERROR = "error"  # blocks the ingestion
    WARNING = "warning"  # the run can go on, but a person should look
    INFO = "info"  # something DINO decided on its own, worth knowing


class SourceFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"
    XML = "xml"
    PARQUET = "parquet"


class BadRowPolicy(StrEnum):
    REJECT = "reject"  # any bad row fails the whole file (default: nothing half-written)
    SKIP = "skip"  # bad rows are left out, counted, and kept in a rejects file


class ColumnType(StrEnum):
    TEXT = "string"
    INTEGER = "bigint"
    DECIMAL = "decimal"  # precision/scale live on the ColumnFormat
    FLOAT = "double"
    BOOLEAN = "boolean"
    DATE = "date"
    TIMESTAMP = "timestamp"


@dataclass(frozen=True)
class Problem:
    """One finding, translatable: the UI renders `code` + `params` in the user's language."""

    severity: Severity
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    row: int | None = None  # 1-based line (CSV/TXT) or sheet row (Excel) or record number
    column: str | None = None  # the source column name
    fix: str | None = None  # a fix code; messages.py has its text

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "params": self.params,
            "row": self.row,
            "column": self.column,
            "fix": self.fix,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        """The inverse of to_dict (problems come back from the run log this way)."""
        return cls(Severity(data.get("severity", "error")), str(data.get("code", "")),
                   dict(data.get("params") or {}), data.get("row"), data.get("column"),
                   data.get("fix"))


@dataclass(frozen=True)
class Setting:
    """A detected (or overridden) value and how sure DINO is of it (0..1)."""

    value: Any
    confidence: float
    overridden: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "confidence": round(self.confidence, 2),
                "overridden": self.overridden}


@dataclass(frozen=True)
class ColumnFormat:
    """How a column's text turns into its type; one decision shared by every engine."""

    decimal: str = "."  # decimal separator for numbers
    thousands: str | None = None  # thousands separator, if any was seen
    precision: int = 18
    scale: int = 0
    percent: bool = False  # "12,5%" -> 0.125
    currency: str | None = None  # "R$", "$", "€" stripped before parsing
    nbsp: bool = False  # non-breaking spaces (Excel's "R$ 1.234,56") are allowed
    date_format: str | None = None  # strptime-style, e.g. "%d/%m/%Y"
    true_values: tuple[str, ...] = ()
    false_values: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


@dataclass
class Column:
    source_name: str
    name: str  # Delta-safe
    type: ColumnType = ColumnType.TEXT
    format: ColumnFormat = field(default_factory=ColumnFormat)
    nullable: bool = True
    null_count: int = 0  # in the sample
    examples: list[str] = field(default_factory=list)
    confidence: float = 1.0

    @property
    def type_name(self) -> str:
        """The Delta/Spark SQL type name, as written in the manifest."""
        if self.type is ColumnType.DECIMAL:
            return f"decimal({self.format.precision},{self.format.scale})"
        return self.type.value

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_name": self.source_name,
            "name": self.name,
            "type": self.type_name,
            "nullable": self.nullable,
            "null_count": self.null_count,
            "examples": self.examples,
            "format": self.format.to_dict(),
            "confidence": round(self.confidence, 2),
        }


@dataclass
class InspectOptions:
    """Overrides for anything inspection detects; None means "detect it"."""

    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    quote: str | None = None  # "" means "no quoting at all"
    escape: str | None = None  # '"' (doubled quotes) or "\\" (backslash)
    header_row: int | None = None  # 1-based line of the header; 0 means "no header"
    skip_bottom: int | None = None
    decimal: str | None = None
    date_format: str | None = None
    infer_types: bool = True
    record_path: str | None = None  # XML record element / JSON array path
    column_types: dict[str, str] = field(default_factory=dict)  # source name -> type name
    column_names: dict[str, str] = field(default_factory=dict)  # source name -> new name


@dataclass
class Inspection:
    path: str
    format: SourceFormat
    size_bytes: int
    settings: dict[str, Setting]  # encoding, delimiter, quote, escape, line_ending, header_row,
    #                               skip_top, skip_bottom, decimal, thousands, date_format, sheet
    columns: list[Column]
    preview: list[list[Any]]  # first rows, typed (None for empty)
    problems: list[Problem]
    sheets: list[str] = field(default_factory=list)
    estimated_rows: int | None = None
    sampled_rows: int = 0
    complete_sample: bool = False  # the sample was the whole file
    layout: dict[str, Any] = field(default_factory=dict)  # where the data sits: byte offsets,
    #                                                       rows to skip; for the conversion

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def setting(self, name: str) -> Any:
        s = self.settings.get(name)
        return None if s is None else s.value


@dataclass
class Progress:
    stage: str  # "inspect" | "validate" | "convert" ...
    fraction: float  # 0..1
    bytes_done: int = 0
    rows_done: int = 0
    message: str = ""


class Cancelled(Exception):
    """The user cancelled; nothing was left half-written."""


class DinoError(Exception):
    """An error a person must see: a translatable problem, not a traceback."""

    def __init__(self, problem: Problem):
        super().__init__(f"{problem.code}: {problem.params}")
        self.problem = problem


@dataclass(frozen=True)
class Target:
    database: str
    table: str
    catalog: str = "main"

    def __str__(self) -> str:
        return f"{self.catalog}.{self.database}.{self.table}"


class WriteMode(StrEnum):
    APPEND = "append"
    OVERWRITE = "overwrite"
    MERGE = "merge"


@dataclass
class ConvertResult:
    manifest_path: str
    manifest: dict[str, Any]
    rows: int
    bad_rows: int
    parts: list[str]
    sha256: str
    rejects_path: str | None = None
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
