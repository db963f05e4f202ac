"""Every path and limit the pipeline uses, resolved from environment variables (THADS_*).

The pipeline's code asks `load_settings()` and reads no THADS_* variable itself. Two hand-overs go
the other way, through the environment, because another process reads them: the CLI turns its
--raw / --marts / --rebuild options into THADS_RAW_DIR / THADS_MARTS_DIR / THADS_REBUILD before the
job runs, and the dbt assets give dbt the build file and the run id (THADS_BUILD_DB, THADS_RUN_ID,
read by dbt_project/profiles.yml and the validation models). Paths are made absolute at once,
because dbt and DuckDB resolve relative paths against whatever directory they happen to run in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    marts_dir: Path
    # Files larger than this are refused before they are opened (bytes).
    max_file_bytes: int = 50 * 1024 * 1024
    # A workbook's parts are decompressed (with this cap) and checked before a reader opens it.
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    # Rows a report sheet may have (a report has tens; Excel allows 1 048 576).
    max_sheet_rows: int = 5000
    # Seconds one file may take to read (enforced with a timer in the main thread).
    max_seconds_per_file: float = 30.0
    # A file modified less than this many seconds ago may still be being written: left for the next run.
    settle_seconds: float = 0.0
    # Rebuild from data/raw instead of starting from the published warehouse (keeps the finding history).
    rebuild: bool = False
    # The day "now" is for the pipeline: periods ending after it are in the future.
    today: date = date.today()

    @property
    def build_dir(self) -> Path:
        return self.marts_dir / ".build"

    @property
    def build_db(self) -> Path:
        """The DuckDB file a refresh writes; only ever one writer (pool `duckdb_writer`)."""
        return self.build_dir / "warehouse.duckdb"

    @property
    def published_db(self) -> Path:
        """The file analysts open read-only; replaced atomically after a good build."""
        return self.marts_dir / "warehouse.duckdb"

    @property
    def parquet_dir(self) -> Path:
        return self.marts_dir / "parquet"

    @property
    def reports_dir(self) -> Path:
        return self.marts_dir / "reports"

    @property
    def gx_project_dir(self) -> Path:
        """Great Expectations' file context: its store keeps the validation results of each run."""
        return self.marts_dir / "gx_project"

    @property
    def build_data_docs_dir(self) -> Path:
        """Data Docs of this build; moved to reports/data_docs when the build is published."""
        return self.build_dir / "data_docs"


def load_settings() -> Settings:
    raw = Path(os.environ.get("THADS_RAW_DIR", "data/raw")).expanduser().resolve()
    marts = Path(os.environ.get("THADS_MARTS_DIR", "data/marts")).expanduser().resolve()
    kwargs: dict[str, Any] = {}
    if os.environ.get("THADS_MAX_FILE_BYTES"):
        kwargs["max_file_bytes"] = int(os.environ["THADS_MAX_FILE_BYTES"])
    for name, env, cast in (
        ("max_uncompressed_bytes", "THADS_MAX_UNCOMPRESSED_BYTES", int),
        ("max_sheet_rows", "THADS_MAX_SHEET_ROWS", int),
        ("max_seconds_per_file", "THADS_MAX_SECONDS_PER_FILE", float),
        ("settle_seconds", "THADS_SETTLE_SECONDS", float),
    ):
        if os.environ.get(env):
            kwargs[name] = cast(os.environ[env])
    if os.environ.get("THADS_REBUILD", "").lower() in ("1", "true", "yes"):
        kwargs["rebuild"] = True
    if os.environ.get("THADS_TODAY"):
        kwargs["today"] = date.fromisoformat(os.environ["THADS_TODAY"])
    return Settings(raw_dir=raw, marts_dir=marts, **kwargs)
