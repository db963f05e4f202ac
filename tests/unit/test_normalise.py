from datetime import date, datetime
from decimal import Decimal

import pytest

from pipelines.lib.ingest.normalise import (
    NumberError,
    check_kind,
    clean_text,
    parse_date,
    parse_number,
)
from pipelines.lib.vietnamese import format_vi_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (4132, Decimal(4132)),
        (4132.0, Decimal("4132.0")),
        ("4.132", Decimal(4132)),  # Vietnamese thousands separator
        ("69.647.668", Decimal(69647668)),
        ("86,32", Decimal("86.32")),  # Vietnamese decimal comma
        ("4132.0", Decimal("4132.0")),
        ("1,234,567", Decimal(1234567)),  # English grouping, unambiguous with two commas
        ("\u00a04\u00a0132 ", Decimal(4132)),  # non-breaking spaces as separators
        ("1.234,5", Decimal("1234.5")),
    ],
)
def test_numbers_are_read_the_vietnamese_way(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (None, "CELL_EMPTY"),
        ("  ", "CELL_EMPTY"),
        ("12a", "CELL_NOT_NUMBER"),
        ("#REF!", "CELL_FORMULA_ERROR"),
        (datetime(2023, 8, 31), "CELL_IS_DATE"),
        (True, "CELL_NOT_NUMBER"),
    ],
)
def test_non_numbers_are_refused_with_a_reason(raw, code):
    with pytest.raises(NumberError) as err:
        parse_number(raw)
    assert err.value.code == code


def test_a_fraction_in_a_count_and_a_negative_are_defects_not_values():
    with pytest.raises(NumberError) as err:
        check_kind(parse_number(4.132), "count")  # a numeric cell 4.132 is not 4.132 thousand
    assert err.value.code == "CELL_NOT_INTEGER"
    with pytest.raises(NumberError) as err:
        check_kind(parse_number("-5"), "money")
    assert err.value.code == "CELL_NEGATIVE"
    check_kind(parse_number("86,32"), "rate")  # fractions are fine in a rate


def test_dates_and_text():
    assert parse_date("01/10/2022") == date(2022, 10, 1)
    assert parse_date(datetime(2023, 8, 31, 0, 0)) == date(2023, 8, 31)
    assert parse_date(45169) == date(2023, 8, 31)  # Excel serial
    with pytest.raises(ValueError):
        parse_date("31/02/2023")
    assert clean_text("Tuye\u0302n  Quang") == "Tuyên Quang"  # NFD -> NFC, spaces folded


def test_vietnamese_number_format():
    assert format_vi_number(4132) == "4.132"
    assert format_vi_number(69647668) == "69.647.668"
    assert format_vi_number(Decimal("86.3171"), 2) == "86,32"
    assert format_vi_number(0) == "0"
