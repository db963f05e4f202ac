"""Connections to the build file: the memory DuckDB may take is a setting (THADS_DUCKDB_MEMORY_LIMIT),
the same for this process and for dbt (dbt_project/profiles.yml reads the same variable)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ...settings import Settings


def connect_build(path: Path, settings: Settings, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=read_only, config={"memory_limit": settings.duckdb_memory_limit})
