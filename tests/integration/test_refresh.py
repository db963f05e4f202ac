"""The real refresh (Dagster job -> ingest -> dbt build -> publish) on fixture folders."""

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.lib.warehouse.dbt_project import dbt_executable
from pipelines.settings import DBT_PROJECT_DIR
from tests.fixtures.builders import damage, tiny_report, write_tiny_xlsx
from tests.fixtures.warehouse import query

pytestmark = pytest.mark.integration


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def refreshed(sample_tq, tmp_path_factory):
    """Tuyên Quang 2022–2023 + a defective file + the same file twice, refreshed twice."""
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(sample_tq, raw, dirs_exist_ok=True)
    bad = write_tiny_xlsx(
        raw / "bad" / "gui lai.xlsx", tiny_report(period_end=__import__("datetime").date(2023, 9, 30))
    )
    damage(bad, lambda wb: wb["01_VIEC"].__setitem__("F14", "12a"))
    shutil.copy(raw / "2023-08" / "P08-D070_lan1.xlsx", raw / "bad" / "copy of P08-D070.xlsx")
    marts = tmp_path_factory.mktemp("marts")
    before = tree_digest(raw)
    first_code = main(["refresh", "--raw", str(raw), "--marts", str(marts)])
    first = json.loads((marts / "last_refresh.json").read_text(encoding="utf-8"))
    counts_first = query(marts / "warehouse.duckdb", "select count(*) from marts.fct_case_results")[0][0]
    # --force: a second full refresh (without it, nothing new is a no-op: test_nothing_new_is_a_no_op)
    second_code = main(["refresh", "--raw", str(raw), "--marts", str(marts), "--force"])
    second = json.loads((marts / "last_refresh.json").read_text(encoding="utf-8"))
    return {
        "raw": raw,
        "marts": marts,
        "before": before,
        "codes": (first_code, second_code),
        "first": first,
        "second": second,
        "counts_first": counts_first,
    }


def test_the_refresh_completes_and_publishes(refreshed):
    assert refreshed["codes"] == (0, 0)
    db = refreshed["marts"] / "warehouse.duckdb"
    assert db.exists() and not Path(f"{db}.wal").exists()
    assert (
        list((refreshed["marts"] / ".build").rglob("*.duckdb*")) == []
    )  # each run's build file became the published one
    assert (refreshed["marts"] / "parquet" / "fct_case_results.parquet").exists()


def test_row_counts(refreshed):
    db = refreshed["marts"] / "warehouse.duckdb"
    # 7 districts + the agency office + the province, 24 months
    assert query(db, "select count(*) from marts.fct_case_results")[0][0] == 9 * 24
    assert query(db, "select count(*) from marts.fct_money_results")[0][0] == 9 * 24
    assert (
        query(db, "select count(distinct unit_code) from marts.fct_case_results where unit_level = 'district'")[0][0]
        == 7
    )
    # 217 reports, 8 self-scoring tables (the agency's at 31/8 and 30/9, two offices' at 30/9, 2022 and
    # 2023), the registrations of 2022 and 2023 and the award list of 2022 (2023's is decided in December)
    assert refreshed["first"]["ingest"]["files_loaded"] == 228
    assert refreshed["first"]["ingest"]["duplicates_skipped"] == 1
    # the run's metadata says how fast the files were read (the Dagster UI shows it beside the row counts)
    assert refreshed["first"]["ingest"]["read_seconds"] > 0 and refreshed["first"]["ingest"]["files_per_second"] > 0


def test_tuyen_quang_rates_are_recomputed(refreshed):
    db = refreshed["marts"] / "warehouse.duckdb"
    cases = query(
        db,
        "select completed_for_rate_cases, enforceable_cases_reported, completion_rate_pct "
        "from marts.fct_case_results where unit_code = 'P08' and period_end = date '2023-08-31'",
    )
    assert [(a, b, str(c)) for a, b, c in cases] == [(4132, 4787, "86.32")]
    money = query(
        db,
        "select completed_for_rate_kvnd, enforceable_kvnd_reported, completion_rate_pct "
        "from marts.fct_money_results where unit_code = 'P08' and period_end = date '2023-08-31'",
    )
    assert [(a, b, str(c)) for a, b, c in money] == [(69_647_668, 116_404_270, "59.83")]


def test_the_current_version_of_a_resubmitted_report_is_the_latest(refreshed):
    db = refreshed["marts"] / "warehouse.duckdb"
    assert query(
        db,
        "select submission_no, n_versions from marts.fct_case_results "
        "where unit_code = 'P08-D073' and period_end = date '2023-05-31'",
    ) == [(2, 2)]


def test_a_defective_file_is_quarantined_with_a_message_that_says_where(refreshed):
    db = refreshed["marts"] / "warehouse.duckdb"
    rows = query(
        db, "select file_path, reason_code, sheet, cell_ref, found, message_vi, message_en from marts.quarantine"
    )
    assert len(rows) == 1
    path, code, sheet, cell, found, vi, en = rows[0]
    assert (path, code, sheet, cell, found) == ("bad/gui lai.xlsx", "CELL_NOT_NUMBER", "01_VIEC", "F14", "12a")
    assert vi.startswith("Tệp gui lai.xlsx, trang 01_VIEC, ô F14:") and "12a" in vi
    assert en.startswith("File gui lai.xlsx, sheet 01_VIEC, cell F14:")


def test_a_second_run_loads_nothing_and_changes_nothing(refreshed):
    ingest = refreshed["second"]["ingest"]
    assert (ingest["files_loaded"], ingest["files_quarantined"]) == (0, 0)
    # 228 sample files, the quarantined one, and the second copy of a loaded file (same sha256)
    assert ingest["already_known"] == 230
    db = refreshed["marts"] / "warehouse.duckdb"
    assert query(db, "select count(*) from marts.fct_case_results")[0][0] == refreshed["counts_first"]
    assert query(db, "select count(*) from raw.report_files")[0][0] == 229  # 228 loaded and the quarantined one
    assert query(db, "select count(*) from marts.quarantine")[0][0] == 1


def test_nothing_new_is_a_no_op(refreshed, capsys):
    """Same files, code and reference data as the publication: no copy, no Dagster run, no dbt, no report."""
    raw, marts = refreshed["raw"], refreshed["marts"]
    db = marts / "warehouse.duckdb"
    published = (db.stat().st_ino, db.stat().st_mtime_ns)
    runs = sorted(p.name for p in (marts / "logs").iterdir()), sorted(p.name for p in (marts / "dbt").iterdir())
    reports = tree_digest(marts / "reports")
    capsys.readouterr()
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    out = capsys.readouterr().out
    assert "không có gì mới / nothing new" in out and "--force" in out
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == published
    assert (
        sorted(p.name for p in (marts / "logs").iterdir()),
        sorted(p.name for p in (marts / "dbt").iterdir()),
    ) == runs
    assert tree_digest(marts / "reports") == reports
    assert (
        json.loads((marts / "last_refresh.json").read_text(encoding="utf-8"))["run_id"] == refreshed["second"]["run_id"]
    )
    assert json.loads((marts / "last_check.json").read_text(encoding="utf-8"))["outcome"] == "nothing_new"
    assert main(["status", "--marts", str(marts), "--raw", str(raw)]) == 0
    assert "last check: " in capsys.readouterr().out


def test_what_makes_a_refresh_necessary(refreshed, monkeypatch):
    """A new file, changed code or reference data, a setting that changes a result, a day on which
    another set of units is current, unfinished reports: each makes the refresh run (and the schedule ask)."""
    import dagster as dg

    from pipelines.defs.automation import nightly_refresh
    from pipelines.lib.warehouse import inputs
    from pipelines.settings import load_settings

    raw, marts = refreshed["raw"], refreshed["marts"]
    monkeypatch.setenv("THADS_RAW_DIR", str(raw))
    monkeypatch.setenv("THADS_MARTS_DIR", str(marts))
    assert inputs.nothing_new(load_settings())
    assert isinstance(nightly_refresh(dg.build_schedule_context()), dg.SkipReason)

    extra = raw / "2023-09" / "late.csv"
    extra.write_text("x", encoding="utf-8")
    try:
        assert not inputs.nothing_new(load_settings())
        assert isinstance(nightly_refresh(dg.build_schedule_context()), dg.RunRequest)
    finally:
        extra.unlink()
    assert inputs.nothing_new(load_settings())

    with monkeypatch.context() as m:
        m.setattr(inputs, "code_digest", lambda: "a seed or a model changed")
        assert not inputs.nothing_new(load_settings())
    with monkeypatch.context() as m:
        m.setenv("THADS_MAX_SHEET_ROWS", "100")
        assert not inputs.nothing_new(load_settings())
    with monkeypatch.context() as m:
        m.setattr(inputs, "current_units", lambda today: ["P08"])
        assert not inputs.nothing_new(load_settings())
    with monkeypatch.context() as m:
        m.setenv("THADS_REBUILD", "1")
        assert not inputs.nothing_new(load_settings())
    text = (marts / "last_refresh.json").read_text(encoding="utf-8")
    try:
        unfinished = {k: v for k, v in json.loads(text).items() if k != "reports"}  # killed before its reports
        (marts / "last_refresh.json").write_text(json.dumps(unfinished), encoding="utf-8")
        assert not inputs.nothing_new(load_settings())
    finally:
        (marts / "last_refresh.json").write_text(text, encoding="utf-8")
    assert inputs.nothing_new(load_settings())


def _full_refresh_of_main_steps(marts: Path) -> list[bool]:
    runs = sorted((marts / "dbt").glob("*-main"))
    return [
        json.loads((r / "run_results.json").read_text(encoding="utf-8"))["args"].get("full_refresh", False)
        for r in runs
    ]


def test_incremental_models_are_built_in_full_when_the_code_changed(refreshed, tmp_path, monkeypatch):
    """The per-file models keep the rows of earlier refreshes; other code must not mix with them."""
    from pipelines.lib.warehouse import inputs

    assert _full_refresh_of_main_steps(refreshed["marts"]) == [True, False]  # empty, then the same code
    marts = tmp_path / "marts"
    shutil.copytree(refreshed["marts"], marts)
    shutil.rmtree(marts / "dbt")
    monkeypatch.setattr(inputs, "code_digest", lambda: "the models changed")
    assert main(["refresh", "--raw", str(refreshed["raw"]), "--marts", str(marts)]) == 0  # not "nothing new"
    assert _full_refresh_of_main_steps(marts) == [True]
    rows = "select count(*), count(distinct file_sha256) from intermediate.int_report_rows_pivoted"
    assert query(marts / "warehouse.duckdb", rows) == query(refreshed["marts"] / "warehouse.duckdb", rows)
    # but not the finding history, which is not a function of the files: one more run in it
    runs = "select count(distinct run_id) from marts.fct_validation_history"
    assert (
        query(marts / "warehouse.duckdb", runs)[0][0] == query(refreshed["marts"] / "warehouse.duckdb", runs)[0][0] + 1
    )


def test_value_contract_outcomes_are_kept_per_run(refreshed):
    runs = query(
        refreshed["marts"] / "warehouse.duckdb",
        "select run_id, count(*), count(*) filter (where outcome = 'pass') from raw.gx_results group by 1",
    )
    assert {r for r, _, _ in runs} == {refreshed["first"]["run_id"], refreshed["second"]["run_id"]}
    assert len({(n, passed) for _, n, passed in runs}) == 1 and runs[0][1] == runs[0][2] > 0


def test_raw_files_are_never_changed(refreshed):
    assert tree_digest(refreshed["raw"]) == refreshed["before"]


def test_a_failed_refresh_leaves_the_published_warehouse_untouched(refreshed, tmp_path, monkeypatch, capsys):
    """A defect that slips past ingestion is stopped by a blocking dbt test before publication."""
    marts = tmp_path / "marts"
    shutil.copytree(refreshed["marts"], marts)
    raw = tmp_path / "raw"
    shutil.copytree(refreshed["raw"], raw)
    write_tiny_xlsx(raw / "new" / "P08-D070_lan3.xlsx", tiny_report(submission_no=3))
    published_before = hashlib.sha256((marts / "warehouse.duckdb").read_bytes()).hexdigest()
    summary_before = (marts / "last_refresh.json").read_text(encoding="utf-8")

    import pipelines.lib.ingest.load as ingest_module

    real_examine = ingest_module.examine

    def examine_with_a_lost_money_row(path, settings, register):
        report, defects = real_examine(path, settings, register)
        if report is not None and path.name == "P08-D070_lan3.xlsx":
            report.cells = [c for c in report.cells if not (c["sheet"] == "02_TIEN" and c["row_code"] == "CHV-D070-02")]
        return report, defects

    monkeypatch.setattr(ingest_module, "examine", examine_with_a_lost_money_row)
    code = main(["refresh", "--raw", str(raw), "--marts", str(marts)])
    err = capsys.readouterr().err
    assert code == 1
    assert "every_report_row_has_both_sheets" in err and "the published warehouse is unchanged" in err
    assert hashlib.sha256((marts / "warehouse.duckdb").read_bytes()).hexdigest() == published_before
    assert (marts / "last_refresh.json").read_text(encoding="utf-8") == summary_before

    # the next refresh, with the defect gone, starts again from the published file and succeeds
    monkeypatch.setattr(ingest_module, "examine", real_examine)
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    db = marts / "warehouse.duckdb"
    assert query(
        db,
        "select submission_no from marts.fct_case_results "
        "where unit_code = 'P08-D070' and period_end = date '2023-08-31'",
    ) == [(3,)]


def test_a_report_that_fails_after_publication_says_so(refreshed, tmp_path, monkeypatch, capsys):
    """The warehouse is swapped in before the report is written: a failing report must not be
    announced as an unchanged warehouse."""
    marts = tmp_path / "marts"
    shutil.copytree(refreshed["marts"], marts)
    import pipelines.defs.reporting as reporting_defs

    def broken(*args, **kwargs):
        raise OSError("disk full while writing the report")

    monkeypatch.setattr(reporting_defs, "write_reports", broken)
    code = main(["refresh", "--raw", str(refreshed["raw"]), "--marts", str(marts), "--force"])
    err = capsys.readouterr().err
    assert code == 1
    assert "disk full while writing the report" in err and "the warehouse was published, a later step failed" in err
    record = json.loads((marts / "last_refresh.json").read_text(encoding="utf-8"))
    assert record["run_id"] != refreshed["second"]["run_id"] and "reports" not in record


def test_refresh_refuses_a_missing_raw_folder(tmp_path, capsys):
    assert main(["refresh", "--raw", str(tmp_path / "nope"), "--marts", str(tmp_path / "m")]) == 2
    assert "raw folder does not exist" in capsys.readouterr().err


def test_a_rebuild_reads_every_file_again_and_keeps_the_finding_history(refreshed, tmp_path, monkeypatch):
    marts = tmp_path / "marts"
    shutil.copytree(refreshed["marts"], marts)
    db = marts / "warehouse.duckdb"
    history_before = query(db, "select count(*), count(distinct run_id) from marts.fct_validation_history")[0]
    monkeypatch.delenv("THADS_REBUILD", raising=False)
    assert main(["refresh", "--raw", str(refreshed["raw"]), "--marts", str(marts), "--rebuild"]) == 0
    monkeypatch.delenv("THADS_REBUILD", raising=False)
    record = json.loads((marts / "last_refresh.json").read_text(encoding="utf-8"))
    assert record["ingest"]["files_loaded"] == 228 and record["ingest"]["already_known"] == 0
    runs_after = query(db, "select count(distinct run_id) from marts.fct_validation_history")[0][0]
    assert runs_after == history_before[1] + 1
    assert query(db, "select count(distinct run_id) from raw.gx_results")[0][0] == 3  # kept across the rebuild
    assert query(db, "select count(*) from marts.fct_case_results")[0][0] == refreshed["counts_first"]


def test_raw_cell_tests_look_at_this_runs_files_unless_the_build_is_full(tmp_path):
    # raw cells never change once loaded: an incremental refresh tests the cells of the files it loaded,
    # a full build (a rebuild, other code) every cell
    dbt = dbt_executable()  # first: it names the real dbt in the environment the wrapper execs
    env = {**os.environ, "THADS_BUILD_DB": str(tmp_path / "warehouse.duckdb"), "THADS_RUN_ID": "run-x"}
    for full in (False, True):
        target = tmp_path / f"target-{full}"
        proc = subprocess.run(
            [dbt, "compile", "--select", "test_type:data,stg_raw__report_cells", "--target-path", str(target),
             "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
             *(["--full-refresh"] if full else [])],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stdout[-3000:]
        compiled = {p.name: p.read_text(encoding="utf-8") for p in target.rglob("compiled/**/*.sql")}
        scoped = {n for n, sql in compiled.items() if "where run_id = 'run-x'" in sql}
        names = {n.split("_stg_raw")[0].split("__")[0] for n in scoped}
        assert names == (set() if full else {"non_negative", "unique_combination_of_columns"}), compiled.keys()
