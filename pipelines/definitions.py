"""Dagster definitions: thin wiring; the logic lives in pipelines/lib."""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from .defs.automation import nightly_refresh, raw_files_sensor, refresh_job
from .defs.expectations import gx_results, gx_suite_checks
from .defs.ingest import raw_reports
from .defs.publish import published_warehouse, validation_report
from .defs.quality import reconciliation_by_family
from .defs.transform import thads_dbt, thads_dbt_validation
from .lib.dbt_project import dbt_executable
from .settings import DBT_PROJECT_DIR

defs = dg.Definitions(
    assets=[raw_reports, thads_dbt, gx_results, thads_dbt_validation, published_warehouse,
            validation_report],
    asset_checks=[reconciliation_by_family, gx_suite_checks],
    jobs=[refresh_job],
    schedules=[nightly_refresh],
    sensors=[raw_files_sensor],
    resources={
        "dbt": DbtCliResource(
            project_dir=str(DBT_PROJECT_DIR), profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()
        ),
    },
)
