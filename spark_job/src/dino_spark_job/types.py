"""Types: the manifest's names as Spark types, and which file types fit which table columns.

`fits` follows the desktop's rule (dino_desktop.core.validate.type_fits) exactly; the
conformance tests feed both engines the same runs, so a drift between them shows up there.
"""

from __future__ import annotations

import re

from pyspark.sql import types as T

_DECIMAL = re.compile(r"^decimal\((\d+),\s*(\d+)\)$")
_SPARK = {"string": T.StringType(), "bigint": T.LongType(), "int": T.IntegerType(),
          "smallint": T.ShortType(), "tinyint": T.ByteType(), "double": T.DoubleType(),
          "float": T.FloatType(), "boolean": T.BooleanType(), "date": T.DateType(),
          "timestamp": T.TimestampType()}
_ALIASES = {"long": "bigint", "integer": "int", "real": "float", "varchar": "string",
            "text": "string", "timestamp_ntz": "timestamp", "bool": "boolean",
            "short": "smallint", "byte": "tinyint"}
# File type -> table types it can be written into without losing anything.
_WIDENS = {
    "bigint": {"bigint", "double", "decimal"},
    "boolean": {"boolean"},
    "date": {"date", "timestamp"},
    "timestamp": {"timestamp"},
    "double": {"double"},
    "string": {"string"},
}


def normalize(name: str) -> str:
    text = name.strip().lower().replace(" ", "")
    return _ALIASES.get(text, text)


def name_of(data_type: T.DataType) -> str:
    """A Spark type as the manifest names it ("long" -> "bigint")."""
    return normalize(data_type.simpleString())


def spark_type(type_name: str) -> T.DataType:
    name = normalize(type_name)
    m = _DECIMAL.match(name)
    if m:
        return T.DecimalType(int(m.group(1)), int(m.group(2)))
    return _SPARK[name]


def fits(file_type: str, table_type: str) -> bool:
    """Can values of `file_type` be written into a `table_type` column as they are?"""
    f, t = normalize(file_type), normalize(table_type)
    if f == t:
        return True
    fd, td = _DECIMAL.match(f), _DECIMAL.match(t)
    if fd and td:
        fp, fs, tp, ts = (int(x) for x in (*fd.groups(), *td.groups()))
        return ts >= fs and tp - ts >= fp - fs
    if fd:
        return t == "double"
    if f == "bigint" and td:
        return int(td.group(1)) - int(td.group(2)) >= 18
    return t in _WIDENS.get(f, set())
