"""The nightly refresh and a sensor that starts one when files arrive in data/raw."""

import hashlib

import dagster as dg

from ..lib.ingest.load import candidate_files
from ..settings import load_settings

refresh_job = dg.define_asset_job(
    name="refresh",
    selection=dg.AssetSelection.all(),
    description="Ingest data/raw, build the marts with dbt, run the checks, publish the warehouse.",
    executor_def=dg.in_process_executor,
)

nightly_refresh = dg.ScheduleDefinition(
    name="nightly_refresh",
    job=refresh_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Ho_Chi_Minh",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


def raw_fingerprint() -> str:
    """Changes whenever a file in the drop zone is added, removed, renamed or rewritten."""
    settings = load_settings()
    h = hashlib.sha256()
    if settings.raw_dir.exists():
        for p in candidate_files(settings.raw_dir):
            st = p.stat()
            h.update(f"{p.relative_to(settings.raw_dir)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


@dg.sensor(job=refresh_job, minimum_interval_seconds=300, default_status=dg.DefaultSensorStatus.RUNNING)
def raw_files_sensor(context: dg.SensorEvaluationContext):
    """Requests a refresh when the contents of data/raw changed since the last request."""
    settings = load_settings()
    if not settings.raw_dir.exists() or not candidate_files(settings.raw_dir):
        return dg.SkipReason("data/raw holds no files")
    fingerprint = raw_fingerprint()
    if fingerprint == context.cursor:
        return dg.SkipReason("data/raw unchanged")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
