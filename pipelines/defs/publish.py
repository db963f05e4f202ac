"""Publication: the atomic swap of the build file into data/marts/warehouse.duckdb."""


import json
from datetime import datetime, timezone

import dagster as dg

from ..lib.bulletin import write_province_bulletins
from ..lib.export import write_quarantine_exports
from ..lib.publish import publish
from ..lib.report import write_validation_report
from ..settings import load_settings
from .transform import MANIFEST_PATH, thads_dbt, thads_dbt_validation

MART_MODELS = sorted(
    node["name"]
    for node in json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))["nodes"].values()
    if node["resource_type"] == "model" and node["fqn"][1] == "marts"
)


@dg.asset(
    deps=sorted((k for k in thads_dbt.keys | thads_dbt_validation.keys if k.path[-1] in MART_MODELS), key=str),
    kinds={"duckdb", "parquet"},
    group_name="publish",
    pool="duckdb_writer",
)
def published_warehouse(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """Swap the finished build into data/marts/warehouse.duckdb and write Parquet snapshots.

    Runs only after every mart and its blocking dbt tests succeeded; otherwise the previous
    published file stays as it was.
    """
    settings = load_settings()
    summary_file = settings.build_dir / "ingest_summary.json"
    ingest_summary = json.loads(summary_file.read_text(encoding="utf-8")) if summary_file.exists() else {}
    counts = publish(settings)
    record = {
        "run_id": context.run_id,
        "published_at": datetime.now(tz=timezone.utc).isoformat(timespec="seconds"),
        "warehouse": str(settings.published_db),
        "rows_per_mart": counts,
        "ingest": ingest_summary,
    }
    (settings.marts_dir / "last_refresh.json").write_text(json.dumps(record, ensure_ascii=False, indent=2),
                                                          encoding="utf-8")
    return dg.MaterializeResult(
        metadata={
            "warehouse": dg.MetadataValue.path(str(settings.published_db)),
            "parquet": dg.MetadataValue.path(str(settings.parquet_dir)),
            **{f"rows/{k}": v for k, v in counts.items()},
        }
    )


@dg.asset(deps=[published_warehouse], kinds={"html", "excel"}, group_name="publish")
def validation_report(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """What auditors and units open: the validation report (HTML + Excel), the quarantine list and
    the bulletins, from the warehouse just published (reads it read-only)."""
    settings = load_settings()
    exports = write_quarantine_exports(settings.published_db, settings.reports_dir)
    bulletins = write_province_bulletins(settings.published_db, settings.reports_dir)
    report = write_validation_report(settings.published_db, settings.reports_dir)
    data_docs = settings.reports_dir / "data_docs" / "index.html"
    record_file = settings.marts_dir / "last_refresh.json"
    record = json.loads(record_file.read_text(encoding="utf-8"))
    record["reports"] = {"index": str(report["index"]), "workbook": str(report["workbook"]),
                         "data_docs": str(data_docs), "pages": report["pages"]}
    record_file.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return dg.MaterializeResult(metadata={
        "validation_report": dg.MetadataValue.path(str(report["index"])),
        "validation_workbook": dg.MetadataValue.path(str(report["workbook"])),
        "pages": report["pages"],
        "data_docs": dg.MetadataValue.path(str(data_docs)),
        "quarantine_export": dg.MetadataValue.path(str(exports[1])),
        "bulletins": len(bulletins),
    })
