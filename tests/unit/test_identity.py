from datetime import date

from pipelines.lib.ingest.identity import check_identity
from pipelines.lib.ingest.readers import read_report
from pipelines.lib.reference import UnitRegister
from tests.fixtures.builders import tiny_report, write_tiny_xlsx

TODAY = date(2026, 11, 22)


def defects(tmp_path, report):
    parsed = read_report(write_tiny_xlsx(tmp_path / "r.xlsx", report))
    return check_identity(parsed, UnitRegister(), TODAY)


def codes(tmp_path, report) -> list[str]:
    return [d.code for d in defects(tmp_path, report)]


def test_a_known_unit_on_a_valid_period_passes(tmp_path):
    assert codes(tmp_path, tiny_report()) == []


def test_an_unknown_unit_is_refused(tmp_path):
    assert codes(tmp_path, tiny_report(unit_code="P08-D999")) == ["UNIT_UNKNOWN"]


def test_a_district_unit_after_the_2025_reorganisation_is_refused(tmp_path):
    r = tiny_report(period_end=date(2025, 7, 31))
    assert codes(tmp_path, r) == ["UNIT_NOT_VALID"]


def test_a_period_that_does_not_end_on_a_month_end_or_lies_in_the_future(tmp_path):
    assert codes(tmp_path, tiny_report(period_end=date(2023, 8, 30))) == ["PERIOD_INVALID"]
    assert codes(tmp_path, tiny_report(period_end=date(2026, 12, 31))) == ["PERIOD_IN_FUTURE", "UNIT_NOT_VALID"]


def test_province_report_rows_must_be_units_of_that_province(tmp_path):
    r = tiny_report(unit_code="P08")
    r.kind = "province"
    for sheet in r.rows.values():
        sheet[0]["code"], sheet[1]["code"] = "P08-D071", "P10-D082"
    found = defects(tmp_path, r)
    # P08-D071 belongs to Tuyên Quang; P10-D082 (Lào Cai) does not, in either sheet
    assert [(d.code, d.sheet, d.cell, d.found) for d in found] == [
        ("UNIT_NOT_IN_PROVINCE", "01_VIEC", "C14", "P10-D082")
    ]
