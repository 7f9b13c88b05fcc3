"""Values for a ledger's SQLite columns written straight with Python's sqlite3, in the form QGIS and GDAL write them,
so that QGIS reads back what it would have written itself.

Looked at in the ledgers QGIS 3.22 and GDAL 3.6 write (checked, see tests/qgis/test_ledger_races.py):
- DATE: 'YYYY-MM-DD'.
- DATETIME: local time 'YYYY-MM-DDTHH:MM:SS.sss', no zone suffix. QGIS's own default-on-update ``now()`` is a local
  QDateTime, which GDAL stores without a suffix (QGIS 3.22 passes no time zone; QGIS 3.30+ passes "local time",
  which GDAL's GeoPackage driver writes without one too); a 'Z' would make QGIS read a UTC time where the form
  wrote local ones. (The trace's ``changed_at`` is SQLite's own UTC stamp with a 'Z', written by the triggers.)
- BOOLEAN: 0 or 1; INTEGER, REAL and TEXT as they are.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from typing import Optional

from qgis.PyQt.QtCore import QDate, QDateTime, QTime

from ..core import schema


def datetime_text(moment: datetime) -> str:
    """A local time as QGIS stores a DATETIME in a GeoPackage."""
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}"


def now_text() -> str:
    return datetime_text(datetime.now())


def _python(value):
    """A Qt value as a plain Python one (NULL as None)."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if isinstance(value, QDateTime):
        return value.toLocalTime().toPyDateTime() if value.isValid() else None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    if isinstance(value, QTime):
        return value.toPyTime() if value.isValid() else None
    return value


def _date(value) -> Optional[str]:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return date.fromisoformat(value.strip()[:10]).isoformat()
    raise ValueError(value)


def _datetime(value) -> Optional[str]:
    if isinstance(value, datetime):
        return datetime_text(value)
    if isinstance(value, date):
        return datetime_text(datetime.combine(value, time()))
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        return datetime_text(datetime.fromisoformat(text))
    raise ValueError(value)


def _real(value) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _integer(value) -> int:
    number = _real(value)
    if number != int(number):
        raise ValueError(value)
    return int(number)


def _text(value) -> str:
    if isinstance(value, (bytes, bytearray)):
        raise ValueError(value)
    return str(value)


_CONVERT = {
    schema.DATE: _date,
    schema.DATETIME: _datetime,
    schema.BOOLEAN: lambda value: int(bool(value)),
    schema.INTEGER: _integer,
    schema.REAL: _real,
    schema.TEXT: _text,
}


def to_sql(field: schema.Field, value):
    """``value`` (Python, Qt or text) as stored in ``field``'s column; raises ValueError when it is not one."""
    value = _python(value)
    if value is None:
        return None
    try:
        return _CONVERT[field.type](value)
    except (TypeError, OverflowError) as error:
        raise ValueError(value) from error
