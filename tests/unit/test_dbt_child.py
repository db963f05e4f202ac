"""dbt_child.py, the wrapper that makes dbt die with the refresh that started it."""

import os
import subprocess
import sys

from pipelines.lib.warehouse.dbt_child import __file__ as WRAPPER


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
