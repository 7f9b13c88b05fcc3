"""Office values as the ledger stores them: areas as numbers, dates as ISO dates, coded values as codes.

Office files keep areas as text ("1,234.5", "86.4㎡"), dates as text in every Chinese spelling ("2023年5月1日",
"2023.05.01", 20230501) and codes as their Chinese names. A value that cannot be read is refused with the reason,
never guessed: a wrong area in a permit changes what the check calls "beyond the approved area".
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata

from . import schema
from .areas import round_half_up

# The reasons, for the QGIS side to translate (layers/reference_import.py lists them with tr_later).
REQUIRED = "a value is required"
NOT_A_NUMBER = "not a number"
NEGATIVE = "must not be negative"
NOT_A_DATE = "not a date"
NOT_A_CODE = "not one of the values of its list"
NOT_AN_INTEGER = "not a whole number"
NOT_A_YES_NO = "not yes or no"

_UNITS = re.compile(r"(平方米|㎡|m²|m2|平米)$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\.0+)?$")
_YES = {"1", "true", "t", "yes", "y", "是", "有"}
_NO = {"0", "false", "f", "no", "n", "否", "无"}


class ConversionError(ValueError):
    """``reason`` is one of the module's reason constants (English); ``value`` the value refused."""

    def __init__(self, reason: str, value: object):
        super().__init__(f"{reason}: {value!r}")
        self.reason = reason
        self.value = value


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def convert(f: schema.Field, value: object) -> object:
    """``value`` as field ``f`` of the ledger stores it (None for blank); raises ConversionError."""
    if is_blank(value):
        if f.required:
            raise ConversionError(REQUIRED, value)
        return None
    if f.type == schema.REAL:
        return _real(f, value)
    if f.type == schema.DATE:
        return to_date(value)
    if f.type == schema.INTEGER:
        number = _number(value)
        if number != int(number):
            raise ConversionError(NOT_AN_INTEGER, value)
        return int(number)
    if f.type == schema.BOOLEAN:
        return _boolean(value)
    text = _text(value)
    if f.codes:
        return _code(f, text, value)
    return text


def _text(value: object) -> str:
    """Text; a whole number read from a DBF numeric field (450109101202.0) keeps no ".0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).strip()


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise ConversionError(NOT_A_NUMBER, value)
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        # NFKC turns full-width digits and points (１２３．５) into ASCII; thousands separators and a unit go.
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
        text = _UNITS.sub("", text)
        try:
            number = float(text)
        except ValueError:
            raise ConversionError(NOT_A_NUMBER, value) from None
    if not math.isfinite(number):
        raise ConversionError(NOT_A_NUMBER, value)
    return number


def _real(f: schema.Field, value: object) -> float:
    number = _number(value)
    if f.minimum is not None and number < f.minimum:
        raise ConversionError(NEGATIVE, value)
    # Areas are kept as the land administration reports them: m² rounded half-up to 0.01.
    return round_half_up(number) if f.name.endswith("_m2") else number


def to_date(value: object) -> str:
    """An ISO date (YYYY-MM-DD) from a date, a datetime or text in the usual Chinese spellings."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if not match:
        raise ConversionError(NOT_A_DATE, value)
    try:
        return datetime.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        raise ConversionError(NOT_A_DATE, value) from None


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ConversionError(NOT_A_YES_NO, value)


def _code(f: schema.Field, text: str, value: object) -> str:
    """A stored code from the code itself (any case) or its Chinese name."""
    for code, label in f.code_list.items():
        if text.upper() == code or text == label:
            return code
    raise ConversionError(NOT_A_CODE, value)


def convert_record(layer: schema.Layer, values: dict) -> dict:
    """Every field of ``values`` (ledger field -> raw value) converted; raises KeyedConversionError."""
    record = {}
    for name, value in values.items():
        try:
            record[name] = convert(layer.field(name), value)
        except ConversionError as error:
            raise KeyedConversionError(name, error) from None
    return record


class KeyedConversionError(ConversionError):
    """A ConversionError that knows the ledger field it happened in."""

    def __init__(self, field: str, error: ConversionError):
        super().__init__(error.reason, error.value)
        self.field = field
