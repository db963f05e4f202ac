"""The warehouse stage: dbt (staging -> intermediate -> marts, dbt tests as asset checks) on this
refresh's build file, and the publication that swaps the build in.

The dbt assets need dbt's manifest, so they are made by `build_warehouse_assets(manifest)` when
the definitions are loaded (pipelines/definitions.py), never when a module is imported.
"""

import importlib.metadata
import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets
from packaging import version

from ..lib.validation.expectations import import_gx_in_background
from ..lib.warehouse.dbt_project import (
    DOCS_CODE_FILE,
    docs_are_current,
    generate_docs,
    name_dbt_parent,
    stop_dbt_server,
)
from ..lib.warehouse.inputs import code_digest, current_units_digest, full_build_reason
from ..lib.warehouse.publish import publish
from ..lib.warehouse.retention import KEEP_RUNS, dbt_target_dir, prune_runs
from ..settings import load_settings

PUBLISHED = dg.AssetKey("published_warehouse")


class ThadsTranslator(DagsterDbtTranslator):
    """Groups by dbt folder (staging, intermediate, marts) and seeds under `reference`."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


class ThadsDbtResource(DbtCliResource):
    """dagster-dbt's resource without two costs it pays on every dbt step, ~2 s each (profiled on a
    national night): it ran `dbt --version` in a subprocess to learn the version of the installed dbt,
    and it loaded dbt's macros in this process to make an adapter that only serves metadata this
    project does not fetch (row counts, column schemas). The version is the installed dbt-core's.
    Both are dagster-dbt internals: pinned in pyproject.toml, and tests/integration/test_definitions.py
    fails if an upgrade renames them."""

    @property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Any) -> None:
        return None


# The validation marts take in the Great Expectations outcomes, which are computed on the other
# models; dbt therefore builds in two steps with the gx_results asset between them.
VALIDATION_MARTS = "stg_raw__gx_results+ fct_validation_result+"


def _build(context: dg.AssetExecutionContext, dbt: DbtCliResource, step: str):
    settings = load_settings()
    os.environ["THADS_BUILD_DB"] = str(settings.build_db)
    os.environ["THADS_RUN_ID"] = context.run_id  # validation results and finding history are keyed by run
    # dbt's target and log under the marts folder, one folder per invocation, pruned to the last runs
    target = dbt_target_dir(settings.marts_dir, settings.build_id, step)
    if step == "main":  # the refresh's first dbt step: with this one's, the last KEEP_RUNS refreshes are kept
        prune_runs(target.parent, keep_runs=KEEP_RUNS - 1)
        import_gx_in_background()  # the GX step comes next; its import overlaps this step's wait on dbt
    # incremental models keep the rows of earlier refreshes (and the years no new file touches): built
    # again in full when the code, the reference data or the current units changed
    reason = full_build_reason(settings)
    if reason:
        context.log.info(f"dbt builds every model in full: {reason}")
    full = ["--full-refresh"] if reason else []
    name_dbt_parent()  # dagster-dbt passes this process's environment to dbt_child.py
    # dbt's unit tests check the SQL on fixed inputs, not the data: `make test` runs them (test_rules),
    # a refresh does not spend a second on them each night
    args = ["build", *full, "--exclude-resource-type", "unit_test"]
    yield from dbt.cli(args, context=context, target_path=target).stream()
    if step == "validation":  # the refresh's last dbt build
        gave_up = stop_dbt_server()
        if gave_up:
            context.log.warning(f"the started dbt could not serve this refresh; dbt started cold:\n{gave_up}")


def build_warehouse_assets(manifest: Path) -> tuple[dg.AssetsDefinition, dg.AssetsDefinition, dg.AssetsDefinition]:
    """The two dbt steps and the publication that waits for every mart of both."""

    @dbt_assets(
        manifest=manifest, dagster_dbt_translator=ThadsTranslator(), pool="duckdb_writer", exclude=VALIDATION_MARTS
    )
    def thads_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource):
        """dbt build on this refresh's build file; error-severity tests fail the step and stop publication."""
        yield from _build(context, dbt, "main")

    @dbt_assets(
        manifest=manifest,
        dagster_dbt_translator=ThadsTranslator(),
        pool="duckdb_writer",
        select=VALIDATION_MARTS,
        name="thads_dbt_validation",
    )
    def thads_dbt_validation(context: dg.AssetExecutionContext, dbt: DbtCliResource):
        """The validation marts (results, summary, history, findings), once the GX outcomes are in."""
        yield from _build(context, dbt, "validation")

    mart_models = {
        node["name"]
        for node in json.loads(manifest.read_text(encoding="utf-8"))["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts"
    }
    marts = sorted((k for k in thads_dbt.keys | thads_dbt_validation.keys if k.path[-1] in mart_models), key=str)
    return thads_dbt, thads_dbt_validation, _published_warehouse(marts)


def _published_warehouse(marts: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=PUBLISHED,
        deps=marts,
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
        fingerprint = ingest_summary.pop("inputs_fingerprint", None)
        record = {
            "run_id": context.run_id,
            "published_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
            "warehouse": str(settings.published_db),
            "ingest": ingest_summary,
            # a refresh with the same fingerprint has nothing to do (lib/warehouse/inputs.py)
            "inputs_fingerprint": fingerprint,
            "code_digest": code_digest(),  # a refresh with other code builds the incremental models in full
            "current_units": current_units_digest(),  # and one on a day with other current units
            # why every year was built again (as the dbt steps decided), or null: the years its files touched
            "full_build": "rebuild" if settings.rebuild else full_build_reason(settings),
        }
        # the dbt documentation of this build, from the build file (never the published one); it describes
        # the models, not the figures: written again only when the code changed (~6 s a refresh saved)
        if settings.dbt_docs:
            docs, code = settings.build_dir / "dbt_docs", code_digest()
            if not docs_are_current(settings.reports_dir / "dbt_docs", code):
                generate_docs(settings, docs)
                (docs / DOCS_CODE_FILE).write_text(code, encoding="utf-8")
        counts = publish(settings, record)  # writes the record into the file and to last_refresh.json
        return dg.MaterializeResult(
            metadata={
                "warehouse": dg.MetadataValue.path(str(settings.published_db)),
                "parquet": dg.MetadataValue.path(str(settings.parquet_dir)),
                **{f"rows/{k}": v for k, v in counts.items()},
            }
        )

    return published_warehouse
