"""Every reconciliation rule with a passing, a failing and an NA item, on a real DuckDB with a
real dbt build.

The scenario: the real sample reports of Hà Giang + Tuyên Quang for statistical years 2024–2025
(both sides of the 1/7/2025 reorganisation), loaded by the real ingestion; two reports are
left out, and a handful of cells are changed in the raw tables to plant one defect per rule
(each change is listed below with the rule it is for). Then one `dbt build` runs on a copy of
the dbt project whose registry has one extra, broken rule (X-99) and one explanation.
"""

import csv
import json
import os
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from pipelines.lib.ingest.load import ingest
from pipelines.lib.ingest.readers import read_report
from pipelines.lib.sample import generate_sample
from pipelines.lib.sample.self_scores import SelfScore
from pipelines.lib.sample.writers import write_self_score
from pipelines.lib.warehouse.dbt_project import dbt_executable
from pipelines.settings import DBT_PROJECT_DIR, Settings

pytestmark = pytest.mark.integration

D = date.fromisoformat
LEFT_OUT = [("2024-02", "P08-D075"), ("2024-08", "P08-D075"), ("2025-06", "P08-D073")]


def _set(con, unit, period, kind, sheet, row_kind, row_code, column, expr, params=()):
    """Change one cell of a loaded report; `expr` may use `value` (the cell's current value)."""
    n = con.execute(
        f"""
        update raw.report_cells as c set value = {expr}
        from raw.report_files as f
        where f.file_sha256 = c.file_sha256 and f.unit_code = ? and f.period_end = ? and f.report_kind = ?
          and c.sheet = ? and c.row_kind = ? and c.row_code = ? and c.column_name = ?
        """,
        [*params, unit, D(period), kind, sheet, row_kind, row_code, column],
    ).fetchall()
    assert n and n[0][0] == 1, (unit, period, column)


def _get(con, unit, period, kind, sheet, row_kind, row_code, column):
    return con.execute(
        """
        select c.value from raw.report_cells c join raw.report_files f using (file_sha256)
        where f.unit_code = ? and f.period_end = ? and f.report_kind = ? and c.sheet = ? and c.row_kind = ?
          and c.row_code = ? and c.column_name = ?
        """,
        [unit, D(period), kind, sheet, row_kind, row_code, column],
    ).fetchall()[0][0]


def _row(con, unit, period, row_code, values: dict):
    for column, v in values.items():
        _set(con, unit, period, "unit", "01_VIEC", "detail", row_code, column, "?", (v,))


def _national_report(con, period: str, bump_new_cases: int) -> None:
    """A national report (VN) that is the sum of the two provinces' province-wide totals."""
    sha = f"vn-{period}"
    con.execute(
        """
        insert into raw.report_files by name
        select ? as file_sha256, 'vn/' || ? as file_path, 'vn.xlsx' as file_name, 0 as file_size_bytes,
               now()::timestamp as received_at, 'scenario' as run_id, 'loaded' as status, 'xlsx' as file_format,
               'thads_ref_2024' as template_id, 'VN' as unit_code, 'Toàn quốc' as unit_name,
               'province' as report_kind, date '2023-10-01' as period_start, ? as period_end, 1 as submission_no,
               32 as n_cells
        """,
        [sha, period, D(period)],
    )
    con.execute(
        """
        insert into raw.report_cells by name
        select ? as file_sha256, c.sheet, c.form_code, c.measure, 'X1' as cell_ref, 99 as row_number,
               'total' as row_kind, '' as row_code, c.column_number, c.column_name,
               case when c.column_name = 'completion_rate_pct' then null
                    else sum(c.value) + case when c.column_name = 'new_cases' then ? else 0 end end as value
        from raw.report_cells c join raw.report_files f using (file_sha256)
        where f.report_kind = 'province' and f.unit_code in ('P08', 'P02') and f.period_end = ?
          and c.row_kind = 'total'
        group by c.sheet, c.form_code, c.measure, c.column_number, c.column_name
        """,
        [sha, bump_new_cases, D(period)],
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("rules")
    raw = base / "raw"
    generate_sample(raw, provinces=("02", "08"), first_year=2024, last_year=2025, defects=False)
    for month, unit in LEFT_OUT:
        for p in (raw / month).glob(f"{unit}_lan1.*"):
            p.unlink()
    # T-03: a resubmitted self-scoring table that claims 0,01 point too much, and one for a date
    # with no report at all
    original = read_report(raw / "tu_cham_diem" / "P08_2024-09.xlsx")
    claims = [
        (c["criterion_code"], c["criterion_name"], c["claimed_value"], 5.0)
        for c in original.claims
        if c["claimed_value"] is not None  # the figures, not the points-only criteria
    ]
    claims = [
        (
            code,
            name,
            f"{value + Decimal('0.01'):.2f}"
            if code == "case_rate_pct"
            else int(value)
            if code in ("completed_cases", "completed_kvnd")
            else f"{value:.2f}",
            p,
        )
        for code, name, value, p in claims
    ]
    write_self_score(
        SelfScore("P08", "Cục THADS tỉnh Tuyên Quang", 2024, D("2024-09-30"), claims, submission_no=2),
        raw / "tu_cham_diem" / "P08_2024_lan2.xlsx",
    )
    write_self_score(
        SelfScore(
            "P08",
            "Cục THADS tỉnh Tuyên Quang",
            2021,
            D("2021-09-30"),
            [("completed_cases", "Số việc thi hành xong", 1000, 5.0)],
        ),
        raw / "tu_cham_diem" / "P08_2021.xlsx",
    )

    build = base / "scenario.duckdb"
    con = duckdb.connect(str(build))
    settings = Settings(raw_dir=raw, marts_dir=base / "marts", today=D("2026-11-22"))
    summary = ingest(con, settings, run_id="scenario")
    assert summary.quarantined == []
    V = "01_VIEC"
    _set(con, "P08-D074", "2024-04-30", "unit", V, "detail", "CHV-D074-01", "new_cases", "value + 1")
    _set(con, "P08-D074", "2024-05-31", "unit", V, "detail", "CHV-D074-01", "delegated_out_cases", "value + 2")
    _set(
        con, "P08-D074", "2024-06-30", "unit", V, "detail", "CHV-D074-01", "not_enforceable_cases", "value + 4"
    )
    _set(con, "P08-D074", "2024-07-31", "unit", V, "detail", "CHV-D074-01", "in_progress_cases", "value + 6")
    _set(con, "P08-D074", "2024-08-31", "unit", V, "detail", "CHV-D074-01", "carried_out_cases", "value + 1")
    consistent = dict(
        carried_in_cases=10,
        new_cases=22,
        delegated_out_cases=0,
        withdrawn_cases=0,
        total_accepted_cases=32,
        to_enforce_cases=32,
        enforceable_cases=32,
        executed_cases=1,
        terminated_cases=0,
        in_progress_cases=31,
        postponed_agreed_cases=0,
        other_enforceable_cases=0,
        not_enforceable_cases=0,
        carried_out_cases=31,
        carried_out_enforceable_cases=31,
    )
    _row(
        con, "P08-D076", "2024-03-31", "CHV-D076-01", dict(consistent, completion_rate_pct=Decimal("3.13"))
    )  # R-07 = tol
    _row(
        con, "P08-D076", "2024-04-30", "CHV-D076-01", dict(consistent, completion_rate_pct=Decimal("3.14"))
    )  # R-07 > tol
    _set(con, "P08-D075", "2024-04-30", "unit", V, "detail", "CHV-D075-01", "executed_cases", "value + 1000")
    _set(con, "P08-D076", "2024-05-31", "unit", V, "total", "", "new_cases", "value + 3")
    to_enforce = _get(con, "P08-D073", "2024-06-30", "unit", V, "detail", "CHV-D073-01", "to_enforce_cases")
    _row(
        con,
        "P08-D073",
        "2024-06-30",
        "CHV-D073-01",
        dict(  # no enforceable cases, money still enforceable
            enforceable_cases=0,
            executed_cases=0,
            terminated_cases=0,
            in_progress_cases=0,
            postponed_agreed_cases=0,
            other_enforceable_cases=0,
            not_enforceable_cases=to_enforce,
            carried_out_cases=to_enforce,
            carried_out_enforceable_cases=0,
            completion_rate_pct=None,
        ),
    )
    for column in (
        "new_cases",
        "withdrawn_cases",
        "not_enforceable_cases",
        "in_progress_cases",
        "carried_out_cases",
        "enforceable_cases",
    ):  # NA for R-01…R-10: values missing on one total row
        _set(con, "P08-D070", "2024-06-30", "unit", V, "total", "", column, "null")
    _set(con, "P08-D071", "2024-03-31", "unit", V, "total", "", "carried_in_cases", "value + 7")  # P-01
    _set(con, "P08-D071", "2024-05-31", "unit", V, "total", "", "executed_cases", "value - 200")  # P-02
    _set(con, "P08-D072", "2024-10-31", "unit", V, "total", "", "carried_in_cases", "value + 1000")  # P-03
    _set(con, "P08-D073", "2024-09-30", "unit", V, "total", "", "executed_cases", "cast(value * 1.5 as bigint)")  # P-04
    _set(con, "P08-KV05", "2025-09-30", "unit", V, "total", "", "executed_cases", "cast(value * 1.5 as bigint)")  # P-05
    _set(con, "P08", "2024-07-31", "province", V, "detail", "P08-D072", "new_cases", "value + 9")  # H-01
    _national_report(con, "2024-03-31", 0)  # H-02 passes
    _national_report(con, "2024-04-30", 1)  # H-02 fails by one case
    _set(con, "P08-KV01", "2025-07-31", "unit", V, "total", "", "carried_in_cases", "value + 5")  # H-05
    # V-99: outcomes of a GX suite that is in no registry entry (dbt runs here without the GX step)
    con.execute(
        "insert into raw.gx_results values ('scenario-run', 'v99_unregistered', 1, 'V-99', 1, "
        "'expect_column_values_to_not_be_null', 'unit_code', 'x', 'x', 'pass', 10, 0, null, null, null, "
        "timestamp '2026-11-22 00:00:00')"
    )
    con.close()

    project = base / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    with open(project / "seeds" / "ref_rules.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [
                "X-99",
                "within_report",
                1,
                "error",
                0,
                "non_null",
                "test",
                "2009-07-01",
                "",
                "quy tắc hỏng",
                "broken rule",
            ]
        )
        csv.writer(fh, lineterminator="\n").writerow(
            [
                "X-98",
                "within_report",
                1,
                "error",
                0,
                "non_null",
                "test",
                "2009-07-01",
                "",
                "ngữ cảnh lạ",
                "no evaluator",
            ]
        )
    with open(project / "seeds" / "ref_rule_expressions.csv", "a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["X-99", "broken", "report_row", "01/TK-THADS", "no_such_column", "=", "carried_in_cases", "", ""])
        w.writerow(["X-98", "elsewhere", "nowhere", "01/TK-THADS", "carried_in_cases", "=", "carried_in_cases", "", ""])
    with open(project / "seeds" / "ref_explanations.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [
                "H-01",
                "P08",
                "2024-07-31",
                "row new_cases",
                "new_cases",
                "explained",
                "Đơn vị đã giải trình",
                "Explained by the unit",
                "Thanh tra viên A",
                "2024-08-15",
            ]
        )
    dbt = dbt_executable()  # first: it names the real dbt in the environment the wrapper execs
    env = dict(os.environ, THADS_BUILD_DB=str(build), THADS_RUN_ID="scenario-run")
    proc = subprocess.run(
        [dbt, "build", "--project-dir", str(project), "--profiles-dir", str(project)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-5000:]
    return build


def outcomes(db, rule, unit, period, part=None, row_code=None, current=True, form=("01/TK-THADS", "*")):
    con = duckdb.connect(str(db), read_only=True)
    try:
        sql = (
            "select outcome, imbalance, note from marts.fct_validation_result "
            "where rule_id = ? and unit_code = ? and period_end = ? and is_current_version = ? "
            "and form_code in (?, ?)"
        )
        params = [rule, unit, D(period), current, form[0], form[-1]]
        if part is not None:
            sql += " and part = ?"
            params.append(part)
        if row_code is not None:
            sql += " and row_code = ?"
            params.append(row_code)
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def one(db, *args, **kwargs):
    rows = outcomes(db, *args, **kwargs)
    assert len(rows) == 1, rows
    return rows[0]


CASES = "01/TK-THADS"

# rule, (unit, period, part, row_code) passing, failing, NA — each item is one identity on one row
ROW_RULES = [
    ("R-01", "I-01", "P08-D074", "2024-04-30", "CHV-D074-01"),
    ("R-02", "I-02", "P08-D074", "2024-05-31", "CHV-D074-01"),
    ("R-03", "I-03", "P08-D074", "2024-06-30", "CHV-D074-01"),
    ("R-04", "I-04", "P08-D074", "2024-07-31", "CHV-D074-01"),
    ("R-06", "I-06", "P08-D074", "2024-08-31", "CHV-D074-01"),
    ("R-07", "I-09", "P08-D076", "2024-04-30", "CHV-D076-01"),
    ("R-08", "completed<=enforceable", "P08-D075", "2024-04-30", "CHV-D075-01"),
    ("R-10", "enforceable", "P08-D073", "2024-06-30", "CHV-D073-01"),
]


def _cases(db, rule, part, unit, period, row_code):
    rows = [r for r in outcomes(db, rule, unit, period, part, row_code)]
    return rows


@pytest.mark.parametrize(("rule", "part", "unit", "period", "row_code"), ROW_RULES)
def test_row_rule_passes_fails_and_is_na(db, rule, part, unit, period, row_code):
    con = duckdb.connect(str(db), read_only=True)
    form = "form_code in ('01/TK-THADS', '*')"
    try:
        failing = con.execute(
            f"select outcome from marts.fct_validation_result where rule_id = ? and part = ? and unit_code = ? "
            f"and period_end = ? and row_code = ? and {form}",
            [rule, part, unit, D(period), row_code],
        ).fetchall()
        passing = con.execute(
            f"select outcome from marts.fct_validation_result where rule_id = ? and part = ? and unit_code = ? "
            f"and period_end = ? and row_code = ? and {form}",
            [rule, part, unit, D(period), row_code.replace("-01", "-02")],
        ).fetchall()
        na = con.execute(
            f"select outcome from marts.fct_validation_result where rule_id = ? and part = ? and unit_code = 'P08-D070' "
            f"and period_end = date '2024-06-30' and row_kind = 'total' and {form}",
            [rule, part],
        ).fetchall()
    finally:
        con.close()
    assert failing == [("fail",)]
    assert passing == [("pass",)]
    assert na == [("na",)]


def test_tolerance_boundaries(db):
    # counts: tolerance 0 — imbalance 0 passes (every clean row), imbalance 1 fails; the sign is lhs − rhs
    assert one(db, "R-01", "P08-D074", "2024-04-30", "I-01", "CHV-D074-01")[:2] == ("fail", Decimal(-1))
    # rates: tolerance 0.005 point — 3.13 against 3.125 passes, 3.14 fails
    assert one(db, "R-07", "P08-D076", "2024-03-31", "I-09", "CHV-D076-01")[0] == "pass"
    outcome, imbalance, _ = one(db, "R-07", "P08-D076", "2024-04-30", "I-09", "CHV-D076-01")
    assert (outcome, imbalance) == ("fail", Decimal("0.015"))


def test_total_row_equals_the_sum_of_rows(db):
    assert one(db, "R-09", "P08-D076", "2024-05-31", "new_cases")[:2] == ("fail", Decimal(3))
    assert one(db, "R-09", "P08-D076", "2024-06-30", "new_cases")[0] == "pass"
    assert one(db, "R-09", "P08-D070", "2024-06-30", "new_cases")[0] == "na"


@pytest.mark.parametrize(
    ("rule", "part", "failing", "passing", "na"),
    [
        # the changed March also makes April differ from March: the passing item is June
        ("P-01", "carried_in", ("P08-D071", "2024-03-31"), ("P08-D071", "2024-06-30"), ("P08-D075", "2024-03-31")),
        ("P-02", "executed", ("P08-D071", "2024-05-31"), ("P08-D071", "2024-06-30"), ("P08-D075", "2024-03-31")),
        ("P-03", "carried_in", ("P08-D072", "2024-10-31"), ("P08-D071", "2024-10-31"), ("P08-D072", "2023-10-31")),
        ("P-04", "completed", ("P08-D073", "2024-09-30"), ("P08-D072", "2024-09-30"), ("P08-D075", "2024-09-30")),
        ("P-05", "completed", ("P08-KV05", "2025-09-30"), ("P08-KV06", "2025-09-30"), ("P08-D072", "2024-09-30")),
        ("H-05", "carried_in", ("P08-KV01", "2025-07-31"), ("P08-KV03", "2025-07-31"), ("P08-KV02", "2025-07-31")),
    ],
)
def test_cross_period_and_succession_rules(db, rule, part, failing, passing, na):
    for (unit, period), expected in ((failing, "fail"), (passing, "pass"), (na, "na")):
        got = [r[0] for r in outcomes(db, rule, unit, period, part, form=(CASES,))]
        assert got == [expected], (rule, unit, period, expected)


def test_province_report_against_its_units(db):
    assert one(db, "H-01", "P08", "2024-07-31", "row new_cases", "P08-D072")[:2] == ("fail", Decimal(9))
    assert one(db, "H-01", "P08", "2024-07-31", "row new_cases", "P08-D071")[0] == "pass"
    assert one(db, "H-01", "P08", "2024-02-29", "row new_cases", "P08-D075")[0] == "na"  # its own report is missing
    # only the D072 row was changed: the total still equals the units' own reports, and it is the
    # province report's own sum that no longer adds up
    assert one(db, "H-01", "P08", "2024-07-31", "total new_cases")[0] == "pass"
    assert one(db, "R-09", "P08", "2024-07-31", "new_cases")[:2] == ("fail", Decimal(-9))
    assert one(db, "H-01", "P08", "2024-06-30", "total new_kvnd", form=("02/TK-THADS",))[0] == "pass"
    assert one(db, "H-01", "P08", "2024-02-29", "total new_cases")[0] == "na"  # not every unit reported


def test_nation_against_the_provinces(db):
    assert one(db, "H-02", "VN", "2024-03-31", "total new_cases")[0] == "pass"
    assert one(db, "H-02", "VN", "2024-04-30", "total new_cases")[:2] == ("fail", Decimal(1))
    assert one(db, "H-02", "VN", "2024-05-31", "total new_cases")[0] == "na"  # no national report loaded


def test_delegation_balance_is_na_without_delegated_in_figures(db):
    # the reference layout carries no delegated-in column: H-03 can never pass by default
    outcome, _, note = one(db, "H-03", "P08", "2024-06-30", "delegation")
    assert (outcome, note) == ("na", "thiếu vế phải / right side missing")


def test_missing_data_modes(db):
    # C-01 treats a missing report as zero (always_zero): a fail, never NA
    assert one(db, "C-01", "P08-D075", "2024-02-29")[0] == "fail"
    assert one(db, "C-01", "P08-D074", "2024-02-29")[0] == "pass"
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute(
            "select count(*) from marts.fct_validation_result where rule_id = 'C-01' and outcome = 'na'"
        ).fetchall() == [(0,)]
    finally:
        con.close()


def test_both_sides_of_the_2025_reorganisation(db):
    assert one(db, "R-01", "P08-D070", "2025-06-30", "I-01", "")[0] == "pass"  # a district's last report
    assert one(db, "R-01", "P08-KV01", "2025-08-31", "I-01", "")[0] == "pass"  # a regional office's report
    assert outcomes(db, "H-05", "P08-KV01", "2025-06-30") == []  # H-05 is valid from 1/7/2025 only
    assert outcomes(db, "C-01", "P08-D070", "2025-07-31") == []  # a district is not expected to report after 1/7/2025
    assert one(db, "C-01", "P08-KV01", "2025-07-31")[0] == "pass"


def test_targets_and_self_scores(db):
    assert one(db, "T-01", "P08", "2024-09-30", "case_rate")[0] in ("pass", "fail")
    assert one(db, "T-01", "P08-D070", "2024-06-30", "case_rate")[0] == "na"  # rate unknown
    assert one(db, "T-02", "P08", "2024-09-30", "backlog_reduction")[0] == "na"  # no such target assigned
    assert one(db, "T-03", "P08", "2024-09-30", "claim", "case_rate_pct")[:2] == ("fail", Decimal("0.01"))
    assert one(db, "T-03", "P08", "2024-09-30", "claim", "completed_cases")[0] == "pass"
    assert one(db, "T-03", "P08", "2021-09-30", "claim", "completed_cases")[0] == "na"


def test_a_broken_rule_is_an_error_never_a_pass(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select outcome, note from marts.fct_validation_result where rule_id = 'X-99'").fetchall()
    finally:
        con.close()
    assert rows == [("error", "unknown identifier(s) in the rule expression: no_such_column")]
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select outcome, note from marts.fct_validation_result where rule_id = 'X-98'").fetchall()
    finally:
        con.close()
    assert rows == [("error", "no model evaluates context nowhere")]


def test_a_value_contract_that_did_not_run_is_an_error(db):
    """This scenario runs dbt without the GX step: each registered suite is an error item, never a
    pass; the outcome of a suite no registry entry knows is an error item too."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select rule_id, part, outcome, note from marts.fct_validation_result "
            "where family = 'value_contract' order by rule_id"
        ).fetchall()
    finally:
        con.close()
    assert [(r, o) for r, _, o, _ in rows] == [
        ("V-01", "error"),
        ("V-02", "error"),
        ("V-03", "error"),
        ("V-04", "error"),
        ("V-99", "error"),
    ]
    assert all("did not run in this refresh" in note for *_, note in rows[:4])
    assert rows[4][1] == "v99_unregistered" and "not registered in ref_rule_expressions" in rows[4][3]


def test_findings_have_status_and_explanations(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = dict(
            con.execute(
                "select rule_id || ' ' || unit_code || ' ' || period_end || ' ' || coalesce(row_code, ''), status "
                "from marts.fct_finding where rule_id in ('H-01', 'T-03', 'R-01') and part in ('row new_cases', 'claim', "
                "'I-01')"
            ).fetchall()
        )
        summary = con.execute(
            "select items, passes, fails, nas, errors from marts.fct_validation_summary "
            "where rule_id = 'R-01' and period_end = date '2024-04-30'"
        ).fetchall()
    finally:
        con.close()
    assert rows["H-01 P08 2024-07-31 P08-D072"] == "explained"  # closed by the operator's explanation file
    assert rows["T-03 P08 2024-09-30 case_rate_pct"] == "open"
    assert rows["R-01 P08-D074 2024-04-30 CHV-D074-01"] == "open"
    items, passes, fails, nas, errors = summary[0]
    assert fails >= 1 and items == passes + fails + nas + errors


def test_the_dbt_unit_tests_pass_in_the_scenario_build(db):
    # a refresh leaves them out (they test the SQL on fixed inputs, not the data): they run here
    results = json.loads((db.parent / "dbt_project" / "target" / "run_results.json").read_text(encoding="utf-8"))
    unit = [r for r in results["results"] if r["unique_id"].startswith("unit_test.")]
    declared = sum(
        len(yaml.safe_load(f.read_text(encoding="utf-8")).get("unit_tests", []))
        for f in (DBT_PROJECT_DIR / "models").rglob("*.yml")
    )
    assert declared and len(unit) == declared
    assert {r["status"] for r in unit} == {"pass"}


def test_per_file_models_drop_the_rows_of_a_file_no_longer_loaded(db, tmp_path):
    """The per-file models' post-hook (macros/incremental.sql): the rows of a file whose status is no longer
    `loaded` go at the next incremental build; the other files keep theirs."""
    build = tmp_path / "warehouse.duckdb"
    shutil.copy(db, build)
    per_file = ["int_report_rows_pivoted", "int_report_rows_by_part", "int_validation_within_report_items"]
    con = duckdb.connect(str(build))
    try:
        dropped, kept = (
            r[0]
            for r in con.execute(
                "select file_sha256 from raw.report_files where status = 'loaded' and report_kind = 'unit' "
                "order by file_sha256 limit 2"
            ).fetchall()
        )
        con.execute("update raw.report_files set status = 'quarantined' where file_sha256 = ?", [dropped])
        before = {m: _rows_of(con, m, kept) for m in per_file}
        assert all(before.values()) and all(_rows_of(con, m, dropped) for m in per_file)
    finally:
        con.close()
    project = db.parent / "dbt_project"
    env = dict(os.environ, THADS_BUILD_DB=str(build), THADS_RUN_ID="drop-run")
    proc = subprocess.run(
        [dbt_executable(), "run", "--project-dir", str(project), "--profiles-dir", str(project), "--select", *per_file],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-5000:]
    con = duckdb.connect(str(build), read_only=True)
    try:
        assert {m: _rows_of(con, m, dropped) for m in per_file} == dict.fromkeys(per_file, 0)
        assert {m: _rows_of(con, m, kept) for m in per_file} == before
    finally:
        con.close()


def _rows_of(con, model: str, file_sha256: str) -> int:
    return con.execute(f"select count(*) from intermediate.{model} where file_sha256 = ?", [file_sha256]).fetchall()[0][
        0
    ]
