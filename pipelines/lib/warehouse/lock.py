"""One refresh at a time, however it was started (CLI, schedule, sensor, UI, another machine sharing
the folder): an exclusive lock on the marts folder, held for the whole run.

The lock is `flock` on `<marts>/.refresh.lock`: the kernel releases it when the process that holds it
dies, so a killed refresh never leaves the folder locked. The file records who holds it (PID, host,
start, run id) so that a second refresh can say which one is running. Within one process the lock is
re-entrant: the CLI takes it around the Dagster job, and the job's first asset takes it again.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = ".refresh.lock"
_held: dict[Path, list[int]] = {}  # lock file -> [descriptor, times taken], held by this process


class RefreshBusy(RuntimeError):
    """Another refresh holds the marts folder."""


def lock_path(marts_dir: Path) -> Path:
    return marts_dir / LOCK_NAME


def holder(marts_dir: Path) -> dict | None:
    """Who holds the lock, or None when no refresh is running."""
    path = lock_path(marts_dir)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                return json.loads(path.read_text(encoding="utf-8") or "{}")
            except ValueError:
                return {}
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _busy_message(marts_dir: Path) -> str:
    info = holder(marts_dir) or {}
    return (
        f"một lần làm mới khác đang chạy / a refresh started at {info.get('started_at', '?')} by PID "
        f"{info.get('pid', '?')} on {info.get('host', '?')} (run {info.get('run_id') or '?'}) is running "
        f"on {marts_dir}; try again when it has finished"
    )


def acquire(marts_dir: Path, run_id: str | None = None, wait_seconds: float = 0) -> None:
    """Take the lock, waiting up to wait_seconds; raise RefreshBusy naming the refresh that holds it.
    Re-entrant: each acquire in this process needs its release."""
    marts_dir.mkdir(parents=True, exist_ok=True)
    path = lock_path(marts_dir)
    if path in _held:
        _held[path][1] += 1
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise RefreshBusy(_busy_message(marts_dir)) from None
            time.sleep(0.5)
    info = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "run_id": run_id,
        "started_at": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode(), 0)
    _held[path] = [fd, 1]


def release(marts_dir: Path) -> None:
    """Give back one acquire; the lock is freed by the last one (or by the process ending)."""
    path = lock_path(marts_dir)
    entry = _held.get(path)
    if entry is None:
        return
    entry[1] -= 1
    if entry[1] == 0:
        del _held[path]
        os.ftruncate(entry[0], 0)
        fcntl.flock(entry[0], fcntl.LOCK_UN)
        os.close(entry[0])


@contextlib.contextmanager
def refresh_lock(marts_dir: Path, run_id: str | None = None, wait_seconds: float = 0) -> Iterator[None]:
    """Hold the lock for the block (re-entrant in one process)."""
    acquire(marts_dir, run_id, wait_seconds)
    try:
        yield
    finally:
        release(marts_dir)
