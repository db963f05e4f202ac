"""The Great Expectations value contracts (V-01…V-04): a passing, a failing and an NA fixture each,
run by real GX on frames pulled from a real published warehouse (Hà Giang + Tuyên Quang 2024–2025),
with the outcome as it lands in raw.gx_results and the Data Docs as auditors open them."""

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.validation import expectations
from pipelines.lib.validation.expectations import _column_label, load_suites, render_docs, run_suites, store_results

pytestmark = pytest.mark.integration

# One defect per suite, planted in the relation the suite validates (a cell, a key, a bound).
DEFECTS = {
    # a report the staged view keeps (not a self-scoring table or an emulation list, whose hash may sort first)
    "V-01": "update raw.report_files set submission_no = 0 where file_sha256 = (select min(file_sha256) "
    "from raw.report_files where status = 'loaded' and report_kind in ('unit', 'province'))",
    "V-02": "update intermediate.int_report_rows_pivoted set new_cases = -3 "
    "where file_sha256 = (select min(file_sha256) from intermediate.int_report_rows_pivoted) "
    "and row_kind = 'total'",
    "V-03": "update marts.rpt_indicators set case_rate_pct = 120 "
    "where unit_code = 'P08' and period_end = date '2024-08-31'",
    "V-04": "update marts.dim_unit set valid_to = valid_from - 1 where unit_code = 'P08-D070'",
}
EMPTIED = [
    "delete from raw.report_files",
    "delete from intermediate.int_report_rows_pivoted",
    "delete from marts.rpt_indicators",
    "delete from marts.dim_unit",
]


def _run(base: Path, name: str, warehouse: Path, statements: list[str]) -> list[dict]:
    db = base / f"{name}.duckdb"
    shutil.copy(warehouse, db)
    con = duckdb.connect(str(db))
    try:
        for sql in statements:
            con.execute(sql)
        rows = run_suites(con, base / f"{name}_gx", base / f"{name}_docs", run_id=f"run-{name}")
        store_results(con, rows)
        stored = con.execute("select count(*) from raw.gx_results where run_id = ?", [f"run-{name}"]).fetchall()
        assert stored == [(len(rows),)]
    finally:
        con.close()
    return rows


@pytest.fixture(scope="module")
def outcomes(merger_warehouse, tmp_path_factory):
    base = tmp_path_factory.mktemp("gx")
    return {
        "clean": _run(base, "clean", merger_warehouse, []),
        "defects": _run(base, "defects", merger_warehouse, list(DEFECTS.values())),
        "empty": _run(base, "empty", merger_warehouse, EMPTIED),
        "docs": base / "clean_docs",
    }


def _by_rule(rows, rule):
    return [r for r in rows if r["rule_id"] == rule]


@pytest.mark.parametrize("rule", sorted(DEFECTS))
def test_each_contract_passes_fails_and_is_na(outcomes, rule):
    clean = _by_rule(outcomes["clean"], rule)
    assert clean and {r["outcome"] for r in clean} == {"pass"}
    failing = [r for r in _by_rule(outcomes["defects"], rule) if r["outcome"] != "pass"]
    assert failing and {r["outcome"] for r in failing} == {"fail"}
    assert all(r["unexpected_count"] >= 1 and r["note"] for r in failing)
    assert sorted(r["expectation_no"] for r in clean) == list(range(1, len(clean) + 1))
    assert {r["outcome"] for r in _by_rule(outcomes["empty"], rule)} == {"na"}


def test_a_failing_row_is_named_by_its_keys(outcomes):
    v03 = [r for r in _by_rule(outcomes["defects"], "V-03") if r["outcome"] == "fail"]
    assert [r["column_name"] for r in v03] == ["case_rate_pct"]
    assert "P08 2024-08-31" in v03[0]["failing_keys"] and "P08 2024-08-31" in v03[0]["note"]
    v02 = {r["column_name"] for r in _by_rule(outcomes["defects"], "V-02") if r["outcome"] == "fail"}
    assert v02 == {"new_cases", "i01_gap_cases"}  # not negative, and I-01 no longer holds


def test_every_suite_is_a_registered_rule():
    rules = (Path(__file__).parents[2] / "dbt_project/seeds/ref_rules.csv").read_text(encoding="utf-8")
    expressions = (Path(__file__).parents[2] / "dbt_project/seeds/ref_rule_expressions.csv").read_text(encoding="utf-8")
    for suite in load_suites():
        assert re.search(rf"^{suite.rule_id},value_contract,", rules, re.M), suite.name
        assert f"{suite.rule_id},{suite.name},great_expectations," in expressions, suite.name
        # an expectation is numbered by its place in the file: (type, columns) must name one
        places = [(e["type"], _column_label(e["kwargs"])) for e in suite.body["expectations"]]
        assert len(places) == len(set(places)), suite.name


def test_data_docs_need_no_network(outcomes):
    docs = outcomes["docs"]
    pages = list(docs.rglob("*.html"))
    assert (docs / "index.html").exists() and len(pages) >= 1 + 2 * len(load_suites())
    for page in pages:
        html = page.read_text(encoding="utf-8")
        loaded = re.findall(r"""<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]+)\"""", html)
        assert not [u for u in loaded if u.startswith(("http:", "https:", "//"))], page
        for url in loaded:  # every local resource is there
            assert (page.parent / url.split("?")[0]).resolve().exists(), (page, url)
    assert (docs / "static/vendor/css/fontawesome-all.min.css").exists()


# GX gives each collapsible block of a page a new uuid every time it renders the page
_BLOCK_ID = re.compile(rb"collapse-body-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _site(docs: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(docs)): _BLOCK_ID.sub(b"collapse-body-", p.read_bytes())
        for p in sorted(docs.rglob("*"))
        if p.is_file()
    }


def test_data_docs_render_only_this_runs_pages(merger_warehouse, tmp_path, monkeypatch):
    """A run renders its own pages and the index into a copy of the last site; the site equals one rendered
    from nothing, pages of results GX no longer keeps go, and a site missing a page is rendered whole."""
    monkeypatch.setattr(expectations, "KEEP_RUNS", 2)
    db = tmp_path / "w.duckdb"
    shutil.copy(merger_warehouse, db)
    con = duckdb.connect(str(db))
    project = tmp_path / "gx"
    try:
        run_suites(con, project, tmp_path / "docs0", "run-0")
        run_suites(con, project, tmp_path / "docs1", "run-1", previous_docs=tmp_path / "docs0")
        # a page of run-1 marked in its site: copied, not rendered again, by the next run
        page = next((tmp_path / "docs1/validations").glob("*/run-1/*/*.html"))
        page.write_text(page.read_text(encoding="utf-8") + "<!-- kept -->", encoding="utf-8")
        run_suites(con, project, tmp_path / "docs2", "run-2", previous_docs=tmp_path / "docs1")
        kept = tmp_path / "docs2" / page.relative_to(tmp_path / "docs1")
        assert kept.read_text(encoding="utf-8").endswith("<!-- kept -->")
        kept.write_text(page.read_text(encoding="utf-8").removesuffix("<!-- kept -->"), encoding="utf-8")
        render_docs(project, tmp_path / "full2")
        site = _site(tmp_path / "docs2")
        assert site == _site(tmp_path / "full2")
        assert not [name for name in site if "run-0" in name]  # pruned from GX's store (KEEP_RUNS), gone
        assert [name for name in site if "/run-2/" in name] and [name for name in site if "/run-1/" in name]
        # a result GX keeps without a page (removed by hand, or a run that failed after its suites): all again
        removed = next((tmp_path / "docs2/validations").glob("*/run-2/*/*.html"))
        removed.unlink()
        run_suites(con, project, tmp_path / "docs3", "run-3", previous_docs=tmp_path / "docs2")
        render_docs(project, tmp_path / "full3")
        assert _site(tmp_path / "docs3") == _site(tmp_path / "full3")
        assert (tmp_path / "docs3" / removed.relative_to(tmp_path / "docs2")).exists()
        # a site rendered by other code (another make_offline, another GX): every page again
        marked = next((tmp_path / "docs3/validations").glob("*/run-3/*/*.html"))
        marked.write_text(marked.read_text(encoding="utf-8") + "<!-- kept -->", encoding="utf-8")
        stamp = tmp_path / "docs3" / expectations.DOCS_STAMP
        stamp.write_text(stamp.read_text(encoding="utf-8").replace('"code": "', '"code": "other'), encoding="utf-8")
        run_suites(con, project, tmp_path / "docs4", "run-4", previous_docs=tmp_path / "docs3")
        again = tmp_path / "docs4" / marked.relative_to(tmp_path / "docs3")
        assert again.exists() and not again.read_text(encoding="utf-8").endswith("<!-- kept -->")
    finally:
        con.close()
