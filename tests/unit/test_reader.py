"""The reader on small workbooks and CSV files, clean and deliberately damaged."""

from datetime import date
from decimal import Decimal

import pytest

from pipelines.lib.ingest.readers import read_report
from pipelines.lib.ingest.reasons import ReportRefused
from tests.fixtures.builders import damage, tiny_report, write_tiny_csv, write_tiny_xlsx


def refused_codes(path) -> list[tuple[str, str | None, str | None]]:
    with pytest.raises(ReportRefused) as err:
        read_report(path)
    return [(d.code, d.sheet, d.cell) for d in err.value.defects]


def test_a_clean_workbook_gives_header_and_cells_with_provenance(tmp_path):
    report = read_report(write_tiny_xlsx(tmp_path / "ok.xlsx"))
    h = report.header
    assert (h.unit_code, h.report_kind, h.submission_no) == ("P08-D070", "unit", 1)
    assert (h.period_start, h.period_end, h.period_months) == (date(2022, 10, 1), date(2023, 8, 31), 11)
    cells = {(c["sheet"], c["row_code"], c["column_name"]): c for c in report.cells}
    first = cells[("01_VIEC", "CHV-D070-01", "new_cases")]
    # row 13 is the first data row; column (3) sits in F
    assert (first["cell_ref"], first["row_number"], first["value"]) == ("F13", 13, Decimal(120))
    total = cells[("01_VIEC", "", "executed_cases")]
    assert total["row_kind"] == "total" and total["value"] == 160
    assert cells[("02_TIEN", "", "completion_rate_pct")]["value"] == Decimal(
        "50.60"
    )  # (1.650.000 + 1.320.000) / 5.870.000
    # 3 rows x (16 + 17) columns
    assert len(report.cells) == 3 * 33


def test_a_clean_csv_reads_like_the_workbook(tmp_path):
    x = read_report(write_tiny_xlsx(tmp_path / "ok.xlsx"))
    c = read_report(write_tiny_csv(tmp_path / "ok.csv"))
    assert c.header.unit_code == x.header.unit_code and c.header.period_end == x.header.period_end
    key = lambda cell: (cell["sheet"], cell["row_code"], cell["column_name"])  # noqa: E731
    assert {key(v): v["value"] for v in c.cells} == {key(v): v["value"] for v in x.cells}


def test_text_in_a_number_cell_is_refused_naming_the_cell(tmp_path):
    path = write_tiny_xlsx(tmp_path / "text.xlsx")
    damage(path, lambda wb: wb["01_VIEC"].__setitem__("F14", "12a"))
    assert refused_codes(path) == [("CELL_NOT_NUMBER", "01_VIEC", "F14")]


def test_a_formula_without_cached_value_is_refused_not_read_as_zero(tmp_path):
    path = write_tiny_xlsx(tmp_path / "formula.xlsx")
    damage(path, lambda wb: wb["02_TIEN"].__setitem__("E15", "=E13+E14"))
    assert refused_codes(path) == [("CELL_FORMULA_NO_VALUE", "02_TIEN", "E15")]


def test_shifted_header_rows_are_refused(tmp_path):
    path = write_tiny_xlsx(tmp_path / "shifted.xlsx")
    damage(path, lambda wb: wb["01_VIEC"].insert_rows(1, 2))
    codes = refused_codes(path)
    assert ("HEADER_LABEL_MISMATCH", "01_VIEC", "A2") in codes
    assert all(sheet == "01_VIEC" for _, sheet, _ in codes)


def test_a_missing_sheet_is_refused(tmp_path):
    path = write_tiny_xlsx(tmp_path / "one_sheet.xlsx")
    damage(path, lambda wb: wb.remove(wb["02_TIEN"]))
    assert refused_codes(path) == [("SHEET_MISSING", None, None)]


def test_an_unknown_form_code_is_refused(tmp_path):
    path = write_tiny_xlsx(tmp_path / "form.xlsx")
    damage(path, lambda wb: wb["01_VIEC"].__setitem__("B2", "01/TK-XYZ"))
    assert refused_codes(path) == [("FORM_CODE_UNKNOWN", "01_VIEC", "B2")]


def test_a_missing_total_row_and_an_empty_cell_are_both_reported(tmp_path):
    path = write_tiny_xlsx(tmp_path / "two.xlsx")

    def change(wb):
        ws = wb["01_VIEC"]
        ws["B15"] = "Cộng"  # the Tổng cộng label is gone
        ws["G13"] = None

    damage(path, change)
    codes = refused_codes(path)
    assert ("CELL_EMPTY", "01_VIEC", "G13") in codes
    assert ("TOTAL_ROW_MISSING", "01_VIEC", None) in codes


def test_csv_in_another_encoding_is_refused(tmp_path):
    path = write_tiny_csv(tmp_path / "cp1258.csv")
    text = path.read_text(encoding="utf-8-sig")
    path.write_bytes(text.encode("utf-16"))  # UTF-16 with BOM is accepted
    assert read_report(path).header.unit_code == "P08-D070"
    path.write_bytes(text.replace("Tổng cộng", "T\u00f4ng c\u00f4ng").encode("latin-1", errors="replace"))
    assert refused_codes(path) == [("CSV_ENCODING", None, None)]


def test_csv_row_missing_a_column_is_refused(tmp_path):
    path = write_tiny_csv(tmp_path / "short.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    kept = [line for line in lines if not (",CHV-D070-02,7," in line and "01/TK-THADS" in line)]
    assert len(kept) == len(lines) - 1
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    codes = refused_codes(path)
    assert codes and codes[0][0] == "CELL_EMPTY"


def test_unit_report_and_province_report_of_the_same_unit_differ_in_kind(tmp_path):
    r = tiny_report(unit_code="P08")
    r.kind = "province"
    parsed = read_report(write_tiny_xlsx(tmp_path / "p.xlsx", r))
    assert parsed.header.report_kind == "province" and parsed.header.report_kind_label == "Toàn tỉnh"


def test_a_zip_bomb_is_refused_by_its_compression_ratio_in_fixed_memory(tmp_path):
    import resource

    from pipelines.lib.ingest.safety import check_workbook_container
    from tests.fixtures.bad.make_corpus import zip_bomb

    path = zip_bomb(tmp_path / "bomb.xlsx", size=64 * 1024 * 1024)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    defects = check_workbook_container(path, max_uncompressed=10**12, max_rows=5000)
    assert [d.code for d in defects] == ["ZIP_TOO_LARGE"]
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 64  # MiB: never inflated


def test_a_reader_failure_on_one_file_is_recorded_not_raised(tmp_path, monkeypatch):
    from datetime import date

    import pipelines.lib.ingest.load as ingest_module
    from pipelines.lib.reference import UnitRegister
    from pipelines.settings import Settings

    path = write_tiny_xlsx(tmp_path / "ok.xlsx")

    def boom(p):
        raise RuntimeError("XmlError: worksheet")

    monkeypatch.setattr(ingest_module, "read_report", boom)
    report, defects = ingest_module.examine(
        path, Settings(raw_dir=tmp_path, marts_dir=tmp_path, today=date(2026, 11, 22)), UnitRegister()
    )
    assert report is None
    assert [(d.code, d.found) for d in defects] == [("FILE_UNREADABLE", "RuntimeError: XmlError: worksheet")]
