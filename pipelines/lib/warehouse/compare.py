"""Compare the marts of two published warehouses row by row: a refresh that loaded the files in several
nights against a rebuild of the same files (tests/integration/test_incremental_equality.py), or the
output of a behaviour-preserving change against the one before (scripts/compare_marts.py).

Columns that differ from run to run by nature (run ids, evaluation and file times) are left out; every
other column of every mart must match as a multiset of rows.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

RUN_SPECIFIC = {
    "run_id",
    "evaluated_at",
    "quarantined_at",
    "first_seen_at",
    "last_seen_at",
    "received_at",
    "file_modified_at",
    "n_runs_failed",  # how many refreshes saw a finding fail: a count of runs, not a function of the files
}


def _marts(con: duckdb.DuckDBPyConnection, database: str) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = ? and schema_name = 'marts'", [database]
        ).fetchall()
    }


def compare_marts(old: Path | str, new: Path | str, skip: frozenset[str] = frozenset()) -> list[str]:
    """What differs between the marts of two warehouse files (empty: identical); tables in skip are left out."""
    con = duckdb.connect()
    try:
        con.execute("attach ? as a (read_only)", [str(old)])
        con.execute("attach ? as b (read_only)", [str(new)])
        problems = []
        tables_a, tables_b = _marts(con, "a") - skip, _marts(con, "b") - skip
        if tables_a != tables_b:
            problems.append(
                f"marts differ: only old {sorted(tables_a - tables_b)}, only new {sorted(tables_b - tables_a)}"
            )
        for table in sorted(tables_a & tables_b):
            cols_a = [r[0] for r in con.execute(f"describe a.marts.{table}").fetchall()]
            cols_b = [r[0] for r in con.execute(f"describe b.marts.{table}").fetchall()]
            if cols_a != cols_b:
                problems.append(f"{table}: columns differ {cols_a} / {cols_b}")
                continue
            cols = ", ".join(f'"{c}"' for c in cols_a if c not in RUN_SPECIFIC)
            diff = con.execute(f"""
                (select 'only old' as side, * from (select {cols} from a.marts.{table} except all
                                                    select {cols} from b.marts.{table}))
                union all
                (select 'only new', * from (select {cols} from b.marts.{table} except all
                                            select {cols} from a.marts.{table}))
            """).fetchall()
            if diff:
                problems.append(f"{table}: {len(diff)} rows differ, e.g. {diff[:3]}")
        return problems
    finally:
        con.close()
