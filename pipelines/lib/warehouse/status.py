"""What an operator needs to know without opening Dagster: the last refresh and what it published,
what is running or queued, the files waiting (still arriving, retried, in conflict, not yet seen)
and the disk the marts folder takes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import duckdb

from ...settings import Settings
from .lock import holder
from .publish import published_record, read_record

PARTS = ("warehouse.duckdb", "parquet", "reports", "logs", "dbt", "gx_project", ".build", "previous")


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def _waiting(settings: Settings) -> dict:
    """Files of data/raw the published warehouse has not loaded or refused for good."""
    from ..ingest.load import list_raw

    out: dict = {"settling": [], "deferred": [], "conflicts": [], "not_seen": []}
    known: dict[str, str] = {}
    if settings.published_db.exists():
        con = duckdb.connect(str(settings.published_db), read_only=True)
        try:
            for path, status in con.execute("select file_path, status from raw.report_files").fetchall():
                known[path] = status
            out["deferred"] = [
                f"{p} ({r})"
                for p, r in con.execute(
                    "select distinct f.file_path, q.reason_code from raw.report_files f "
                    "join raw.quarantine q using (file_sha256) where f.status = 'deferred' order by 1"
                ).fetchall()
            ]
            out["conflicts"] = [
                p
                for (p,) in con.execute(
                    "select distinct file_path from raw.quarantine where reason_code = 'SUBMISSION_CONFLICT' order by 1"
                ).fetchall()
            ]
        finally:
            con.close()
    if settings.raw_dir.is_dir():
        now = time.time()
        for entry in list_raw(settings.raw_dir):
            if settings.settle_seconds and now - entry.target_stat().st_mtime < settings.settle_seconds:
                out["settling"].append(entry.rel)
            elif entry.rel not in known:
                out["not_seen"].append(entry.rel)
    return out


def status(settings: Settings) -> dict:
    record = read_record(settings.marts_dir)
    inside = published_record(settings.published_db)
    usage = {part: _size(settings.marts_dir / part) for part in PARTS}
    disk = shutil.disk_usage(settings.marts_dir if settings.marts_dir.exists() else Path("/"))
    queued: list[str] = []
    if os.environ.get("DAGSTER_HOME"):
        try:
            import dagster as dg

            instance = dg.DagsterInstance.get()
            runs = instance.get_runs(
                filters=dg.RunsFilter(
                    statuses=[dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING]
                )
            )
            queued = [f"{r.run_id[:8]} {r.job_name} {r.status.value}" for r in runs]
        except Exception as exc:  # noqa: BLE001 - the status must print even when the instance cannot be read
            queued = [f"(Dagster instance not readable: {exc})"]
    return {
        "record": record,
        "published_run_id": (inside or {}).get("run_id"),
        "record_matches_file": bool(record and inside and record.get("run_id") == inside.get("run_id")),
        "running": holder(settings.marts_dir),
        "queued": queued,
        "waiting": _waiting(settings),
        "usage_bytes": usage,
        "disk_free_bytes": disk.free,
        "disk_total_bytes": disk.total,
    }
