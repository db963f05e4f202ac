"""Ingestion: the drop zone into the raw tables of this refresh's build file."""


import json

import dagster as dg
import duckdb

from ..lib.ingest import ingest
from ..lib.publish import prepare_build
from ..settings import load_settings

RAW_TABLES = {
    "report_files": "File manifest: one row per distinct file (sha256).",
    "report_cells": "Report cells in long format with cell provenance.",
    "quarantine": "Refused files with reasons in Vietnamese and English.",
    "cell_hints": "Likely-wrong cells of reports that do not add up (Fellegi–Holt), never corrections.",
    "self_score_claims": "Figures claimed in the self-scoring tables (Bảng tự chấm điểm thi đua).",
}
RAW_KEYS = {name: dg.AssetKey(["raw", name]) for name in RAW_TABLES}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, description=RAW_TABLES[name], kinds={"polars", "duckdb"}, group_name="raw")
        for name, key in RAW_KEYS.items()
    ],
    pool="duckdb_writer",
)
def raw_reports(context: dg.AssetExecutionContext):
    """Copy the published warehouse into a fresh build file, then load every new file of data/raw."""
    settings = load_settings()
    build = prepare_build(settings)
    con = duckdb.connect(str(build))
    try:
        summary = ingest(con, settings, run_id=context.run_id)
        counts = {
            name: con.execute(f"select count(*) from raw.{name}").fetchall()[0][0] for name in RAW_KEYS
        }
    finally:
        con.close()
    (settings.build_dir / "ingest_summary.json").write_text(
        json.dumps({**summary.as_metadata(), "quarantined": summary.quarantined}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    context.log.info(f"ingest: {summary.as_metadata()}")
    meta = summary.as_metadata()
    for name, key in RAW_KEYS.items():
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={"dagster/row_count": counts[name], "raw_dir": str(settings.raw_dir), **meta},
        )
