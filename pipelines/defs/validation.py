"""The validation stage in Dagster: Great Expectations suites on frames pulled from the build file
(one asset check per suite), and the reconciliation rules as one asset check per rule family.

Findings never block the refresh: a family with error-severity failures reports a failed check of
severity WARN. The family checks are blocking only so that publication waits for them to read the
build file."""

import dagster as dg
from dagster_dbt import get_asset_key_for_model

from ..lib.validation.checks import FAMILIES, family_summaries
from ..lib.validation.expectations import load_suites, run_suites, store_results, summarise
from ..lib.warehouse.duck import connect_build
from ..settings import load_settings

SUITES = load_suites()
GX_RESULTS = dg.AssetKey(["raw", "gx_results"])


def build_gx_assets(thads_dbt: dg.AssetsDefinition) -> tuple[dg.AssetsDefinition, dg.AssetChecksDefinition]:
    """The GX run (after the models it validates) and one check per suite on the model it validates."""
    validated = {
        s.name: get_asset_key_for_model([thads_dbt], s.body["meta"]["thads"]["relation"].split(".")[-1]) for s in SUITES
    }

    @dg.asset(
        key=GX_RESULTS,
        deps=sorted(set(validated.values()), key=str),
        kinds={"great_expectations", "duckdb"},
        group_name="quality",
        pool="duckdb_writer",
    )
    def gx_results(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        """Run the suites of expectations/, keep GX's results for this run and build the Data Docs."""
        settings = load_settings()
        con = connect_build(settings.build_db, settings)
        try:
            rows = run_suites(
                con,
                settings.gx_project_dir,
                settings.build_data_docs_dir,
                context.run_id,
                previous_docs=settings.reports_dir / "data_docs",
            )
            store_results(con, rows)
        finally:
            con.close()
        summary = summarise(rows)
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": len(rows),
                "data_docs": dg.MetadataValue.path(str(settings.reports_dir / "data_docs" / "index.html")),
                **{f"{name}/failed": s["fail"] + s["error"] for name, s in summary.items()},
            }
        )

    @dg.multi_asset_check(
        specs=[
            dg.AssetCheckSpec(
                name=f"gx_{s.name}",
                asset=validated[s.name],
                additional_deps=[GX_RESULTS],
                description=f"{s.rule_id} — {s.title_vi} / {s.title_en}",
            )
            for s in SUITES
        ],
    )
    def gx_suite_checks(context: dg.AssetCheckExecutionContext):
        """The outcome of each suite as a check on the model it validates, with its Data Docs page."""
        settings = load_settings()
        con = connect_build(settings.build_db, settings, read_only=True)
        try:
            rel = con.execute(
                "select * from raw.gx_results where run_id = ? order by suite_name, expectation_no",
                [context.run.run_id],
            )
            names = [d[0] for d in rel.description]
            rows = [dict(zip(names, r)) for r in rel.fetchall()]
        finally:
            con.close()
        summary = summarise(rows)
        for suite in SUITES:
            s = summary.get(suite.name)
            pages = [r["data_docs_page"] for r in rows if r["suite_name"] == suite.name and r["data_docs_page"]]
            page = settings.reports_dir / "data_docs" / pages[0] if pages else settings.reports_dir / "data_docs"
            yield dg.AssetCheckResult(
                check_name=f"gx_{suite.name}",
                asset_key=validated[suite.name],
                passed=s is not None and s["fail"] + s["error"] == 0,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "rule_id": suite.rule_id,
                    "suite_version": suite.version,
                    "expectations": s["expectations"] if s else 0,
                    "pass": s["pass"] if s else 0,
                    "fail": s["fail"] if s else 0,
                    "na": s["na"] if s else 0,
                    "error": s["error"] if s else 0,
                    "unexpected_rows": s["unexpected_rows"] if s else 0,
                    "failing": ", ".join(s["failing"]) if s and s["failing"] else "—",
                    "data_docs_page": dg.MetadataValue.path(str(page)),
                },
            )

    return gx_results, gx_suite_checks


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
    settings = load_settings()
    con = connect_build(settings.build_db, settings, read_only=True)
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
                "items": s["items"],
                "pass": s["pass"],
                "fail": s["fail"],
                "na": s["na"],
                "error": s["error"],
                "failed_error_items": s["failed_errors"],
                "failed_warning_items": s["failed_warnings"],
                "worst_units": ", ".join(s["worst_units"]) or "—",
                "query": f"select * from marts.fct_finding where family = '{family}' order by priority_rank",
            },
        )
