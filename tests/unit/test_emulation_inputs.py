"""The emulation inputs through the same registry, checks and quarantine as the reports: the
registration and award lists (layouts as data, one generic reader), and the criteria table's
points (one scoring scheme, evaluated from the seed's expressions)."""

from datetime import date
from decimal import Decimal

import pytest

from pipelines.lib.ingest.load import examine
from pipelines.lib.ingest.parsed import ParsedEmulationList
from pipelines.lib.reference import UnitRegister
from pipelines.lib.sample.emulation import EmulationList
from pipelines.lib.sample.self_scores import criteria_points
from pipelines.lib.sample.writers import write_emulation_list
from pipelines.settings import load_settings


def _list(rows: list[dict], unit: str = "P08", document: str = "emulation_registration") -> EmulationList:
    return EmulationList(document, unit, "Cục Thi hành án dân sự tỉnh Tuyên Quang", 2023, date(2022, 12, 15), rows)


def _row(code: str, kind: str, title: str, **kw) -> dict:
    return {"registrant_code": code, "registrant_name": code, "registrant_kind": kind, "title_code": title, **kw}


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("THADS_RAW_DIR", str(tmp_path))
    monkeypatch.setenv("THADS_MARTS_DIR", str(tmp_path / "marts"))
    return load_settings()


def test_a_registration_list_loads(tmp_path, settings):
    path = tmp_path / "dk.xlsx"
    write_emulation_list(
        _list([_row("P08", "collective", "TAP_THE_LDXS"), _row("CHV-D070-01", "individual", "CSTD_CO_SO")]), path
    )
    doc, defects = examine(path, settings, UnitRegister())
    assert defects == [] and isinstance(doc, ParsedEmulationList)
    assert [(r["registrant_code"], r["registrant_kind"], r["title_code"]) for r in doc.rows] == [
        ("P08", "collective", "TAP_THE_LDXS"),
        ("CHV-D070-01", "individual", "CSTD_CO_SO"),
    ]


def test_an_award_list_loads_with_its_decisions(tmp_path, settings):
    path = tmp_path / "kt.xlsx"
    row = _row("P08-D070", "collective", "GIAY_KHEN", decision_no="12/QĐ", decision_date=date(2023, 12, 20))
    write_emulation_list(_list([dict(row, decided_by="Cục")], document="award_decision"), path)
    doc, defects = examine(path, settings, UnitRegister())
    assert defects == []
    assert doc.rows[0]["decision_date"] == date(2023, 12, 20) and doc.rows[0]["decision_no"] == "12/QĐ"


def test_an_unknown_title_is_refused_with_its_cell(tmp_path, settings):
    path = tmp_path / "dk.xlsx"
    write_emulation_list(_list([_row("P08", "collective", "TAP_THE_LDXS")]), path)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["DANG_KY_THI_DUA"]["E9"] = "HUAN_CHUONG_VANG"
    wb.save(path)
    _, defects = examine(path, settings, UnitRegister())
    assert [(d.code, d.sheet, d.cell, d.found) for d in defects] == [
        ("TITLE_UNKNOWN", "DANG_KY_THI_DUA", "E9", "HUAN_CHUONG_VANG")
    ]


def test_a_collective_of_another_province_is_refused(tmp_path, settings):
    path = tmp_path / "dk.xlsx"
    write_emulation_list(_list([_row("P10-D082", "collective", "GIAY_KHEN")]), path)
    _, defects = examine(path, settings, UnitRegister())
    assert [(d.code, d.cell, d.found) for d in defects] == [("REGISTRANT_UNKNOWN", "B9", "P10-D082")]


def test_a_list_from_an_office_is_refused(tmp_path, settings):
    path = tmp_path / "dk.xlsx"
    write_emulation_list(_list([_row("P08-D070", "collective", "GIAY_KHEN")], unit="P08-D070"), path)
    _, defects = examine(path, settings, UnitRegister())
    assert [d.code for d in defects] == ["UNIT_NOT_IN_PROVINCE"]


FIGURES = {
    "case_rate_pct": "86.32",
    "case_target_pct": "84.00",
    "money_rate_pct": "40.00",
    "money_target_pct": "48.50",
    "completed_cases": 4132,
    "prev_completed_cases": 5000,
    "completed_kvnd": 100,
    "prev_completed_kvnd": 100,
    "carried_out_cases_change_pct": "-3.05",
    "carried_out_kvnd_change_pct": "19.73",
    "n_late_reports": 1,
    "n_open_errors": 0,
}


def test_points_pass_and_fail_by_the_criteria_table():
    points = criteria_points(FIGURES)
    assert points["case_rate_pct"] == Decimal("22.32")  # above target: 20 + 2,32
    assert points["money_rate_pct"] == Decimal("3.00")  # 8,5 points short: 20 − 17
    assert points["completed_cases"] == Decimal("4.13")  # below last year: 5 × 4.132 / 5.000
    assert points["carried_out_cases_change_pct"] == Decimal("10.00")  # the backlog fell
    assert points["carried_out_kvnd_change_pct"] == Decimal("0.00")  # rose 19,73%: floored at 0
    assert points["n_late_reports"] == Decimal("7.50")
    assert points["n_open_errors"] == Decimal("10.00")
    assert points["other_criteria"] is None  # not scored by the reports


def test_points_without_a_target_are_not_a_zero():
    points = criteria_points(dict(FIGURES, case_target_pct=None))
    assert points["case_rate_pct"] is None
