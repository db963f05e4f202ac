"""What auditors open after a refresh of the whole sample: the HTML validation report (looked at in
headless Chromium, as a person would), the Excel workbook (re-opened), the Data Docs (offline),
the GX asset checks, and `thads report` for one province and period."""

import re
import shutil
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from pipelines.cli import main
from pipelines.lib.reporting import html
from pipelines.lib.reporting.build import _unit_info, write_validation_report
from pipelines.lib.reporting.html import write_html
from pipelines.lib.reporting.views import ReportData, collect
from pipelines.lib.reporting.workbook import write_xlsx
from tests.fixtures.warehouse import query

pytestmark = pytest.mark.integration

# What each planted defect (docs/sample-data.md) looks like on the overview page.
PLANTED_ON_INDEX = ["K16: 69 → 96", "P10-D082", "P15-D136", "P02", "T-03", "P10-D085_lan1.xlsx"]


@pytest.fixture(scope="module")
def reports(full_sample) -> Path:
    return full_sample["marts"] / "reports"


def test_every_refresh_writes_the_report(reports):
    index = (reports / "index.html").read_text(encoding="utf-8")
    for text in PLANTED_ON_INDEX:
        assert text in index, text
    assert "Tuyên Quang" in index and "Phát hiện cần xử lý" in index and "Findings to act on" in index
    assert index.count('<svg class="chart"') >= 3
    assert not re.search(r"""<(?:script|link|img)\b[^>]*(?:src|href)="https?:""", index)
    assert (reports / "don_vi" / "P10-D082_2024-03.html").exists()
    assert (reports / "quy_tac" / "V-02.html").exists() and (reports / "quy_tac" / "R-04.html").exists()
    assert len(list(reports.glob("tinh_*.html"))) == 4


def test_rule_page_shows_items_over_time(reports):
    page = (reports / "quy_tac" / "R-04.html").read_text(encoding="utf-8")
    assert "kết quả theo kỳ" in page and "P10-D082" in page and "03/2024" in page


def test_the_workbook_reopens_with_vietnamese_headers_and_formats(reports):
    wb = openpyxl.load_workbook(reports / "bao_cao_kiem_tra.xlsx")
    assert wb.sheetnames == [
        "Tong_quan",
        "Don_vi",
        "Nguyen_nhan",
        "Phat_hien",
        "Lich_su",
        "Quy_tac",
        "Quy_tac_theo_ky",
        "Cach_ly",
        "Hop_dong_GX",
        "Bao_cao_cham",
        "Dinh_chinh",
    ]
    ws = wb["Tong_quan"]
    head = [c.value for c in ws[1]]
    assert head[:3] == ["Mã tỉnh", "Tỉnh", "Đến ngày"] and ws["A2"].value == "Province code"
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref
    rate_col = head.index("Tỷ lệ về việc") + 1
    first = {ws.cell(r, 1).value: ws.cell(r, rate_col) for r in range(3, ws.max_row + 1)}
    assert first["P02"].number_format == "0.00%" and first["P02"].value == pytest.approx(0.8213)
    completed = ws.cell(3, head.index("Thi hành xong (việc)") + 1)
    assert completed.number_format == "#,##0" and isinstance(completed.value, int)
    assert len(ws._charts) == 2  # rates against targets, cases and money
    findings = wb["Phat_hien"]
    hints = [row for row in findings.iter_rows(min_row=3, values_only=True) if row[5] == "P10-D082"]
    assert any(row[15] == "K16: 69 → 96 (đảo chữ số)" for row in hints)  # the kind of slip in Vietnamese
    quarantine = [row[0] for row in wb["Cach_ly"].iter_rows(min_row=3, values_only=True)]
    assert quarantine == ["2024-08/P10-D085_lan1.xlsx"]


def test_text_from_the_input_never_runs_as_a_formula_or_script(tmp_path):
    evil = '=HYPERLINK("http://x","bấm")<script>alert(1)</script>'
    data = ReportData(
        generated_at=datetime(2026, 11, 22),
        run_id="r",
        provinces=[],
        units={},
        findings=[],
        history={},
        rules=[],
        rule_periods={},
        expectations=[],
        quarantine=[
            {
                "file_path": evil,
                "reason_code": "+1",
                "sheet": "-2",
                "cell_ref": "@A1",
                "expected": None,
                "found": None,
                "message_vi": evil,
                "message_en": "x",
                "file_sha256": "0",
            }
        ],
    )
    write_xlsx(data, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Cach_ly"]
    assert [ws.cell(3, c).value for c in (1, 2, 3, 4)] == ["'" + evil, "'+1", "'-2", "'@A1"]
    assert all(ws.cell(3, c).data_type == "s" for c in (1, 2, 3, 4))
    write_html(data, tmp_path, {}, None)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_asset_checks_carry_the_data_docs_page(full_sample):
    checks = {
        e.check_name: e for e in full_sample["result"].get_asset_check_evaluations() if e.check_name.startswith("gx_")
    }
    assert set(checks) == {
        "gx_v01_staged_report_files",
        "gx_v02_staged_report_rows",
        "gx_v03_mart_indicators",
        "gx_v04_mart_units_periods",
    }
    for check in checks.values():
        assert check.passed and check.metadata["fail"].value == 0
        page = Path(check.metadata["data_docs_page"].value)
        assert page.exists() and page.suffix == ".html" and "data_docs/validations" in str(page)


def test_deadlines_follow_the_reporting_regime(full_sample):
    rows = query(
        full_sample["db"],
        "select period_end, unit_deadline, province_deadline from marts.dim_period "
        "where period_end in ('2019-08-31', '2023-08-31', '2025-05-31') order by 1",
    )
    assert [(str(a), str(b), str(c)) for a, b, c in rows] == [
        ("2019-08-31", "2019-09-03", "2019-09-06"),  # TT 01/2013: before the 4th / 7th of the next month
        # TT 06/2019: 2 / 4 working days; 1–4/9/2023 are the National Day holidays (holidays calendar)
        ("2023-08-31", "2023-09-06", "2023-09-08"),
        ("2025-05-31", "2025-06-03", "2025-06-05"),  # a Saturday period end: the count starts on Monday
    ]


def test_gx_outcomes_are_validation_results(full_sample):
    rows = query(
        full_sample["db"],
        "select rule_id, outcome, count(*) from marts.fct_validation_result "
        "where family = 'value_contract' group by all order by all",
    )
    assert [(r, o) for r, o, _ in rows] == [("V-01", "pass"), ("V-02", "pass"), ("V-03", "pass"), ("V-04", "pass")]


def test_report_on_demand_for_one_province_and_period(full_sample, capsys):
    marts = str(full_sample["marts"])
    assert main(["report", "--province", "08", "--period", "2023-08", "--marts", marts]) == 0
    out = full_sample["marts"] / "reports" / "theo_yeu_cau" / "P08_2023-08"
    page = (out / "tinh_P08_2023-08.html").read_text(encoding="utf-8")
    assert "11 tháng năm 2023" in page and "86,32%" in page and "84,00%" in page  # the seed's rate and target
    assert (out / "index.html").exists() and (out / "bao_cao_kiem_tra.xlsx").exists()
    assert main(["report", "--province", "08", "--period", "2031-01", "--marts", marts]) == 2
    assert "no province indicators for P08 at 31/01/2031" in capsys.readouterr().err
    assert main(["report", "--province", "08", "--marts", marts]) == 2


def test_a_report_written_again_rewrites_only_the_pages_that_changed(full_sample, tmp_path):
    db, out = full_sample["db"], tmp_path / "reports"
    write_validation_report(db, out)
    pages = sorted(p for p in out.rglob("*.html"))
    assert len(pages) > 10
    before = {p: p.stat().st_mtime_ns for p in pages}
    page = out / "don_vi" / "P10-D082_2024-03.html"
    page.write_text(page.read_text(encoding="utf-8").replace("P10-D082", "P10-D999"), encoding="utf-8")
    gone = out / "don_vi" / "P99-D001_2024-03.html"  # a page of a unit and period that no longer has one
    gone.write_text("<html></html>", encoding="utf-8")
    time.sleep(0.01)
    write_validation_report(db, out)
    after = {p: p.stat().st_mtime_ns for p in sorted(out.rglob("*.html"))}
    assert set(after) == set(before)  # the stray page is removed, no page is missing
    rewritten = [p for p in pages if after[p] != before[p]]
    assert rewritten == [page]  # its time stamp aside, every other page said the same: left as it was
    assert "P10-D999" not in page.read_text(encoding="utf-8")


def _rendered_pages(monkeypatch) -> list[str]:
    rendered: list[str] = []
    real = html._render

    def spy(page, data):
        rendered.append(page.path)
        return real(page, data)

    monkeypatch.setattr(html, "_render", spy)
    return rendered


def test_pages_whose_rows_did_not_change_are_not_rendered_again(full_sample, tmp_path, monkeypatch):
    """A night renders the index and the pages whose rows changed; the causes it lists are kept from the
    last night unless they changed. What it writes is what a report written from nothing says."""
    db, kept, fresh = full_sample["db"], tmp_path / "kept", tmp_path / "fresh"
    data = collect(db)
    info = _unit_info(db, data)
    write_html(data, kept, info, None)
    rendered = _rendered_pages(monkeypatch)
    write_html(data, kept, info, None)
    assert rendered == ["index.html"]

    # one cause of P10-D082 (March 2024) says something else tonight: its unit's page and its province's
    # pages change, and the index shows the new text
    cause = next(c for c in data.root_causes if (c["unit_code"], f"{c['period_end']:%Y-%m}") == ("P10-D082", "2024-03"))
    cause["action_vi"] = "Việc mới cần làm cho nguyên nhân này"
    rendered.clear()
    write_html(data, kept, info, None)
    assert rendered[0] == "index.html" and "don_vi/P10-D082_2024-03.html" in rendered
    assert {Path(p).name for p in rendered[1:]} <= {"P10-D082_2024-03.html"} | {
        f"tinh_P10_{p['period_end']:%Y-%m}.html" for p in data.provinces if p["unit_code"] == "P10"
    }
    write_html(data, fresh, info, None)  # from nothing: no memo, every page and cause rendered
    for page in [kept / "index.html", *sorted((kept / "don_vi").glob("*.html")), *sorted(kept.glob("tinh_*.html"))]:
        assert html_text(page) == html_text(fresh / page.relative_to(kept)), page
    assert "Việc mới cần làm cho nguyên nhân này" in (kept / "index.html").read_text(encoding="utf-8")

    # a page replaced by hand is rendered again; another code version renders every page
    (kept / "don_vi" / "P10-D082_2024-03.html").write_text("<html></html>", encoding="utf-8")
    rendered.clear()
    write_html(data, kept, info, None)
    assert rendered == ["index.html", "don_vi/P10-D082_2024-03.html"]
    monkeypatch.setattr(html, "code_version", lambda _: "another")
    rendered.clear()
    write_html(data, kept, info, None)
    assert len(rendered) == len(list(kept.rglob("*.html")))
    (kept / ".trang_da_viet.json").write_text("{", encoding="utf-8")  # an unreadable memo: nothing is trusted
    rendered.clear()
    write_html(data, kept, info, None)
    assert len(rendered) == len(list(kept.rglob("*.html")))


def html_text(page: Path) -> str:
    """A page's text without its generation time."""
    return re.sub(r'<span class="generated">[^<]*</span>', "", page.read_text(encoding="utf-8"))


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip(
            "Debian's chromium is not installed and `make test` could not install it "
            "(apt-get install chromium); the screen test needs a browser"
        )
    return path


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    failed, errors = [], []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, failed, errors


def test_the_report_as_a_person_sees_it(reports):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=_chromium(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page, failed, errors = _open(browser, (reports / "index.html").as_uri())
            text = page.inner_text("body")
            assert "Phát hiện cần xử lý" in text and "Findings to act on" not in text  # Vietnamese first
            for planted in PLANTED_ON_INDEX:
                assert planted in text, planted
            charts = page.locator("svg.chart")
            assert charts.count() >= 3 and all(charts.nth(i).is_visible() for i in range(charts.count()))
            bars = page.locator("svg.chart rect.bar")
            assert bars.count() >= 8 and bars.first.bounding_box()["width"] > 10
            page.click("button.lang")
            assert page.evaluate("document.documentElement.lang") == "en"
            assert "Findings to act on" in page.inner_text("body")
            assert not failed and not errors, (failed, errors)

            page.locator('a[href*="don_vi/P10-D082_2024-03.html"]').first.click()  # to the unit's page
            page.wait_for_load_state("load")
            assert page.url.endswith("P10-D082_2024-03.html?lang=en")
            assert page.evaluate("document.documentElement.lang") == "en"  # the language choice is kept
            body = page.inner_text("body")
            assert "K16: 69 → 96 (transposition)" in body and "History over refresh runs" in body
            assert not failed and not errors, (failed, errors)

            docs, failed, errors = _open(browser, (reports / "data_docs" / "index.html").as_uri())
            assert docs.evaluate("typeof jQuery") == "function"
            assert "v02_staged_report_rows" in docs.inner_text("body")
            assert not failed and not errors, (failed, errors)
        finally:
            browser.close()
