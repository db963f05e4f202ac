"""Publication: the atomic swap of the build file into data/marts/warehouse.duckdb."""


import json
from datetime import datetime, timezone

import dagster as dg
from dagster_dbt import get_asset_key_for_model

from ..lib.bulletin import write_province_bulletins
from ..lib.export import write_quarantine_exports
from ..lib.publish import publish
from ..settings import load_settings
from .transform import MANIFEST_PATH, thads_dbt

MART_MODELS = sorted(
    node["name"]
    for node in json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))["nodes"].values()
    if node["resource_type"] == "model" and node["fqn"][1] == "marts"
)


@dg.asset(
    deps=[get_asset_key_for_model([thads_dbt], name) for name in MART_MODELS],
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
    exports = write_quarantine_exports(settings.published_db, settings.reports_dir)
    bulletins = write_province_bulletins(settings.published_db, settings.reports_dir)
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
            "quarantine_export": dg.MetadataValue.path(str(exports[1])),
            "bulletins": len(bulletins),
            **{f"rows/{k}": v for k, v in counts.items()},
        }
    )
