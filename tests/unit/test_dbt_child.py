"""dbt_child.py, the wrapper that makes dbt die with the refresh that started it."""

import os
import subprocess
import sys
import tempfile

import duckdb
import pytest

from pipelines.lib.warehouse.dbt_child import __file__ as WRAPPER
from pipelines.lib.warehouse.dbt_project import (
    SERVER_FOLDER_PREFIX,
    remove_folders_of_dead_refreshes,
    start_dbt_server,
    stop_dbt_server,
)
from pipelines.settings import DBT_PROJECT_DIR, load_settings


def _wrapper(parent_pid: str, executable: str = "echo", build_db: str = "") -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "THADS_DBT_PARENT_PID": parent_pid,
        "THADS_DBT_EXECUTABLE": executable,
        "THADS_BUILD_DB": build_db,
    }
    return subprocess.run([sys.executable, WRAPPER, "build"], env=env, capture_output=True, text=True)


def test_the_wrapper_runs_dbt_for_the_parent_that_named_itself():
    proc = _wrapper(str(os.getpid()))
    assert proc.returncode == 0 and proc.stdout.strip() == "build"


def test_the_wrapper_refuses_when_its_parent_died_before_it_started():
    # the refresh was killed while the interpreter started: the child now belongs to an adopter,
    # which is not the process named in the environment, and dbt must not run
    proc = _wrapper("999999999")
    assert proc.returncode == 1 and proc.stdout == ""


def test_dbt_opens_the_build_file_by_its_name_from_its_folder(tmp_path):
    # the same profile on every refresh (dbt then reuses its saved parse of the project)
    build = tmp_path / "run-1" / "warehouse.duckdb"
    build.parent.mkdir()
    shown = subprocess.run(
        [sys.executable, WRAPPER, "-c", 'echo "$PWD $THADS_BUILD_DB"; pwd -P'],
        env={**os.environ, "THADS_DBT_PARENT_PID": "", "THADS_DBT_EXECUTABLE": "sh", "THADS_BUILD_DB": str(build)},
        capture_output=True,
        text=True,
    )
    assert shown.stdout.split()[1:] == ["warehouse.duckdb", str(build.parent.resolve())]


# ------------------------------------------------------------------ the refresh's started dbt (dbt_server.py)


@pytest.fixture
def started_dbt(tmp_path, monkeypatch):
    """A started dbt for a build file of its own, as a refresh starts it; stopped afterwards."""
    monkeypatch.setenv("THADS_MARTS_DIR", str(tmp_path / "marts"))
    monkeypatch.setenv("THADS_BUILD_ID", "started")
    monkeypatch.setenv("THADS_BUILD_DB", str(load_settings().build_db))  # not one an earlier test left
    settings = load_settings()
    settings.build_db.parent.mkdir(parents=True)  # as the refresh's ingest step does
    start_dbt_server(settings)
    yield settings
    assert stop_dbt_server() is None  # it served, it did not give up


def _through_wrapper(args: list[str], executable: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "THADS_DBT_PARENT_PID": str(os.getpid()), "THADS_DBT_EXECUTABLE": executable}
    project = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    return subprocess.run([sys.executable, WRAPPER, *args, *project], env=env, capture_output=True, text=True)


def test_a_build_runs_in_the_started_dbt(started_dbt, tmp_path):
    # no dbt to start: only the started one can have built the seed into the build file
    proc = _through_wrapper(
        ["build", "--select", "ref_reporting_regimes", "--target-path", str(tmp_path / "t")], "/nonexistent/dbt"
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    con = duckdb.connect(str(started_dbt.build_db), read_only=True)
    try:
        assert con.execute("select count(*) from reference.ref_reporting_regimes").fetchall()[0][0] > 0
    finally:
        con.close()
    # a failing command fails as dbt's would (exit 2: dbt could not run it)
    proc = _through_wrapper(["build", "--no-such-option"], "/nonexistent/dbt")
    assert proc.returncode == 2 and "no-such-option" in proc.stdout + proc.stderr


def test_without_a_started_dbt_the_wrapper_starts_dbt_itself(monkeypatch, tmp_path):
    monkeypatch.setenv("THADS_DBT_SERVER", str(tmp_path / "no-such.sock"))
    proc = _wrapper(str(os.getpid()))
    assert proc.returncode == 0 and proc.stdout.strip() == "build"


def test_a_started_dbt_that_cannot_parse_leaves_the_builds_to_dbt(tmp_path, monkeypatch):
    monkeypatch.setenv("THADS_MARTS_DIR", str(tmp_path / "marts"))
    monkeypatch.setenv("THADS_BUILD_ID", "broken")
    broken = tmp_path / "broken" / "dbt"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('dbt is broken here')\n")
    monkeypatch.setenv("PYTHONPATH", str(broken.parent))  # the started dbt cannot import dbt
    monkeypatch.setenv("THADS_BUILD_DB", str(load_settings().build_db))
    load_settings().build_db.parent.mkdir(parents=True)
    start_dbt_server(load_settings())
    proc = subprocess.run(
        [sys.executable, WRAPPER, "build"],
        env={**os.environ, "THADS_DBT_PARENT_PID": str(os.getpid()), "THADS_DBT_EXECUTABLE": "echo"},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "build"
    assert "dbt is broken here" in (stop_dbt_server() or "")


def test_the_folder_of_a_killed_refreshs_started_dbt_is_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.Popen(["true"])
    ended.wait()  # a process that no longer exists, as a refresh killed with kill -9
    alive = subprocess.Popen(["sleep", "30"])
    try:
        dead_folder = tmp_path / f"{SERVER_FOLDER_PREFIX}{ended.pid}-abc"
        live_folder = tmp_path / f"{SERVER_FOLDER_PREFIX}{alive.pid}-def"
        for folder in (dead_folder, live_folder):
            folder.mkdir()
            (folder / "server.log").write_text("dbt ready\n")
        assert remove_folders_of_dead_refreshes() == [dead_folder]
        assert live_folder.exists() and not dead_folder.exists()
    finally:
        alive.kill()
        alive.wait()
