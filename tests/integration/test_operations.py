"""Operations nobody has to watch, tried with real processes: one refresh at a time however it is
started, files half-copied never loaded, refusals caused by a setting retried, a rebuild from an
empty folder refused, a full disk that says so and cleans up, bounded growth, a killed refresh that
takes dbt with it and is recovered by the next one."""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from pipelines.cli import main
from pipelines.lib.warehouse.lock import holder
from pipelines.lib.warehouse.publish import published_record, read_record
from tests.fixtures.builders import tiny_report, write_tiny_csv, write_tiny_xlsx
from tests.fixtures.warehouse import query

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _raw(folder: Path, months=(7, 8)) -> Path:
    for m in months:
        write_tiny_xlsx(folder / f"P08-D070_{m}.xlsx", tiny_report(period_end=date(2023, m, 31 if m in (7, 8) else 30)))
    return folder


def _cli(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


# ------------------------------------------------------------------ 1. one refresh at a time


def test_a_second_refresh_through_the_cli_waits_its_turn_or_says_who_runs(tmp_path, capsys):
    raw, marts = _raw(tmp_path / "raw"), tmp_path / "marts"
    first = _cli("refresh", "--raw", str(raw), "--marts", str(marts), env={"THADS_DBT_DOCS": "1"})
    _wait_for(lambda: holder(marts) is not None)
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 3
    err = capsys.readouterr().err
    assert f"by PID {first.pid}" in err and "is running" in err
    assert first.wait(300) == 0, first.stderr.read()
    record, inside = read_record(marts), published_record(marts / "warehouse.duckdb")
    assert record["run_id"] == inside["run_id"]  # the record describes the file that is published
    assert list((marts / ".build").rglob("*.duckdb*")) == []
    # the analysts' documentation, offline, linked from the report; the operator's status
    assert (marts / "reports" / "dbt_docs" / "index.html").exists()
    assert "dbt_docs/index.html" in (marts / "reports" / "index.html").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["status", "--marts", str(marts), "--raw", str(raw)]) == 0
    out = capsys.readouterr().out
    assert "running: không / none" in out and record["run_id"] in out and "not yet loaded: 0" in out


def test_a_dagster_run_refuses_while_another_refresh_holds_the_folder(tmp_path, monkeypatch):
    raw, marts = _raw(tmp_path / "raw", months=(8,)), tmp_path / "marts"
    marts.mkdir()
    holder_process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from pipelines.lib.warehouse.lock import acquire; acquire(Path(sys.argv[1]), 'other'); time.sleep(60)",
            str(marts),
        ],
        cwd=ROOT,
    )
    try:
        _wait_for(lambda: holder(marts) is not None, 30)
        monkeypatch.setenv("THADS_RAW_DIR", str(raw))
        monkeypatch.setenv("THADS_MARTS_DIR", str(marts))
        monkeypatch.delenv("THADS_BUILD_ID", raising=False)
        from pipelines.definitions import build_definitions

        result = (
            build_definitions()
            .resolve_job_def("refresh")
            .execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
        )
        assert not result.success
        failure = result.get_step_failure_events()[0].event_specific_data.error
        while failure.cause is not None:
            failure = failure.cause
        assert "is running" in failure.message and f"PID {holder_process.pid}" in failure.message
        assert not (marts / "warehouse.duckdb").exists()
    finally:
        holder_process.kill()


def test_the_instance_admits_one_run_at_a_time(tmp_path, monkeypatch):
    (tmp_path / "dagster.yaml").write_text((ROOT / "deploy" / "dagster.yaml").read_text(), encoding="utf-8")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    with dg.DagsterInstance.get() as instance:
        assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1


# ------------------------------------------------------------------ 2, 3. files that must prove themselves


def test_a_half_copied_csv_waits_for_the_rest_and_a_different_copy_is_a_conflict(tmp_path):
    raw, marts = tmp_path / "raw", tmp_path / "marts"
    full = write_tiny_csv(tmp_path / "full.csv", tiny_report()).read_bytes()
    (raw / "lan1.csv").parent.mkdir(parents=True)
    (raw / "lan1.csv").write_bytes(full[: len(full) - 4])  # cut in the middle of the last number
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    db = marts / "warehouse.duckdb"
    assert query(db, "select status from raw.report_files") == [("deferred",)]
    assert query(db, "select reason_code from marts.quarantine") == [("FILE_INCOMPLETE",)]
    (raw / "lan1.csv").write_bytes(full)  # the copy has finished
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    assert query(db, "select status from raw.report_files") == [("loaded",)]
    assert query(db, "select count(*) from marts.quarantine") == [(0,)]
    assert query(db, "select new_cases from marts.fct_case_results") == [(220,)]
    # the same submission number again, other figures: shown as a conflict, never silently kept or dropped
    other = tiny_report()
    other.rows["01_VIEC"][0]["values"]["new_cases"] += 0  # same layout, another preparation date
    other.prepared_on = date(2023, 9, 9)
    write_tiny_csv(raw / "lan1 (sua).csv", other)
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    assert query(db, "select reason_code from marts.quarantine") == [("SUBMISSION_CONFLICT",)]


def test_a_refusal_caused_by_a_setting_is_retried_once_the_setting_is_fixed(tmp_path, monkeypatch):
    raw, marts = _raw(tmp_path / "raw"), tmp_path / "marts"
    monkeypatch.setenv("THADS_MAX_FILE_BYTES", "100")
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    db = marts / "warehouse.duckdb"
    assert query(db, "select distinct status from raw.report_files") == [("deferred",)]
    monkeypatch.delenv("THADS_MAX_FILE_BYTES")
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    assert query(db, "select count(*) from marts.fct_case_results") == [(2,)]
    bad = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "refresh", "--raw", str(raw), "--marts", str(marts)],
        cwd=ROOT,
        env={**os.environ, "THADS_MAX_FILE_BYTES": "-5"},
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [
        "Lỗi cấu hình / setting error: THADS_MAX_FILE_BYTES='-5': must be a whole number greater than 0 "
        "(số nguyên lớn hơn 0)"
    ]


# ------------------------------------------------------------------ 4. a rebuild from an empty folder


def test_a_rebuild_from_an_empty_folder_is_refused_unless_asked(tmp_path, capsys):
    raw, marts = _raw(tmp_path / "raw"), tmp_path / "marts"
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["refresh", "--raw", str(empty), "--marts", str(marts), "--rebuild"]) == 1
    assert "--allow-shrink" in capsys.readouterr().err
    db = marts / "warehouse.duckdb"
    assert query(db, "select count(*) from marts.fct_case_results") == [(2,)]
    assert query(db, "select count(*) from marts.fct_finding where status = 'superseded'") == [(0,)]
    assert main(["refresh", "--raw", str(empty), "--marts", str(marts), "--rebuild", "--allow-shrink"]) == 0
    assert query(db, "select count(*) from marts.fct_case_results") == [(0,)]


# ------------------------------------------------------------------ 5. a full disk


def test_a_full_disk_fails_with_its_cause_and_keeps_the_warehouse(tmp_path):
    raw, marts = _raw(tmp_path / "raw", months=(8,)), tmp_path / "marts"
    marts.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", str(marts)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        first = subprocess.run(
            [sys.executable, "-m", "pipelines.cli", "refresh", "--raw", str(raw), "--marts", str(marts)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert first.returncode == 0, first.stderr
        published = (marts / "warehouse.duckdb").read_bytes()
        free = os.statvfs(marts).f_bavail * os.statvfs(marts).f_frsize
        (marts / "filler").write_bytes(b"\0" * max(free - 256 * 1024, 0))
        write_tiny_xlsx(raw / "P08-D070_7.xlsx", tiny_report(period_end=date(2023, 7, 31)))
        full = subprocess.run(
            [sys.executable, "-m", "pipelines.cli", "refresh", "--raw", str(raw), "--marts", str(marts)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert full.returncode == 1
        assert "Traceback" not in full.stderr and "FAILED" in full.stderr
        assert (marts / "warehouse.duckdb").read_bytes() == published  # the previous warehouse, untouched
        assert list((marts / ".build").rglob("*.duckdb*")) == []  # the failed build gave its space back
    finally:
        subprocess.run(["umount", str(marts)], capture_output=True)


# ------------------------------------------------------------------ 6, 7. bounded growth, kill -9


def test_many_refreshes_keep_the_disk_bounded(tmp_path):
    raw, marts = _raw(tmp_path / "raw", months=(8,)), tmp_path / "marts"
    target = ROOT / "dbt_project" / "target"
    before = {p.name for p in target.iterdir()} if target.exists() else set()
    env = {"THADS_KEEP_RUNS": "1", "THADS_DBT_DOCS": "1"}
    for m in (1, 2):
        write_tiny_xlsx(
            raw / f"P08-D070_{m}.xlsx",
            tiny_report(period_end=date(2023, m, 28 if m == 2 else 31 if m in (1, 3, 5) else 30)),
        )
        run = _cli("refresh", "--raw", str(raw), "--marts", str(marts), env=env)
        assert run.wait(300) == 0, run.stderr.read()
    # the last refresh's dbt steps: main and validation (the documentation is written again only when the
    # code changed: the first refresh's is still the published one)
    assert sorted(p.name.rsplit("-", 1)[1] for p in (marts / "dbt").iterdir()) == ["main", "validation"]
    assert (marts / "reports" / "dbt_docs" / "index.html").exists()
    assert len(list((marts / "logs").glob("refresh-*.log"))) == 1
    assert len(list((marts / "previous").glob("*.duckdb"))) == 1  # the file the last refresh replaced
    after = {p.name for p in target.iterdir()} if target.exists() else set()
    assert not {n for n in after - before if n.startswith("thads_dbt")}  # nothing new in the checkout


def _children_running(parent: int, word: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(stat[1]) == parent and word in cmd:
            found.append(int(proc.name))
    return found


def test_a_killed_refresh_takes_dbt_with_it_and_the_next_one_recovers(tmp_path):
    raw, marts = _raw(tmp_path / "raw"), tmp_path / "marts"
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    write_tiny_xlsx(raw / "P08-D070_6.xlsx", tiny_report(period_end=date(2023, 6, 30)))
    victim = _cli("refresh", "--raw", str(raw), "--marts", str(marts))
    _wait_for(lambda: _children_running(victim.pid, "build"), 180)
    dbt = _children_running(victim.pid, "build")
    # the build runs in a fork of the refresh's started dbt (dbt_server.py): it goes too
    started = _children_running(victim.pid, "dbt_server")
    _wait_for(lambda: [f for s in started for f in _children_running(s, "dbt_server")], 60)
    dbt += started + [f for s in started for f in _children_running(s, "dbt_server")]
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    _wait_for(
        lambda: all(
            not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2] for pid in dbt
        ),
        20,
    )
    # a kill right after the swap: the file says which run published it, the record still names the old one
    record = read_record(marts)
    (marts / "last_refresh.json").write_text(json.dumps({**record, "run_id": "older"}), encoding="utf-8")
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    assert read_record(marts)["run_id"] == published_record(marts / "warehouse.duckdb")["run_id"]
    assert query(marts / "warehouse.duckdb", "select count(*) from marts.fct_case_results") == [(3,)]
