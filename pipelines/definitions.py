"""Dagster definitions: thin wiring of the stages ingest → warehouse → validation → reporting;
the logic lives in pipelines/lib.

The definitions are built lazily (`@dg.definitions`): the dbt assets need dbt's manifest, which is
prepared when Dagster loads this code location, never when a module is imported.
"""

from __future__ import annotations

import functools

import dagster as dg

from .defs.automation import nightly_refresh, raw_files_sensor, refresh_job
from .defs.ingest import raw_reports
from .defs.reporting import validation_report
from .defs.validation import build_gx_assets, reconciliation_by_family
from .defs.warehouse import ThadsDbtResource, build_warehouse_assets
from .lib.warehouse.dbt_project import dbt_executable, ensure_manifest
from .settings import DBT_PROJECT_DIR


@functools.cache
def build_definitions() -> dg.Definitions:
    """Every asset, check, job, schedule and sensor (parses the dbt project when it changed)."""
    thads_dbt, thads_dbt_validation, published_warehouse = build_warehouse_assets(ensure_manifest())
    gx_results, gx_suite_checks = build_gx_assets(thads_dbt)
    return dg.Definitions(
        assets=[raw_reports, thads_dbt, gx_results, thads_dbt_validation, published_warehouse, validation_report],
        asset_checks=[reconciliation_by_family, gx_suite_checks],
        jobs=[refresh_job],
        schedules=[nightly_refresh],
        sensors=[raw_files_sensor],
        resources={
            "dbt": ThadsDbtResource(
                project_dir=str(DBT_PROJECT_DIR), profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()
            ),
        },
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
