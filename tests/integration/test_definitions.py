"""The Dagster definitions load and expose what operators expect."""

import dagster as dg


def test_definitions_load_with_assets_checks_job_schedule_and_sensor():
    from pipelines.definitions import build_definitions

    defs = build_definitions()
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {"raw/report_files", "raw/report_cells", "raw/quarantine", "published_warehouse"} <= keys
    assert {
        "marts/fct_case_results",
        "marts/fct_money_results",
        "marts/dim_unit",
        "marts/dim_period",
        "marts/quarantine",
    } <= keys
    checks = {(c.asset_key.to_user_string(), c.name) for c in repo.asset_graph.asset_check_keys}
    assert ("marts/fct_case_results", "unique_combination_of_columns_fct_case_results_unit_code__period_end") in checks
    assert ("intermediate/int_report_rows_pivoted", "every_report_row_has_both_sheets") in checks
    assert defs.resolve_job_def("refresh") is not None
    assert repo.get_schedule_def("nightly_refresh").cron_schedule == "0 2 * * *"
    assert repo.get_sensor_def("raw_files_sensor") is not None


def test_the_dbt_resource_skips_only_what_this_project_does_not_use():
    # ThadsDbtResource overrides two dagster-dbt internals: an upgrade that renames them must fail here
    import importlib.metadata

    from dagster_dbt import DbtCliResource

    from pipelines.defs.warehouse import ThadsDbtResource
    from pipelines.lib.warehouse.dbt_project import dbt_executable
    from pipelines.settings import DBT_PROJECT_DIR

    for name in ("_cli_version", "_initialize_dbt_core_adapter"):
        assert name in vars(DbtCliResource), name
    resource = ThadsDbtResource(project_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable())
    assert str(resource._cli_version) == importlib.metadata.version("dbt-core")
    assert resource._initialize_dbt_core_adapter([]) is None


def test_every_writer_uses_the_single_duckdb_pool():
    from pipelines.definitions import build_definitions

    defs = build_definitions()
    for key in ("raw/report_files", "marts/fct_case_results", "published_warehouse"):
        asset = defs.resolve_assets_def(dg.AssetKey.from_user_string(key))
        assert asset.op.pool == "duckdb_writer"


def test_sensor_requests_a_run_only_when_the_drop_zone_changes(tmp_path, monkeypatch):
    from pipelines.defs.automation import raw_files_sensor

    monkeypatch.setenv("THADS_RAW_DIR", str(tmp_path))
    (tmp_path / "a.xlsx").write_bytes(b"x")
    with dg.instance_for_test() as instance:
        ctx = dg.build_sensor_context(instance=instance)
        first = raw_files_sensor.evaluate_tick(ctx)
        assert len(first.run_requests) == 1
        ctx = dg.build_sensor_context(instance=instance, cursor=first.cursor)
        assert raw_files_sensor.evaluate_tick(ctx).run_requests == []
        (tmp_path / "b.csv").write_bytes(b"y")
        ctx = dg.build_sensor_context(instance=instance, cursor=first.cursor)
        assert len(raw_files_sensor.evaluate_tick(ctx).run_requests) == 1
