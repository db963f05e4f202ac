"""Ingestion: the drop zone into the raw tables of this refresh's build file."""

import json
import os

import dagster as dg

from ..lib.ingest.load import ingest
from ..lib.ingest.raw_tables import INGESTED_TABLES
from ..lib.reporting.build import recover_publication
from ..lib.warehouse.base import catch_up_years
from ..lib.warehouse.dbt_project import start_dbt_server
from ..lib.warehouse.duck import connect_build
from ..lib.warehouse.inputs import code_changed_since_publication, inputs_fingerprint
from ..lib.warehouse.lock import acquire
from ..lib.warehouse.publish import check_rebuild_keeps_the_reports, prepare_build
from ..settings import load_settings

RAW_KEYS = {t.name: dg.AssetKey(["raw", t.name]) for t in INGESTED_TABLES}
DESCRIPTIONS = {t.name: t.description for t in INGESTED_TABLES}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, description=DESCRIPTIONS[name], kinds={"polars", "duckdb"}, group_name="raw")
        for name, key in RAW_KEYS.items()
    ],
    pool="duckdb_writer",
)
def raw_reports(context: dg.AssetExecutionContext):
    """Start this refresh's build file from the published warehouse, then load every new file of data/raw."""
    # this run's own build file; one refresh at a time on the marts folder (released by the last asset)
    os.environ.setdefault("THADS_BUILD_ID", context.run_id)
    settings = load_settings()
    acquire(settings.marts_dir, context.run_id)
    start_dbt_server(settings)  # dbt's start-up while this step reads (started already by `thads refresh`)
    if recover_publication(settings):  # a refresh was killed right after its swap: its record and reports
        context.log.warning("last_refresh.json and the reports described an older file: written again")
    started_from = prepare_build(settings, context.log.info)
    con = connect_build(settings.build_db, settings)
    try:
        summary = ingest(
            con,
            settings,
            run_id=context.run_id,
            progress_log=context.log.info,
            reexamine_quarantined=code_changed_since_publication(settings),
        )
        if started_from.startswith("previous/"):  # the years the nights since changed, but not tonight's
            context.log.info(f"years brought up to date: {catch_up_years(con, settings, context.run_id)}")
        check_rebuild_keeps_the_reports(settings, con)
        counts = {name: con.execute(f"select count(*) from raw.{name}").fetchall()[0][0] for name in RAW_KEYS}
    finally:
        con.close()
    # what this build was made of; none when a file was still arriving or deferred (the next refresh runs)
    settled = not summary.still_being_written and not summary.deferred
    fingerprint = inputs_fingerprint(settings, summary.raw_digest) if settled else None
    (settings.build_dir / "ingest_summary.json").write_text(
        json.dumps(
            {
                **summary.as_metadata(),
                "quarantined": summary.quarantined,
                "build_started_from": started_from,
                "inputs_fingerprint": fingerprint,
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    context.log.info(f"ingest: {summary.as_metadata()}")
    meta = summary.as_metadata()
    for name, key in RAW_KEYS.items():
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={"dagster/row_count": counts[name], "raw_dir": str(settings.raw_dir), **meta},
        )
