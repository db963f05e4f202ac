"""Progress of long work (a refresh reading thousands of files, the sample generator): a bar with
done of total, elapsed and estimated time on the terminal (tqdm), nothing without one (cron, CI, a
service; THADS_PROGRESS=0 turns it off), and — for Dagster — a log line at every tenth of the way.

The bar is written to the controlling terminal (/dev/tty), not to stderr: Dagster captures a step's
stderr into its compute logs, so a bar there would never reach the person waiting."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TextIO

from tqdm import tqdm

from .vietnamese import format_vi_number


class Progress:
    def __init__(self, total: int, label: str, log: Callable[[str], None] | None = None, steps: int = 10):
        self.total, self.label, self.log = total, label, log
        self.done = 0
        self.started = time.monotonic()
        self._next_log = 1
        self._steps = steps
        self._terminal = _terminal()
        self._bar = tqdm(
            total=total, desc=label, unit="tệp", file=self._terminal, disable=self._terminal is None, leave=False
        )

    def grow(self, n: int) -> None:
        """More work than first known (the sample's workers announce their reports as they plan them)."""
        self.total += n
        self._bar.total = self.total
        self._bar.refresh()

    def update(self, n: int = 1) -> None:
        self.done += n
        self._bar.update(n)
        if self.log and self.total and self.done * self._steps >= self._next_log * self.total:
            self._next_log = self.done * self._steps // self.total + 1
            self.log(self.line())

    def line(self) -> str:
        """'reading files: 1.100/11.000 (10%), 0:00:42 elapsed, about 0:06:18 left'."""
        elapsed = time.monotonic() - self.started
        left = elapsed * (self.total - self.done) / self.done if self.done else None
        share = 100 * self.done // self.total if self.total else 100
        return (
            f"{self.label}: {format_vi_number(self.done)}/{format_vi_number(self.total)} ({share}%), "
            f"{_clock(elapsed)} đã chạy / elapsed"
            + (f", còn khoảng / about {_clock(left)} left" if left is not None else "")
        )

    def close(self) -> None:
        self._bar.close()
        if self._terminal is not None:
            self._terminal.close()
            self._terminal = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _terminal() -> TextIO | None:
    if os.environ.get("THADS_PROGRESS", "1") == "0":
        return None
    try:
        return open("/dev/tty", "w", encoding="utf-8")  # noqa: SIM115 - closed by Progress.close
    except OSError:  # no controlling terminal
        return None


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
