"""Reason codes for refused files, with Vietnamese and English message templates."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REASONS_FILE = Path(__file__).with_name("reasons.yaml")


@functools.cache
def reason_catalogue() -> dict[str, dict]:
    return yaml.safe_load(REASONS_FILE.read_text(encoding="utf-8"))


def is_transient(code: str) -> bool:
    """A refusal that depends on a limit, a time-out or the file still arriving: retried every refresh."""
    return bool(reason_catalogue()[code].get("transient"))


@dataclass
class Defect:
    """One thing wrong with a file: enough to find it and to say what to fix."""

    code: str
    sheet: str | None = None
    cell: str | None = None
    expected: str | None = None
    found: str | None = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in reason_catalogue():
            raise KeyError(f"unknown reason code {self.code!r}; add it to {REASONS_FILE.name}")

    def message(self, lang: str, file_name: str | None = None) -> str:
        template = reason_catalogue()[self.code][lang]
        text = template.format(
            cell=self.cell or "", expected=self.expected or "", found=self.found if self.found is not None else ""
        )
        where = []
        if file_name:
            where.append(("Tệp" if lang == "vi" else "File") + f" {file_name}")
        if self.sheet:
            where.append(("trang" if lang == "vi" else "sheet") + f" {self.sheet}")
        if self.cell:
            where.append(("ô" if lang == "vi" else "cell") + f" {self.cell}")
        return (", ".join(where) + ": " if where else "") + text


class ReportRefused(Exception):
    """Raised by the reader when a file cannot be loaded; carries every defect found."""

    def __init__(self, defects: list[Defect]):
        self.defects = defects
        super().__init__("; ".join(d.message("en") for d in defects[:3]))
