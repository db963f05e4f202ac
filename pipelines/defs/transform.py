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

# The validation marts take in the Great Expectations outcomes, which are computed on the other
# models; dbt therefore builds in two steps with the gx_results asset between them.
VALIDATION_MARTS = "stg_raw__gx_results+ fct_validation_result+"


def _build(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    os.environ["THADS_BUILD_DB"] = str(load_settings().build_db)
    os.environ["THADS_RUN_ID"] = context.run_id  # validation results and finding history are keyed by run
    yield from dbt.cli(["build"], context=context).stream()


@dbt_assets(manifest=MANIFEST_PATH, dagster_dbt_translator=ThadsTranslator(), pool="duckdb_writer",
            exclude=VALIDATION_MARTS)
def thads_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """dbt build on this refresh's build file; error-severity tests fail the step and stop publication."""
    yield from _build(context, dbt)


@dbt_assets(manifest=MANIFEST_PATH, dagster_dbt_translator=ThadsTranslator(), pool="duckdb_writer",
            select=VALIDATION_MARTS, name="thads_dbt_validation")
def thads_dbt_validation(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """The validation marts (results, summary, history, findings), once the GX outcomes are in."""
    yield from _build(context, dbt)
