"""Walk the drop zone and load every new report into the raw tables of the build DuckDB.

A file is known by its sha256: a file seen before (loaded or quarantined) is skipped, so a
rerun loads nothing twice, and a changed file (new sha256) is examined again. The raw files
are only ever read. All values reach DuckDB through data frames, never through SQL text.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import duckdb
import polars as pl

from ...settings import Settings
from ..periods import period_end_of, stat_year_start
from ..progress import Progress
from ..reference import UnitRegister
from ..validation.locate import hints_for_report
from ..warehouse.inputs import raw_listing_digest
from .identity import check_identity
from .parsed import ParsedEmulationList, ParsedReport, ParsedSelfScore
from .raw_tables import (
    CELL_HINTS,
    EMULATION_ENTRIES,
    QUARANTINE,
    REPORT_CELLS,
    REPORT_FILES,
    SELF_SCORE_CLAIMS,
    raw_ddl,
)
from .readers import read_report
from .reasons import Defect, ReportRefused, is_transient
from .safety import check_workbook_container


@dataclass
class IngestSummary:
    files_seen: int = 0
    still_being_written: list[str] = field(default_factory=list)
    already_known: int = 0
    duplicates: int = 0
    loaded: list[str] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # refused for a limit, a time-out or still arriving: retried
    conflicts: list[str] = field(default_factory=list)  # same submission number, other content
    cells_loaded: int = 0
    raw_digest: str = ""  # the listing of the drop zone this run started from (warehouse/inputs.py)
    read_seconds: float = 0.0  # reading, checking and loading the files (what the progress bar times)

    def as_metadata(self) -> dict:
        return {
            "read_seconds": self.read_seconds,
            "files_per_second": round(self.files_seen / self.read_seconds, 1) if self.read_seconds else None,
            "files_seen": self.files_seen,
            "still_being_written": len(self.still_being_written),
            "already_known": self.already_known,
            "duplicates_skipped": self.duplicates,
            "files_loaded": len(self.loaded),
            "files_quarantined": len(self.quarantined),
            "files_deferred": len(self.deferred),
            "conflicts": len(self.conflicts),
            "cells_loaded": self.cells_loaded,
        }


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# files that are never reports: left alone without a trace (everything else is examined)
NOISE = {".gitkeep", ".ds_store", "thumbs.db", "desktop.ini"}


class Listed(NamedTuple):
    """A file of the drop zone as its listing gives it: where it is, its path under the drop zone, and its
    lstat (a link is known by its own entry). A string, not a Path: making 113.847 Paths took 0,7 s."""

    location: str
    rel: str
    stat: os.stat_result

    @property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def is_link(self) -> bool:
        return stat.S_ISLNK(self.stat.st_mode)

    def target_stat(self) -> os.stat_result:
        """The stat of what the file is: a link's target (one more stat), anything else its listing's."""
        return os.stat(self.location) if self.is_link else self.stat


def list_raw(raw_dir: Path) -> list[Listed]:
    """Every file under raw_dir in a stable order (a folder's files by name, then its subfolders by name),
    but known noise and Excel's ~$ lock files; hidden folders (.git, .Trash) and links to folders are not
    entered. One scandir and one lstat a file: with 113.847 files on twelve national years, 0,6 s where
    os.walk and a separate lstat took 1,8 s, twice a night (the nothing-new check, then the ingest)."""
    out: list[Listed] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
        subfolders = []
        for e in entries:
            if e.is_dir():  # as os.walk: a link to a folder is a folder, never entered
                if not e.is_symlink() and not e.name.startswith("."):
                    subfolders.append(e)
            elif e.name.lower() not in NOISE and not e.name.startswith("~$"):
                out.append(Listed(e.path, prefix + e.name, e.stat(follow_symlinks=False)))
        for e in subfolders:
            walk(e.path, f"{prefix}{e.name}/")

    walk(str(raw_dir), "")
    return out


def candidate_files(raw_dir: Path) -> list[Path]:
    """The paths of list_raw(raw_dir)."""
    return [f.path for f in list_raw(raw_dir)]


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(raw_ddl())


def _modified_at(stat: os.stat_result) -> datetime:
    """A file's modification time as raw.report_files keeps it (and compares it: _settled_files)."""
    return datetime.fromtimestamp(stat.st_mtime, tz=UTC).replace(tzinfo=None)


def _settled_files(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int, datetime | None], str]:
    """Files seen before and settled — loaded, or refused for their content — by what their listing said
    (path, size, modification time), with their content hash. A file deferred for a limit, a time-out or
    because it was still arriving is not settled: it is examined again. A file whose listing is unchanged
    is not read again to be hashed: reading every file was the one cost of a night that grew with every
    file ever received (5,5 s of a one-file night on twelve national years). A file rewritten in place
    keeping its size and time is not seen — as `nothing_new` (inputs.py) and rsync already assume;
    `thads refresh --rebuild` reads everything."""
    return {
        (path, size, modified): sha
        for path, size, modified, sha in con.execute(
            "select file_path, file_size_bytes, file_modified_at, file_sha256 from raw.report_files "
            "where status != 'deferred'"
        ).fetchall()
    }


def _forget_refusals(con: duckdb.DuckDBPyConnection, statuses: tuple[str, ...]) -> None:
    """Drop the refusals of earlier runs with these statuses: their files are examined again in this one
    (when each file first arrived is kept, in raw.file_arrivals)."""
    refused = "(select file_sha256 from raw.report_files where list_contains(?, status))"
    con.execute(f"delete from raw.quarantine where file_sha256 in {refused}", [list(statuses)])
    con.execute("delete from raw.report_files where list_contains(?, status)", [list(statuses)])


def _file_row(
    path: Path,
    raw_dir: Path,
    sha: str,
    run_id: str,
    now: datetime,
    status: str,
    report: ParsedReport | ParsedSelfScore | ParsedEmulationList | None,
) -> dict:
    stat = path.stat()
    if isinstance(report, (ParsedSelfScore, ParsedEmulationList)):
        s = report.header
        # a self-scoring table is versioned per reference date, a list per year
        is_list = isinstance(report, ParsedEmulationList)
        kind = report.document if isinstance(report, ParsedEmulationList) else "self_score"
        n_items = len(report.rows) if isinstance(report, ParsedEmulationList) else len(report.claims)
        return {
            "file_sha256": sha,
            "file_path": str(path.relative_to(raw_dir)),
            "file_name": path.name,
            "file_size_bytes": stat.st_size,
            "file_modified_at": _modified_at(stat),
            "received_at": now,
            "run_id": run_id,
            "status": status,
            "file_format": report.file_format,
            "template_id": s.template_id,
            "unit_code": s.unit_code,
            "unit_name": s.unit_name,
            "report_kind": kind,
            "period_start": stat_year_start(s.stat_year),
            "period_end": period_end_of(s.stat_year, 12) if is_list else s.reference_date,
            "submission_no": s.submission_no,
            "prepared_on": s.reference_date if is_list else None,
            "n_cells": n_items,
        }
    h = report.header if report else None
    return {
        "file_sha256": sha,
        "file_path": str(path.relative_to(raw_dir)),
        "file_name": path.name,
        "file_size_bytes": stat.st_size,
        "file_modified_at": _modified_at(stat),
        "received_at": now,
        "run_id": run_id,
        "status": status,
        "file_format": report.file_format if report else None,
        "template_id": h.template_id if h else None,
        "unit_code": h.unit_code if h else None,
        "unit_name": h.unit_name if h else None,
        "report_kind": h.report_kind if h else None,
        "period_start": h.period_start if h else None,
        "period_end": h.period_end if h else None,
        "submission_no": h.submission_no if h else None,
        "prepared_on": h.prepared_on if h else None,
        "n_cells": len(report.cells) if report else 0,
    }


MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlsb", ".xlam")


class _ReadTimeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float):
    """A timer that interrupts a read that takes too long (main thread only; elsewhere no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum, frame):
        raise _ReadTimeout()

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def examine(
    path: Path, settings: Settings, register: UnitRegister
) -> tuple[ParsedReport | ParsedSelfScore | ParsedEmulationList | None, list[Defect]]:
    """Read one file and run the level-0 checks; (report, []) when it may load."""
    size = path.stat().st_size
    if size == 0:
        return None, [Defect("FILE_EMPTY")]
    if size > settings.max_file_bytes:
        return None, [Defect("FILE_TOO_LARGE", expected=f"{settings.max_file_bytes:,} B", found=f"{size:,} B")]
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        return None, [Defect("MACRO_WORKBOOK")]
    if suffix == ".xlsx":
        defects = check_workbook_container(path, settings.max_uncompressed_bytes, settings.max_sheet_rows)
        if defects:
            return None, defects
    try:
        with _time_limit(settings.max_seconds_per_file):
            report = read_report(path)
    except ReportRefused as refused:
        return None, refused.defects
    except _ReadTimeout:
        return None, [Defect("READ_TIMEOUT", expected=f"{settings.max_seconds_per_file:g}")]
    except Exception as exc:  # noqa: BLE001 - a reader library failing on one hostile file
        # recorded with the error, file by file: one unreadable file never stops the refresh
        return None, [Defect("FILE_UNREADABLE", found=f"{type(exc).__name__}: {str(exc)[:300]}")]
    defects = check_identity(report, register, settings.today)
    return (None, defects) if defects else (report, [])


# Reading is the costly part of ingestion and every file is independent: the new files are examined in
# worker processes (fork: they inherit the settings and the unit register), results come back in order.
PARALLEL_FROM = 64  # files; fewer are read in this process (starting workers costs more than it saves)
_worker_state: dict = {}


def _prepare(path: Path, sha: str, settings: Settings, register: UnitRegister) -> tuple:
    """examine(), and for a report that may load its cells as a frame and its hints: the costly part."""
    report, defects = examine(path, settings, register)
    if defects or not isinstance(report, ParsedReport):
        return report, defects, None, []
    frame = REPORT_CELLS.frame([dict(c, file_sha256=sha) for c in report.cells])
    # a hint where the report does not add up: where the error most likely is (never a correction)
    hints = [dict(h, file_sha256=sha) for h in hints_for_report(report.cells)]
    return report, defects, frame, hints


def _prepare_in_worker(item: tuple[Path, str]) -> tuple:
    return _prepare(*item, _worker_state["settings"], _worker_state["register"])


def prepare_all(items: list[tuple[Path, str]], settings: Settings, register: UnitRegister) -> Iterator[tuple]:
    """_prepare() of every (path, sha), in order; on every core when there are enough files."""
    workers = settings.ingest_workers or os.cpu_count() or 1
    if workers <= 1 or len(items) < PARALLEL_FROM:
        for path, sha in items:
            yield _prepare(path, sha, settings, register)
        return
    _worker_state.update(settings=settings, register=register)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(_prepare_in_worker, items, chunksize=16)


def _outside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return False
    except ValueError:
        return True


def _loaded_submissions(con: duckdb.DuckDBPyConnection) -> dict[tuple, int]:
    rows = con.execute(
        "select unit_code, report_kind, period_end, max(submission_no) from raw.report_files "
        "where status = 'loaded' group by all"
    ).fetchall()
    return {(u, k, p): n for u, k, p, n in rows}


def _quarantine(
    quarantine_rows: list,
    file_rows: list,
    path: Path,
    rel: str,
    sha: str,
    run_id: str,
    now: datetime,
    defects: list[Defect],
    symlink: bool = False,
    status: str = "quarantined",
) -> None:
    stat = path.lstat()
    file_rows.append(
        {
            "file_sha256": sha,
            "file_path": rel,
            "file_name": path.name,
            "file_size_bytes": 0 if symlink else stat.st_size,
            "file_modified_at": _modified_at(stat),
            "received_at": now,
            "run_id": run_id,
            "status": status,
            "n_cells": 0,
        }
    )
    for d in defects:
        quarantine_rows.append(
            {
                "file_sha256": sha,
                "file_path": rel,
                "file_name": path.name,
                "reason_code": d.code,
                "sheet": d.sheet,
                "cell_ref": d.cell,
                "expected": d.expected,
                "found": d.found,
                "message_vi": d.message("vi", path.name),
                "message_en": d.message("en", path.name),
                "run_id": run_id,
                "quarantined_at": now,
            }
        )


def ingest(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    run_id: str,
    register: UnitRegister | None = None,
    progress_log: Callable[[str], None] | None = None,
    reexamine_quarantined: bool = False,
) -> IngestSummary:
    """Load every new file of the drop zone; progress on a terminal, and through progress_log (Dagster).

    Deferred files are always examined again. With reexamine_quarantined (the code or the reference data
    changed since the publication: the unit register, the layouts, the readers), files refused for their
    content are too — a file quarantined for a unit the register did not know yet is loaded once the
    operator adds the unit, as a rebuild would load it."""
    register = register or UnitRegister()
    ensure_raw_schema(con)
    _forget_refusals(con, ("deferred", "quarantined") if reexamine_quarantined else ("deferred",))
    by_listing = _settled_files(con)
    known = set(by_listing.values())  # one row a content hash (the table's key)
    # The files already in data/raw at the very first refresh came in before the pipeline existed: their
    # arrival is their modification time, stated as such. Every later file arrives when first seen.
    backfill = not con.execute(
        "select exists(select 1 from raw.file_arrivals) or exists(select 1 from raw.report_files)"
    ).fetchall()[0][0]
    summary = IngestSummary()
    now = datetime.now(tz=UTC).replace(tzinfo=None)
    file_rows: list[dict] = []
    quarantine_rows: list[dict] = []
    cell_frames: list[pl.DataFrame] = []
    hint_rows: list[dict] = []
    claim_rows: list[dict] = []
    entry_rows: list[dict] = []
    seen_this_run: set[str] = set()
    submissions = _loaded_submissions(con)
    files = list_raw(settings.raw_dir)
    summary.raw_digest = raw_listing_digest(files)
    progress = Progress(len(files), "Đọc tệp / reading files", log=progress_log)
    # First pass, in name order: what is new (hash, settle, duplicates). Then the new files are read on
    # every core and loaded in the same order, so the result does not depend on the number of workers.
    todo: list[tuple[Path, str, str]] = []
    for entry in files:
        summary.files_seen += 1
        rel = entry.rel
        if entry.is_link and (not entry.path.exists() or _outside(entry.path, settings.raw_dir)):
            path = entry.path
            # never followed: recorded by the link's own path, not by the content it points to
            sha = hashlib.sha256(f"symlink:{rel}->{os.readlink(path)}".encode()).hexdigest()
            if sha not in known and sha not in seen_this_run:
                seen_this_run.add(sha)
                _quarantine(
                    quarantine_rows,
                    file_rows,
                    path,
                    rel,
                    sha,
                    run_id,
                    now,
                    [Defect("SYMLINK_OUTSIDE", found=os.readlink(path))],
                    symlink=True,
                )
                summary.quarantined.append(rel)
            else:
                summary.already_known += 1
            progress.update()
            continue
        before = entry.target_stat()  # a link inside the drop zone: its target's
        if settings.settle_seconds and time.time() - before.st_mtime < settings.settle_seconds:
            summary.still_being_written.append(rel)
            progress.update()
            continue
        listed = by_listing.get((rel, before.st_size, _modified_at(before)))
        if listed is not None:
            sha = listed
        else:
            sha = sha256_of(entry.path)
            after = entry.path.stat()
            if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
                summary.still_being_written.append(rel)  # changed while we read it: next run
                progress.update()
                continue
        if sha in known:
            summary.already_known += 1
            progress.update()
            continue
        if sha in seen_this_run:
            summary.duplicates += 1
            progress.update()
            continue
        seen_this_run.add(sha)
        todo.append((entry.path, rel, sha))
    prepared = prepare_all([(p, sha) for p, _, sha in todo], settings, register)
    for (path, rel, sha), (report, defects, cell_frame, hints) in zip(todo, prepared):
        progress.update()
        if len(file_rows) >= FLUSH_EVERY:
            _flush(con, file_rows, cell_frames, hint_rows, claim_rows, entry_rows, quarantine_rows, backfill)
        if report is not None and isinstance(report, ParsedReport):
            h = report.header
            key = (h.unit_code, h.report_kind, h.period_end)
            # against submissions of earlier runs: files of one run arrive in name order, not in submission order
            if key in submissions and h.submission_no < submissions[key]:
                report, defects = (
                    None,
                    [Defect("SUBMISSION_NO_BACKWARDS", expected=str(submissions[key]), found=str(h.submission_no))],
                )
            elif key in submissions and h.submission_no == submissions[key]:
                # the same submission number with other content: a conflict for the operator, never a silent pick
                report, defects = None, [Defect("SUBMISSION_CONFLICT", expected=str(h.submission_no))]
                summary.conflicts.append(rel)
        if defects:
            if all(is_transient(d.code) for d in defects):
                summary.deferred.append(rel)
                _quarantine(quarantine_rows, file_rows, path, rel, sha, run_id, now, defects, status="deferred")
                continue
            summary.quarantined.append(rel)
            _quarantine(quarantine_rows, file_rows, path, rel, sha, run_id, now, defects)
            continue
        summary.loaded.append(rel)
        file_rows.append(_file_row(path, settings.raw_dir, sha, run_id, now, "loaded", report))
        if isinstance(report, ParsedSelfScore):
            sh = report.header
            claim_rows.extend(
                dict(
                    c,
                    file_sha256=sha,
                    unit_code=sh.unit_code,
                    stat_year=sh.stat_year,
                    reference_date=sh.reference_date,
                    submission_no=sh.submission_no,
                )
                for c in report.claims
            )
            continue
        if isinstance(report, ParsedEmulationList):
            eh = report.header
            entry_rows.extend(
                {
                    **row,
                    "file_sha256": sha,
                    "document": report.document,
                    "unit_code": eh.unit_code,
                    "stat_year": eh.stat_year,
                    "reference_date": eh.reference_date,
                    "submission_no": eh.submission_no,
                }
                for row in report.rows
            )
            continue
        assert report is not None  # refused files were quarantined above
        summary.cells_loaded += len(report.cells)
        cell_frames.append(cell_frame)
        hint_rows.extend(hints)
    _flush(con, file_rows, cell_frames, hint_rows, claim_rows, entry_rows, quarantine_rows, backfill)
    summary.read_seconds = round(time.monotonic() - progress.started, 1)
    progress.close()
    return summary


FLUSH_EVERY = 200  # files: memory stays bounded however many files arrive at once


def _flush(
    con: duckdb.DuckDBPyConnection,
    file_rows: list,
    cell_frames: list,
    hint_rows: list,
    claim_rows: list,
    entry_rows: list,
    quarantine_rows: list,
    backfill: bool = False,
) -> None:
    """Write what has been read so far and empty the buffers (one transaction per batch)."""
    con.execute("begin transaction")
    try:
        if file_rows:
            files_df = REPORT_FILES.frame(file_rows)  # noqa: F841
            con.execute("insert into raw.report_files by name select * from files_df")
            # when each file arrived, once per content: a rebuild keeps the arrivals of the files it reads again
            con.execute(
                """
                insert into raw.file_arrivals by name
                select file_sha256, file_path, received_at as first_seen_at, file_modified_at,
                       case when ? then coalesce(file_modified_at, received_at) else received_at end as arrived_at,
                       case when ? then 'file_modified' else 'first_seen' end as arrival_basis, run_id
                from files_df
                where file_sha256 not in (select file_sha256 from raw.file_arrivals)
                """,
                [backfill, backfill],
            )
        if cell_frames:
            cells_df = pl.concat(cell_frames)  # noqa: F841
            con.execute("insert into raw.report_cells by name select * from cells_df")
        if hint_rows:
            hints_df = CELL_HINTS.frame(hint_rows)  # noqa: F841
            con.execute("insert into raw.cell_hints by name select * from hints_df")
        if claim_rows:
            claims_df = SELF_SCORE_CLAIMS.frame(claim_rows)  # noqa: F841
            con.execute("insert into raw.self_score_claims by name select * from claims_df")
        if entry_rows:
            entries_df = EMULATION_ENTRIES.frame(entry_rows)  # noqa: F841
            con.execute("insert into raw.emulation_entries by name select * from entries_df")
        if quarantine_rows:
            q_df = QUARANTINE.frame(quarantine_rows)  # noqa: F841
            con.execute("insert into raw.quarantine by name select * from q_df")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    for buffer in (file_rows, cell_frames, hint_rows, claim_rows, entry_rows, quarantine_rows):
        buffer.clear()
