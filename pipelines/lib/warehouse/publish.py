"""Build-then-swap: each refresh writes a fresh build file; a good build replaces the
published warehouse atomically, so analysts never see half a refresh and a failed run
leaves yesterday's file in place.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ...settings import Settings
from ..files import write_text_atomically
from .base import EVALUATED_YEARS, previous_files, start_from_previous
from .duck import connect_build

MART_SCHEMA = "marts"


def _remove_with_wal(path: Path) -> None:
    for p in (path, Path(f"{path}.wal")):
        if p.exists():
            p.unlink()


def _remove_stale_builds(build_dir: Path) -> None:
    """Every run's folder with its build file (and the files of earlier versions, named by the run)."""
    for stale in list(build_dir.glob("*.duckdb")) + list(build_dir.glob("*.duckdb.wal")):
        stale.unlink()
    for folder in build_dir.iterdir():
        if folder.is_dir() and any(folder.glob("warehouse.duckdb*")):
            shutil.rmtree(folder)


def _remove_build(build: Path) -> None:
    """The build file, its WAL and its run's folder once empty."""
    _remove_with_wal(build)
    try:
        build.parent.rmdir()
    except OSError:  # not empty, or already gone
        pass


# kept by a rebuild: the finding history, the value-contract outcomes and when each file arrived
HISTORY_TABLES = ("marts.fct_validation_history", "raw.gx_results", "raw.file_arrivals")


def prepare_build(settings: Settings, log: Callable[[str], None] = print) -> str:
    """Start the build file (settings.build_db) from the published warehouse's content (its raw tables
    make the refresh incremental): the oldest restore point brought up to date with it (base.py), or a
    copy of it; empty when nothing was published yet. A build file left by a failed run, and its WAL,
    are thrown away first. With settings.rebuild, start empty and carry over only the finding history:
    every file of data/raw is read again. Returns how the build started (said in last_refresh.json)."""
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    # builds left by failed or killed runs (this refresh holds the lock: nothing else is building)
    _remove_stale_builds(settings.build_dir)
    settings.build_db.parent.mkdir(parents=True, exist_ok=True)
    if settings.build_data_docs_dir.exists():  # left by a failed run
        shutil.rmtree(settings.build_data_docs_dir)
    if settings.rebuild:
        if settings.published_db.exists():
            con = connect_build(settings.build_db, settings)
            try:
                con.execute("attach ? as published (read_only)", [str(settings.published_db)])
                for table in HISTORY_TABLES:
                    schema, name = table.split(".")
                    exists = con.execute(
                        "select count(*) from duckdb_tables() "
                        "where database_name = 'published' and schema_name = ? and table_name = ?",
                        [schema, name],
                    ).fetchall()[0][0]
                    if exists:
                        con.execute(f"create schema if not exists {schema}")
                        con.execute(f"create table {table} as select * from published.{table}")
                con.execute("detach published")
            finally:
                con.close()
        return "rebuild"
    if settings.published_db.exists():
        stale_wal = Path(f"{settings.published_db}.wal")
        if stale_wal.exists():
            raise RuntimeError(
                f"{stale_wal} exists: the published warehouse was written in place by another process. "
                "Check who holds it; the refresh does not copy a file that may be incomplete."
            )
        oldest = previous_files(settings)[:1]
        if start_from_previous(settings, log):
            return f"previous/{oldest[0].name}"
        shutil.copy2(settings.published_db, settings.build_db)
        log("the build starts from a copy of the published warehouse")
        return "copy"
    return "empty"


class RefreshRefused(RuntimeError):
    """The refresh stops before publishing, with what the operator should do."""


SHRINK_LIMIT = 0.5  # a rebuild that keeps less than this share of the published reports is refused


def check_rebuild_keeps_the_reports(settings: Settings, con: duckdb.DuckDBPyConnection) -> None:
    """A rebuild reads data/raw again: if it holds far fewer reports than are published (an empty or
    unmounted folder), publishing would wipe the warehouse. Refuse unless asked (--allow-shrink)."""
    if not settings.rebuild or settings.allow_shrink or not settings.published_db.exists():
        return
    built = con.execute("select count(*) from raw.report_files where status = 'loaded'").fetchall()[0][0]
    con.execute("attach ? as published_check (read_only)", [str(settings.published_db)])
    try:
        published = con.execute(
            "select count(*) from published_check.raw.report_files where status = 'loaded'"
        ).fetchall()[0][0]
    finally:
        con.execute("detach published_check")
    if published and built < SHRINK_LIMIT * published:
        raise RefreshRefused(
            f"bản dựng lại chỉ có {built} báo cáo, kho đã công bố có {published}: thư mục dữ liệu vào "
            f"{settings.raw_dir} trống hoặc chưa gắn? Không công bố. / the rebuild read {built} reports where "
            f"{published} are published: is {settings.raw_dir} empty or not mounted? Nothing was published; "
            "run again with --allow-shrink (THADS_ALLOW_SHRINK=1) if the warehouse really should shrink."
        )


def _keep_previous(settings: Settings) -> None:
    """Keep the file about to be replaced (a hard link: no copy, no extra space until it is pruned), and
    settings.keep_published files in all: the oldest is where the next refresh starts (base.py)."""
    if not settings.published_db.exists():
        return
    previous = settings.marts_dir / "previous"
    previous.mkdir(exist_ok=True)
    stamp = datetime.fromtimestamp(settings.published_db.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    target = previous / f"warehouse-{stamp}.duckdb"
    if not target.exists():
        try:
            os.link(settings.published_db, target)
        except OSError:  # a file system without hard links: copy
            shutil.copy2(settings.published_db, target)
    kept = previous_files(settings)
    for old in kept[: max(len(kept) - settings.keep_published, 0)]:
        old.unlink()


def discard_build(settings: Settings) -> None:
    """Remove what a failed refresh built (its build file, WAL and Data Docs): the published warehouse
    stays as it was, and a full disk gets its space back at once."""
    _remove_build(settings.build_db)
    for partial in (settings.build_data_docs_dir, settings.marts_dir / ".parquet.new"):
        if partial.exists():
            shutil.rmtree(partial, ignore_errors=True)


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? order by table_name",
        [MART_SCHEMA],
    ).fetchall()
    return [r[0] for r in rows]


RECORD_NAME = "last_refresh.json"


def _write_json(path: Path, data: dict) -> Path:
    return write_text_atomically(path, json.dumps(data, ensure_ascii=False, indent=2, default=str))


def write_record(marts_dir: Path, record: dict) -> Path:
    """last_refresh.json: what the last publication loaded, published and where its reports are."""
    return _write_json(marts_dir / RECORD_NAME, record)


CHECK_NAME = "last_check.json"


def write_check(marts_dir: Path, outcome: str) -> Path:
    """last_check.json: when a refresh last looked at the drop zone and what it found (a refresh that
    found nothing new publishes nothing, so last_refresh.json does not move). It names the publication it
    found current, which tells `thads status` the check came after it (both times are in whole seconds:
    a check in the second of the publication cannot be told from one just before by the time alone)."""
    checked_at = datetime.now(tz=UTC).isoformat(timespec="seconds")  # as published_at in last_refresh.json
    record = read_record(marts_dir) or {}
    return _write_json(
        marts_dir / CHECK_NAME,
        {"checked_at": checked_at, "outcome": outcome, "published_run_id": record.get("run_id")},
    )


def check_after_publication(check: dict | None, record: dict | None) -> bool:
    """Whether the last check looked at the drop zone after the current publication."""
    if not check:
        return False
    if not record:
        return True
    if "published_run_id" in check:
        return check["published_run_id"] == record.get("run_id")
    return check.get("checked_at", "") >= record.get("published_at", "")  # a check written before the run id


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_record(marts_dir: Path) -> dict | None:
    return _read_json(marts_dir / RECORD_NAME)


def read_check(marts_dir: Path) -> dict | None:
    return _read_json(marts_dir / CHECK_NAME)


def published_record(db: Path) -> dict | None:
    """The record the published file carries of its own publication (meta.publication)."""
    if not db.exists():
        return None
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'meta' and table_name = 'publication'"
        ).fetchall()[0][0]
        if not found:
            return None
        return json.loads(con.execute("select record from meta.publication").fetchall()[0][0])
    finally:
        con.close()


# marts written to Parquet one statistical year a file (<mart>/<year>.parquet, <mart>/no_period.parquet):
# a refresh rewrites the years it evaluated again and links the others from the last snapshot
PARTITIONED_MARTS = {"fct_validation_result": "period_end"}
NO_PERIOD = "no_period"
SNAPSHOT_RECORD = "_snapshot.json"  # which publication the Parquet folder belongs to


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")  # a path, never input text


def _write_partitioned(
    con: duckdb.DuckDBPyConnection, table: str, column: str, target: Path, previous: Path | None, evaluated: set | None
) -> None:
    """One file per statistical year of `column`. With the last snapshot (previous) and the years this build
    evaluated (evaluated; None: all of them), only those years are written; the others are hard links to
    the files of the last snapshot, which hold the same rows (a year not evaluated again was kept as it
    was, and no year gains rows without being evaluated)."""
    target.mkdir()
    year = f"year({column} + interval 3 month)"

    def write(y: int | None) -> None:
        where = f"{column} is null" if y is None else f"{year} = {int(y)}"
        path = target / f"{NO_PERIOD if y is None else y}.parquet"
        written = con.execute(
            f"copy (select * from {MART_SCHEMA}.\"{table}\" where {where}) to '{_quoted(path)}' (format parquet)"
        ).fetchall()[0][0]
        if not written:  # a year evaluated again that has no rows now (its files were all refused)
            path.unlink()

    if previous is None or evaluated is None:
        for (y,) in con.execute(f'select distinct {year} from {MART_SCHEMA}."{table}"').fetchall():
            write(y)
        return
    for kept in previous.glob("*.parquet"):
        y = None if kept.stem == NO_PERIOD else int(kept.stem)
        if y not in evaluated:
            os.link(kept, target / kept.name)
    for y in evaluated:
        write(y)


def _write_parquet(
    con: duckdb.DuckDBPyConnection, settings: Settings, parquet_new: Path, run_id: str | None, evaluated: set | None
) -> dict[str, int]:
    """Parquet snapshots of every mart into parquet_new; returns rows per mart. `evaluated`: the statistical
    years this build evaluated again (None: every year)."""
    last = _read_json(settings.parquet_dir / SNAPSHOT_RECORD) or {}
    published = published_record(settings.published_db) or {}
    # the last snapshot can lend its files only if it is the one of the publication this build started from
    reusable = settings.parquet_dir if last.get("run_id") and last.get("run_id") == published.get("run_id") else None
    counts = {}
    for table in mart_tables(con):
        counts[table] = con.execute(f'select count(*) from {MART_SCHEMA}."{table}"').fetchall()[0][0]
        if table in PARTITIONED_MARTS:
            previous = reusable / table if reusable is not None and (reusable / table).is_dir() else None
            _write_partitioned(con, table, PARTITIONED_MARTS[table], parquet_new / table, previous, evaluated)
        else:
            target = parquet_new / f"{table}.parquet"
            con.execute(f"copy {MART_SCHEMA}.\"{table}\" to '{_quoted(target)}' (format parquet)")
    _write_json(parquet_new / SNAPSHOT_RECORD, {"run_id": run_id})
    return counts


def _evaluated(con: duckdb.DuckDBPyConnection, record: dict | None) -> set | None:
    """The statistical years this build evaluated again, None for every year: its files' years and the next
    ones (int_affected_years), and the items of no period (None), evaluated every night."""
    if record is None or record.get("full_build"):
        return None
    return {r[0] for r in con.execute("select stat_year from intermediate.int_affected_years").fetchall()} | {None}


def record_evaluated_years(con: duckdb.DuckDBPyConnection, run_id: str, evaluated: set | None) -> None:
    """Which statistical years this publication evaluated again (_evaluated; a null year: all of them, a full
    build), kept with those of every earlier publication. A refresh that builds on an older published file
    copies the years the publications since then evaluated (base.py)."""
    con.execute(f"create table if not exists {EVALUATED_YEARS} (run_id varchar not null, stat_year integer)")
    years = [None] if evaluated is None else sorted(y for y in evaluated if y is not None)
    if years:  # none: a night whose files have no period (or were all refused)
        con.executemany(f"insert into {EVALUATED_YEARS} values (?, ?)", [[run_id, y] for y in years])


def publish(settings: Settings, record: dict | None = None) -> dict[str, int]:
    """Checkpoint the build file, write Parquet snapshots of the marts, swap it in.

    The record of the publication is written into the file itself (meta.publication) before the swap,
    and to last_refresh.json right after: a refresh killed between the two leaves a file that says
    which run published it, and the next refresh writes the record and the reports again.
    Returns rows per mart table.
    """
    build = settings.build_db
    if not build.exists():
        raise FileNotFoundError(f"no build file at {build}: run the ingest and dbt steps first")
    parquet_new = settings.marts_dir / ".parquet.new"
    if parquet_new.exists():
        shutil.rmtree(parquet_new)
    parquet_new.mkdir(parents=True)
    con = connect_build(build, settings)
    try:
        evaluated = _evaluated(con, record)
        counts = _write_parquet(con, settings, parquet_new, (record or {}).get("run_id"), evaluated)
        if record is not None:
            record["rows_per_mart"] = counts
            con.execute("create schema if not exists meta")
            record_evaluated_years(con, record["run_id"], evaluated)
            con.execute("create or replace table meta.publication (record varchar)")
            con.execute(
                "insert into meta.publication values (?)", [json.dumps(record, ensure_ascii=False, default=str)]
            )
        con.execute("checkpoint")
    finally:
        con.close()
    if Path(f"{build}.wal").exists():
        raise RuntimeError(
            f"{build}.wal is still there after a checkpoint; not publishing a build that may be incomplete"
        )
    _keep_previous(settings)
    os.replace(build, settings.published_db)
    _remove_build(build)  # its folder
    if record is not None:
        write_record(settings.marts_dir, record)
    _swap_dir(parquet_new, settings.parquet_dir)
    _swap_dir(settings.build_data_docs_dir, settings.reports_dir / "data_docs")
    _swap_dir(settings.build_dir / "dbt_docs", settings.reports_dir / "dbt_docs")
    return counts


def _swap_dir(new: Path, target: Path) -> None:
    """Replace target by new (the Data Docs of this build); nothing happens when new was not built."""
    if not new.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old)
