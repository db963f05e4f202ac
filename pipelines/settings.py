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
import re
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
    # Processes that read the new files (0: one per core; 1: in the refresh's own process).
    ingest_workers: int = 0
    # Memory DuckDB may take for the build (ingest, dbt, checks, publication); beyond it, it spills to disk.
    duckdb_memory_limit: str = "80%"
    # Rebuild from data/raw instead of starting from the published warehouse (keeps the finding history).
    rebuild: bool = False
    # A rebuild may publish far fewer reports than are published (only when asked: --allow-shrink).
    allow_shrink: bool = False
    # Names this refresh's build file (THADS_BUILD_ID, set per run by the CLI or the first asset).
    build_id: str = ""
    # Earlier published files kept in <marts>/previous/ to restore from; the oldest is also what the next
    # refresh builds on, brought up to date from the published file (lib/warehouse/base.py), not a copy.
    keep_published: int = 3
    # Write dbt's documentation with each publication (THADS_DBT_DOCS=0 skips it: the test suite does).
    dbt_docs: bool = True
    # The day "now" is for the pipeline: periods ending after it are in the future.
    today: date = date.today()

    @property
    def build_dir(self) -> Path:
        return self.marts_dir / ".build"

    @property
    def build_db(self) -> Path:
        """The DuckDB file this refresh writes: its own folder (named by THADS_BUILD_ID, the run), one writer
        at a time. The file itself is always warehouse.duckdb, the published file's name: dbt opens it by
        that relative name from its folder (dbt_child.py), so its profile is the same on every refresh and
        the project is not parsed again from scratch each time."""
        return self.build_dir / (self.build_id or "run") / BUILD_FILE_NAME

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


BUILD_FILE_NAME = "warehouse.duckdb"


class SettingsError(ValueError):
    """A setting that makes no sense: the message names the variable, what it holds and what it must be."""

    def __init__(self, variable: str, value: str, expected: str):
        self.variable = variable
        super().__init__(f"{variable}={value!r}: {expected}")


def _number(name: str, cast, minimum: float, strict: bool):
    text = os.environ.get(name, "").strip()
    if not text:
        return None
    try:
        value = cast(text)
    except ValueError:
        value = None
    if value is None or value != value or (value <= minimum if strict else value < minimum):  # NaN fails too
        what = "a whole number" if cast is int else "a number"
        bound = f"greater than {minimum:g}" if strict else f"at least {minimum:g}"
        raise SettingsError(
            name,
            text,
            f"must be {what} {bound} (số {'nguyên ' if cast is int else ''}"
            f"{'lớn hơn' if strict else 'không nhỏ hơn'} {minimum:g})",
        )
    return value


def _folder(name: str, default: str) -> Path:
    path = Path(os.environ.get(name, default)).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise SettingsError(name, str(path), "must be a folder, not a file (phải là thư mục, không phải tệp)")
    return path


def load_settings() -> Settings:
    """The settings from the environment; a nonsense value raises SettingsError naming the variable."""
    raw = _folder("THADS_RAW_DIR", "data/raw")
    marts = _folder("THADS_MARTS_DIR", "data/marts")
    kwargs: dict[str, Any] = {}
    for name, env, cast, minimum, strict in (
        ("max_file_bytes", "THADS_MAX_FILE_BYTES", int, 0, True),
        ("max_uncompressed_bytes", "THADS_MAX_UNCOMPRESSED_BYTES", int, 0, True),
        ("max_sheet_rows", "THADS_MAX_SHEET_ROWS", int, 0, True),
        ("max_seconds_per_file", "THADS_MAX_SECONDS_PER_FILE", float, 0, True),
        ("settle_seconds", "THADS_SETTLE_SECONDS", float, 0, False),
        ("ingest_workers", "THADS_INGEST_WORKERS", int, 0, False),
        ("keep_published", "THADS_KEEP_PUBLISHED", int, 0, False),
    ):
        value = _number(env, cast, minimum, strict)
        if value is not None:
            kwargs[name] = value
    memory = os.environ.get("THADS_DUCKDB_MEMORY_LIMIT", "").strip()
    if memory:
        if not re.fullmatch(r"\d+(\.\d+)?\s*(%|[KMGT]i?B)", memory, flags=re.IGNORECASE):
            raise SettingsError(
                "THADS_DUCKDB_MEMORY_LIMIT",
                memory,
                "must be an amount such as 1GB, 1536MiB or 50% (một lượng bộ nhớ như 1GB hoặc 50%)",
            )
        kwargs["duckdb_memory_limit"] = memory
    if os.environ.get("THADS_REBUILD", "").lower() in ("1", "true", "yes"):
        kwargs["rebuild"] = True
    if os.environ.get("THADS_ALLOW_SHRINK", "").lower() in ("1", "true", "yes"):
        kwargs["allow_shrink"] = True
    if os.environ.get("THADS_DBT_DOCS", "").strip().lower() in ("0", "false", "no"):
        kwargs["dbt_docs"] = False
    if os.environ.get("THADS_BUILD_ID"):
        kwargs["build_id"] = "".join(ch for ch in os.environ["THADS_BUILD_ID"] if ch.isalnum() or ch in "-_")
    if os.environ.get("THADS_TODAY"):
        try:
            kwargs["today"] = date.fromisoformat(os.environ["THADS_TODAY"].strip())
        except ValueError:
            raise SettingsError(
                "THADS_TODAY", os.environ["THADS_TODAY"], "must be a date YYYY-MM-DD (ngày YYYY-MM-DD)"
            ) from None
    return Settings(raw_dir=raw, marts_dir=marts, **kwargs)
