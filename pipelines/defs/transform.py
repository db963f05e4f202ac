"""dbt: staging -> intermediate -> marts, with dbt tests as asset checks."""


import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from ..lib.dbt_project import ensure_manifest
from ..settings import load_settings


class ThadsTranslator(DagsterDbtTranslator):
    """Groups by dbt folder (staging, intermediate, marts) and seeds under `reference`."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


MANIFEST_PATH = ensure_manifest()


@dbt_assets(manifest=MANIFEST_PATH, dagster_dbt_translator=ThadsTranslator(), pool="duckdb_writer")
def thads_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """dbt build on this refresh's build file; error-severity tests fail the step and stop publication."""
    os.environ["THADS_BUILD_DB"] = str(load_settings().build_db)
    os.environ["THADS_RUN_ID"] = context.run_id  # validation results and finding history are keyed by run
    yield from dbt.cli(["build"], context=context).stream()
