"""What a refresh builds on (pipelines/lib/warehouse/base.py): the oldest restore point brought up to date
with the published file, or a copy of it when that cannot be done. The path that builds on it is proven
equal to a rebuild in tests/integration/test_incremental_equality.py; here, when it must not be taken."""

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from pipelines.lib.warehouse import base
from pipelines.settings import DBT_PROJECT_DIR, Settings


def test_every_incremental_model_is_brought_up_to_date():
    """A model that keeps rows from one build to the next and is in none of the lists would keep the
    oldest file's rows: the build would differ from a copy of the published file."""
    found = {
        p.stem for p in (DBT_PROJECT_DIR / "models").rglob("*.sql") if "materialized='incremental'" in p.read_text()
    }
    assert found == base.INCREMENTAL_MODELS
    listed = {t.split(".")[1] for t in (*base.BY_FILE, *base.BY_YEAR, *base.WHOLE)}
    assert base.INCREMENTAL_MODELS <= listed


def _warehouse(path: Path, code: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("create schema meta")
    con.execute("create table meta.publication (record varchar)")
    con.execute("insert into meta.publication values (?)", [json.dumps({"code_digest": code})])
    con.close()
    return path


def _settings(tmp_path: Path) -> Settings:
    return Settings(raw_dir=tmp_path / "raw", marts_dir=tmp_path / "marts", keep_published=1, build_id="night")


def test_a_ring_that_is_not_full_is_not_touched(tmp_path):
    settings = _settings(tmp_path)
    _warehouse(settings.published_db, "code")
    assert base.start_from_previous(settings, log=print) is False
    assert not settings.build_db.exists()


def test_a_file_built_by_other_code_is_not_built_on(tmp_path):
    settings = _settings(tmp_path)
    _warehouse(settings.published_db, "new code")
    _warehouse(settings.marts_dir / "previous" / "warehouse-20261201-000000.duckdb", "old code")
    said: list[str] = []
    assert base.start_from_previous(settings, log=said.append) is False
    assert not settings.build_db.exists() and "other code" in said[0]
    assert (settings.marts_dir / "previous" / "warehouse-20261201-000000.duckdb").exists()  # still a restore point


def test_a_restore_point_open_in_another_process_is_left_to_it(tmp_path):
    """A reader holds the oldest file's lock: the refresh does not wait for it, and the reader's file
    stays readable (the build copies the published file instead)."""
    settings = _settings(tmp_path)
    _warehouse(settings.published_db, "code")
    oldest = _warehouse(settings.marts_dir / "previous" / "warehouse-20261201-000000.duckdb", "code")
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); print('open', flush=True);"
            " time.sleep(60); print(c.execute('select count(*) from meta.publication').fetchall())",
            str(oldest),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "open"
        said: list[str] = []
        started = time.monotonic()
        assert base.start_from_previous(settings, log=said.append) is False
        assert time.monotonic() - started < 10
        assert not settings.build_db.exists() and "in use" in said[0]
        assert oldest.exists()  # still a restore point
    finally:
        reader.kill()
        reader.wait()
