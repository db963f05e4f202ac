"""What a refresh builds on, without copying the published warehouse.

The published file is never written; a refresh builds in a file of its own and swaps it in (publish.py).
That file used to start as a copy of the published one — the whole history, every night. Now it starts
from the oldest of the earlier published files kept in `previous/` (restore points, hard links: the ring
of `keep_published` files): that file leaves the ring (it would have been pruned at this publication) and
is brought up to date with the published file by copying only what differs between the two:

- the raw tables: the cells and the per-file models (a function of one file's cells: the same rows in
  both) of the files loaded in one and not the other; the small raw tables whole (files, arrivals,
  quarantine, GX outcomes, claims);
- the models built by statistical year (fct_validation_result and the rule families, monthly flows,
  emulation scores): the years the publications since that file evaluated again (each publication records
  its years in meta.evaluated_years), once the refresh has read its files, except the years it evaluates
  again anyway (catch_up_years);
- the finding history, whole (small, one row per failed item and run).

Every other model is built again by tonight's dbt run, and the seeds are loaded again. Both files must
have been built by the same code (their publication records say so); otherwise, or when the ring is not
full yet, the oldest file is open in another process (a reader holds its lock), or anything fails, the
refresh copies the published file as before. `tests/integration/test_incremental_equality.py` refreshes
with a ring of one, so that every night after the second builds on a file two publications old.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import duckdb

from ...settings import Settings
from .duck import connect_build

# tables with one file's rows each (a function of that file alone): synchronised by file
BY_FILE = (
    "raw.report_cells",
    "intermediate.int_report_rows_pivoted",
    "intermediate.int_report_rows_by_part",
    "intermediate.int_validation_within_report_items",
)
# tables built by statistical year of their period_end (macros/incremental.sql): synchronised by year. Every
# refresh evaluates the same years in all of them (int_affected_years), and the years where the two files
# differ are those where fct_validation_result's rows differ (its rows say which run evaluated them)
BY_YEAR = (
    "marts.fct_validation_result",
    "intermediate.int_validation_periods",
    "intermediate.int_validation_hierarchy",
    "intermediate.int_validation_completeness",
    "intermediate.int_validation_targets",
    "marts.fct_monthly_flows",
    "marts.fct_emulation_score",
    "marts.fct_report_revision",
    "intermediate.int_current_report_rows",
    "intermediate.int_unit_totals",
    "marts.fct_executor_results",
    "marts.rpt_executor_results",
    "marts.fct_validation_summary",
    "marts.fct_case_results",
    "marts.fct_money_results",
    "marts.fct_results_by_part",
    "marts.fct_backlog",
    "marts.rpt_indicators",
    "intermediate.int_reports_versioned",
    "intermediate.int_unit_totals_as_today",
    "intermediate.int_unit_totals_comparable",
)
YEARS_OF = "marts.fct_validation_result"
# the statistical years each publication evaluated (publish.record_evaluated_years; a null year: all)
EVALUATED_YEARS = "meta.evaluated_years"
# the years the publications since the oldest file evaluated: found by catch_up, copied by catch_up_years
YEARS_TO_CATCH_UP = "meta.years_to_catch_up"
# kept from refresh to refresh and small: copied whole
WHOLE = ("marts.fct_validation_history", "meta.publication", EVALUATED_YEARS)
# the dbt models that keep rows from one build to the next: every one must be in one of the lists above
INCREMENTAL_MODELS = {
    "int_report_rows_pivoted",
    "int_report_rows_by_part",
    "int_validation_within_report_items",
    "fct_validation_result",
    "fct_validation_history",
    "int_validation_periods",
    "int_validation_hierarchy",
    "int_validation_completeness",
    "int_validation_targets",
    "fct_monthly_flows",
    "fct_emulation_score",
    "fct_report_revision",
    "int_current_report_rows",
    "int_unit_totals",
    "fct_executor_results",
    "rpt_executor_results",
    "fct_validation_summary",
    "fct_case_results",
    "fct_money_results",
    "fct_results_by_part",
    "fct_backlog",
    "rpt_indicators",
    "int_reports_versioned",
    "int_unit_totals_as_today",
    "int_unit_totals_comparable",
}


def previous_files(settings: Settings) -> list[Path]:
    """The restore points, oldest first."""
    return sorted((settings.marts_dir / "previous").glob("warehouse-*.duckdb"))


def _record(con: duckdb.DuckDBPyConnection, database: str) -> dict:
    found = con.execute(
        "select count(*) from duckdb_tables() where database_name = ? and schema_name = 'meta' "
        "and table_name = 'publication'",
        [database],
    ).fetchall()[0][0]
    if not found:
        return {}
    return json.loads(con.execute(f"select record from {database}.meta.publication").fetchall()[0][0])


def _tables(con: duckdb.DuckDBPyConnection, database: str) -> set[str]:
    rows = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() where database_name = ?", [database]
    ).fetchall()
    return {r[0] for r in rows}


def _primary_key(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    schema, name = table.split(".")
    found = con.execute(
        "select constraint_column_names from duckdb_constraints() where database_name = 'published' "
        "and schema_name = ? and table_name = ? and constraint_type = 'PRIMARY KEY'",
        [schema, name],
    ).fetchall()
    return list(found[0][0]) if found else []


def _copy_whole(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Make warehouse.table hold what published.table holds; returns the rows inserted. A table with a
    primary key (the files, their arrivals: 113.847 rows on twelve national years, a few new a night) gets
    only the rows that differ: replacing them all made the commit write them and their index again (~2,5 s)."""
    key = _primary_key(con, table)
    if not key:
        con.execute(f"delete from warehouse.{table}")
        return con.execute(f"insert into warehouse.{table} by name select * from published.{table}").fetchall()[0][0]
    keys = ", ".join(key)
    con.execute(f"""
        create or replace temp table differing as
        select * from published.{table} except select * from warehouse.{table}
    """)  # new rows, and the new version of changed ones
    con.execute(f"""
        delete from warehouse.{table} where ({keys}) in (
            select ({keys}) from differing
            union all (select ({keys}) from warehouse.{table} except select ({keys}) from published.{table})
        )
    """)
    return con.execute(f"insert into warehouse.{table} by name select * from differing").fetchall()[0][0]


def catch_up(con: duckdb.DuckDBPyConnection, settings: Settings) -> dict[str, int]:
    """Make the build file (con's database) hold what the published file holds in every table the next
    dbt run does not build again. Returns the rows copied per table. Raises ValueError when the two were
    built by other code (then only a copy will do)."""
    con.execute("attach ? as published (read_only)", [str(settings.published_db)])
    try:
        mine, theirs = _record(con, "warehouse"), _record(con, "published")
        if not mine.get("code_digest") or mine.get("code_digest") != theirs.get("code_digest"):
            raise ValueError("built by other code than the published warehouse")
        tables = _tables(con, "published")
        if tables != _tables(con, "warehouse"):
            raise ValueError("its tables are not the published warehouse's")
        copied: dict[str, int] = {}
        con.execute("begin")  # the caller throws the file away if anything below fails
        # before the publications' records are copied: what the publications since this file evaluated
        con.execute(f"""
            create table warehouse.{YEARS_TO_CATCH_UP} as
            select distinct stat_year from published.{EVALUATED_YEARS}
            where run_id not in (select run_id from warehouse.{EVALUATED_YEARS})
        """)
        # the files loaded in one and not in the other (raw.report_files is small)
        con.execute("""
            create temp table only_published as
            select file_sha256 from published.raw.report_files where status = 'loaded'
            except select file_sha256 from warehouse.raw.report_files where status = 'loaded'
        """)
        con.execute("""
            create temp table only_mine as
            select file_sha256 from warehouse.raw.report_files where status = 'loaded'
            except select file_sha256 from published.raw.report_files where status = 'loaded'
        """)
        for table in BY_FILE:
            con.execute(f"delete from warehouse.{table} where file_sha256 in (select file_sha256 from only_mine)")
            copied[table] = con.execute(
                f"insert into warehouse.{table} by name select * from published.{table} "
                "where file_sha256 in (select file_sha256 from only_published)"
            ).fetchall()[0][0]
        small_raw = sorted(t for t in tables if t.startswith("raw.") and t not in BY_FILE)
        for table in (*small_raw, *WHOLE):
            copied[table] = _copy_whole(con, table)
        con.execute("commit")
    except BaseException:
        con.close()  # drops the transaction and the attachment: the caller throws the file away
        raise
    con.execute("detach published")
    return copied


def catch_up_years(con: duckdb.DuckDBPyConnection, settings: Settings, run_id: str) -> dict[str, int]:
    """The second half of bringing the oldest file up to date, once this refresh has read its files: the
    statistical years the publications since that file evaluated again (catch_up found them in their
    records, meta.evaluated_years), except the years this refresh evaluates again anyway (those of its files
    and the next ones: dbt deletes and inserts them in every year-built model) and the items of no period
    (evaluated every night). Usually nothing is left: the nights since the oldest file touched the current
    year, and so does tonight's. A full build among them (a null year) stands for every year either file
    holds. Returns the rows copied per table."""
    year = "year(period_end + interval 3 month)"
    con.execute("attach ? as published (read_only)", [str(settings.published_db)])
    try:
        pending = [r[0] for r in con.execute(f"select stat_year from warehouse.{YEARS_TO_CATCH_UP}").fetchall()]
        if None in pending:
            pending = [
                r[0]
                for r in con.execute(
                    f"select distinct {year} from published.{YEARS_OF} union select distinct {year} from warehouse.{YEARS_OF}"
                ).fetchall()
            ]
        touched = {
            r[0]
            for r in con.execute(
                f"select distinct {year} from warehouse.raw.report_files where run_id = ? and period_end is not null",
                [run_id],
            ).fetchall()
        }
        years = sorted(y for y in set(pending) - touched - {t + 1 for t in touched} if y is not None)
        copied: dict[str, int] = {}
        con.execute("begin")
        if years:
            where = f"{year} in (select unnest(?::integer[]))"
            for table in BY_YEAR:
                con.execute(f"delete from warehouse.{table} where {where}", [years])
                inserted = con.execute(
                    f"insert into warehouse.{table} by name select * from published.{table} where {where}", [years]
                )
                copied[table] = inserted.fetchall()[0][0]
        con.execute(f"drop table warehouse.{YEARS_TO_CATCH_UP}")
        con.execute("commit")
    except BaseException:
        con.close()  # the refresh fails and its build is thrown away
        raise
    con.execute("detach published")
    return copied


def start_from_previous(settings: Settings, log: Callable[[str], None] = print) -> bool:
    """Move the oldest restore point into the build file's place and bring it up to date; True when it
    worked. False leaves no build file: the caller copies the published warehouse."""
    kept = previous_files(settings)
    if settings.keep_published < 1 or len(kept) < settings.keep_published:
        return False  # the ring is not full: its oldest file is still a restore point
    oldest = kept[0]
    if oldest.stat().st_nlink != 1 or Path(f"{oldest}.wal").exists():
        return False  # linked elsewhere (it would change there too), or written in place by someone
    build = settings.build_db
    build.parent.mkdir(parents=True, exist_ok=True)
    os.replace(oldest, build)
    try:
        con = connect_build(build, settings)
    except duckdb.Error as exc:  # another process has it open: it stays a restore point, the build copies
        os.replace(build, oldest)
        log(f"the oldest published file is in use ({exc}): copying the published warehouse")
        return False
    try:
        copied = catch_up(con, settings)  # one transaction: the file is as it was if this raises
    except (duckdb.Error, ValueError) as exc:
        con.close()
        wal = Path(f"{build}.wal")
        if wal.exists():  # not provably as it was: thrown away (the ring refills at the next publications)
            build.unlink()
            wal.unlink()
        else:
            os.replace(build, oldest)
        log(f"cannot build on the oldest published file ({exc}): copying the published warehouse")
        return False
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    log(f"built on {oldest.name}, files brought up to date with the published file (rows copied: {copied})")
    return True
