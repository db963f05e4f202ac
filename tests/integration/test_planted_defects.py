"""The whole sample (four provinces, 2022–2026) through the real Dagster job: every planted defect
is found by the rule meant for it, and the clean data raise no other error-severity failure."""

from collections import defaultdict
from datetime import date

import pytest

from pipelines.lib.validation.locate import build_system, residuals, row_identities
from tests.fixtures.warehouse import query as q

pytestmark = pytest.mark.integration

D = date.fromisoformat

# (rule, unit, period end) of every error-severity failure the planted defects must cause
EXPECTED_ERRORS = {
    # D1: digits swapped in the total row of P10-D082, 6 months 2024 (and so the province report,
    # which carries the right figure, no longer matches the unit's own report)
    ("R-04", "P10-D082", D("2024-03-31")),
    ("R-06", "P10-D082", D("2024-03-31")),
    ("R-07", "P10-D082", D("2024-03-31")),
    ("R-09", "P10-D082", D("2024-03-31")),
    ("H-01", "P10", D("2024-03-31")),
    ("P-03", "P15-D136", D("2023-10-31")),  # D2: carried-in 2024 above last year's carried-out
    ("H-01", "P02", D("2023-06-30")),  # D3: stale unit row in the province-wide report
    ("T-03", "P10", D("2023-09-30")),  # D6
    ("T-03", "P08", D("2024-09-30")),  # D7
    ("T-03", "P15", D("2025-09-30")),  # D8
}


@pytest.fixture(scope="module")
def full(full_sample):
    return full_sample


def test_every_planted_defect_is_found_and_nothing_else_is_an_error(full):
    failures = set(
        q(
            full["db"],
            """
        select distinct rule_id, unit_code, period_end from marts.fct_validation_result
        where is_current_version and severity = 'error' and outcome in ('fail', 'error')""",
        )
    )
    assert failures == EXPECTED_ERRORS


def test_the_resubmission_resolves_its_findings(full):
    rows = q(
        full["db"],
        """select rule_id, status, failed_submission_no, current_submission_no, hint_cells
                            from marts.fct_finding where unit_code = 'P08-D073' and period_end = date '2023-05-31'
                            order by rule_id""",
    )
    assert rows == [
        ("R-04", "resolved_by_resubmission", 1, 2, "M13"),
        ("R-09", "resolved_by_resubmission", 1, 2, "M13"),
    ]


def test_the_likely_wrong_cell_of_the_transposed_total(full):
    rows = q(
        full["db"],
        """select distinct hint_cells, hint_pattern, hint_identifiable from marts.fct_finding
                            where unit_code = 'P10-D082' and period_end = date '2024-03-31'
                              and family = 'within_report'""",
    )
    assert rows == [("K16", "transposition", True)]
    text = q(
        full["db"],
        "select distinct hint_text from marts.fct_finding where unit_code = 'P10-D082' and hint_text is not null",
    )[0][0]
    before, after = text.split(": ")[1].split(" (")[0].split(" → ")
    assert sorted(before) == sorted(after) and before != after  # the same digits, two swapped


def test_the_quarantined_submission_and_the_planted_warnings(full):
    assert q(full["db"], "select file_path, reason_code, sheet from marts.quarantine") == [
        ("2024-08/P10-D085_lan1.xlsx", "CELL_NOT_NUMBER", "01_VIEC")
    ]
    # D1 also lowers a cumulative figure from one month to the next (P-02, a warning)
    assert ("P-02", "P10-D082") in set(
        q(
            full["db"],
            """
        select rule_id, unit_code from marts.fct_finding where severity = 'warning' and status = 'open'""",
        )
    )


def test_findings_are_ranked_by_impact(full):
    top = q(
        full["db"], "select rule_id, unit_code, severity, status from marts.fct_finding order by priority_rank limit 3"
    )
    assert all(sev == "error" and status == "open" for _, _, sev, status in top)
    assert q(full["db"], "select count(*) from marts.fct_finding where priority_rank is null") == [(0,)]


def test_asset_checks_summarise_rule_families(full):
    evaluations = {
        e.check_name: e for e in full["result"].get_asset_check_evaluations() if e.check_name.startswith("rules_")
    }
    assert set(evaluations) == {
        f"rules_{f}_reconcile"
        for f in (
            "within_report",
            "cross_form",
            "cross_period",
            "plausibility",
            "hierarchy",
            "completeness",
            "targets",
            "self_score",
            "value_contract",
        )
    }
    assert not evaluations["rules_within_report_reconcile"].passed
    assert not evaluations["rules_self_score_reconcile"].passed
    assert evaluations["rules_completeness_reconcile"].passed
    assert evaluations["rules_cross_form_reconcile"].passed
    meta = evaluations["rules_hierarchy_reconcile"].metadata
    assert meta["failed_error_items"].value == 46 and "P02" in meta["worst_units"].value


def test_python_and_sql_agree_on_every_identity(full):
    """Differential check: the identities recomputed in Python from the raw cells fail exactly
    where the SQL rules fail (R-01…R-06 on each row, R-09 on each column)."""
    cells = q(
        full["db"],
        """
        select c.file_sha256, c.form_code, c.row_kind, c.row_code, c.column_name, c.value
        from raw.report_cells c join intermediate.int_reports_versioned v using (file_sha256)
        where v.is_current and c.column_name <> 'completion_rate_pct'""",
    )
    by_form = defaultdict(dict)
    for sha, form, kind, code, col, value in cells:
        by_form[(sha, form)][("#total" if kind == "total" else code, col)] = int(value)
    python_fails = set()
    for (sha, form), values in by_form.items():
        eqs = build_system(values, row_identities()[form])
        for e, r in zip(eqs, residuals(values, eqs)):
            if r:
                python_fails.add((sha, form, e.name.split(" [")[0]))
    sql_fails = set(
        q(
            full["db"],
            """
        select file_sha256, form_code,
               case when rule_id = 'R-09' then 'R-09 ' || column_name else rule_id || ' ' || part end
        from marts.fct_validation_result
        where is_current_version and outcome = 'fail' and rule_id in ('R-01', 'R-02', 'R-03', 'R-04', 'R-06', 'R-09')
          and row_kind in ('total', 'detail')""",
        )
    )
    assert python_fails == sql_fails
    assert len(sql_fails) > 0
