"""Rule-family summaries of the validation results, for Dagster asset checks and the CLI."""

from __future__ import annotations

import duckdb

FAMILIES = (
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


def family_summaries(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Per family: outcome counts on current submissions, failing error items and the worst units."""
    out: dict[str, dict] = {
        f: {
            "items": 0,
            "pass": 0,
            "fail": 0,
            "na": 0,
            "error": 0,
            "failed_errors": 0,
            "failed_warnings": 0,
            "worst_units": [],
        }
        for f in FAMILIES
    }
    rows = con.execute(
        """
        select family, outcome, severity, count(*)
        from marts.fct_validation_result where is_current_version
        group by all
        """
    ).fetchall()
    for family, outcome, severity, n in rows:
        s: dict = out.setdefault(
            family,
            {
                "items": 0,
                "pass": 0,
                "fail": 0,
                "na": 0,
                "error": 0,
                "failed_errors": 0,
                "failed_warnings": 0,
                "worst_units": [],
            },
        )
        s["items"] += n
        s[outcome] += n
        if outcome in ("fail", "error") and severity == "error":
            s["failed_errors"] += n
        if outcome == "fail" and severity == "warning":
            s["failed_warnings"] += n
    worst = con.execute(
        """
        select family, unit_code, count(*) as n
        from marts.fct_validation_result
        where is_current_version and outcome in ('fail', 'error') and severity in ('error', 'warning')
        group by family, unit_code
        qualify row_number() over (partition by family order by n desc, unit_code) <= 5
        order by family, n desc
        """
    ).fetchall()
    for family, unit, n in worst:
        out[family]["worst_units"].append(f"{unit} ({n})")
    return out
