"""Cell values as written -> exact numbers, dates and clean text.

Vietnamese spreadsheets write 4.132 for four thousand one hundred and thirty-two and
86,32 for a rate. A value is parsed exactly (Decimal) or refused with a reason; it is never
guessed at and an empty cell never becomes 0.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\ufeff]+")
_VI_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 4.132 ; 69.647.668 ; 1.234,5
_VI_DECIMAL = re.compile(r"^[+-]?\d+(,\d+)?$")  # 86,32 ; 4132
_POINT_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")  # 4132.0 (not 3 digits after the point: see above)
_EN_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}(\.\d+)?$|^[+-]?\d{1,3}(,\d{3})+\.\d+$")
EXCEL_ERRORS = {"#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}


def clean_text(value: object) -> str:
    """NFC-normalised text with runs of white space (incl. non-breaking) folded to one space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _SPACES.sub(" ", text).strip()


def as_written(value: object) -> str | None:
    """The value as a person would read it in the cell: 74.0 -> '74', text cleaned."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)


def label_key(value: object) -> str:
    """Form used to compare labels: NFC, folded white space, case-insensitive."""
    return clean_text(value).casefold()


class NumberError(ValueError):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def parse_number(value: object) -> Decimal:
    """A cell value -> Decimal, or NumberError(code) saying why not.

    Numeric cells come as int/float; text follows Vietnamese conventions first.
    """
    if value is None or (isinstance(value, str) and clean_text(value) == ""):
        raise NumberError("CELL_EMPTY")
    if isinstance(value, bool):
        raise NumberError("CELL_NOT_NUMBER")
    if isinstance(value, (datetime, date, timedelta)):
        raise NumberError("CELL_IS_DATE")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError("CELL_NOT_NUMBER")
        # repr gives the shortest exact round-trip text: 4132.0 -> '4132.0', 86.32 -> '86.32'
        return Decimal(repr(value))
    text = _SPACES.sub("", unicodedata.normalize("NFC", str(value)))
    if text.upper() in EXCEL_ERRORS:
        raise NumberError("CELL_FORMULA_ERROR")
    try:
        if _VI_GROUPED.match(text):
            return Decimal(text.replace(".", "").replace(",", "."))
        if _VI_DECIMAL.match(text):
            return Decimal(text.replace(",", "."))
        if _POINT_DECIMAL.match(text):
            return Decimal(text)
        if _EN_GROUPED.match(text):
            return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the patterns only admit valid decimals
        pass
    raise NumberError("CELL_NOT_NUMBER")


def check_kind(number: Decimal, kind: str) -> None:
    """Counts and money are non-negative whole numbers; rates are non-negative."""
    if number < 0:
        raise NumberError("CELL_NEGATIVE")
    if kind in ("count", "money") and number != number.to_integral_value():
        raise NumberError("CELL_NOT_INTEGER")


KIND_EXPECTED = {
    "count": ("số nguyên không âm (việc)", "a non-negative whole number of cases"),
    "money": ("số nguyên không âm (nghìn đồng)", "a non-negative whole number of thousand VND"),
    "rate": ("tỷ lệ phần trăm", "a percentage"),
}

_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date:
    """dd/mm/yyyy text, an Excel date, or an Excel serial number -> date (ValueError if not)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    m = _DATE_TEXT.match(clean_text(value))
    if not m:
        raise ValueError(f"not a date: {value!r}")
    d, mth, y = (int(g) for g in m.groups())
    return date(y, mth, d)
