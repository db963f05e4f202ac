"""Checks on a workbook container before any reader opens it.

An .xlsx is a zip of XML parts. A hostile one may be a zip bomb (tiny file, huge content), carry
an XML entity-expansion payload, contain a VBA macro project, or declare a sheet of a million
rows that a reader would materialise. Each part is decompressed in a stream with a byte cap, so
the check itself runs in fixed memory and bounded time.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .reasons import Defect

_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
CHUNK = 1 << 16
# real workbooks compress their XML 5–30 times; a bomb compresses hundreds or thousands of times
MAX_RATIO = 200
RATIO_FLOOR = 10 * 1024 * 1024  # small files may compress well without being bombs


def check_workbook_container(path: Path, max_uncompressed: int, max_rows: int) -> list[Defect]:
    file_size = max(path.stat().st_size, 1)
    ratio_limit = max(RATIO_FLOOR, MAX_RATIO * file_size)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        with open(path, "rb") as fh:
            starts_as_zip = fh.read(4) == b"PK\x03\x04"
        if starts_as_zip:  # a workbook whose end has not arrived yet: its zip directory is missing
            return [
                Defect(
                    "FILE_INCOMPLETE",
                    expected="a whole .xlsx (zip) file",
                    found=f"no zip directory ({type(exc).__name__})",
                )
            ]
        return [Defect("FILE_UNREADABLE", found=type(exc).__name__)]
    with zf:
        names = zf.namelist()
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            return [Defect("MACRO_WORKBOOK")]
        total = 0
        for info in zf.infolist():
            is_xml = info.filename.endswith((".xml", ".rels"))
            is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
            head = b""
            max_row = 0
            tail = b""
            try:
                with zf.open(info) as fh:
                    while True:
                        chunk = fh.read(CHUNK)
                        if not chunk:
                            break
                        total += len(chunk)
                        if total > max_uncompressed:
                            return [Defect("ZIP_TOO_LARGE", expected=f"{max_uncompressed:,} B")]
                        if total > ratio_limit:
                            return [Defect("ZIP_TOO_LARGE", expected=f"{MAX_RATIO}× the file size")]
                        if is_xml and len(head) < 4096:
                            head += chunk[: 4096 - len(head)]
                        if is_sheet:
                            window = tail + chunk
                            for m in _ROW.finditer(window):
                                max_row = max(max_row, int(m.group(1)))
                            tail = window[-64:]
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
                return [Defect("FILE_UNREADABLE", found=type(exc).__name__)]
            if is_xml and any(marker in head.upper() for marker in _DTD):
                return [Defect("XML_DTD_FORBIDDEN", found=info.filename)]
            if is_sheet and max_row > max_rows:
                return [Defect("SHEET_TOO_LARGE", sheet=info.filename, expected=f"{max_rows:,}", found=f"{max_row:,}")]
    return []
