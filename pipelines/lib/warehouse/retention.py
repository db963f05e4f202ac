"""Nothing in the marts folder grows without bound: the logs of each refresh and dbt's target folders
(compiled SQL, run results, dbt's own log) are kept for the last KEEP_RUNS refreshes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# how many refreshes' logs and dbt folders are kept (THADS_KEEP_RUNS)
KEEP_RUNS = int(os.environ.get("THADS_KEEP_RUNS", "30") or 30)


def prune(folder: Path, keep: int = KEEP_RUNS, pattern: str = "*") -> list[Path]:
    """Remove all but the `keep` newest entries of folder matching pattern; returns what was removed."""
    if not folder.is_dir():
        return []
    entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = entries[keep:]
    for p in removed:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
    return removed


def dbt_target_dir(marts_dir: Path, build_id: str, step: str) -> Path:
    """Where one dbt invocation of a refresh writes its target and its log (under the marts folder)."""
    return marts_dir / "dbt" / f"{build_id or 'build'}-{step}"


def prune_runs(folder: Path, keep_runs: int = KEEP_RUNS) -> list[Path]:
    """Keep the folders of the newest `keep_runs` refreshes (each refresh writes one per dbt step,
    named <build id>-<step>); called before a refresh adds its own."""
    if not folder.is_dir():
        return []
    runs: dict[str, list[Path]] = {}
    for p in folder.iterdir():
        runs.setdefault(p.name.rsplit("-", 1)[0], []).append(p)
    newest = sorted(runs, key=lambda r: max(p.stat().st_mtime for p in runs[r]), reverse=True)
    removed = [p for r in newest[max(keep_runs, 0) :] for p in runs[r]]
    for p in removed:
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    return removed
