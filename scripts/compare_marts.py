"""Compare the marts of two published warehouses row by row (behaviour-preserving changes).

    python scripts/compare_marts.py OLD.duckdb NEW.duckdb

Columns that differ from run to run by nature (run ids, evaluation and file times) are left out;
every other column of every mart must match as a multiset of rows (the same raw files on both sides).
Exit code 1 when a mart differs, with the first rows that do.
"""

from __future__ import annotations

import sys

import duckdb

RUN_SPECIFIC = {
    "run_id",
    "evaluated_at",
    "quarantined_at",
    "first_seen_at",
    "last_seen_at",
    "received_at",
    "file_modified_at",
}


def compare(old: str, new: str) -> list[str]:
    con = duckdb.connect()
    con.execute(f"attach '{old}' as a (read_only)")
    con.execute(f"attach '{new}' as b (read_only)")
    problems = []
    tables_a = {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'a' and schema_name = 'marts'"
        ).fetchall()
    }
    tables_b = {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'b' and schema_name = 'marts'"
        ).fetchall()
    }
    if tables_a != tables_b:
        problems.append(f"marts differ: only old {sorted(tables_a - tables_b)}, only new {sorted(tables_b - tables_a)}")
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


if __name__ == "__main__":
    found = compare(sys.argv[1], sys.argv[2])
    print("\n".join(found) or "every mart is identical (run-specific columns aside)")
    sys.exit(1 if found else 0)
