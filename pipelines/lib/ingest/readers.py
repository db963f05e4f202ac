"""One entry point for every input kind: a report workbook, a self-scoring workbook or a CSV."""

from __future__ import annotations

from pathlib import Path

from .parsed import ParsedEmulationList, ParsedReport, ParsedSelfScore
from .read_csv import read_csv
from .read_xlsx import read_workbook
from .reasons import Defect, ReportRefused


def read_report(path: Path) -> ParsedReport | ParsedSelfScore | ParsedEmulationList:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_workbook(path)
    if suffix == ".csv":
        return read_csv(path)
    raise ReportRefused(
        [Defect("FILE_TYPE_UNSUPPORTED", expected=".xlsx, .csv", found=suffix or "(không có đuôi / no extension)")]
    )
