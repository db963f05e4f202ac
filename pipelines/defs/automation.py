"""The nightly refresh and a sensor that starts one when files arrive in data/raw."""

import dagster as dg

from ..lib.ingest.load import list_raw
from ..lib.warehouse.inputs import nothing_new, raw_listing_digest
from ..settings import load_settings

refresh_job = dg.define_asset_job(
    name="refresh",
    selection=dg.AssetSelection.all(),
    description="Ingest data/raw, build the marts with dbt, run the checks, publish the warehouse.",
    executor_def=dg.in_process_executor,
)


@dg.schedule(
    name="nightly_refresh",
    job=refresh_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Ho_Chi_Minh",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_refresh(context: dg.ScheduleEvaluationContext):
    """Every night at 02:00, unless the published warehouse already holds everything (no files, code or
    reference data changed since its publication): then the night costs a listing of data/raw."""
    if nothing_new(load_settings()):
        return dg.SkipReason("nothing new since the last publication (không có gì mới)")
    return dg.RunRequest()


@dg.sensor(job=refresh_job, minimum_interval_seconds=300, default_status=dg.DefaultSensorStatus.RUNNING)
def raw_files_sensor(context: dg.SensorEvaluationContext):
    """Requests a refresh when the contents of data/raw changed since the last request."""
    settings = load_settings()
    files = list_raw(settings.raw_dir) if settings.raw_dir.exists() else []
    if not files:
        return dg.SkipReason("data/raw holds no files")
    fingerprint = raw_listing_digest(files)  # changes when a file is added, removed, renamed or rewritten
    if fingerprint == context.cursor:
        return dg.SkipReason("data/raw unchanged")
    context.update_cursor(fingerprint)
    if nothing_new(settings):  # a refresh started by hand already published these files
        return dg.SkipReason("data/raw changed, but the published warehouse already holds it")
    return dg.RunRequest(run_key=fingerprint)
