"""Reconciliation findings as Dagster asset checks, one per rule family (not one per unit).

Findings never block the refresh: a family with error-severity failures reports a failed check
of severity WARN. The checks are blocking only so that publication waits for them to read the
build file.
"""

import dagster as dg
import duckdb

from ..lib.checks import FAMILIES, family_summaries
from ..settings import load_settings

RESULTS = dg.AssetKey(["marts", "fct_validation_result"])


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            name=f"rules_{family}_reconcile",
            asset=RESULTS,
            blocking=True,
            description=f"Reconciliation rules of family '{family}': no error-severity failure on current reports.",
        )
        for family in FAMILIES
    ],
)
def reconciliation_by_family(context: dg.AssetCheckExecutionContext):
    con = duckdb.connect(str(load_settings().build_db), read_only=True)
    try:
        summaries = family_summaries(con)
    finally:
        con.close()
    for family in FAMILIES:
        s = summaries[family]
        yield dg.AssetCheckResult(
            check_name=f"rules_{family}_reconcile",
            asset_key=RESULTS,
            passed=s["failed_errors"] == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "items": s["items"], "pass": s["pass"], "fail": s["fail"], "na": s["na"], "error": s["error"],
                "failed_error_items": s["failed_errors"], "failed_warning_items": s["failed_warnings"],
                "worst_units": ", ".join(s["worst_units"]) or "—",
                "query": f"select * from marts.fct_finding where family = '{family}' order by priority_rank",
            },
        )
