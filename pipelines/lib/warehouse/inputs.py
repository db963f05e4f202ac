"""What a publication was built from, as one fingerprint: the files of the drop zone (path, size,
modification time), the code and reference data (dbt project, seeds, layouts, rule registry,
expectations, report templates, the versions of the engines), the settings that change a result and the
units that are current today (`dim_unit.is_current`, the one figure that depends on the date).

A refresh whose fingerprint equals the published one's has nothing to do: `thads refresh` and the
nightly schedule stop there, in seconds, with no copy, no dbt and no report (issue: incremental refresh).
The fingerprint is conservative: a file touched without a change of content makes it differ, and the
refresh then runs and finds nothing new by sha256 — never the other way round.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ...settings import PROJECT_ROOT, SEEDS_DIR, Settings

if TYPE_CHECKING:
    from ..ingest.load import Listed

# what the code of a refresh is made of (relative to the project root); caches and build output are not
CODE_PARTS = (
    "pipelines",
    "expectations",
    "dbt_project/models",
    "dbt_project/macros",
    "dbt_project/seeds",
    "dbt_project/tests",
    "dbt_project/dbt_project.yml",
    "dbt_project/profiles.yml",
)
SKIPPED_DIRS = {"__pycache__", ".mypy_cache", ".ruff_cache"}
ENGINES = ("duckdb", "dbt-core", "dbt-duckdb", "dagster", "dagster-dbt", "great-expectations", "polars", "fastexcel")
# settings that change what a refresh loads or publishes (not where it runs, how fast, or its run id)
RESULT_SETTINGS = (
    "raw_dir",
    "max_file_bytes",
    "max_uncompressed_bytes",
    "max_sheet_rows",
    "max_seconds_per_file",
    "dbt_docs",
)


def raw_listing_digest(files: Iterable[Listed]) -> str:
    """Changes whenever a file of the drop zone is added, removed, renamed or rewritten (not followed
    through links: a link is known by its own entry). Files as list_raw gives them."""
    text = "".join(f"{f.rel}|{f.stat.st_size}|{f.stat.st_mtime_ns}\n" for f in files)
    return hashlib.sha256(text.encode()).hexdigest()


def code_digest(root: Path = PROJECT_ROOT) -> str:
    """The content of every file the refresh's code, models, reference data and templates are made of,
    and the versions of the engines that run them."""
    h = hashlib.sha256()
    for part in CODE_PARTS:
        base = root / part
        paths = [base] if base.is_file() else sorted(_files_under(base))
        for p in paths:
            h.update(f"{p.relative_to(root)}\n".encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())
    for name in ENGINES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}=={version}\n".encode())
    return h.hexdigest()


def _files_under(base: Path):
    for root, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        for name in files:
            if not name.endswith((".pyc", ".tmp")):
                yield Path(root) / name


def current_units(today: date, units_csv: Path = SEEDS_DIR / "ref_units.csv") -> list[str]:
    """The units valid on `today` (what dim_unit.is_current says): a new day changes the published
    warehouse only when it crosses a unit's validity date."""
    out = []
    with units_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            valid_from = date.fromisoformat(row["valid_from"])
            valid_to = date.fromisoformat(row["valid_to"]) if row["valid_to"] else date.max
            if valid_from <= today <= valid_to:
                out.append(row["unit_code"])
    return sorted(out)


def current_units_digest(today: date | None = None) -> str:
    """The units current on `today` as one digest, kept in the publication record."""
    return hashlib.sha256(",".join(current_units(today or date.today())).encode()).hexdigest()


def inputs_fingerprint(settings: Settings, raw_digest: str) -> str:
    h = hashlib.sha256()
    h.update(f"raw {raw_digest}\ncode {code_digest()}\n".encode())
    for name in RESULT_SETTINGS:
        h.update(f"{name}={getattr(settings, name)!s}\n".encode())
    h.update(("current " + ",".join(current_units(date.today())) + "\n").encode())
    return h.hexdigest()


def nothing_new(settings: Settings) -> bool:
    """True when the published warehouse, its record and its reports were built from exactly what is
    there now: same files, same code and reference data, same settings, same current units; nothing
    was deferred or still arriving at that refresh, and its reports were written."""
    from ..ingest.load import list_raw
    from .publish import published_record, read_record

    if settings.rebuild:
        return False
    inside = published_record(settings.published_db)
    outside = read_record(settings.marts_dir) or {}
    if not inside or outside.get("run_id") != inside.get("run_id") or "reports" not in outside:
        return False  # no publication, or one whose record or reports were not finished: the refresh mends it
    published = inside.get("inputs_fingerprint")
    if not published or not settings.raw_dir.is_dir():
        return False
    return inputs_fingerprint(settings, raw_listing_digest(list_raw(settings.raw_dir))) == published


def code_changed_since_publication(settings: Settings) -> bool:
    """True when the published warehouse was built by other code, models or reference data (or says
    nothing of it): the incremental models of the build, copied from it, must then be built in full."""
    from .publish import published_record

    inside = published_record(settings.published_db) or {}
    return inside.get("code_digest") != code_digest()


def full_build_reason(settings: Settings) -> str | None:
    """Why this refresh must build every incremental model and every statistical year in full, or None
    when it may build only what its files touch: the code, models or reference data changed since the
    publication (or it says nothing of them), or the units current today did (the as-today series of
    every year follow them; a reorganisation date, a few times a decade)."""
    from .publish import published_record

    inside = published_record(settings.published_db) or {}
    if inside.get("code_digest") != code_digest():
        return "code or reference data changed"
    if inside.get("current_units") != current_units_digest():
        return "the units current today changed"
    return None
