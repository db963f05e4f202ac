"""Build-then-swap: each refresh writes a fresh build file; a good build replaces the
published warehouse atomically, so analysts never see half a refresh and a failed run
leaves yesterday's file in place.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from ...settings import Settings

MART_SCHEMA = "marts"


def _remove_with_wal(path: Path) -> None:
    for p in (path, Path(f"{path}.wal")):
        if p.exists():
            p.unlink()


# kept by a rebuild: the finding history, the value-contract outcomes and when each file arrived
HISTORY_TABLES = ("marts.fct_validation_history", "raw.gx_results", "raw.file_arrivals")


def prepare_build(settings: Settings) -> Path:
    """Start the build file from a copy of the published warehouse (its raw tables make the
    refresh incremental), or empty when nothing was published yet. A build file left by a
    failed run, and its WAL, are thrown away first. With settings.rebuild, start empty and
    carry over only the finding history: every file of data/raw is read again."""
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    _remove_with_wal(settings.build_db)
    if settings.build_data_docs_dir.exists():  # left by a failed run
        shutil.rmtree(settings.build_data_docs_dir)
    if settings.rebuild:
        if settings.published_db.exists():
            con = duckdb.connect(str(settings.build_db))
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
        return settings.build_db
    if settings.published_db.exists():
        stale_wal = Path(f"{settings.published_db}.wal")
        if stale_wal.exists():
            raise RuntimeError(
                f"{stale_wal} exists: the published warehouse was written in place by another process. "
                "Check who holds it; the refresh does not copy a file that may be incomplete."
            )
        shutil.copy2(settings.published_db, settings.build_db)
    return settings.build_db


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? order by table_name",
        [MART_SCHEMA],
    ).fetchall()
    return [r[0] for r in rows]


def publish(settings: Settings) -> dict[str, int]:
    """Checkpoint the build file, write Parquet snapshots of the marts, swap it in.

    Returns rows per mart table.
    """
    build = settings.build_db
    if not build.exists():
        raise FileNotFoundError(f"no build file at {build}: run the ingest and dbt steps first")
    parquet_new = settings.marts_dir / ".parquet.new"
    if parquet_new.exists():
        shutil.rmtree(parquet_new)
    parquet_new.mkdir(parents=True)
    con = duckdb.connect(str(build))
    try:
        counts = {}
        for table in mart_tables(con):
            counts[table] = con.execute(f'select count(*) from {MART_SCHEMA}."{table}"').fetchall()[0][0]
            target = parquet_new / f"{table}.parquet"
            quoted = str(target).replace("'", "''")  # a path, never input text
            con.execute(f"copy {MART_SCHEMA}.\"{table}\" to '{quoted}' (format parquet)")
        con.execute("checkpoint")
    finally:
        con.close()
    if Path(f"{build}.wal").exists():
        raise RuntimeError(
            f"{build}.wal is still there after a checkpoint; not publishing a build that may be incomplete"
        )
    os.replace(build, settings.published_db)
    old = settings.parquet_dir.with_name(".parquet.old")
    if old.exists():
        shutil.rmtree(old)
    if settings.parquet_dir.exists():
        os.replace(settings.parquet_dir, old)
    os.replace(parquet_new, settings.parquet_dir)
    if old.exists():
        shutil.rmtree(old)
    _swap_dir(settings.build_data_docs_dir, settings.reports_dir / "data_docs")
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
