"""Exports people open in Excel: text from the input is escaped so it can never run as a formula."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import xlsxwriter

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: object) -> object:
    """'=HYPERLINK(…)' -> "'=HYPERLINK(…)" (OWASP CSV injection); numbers and None pass through."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


QUARANTINE_COLUMNS = [
    ("file_path", "Tệp / File"),
    ("reason_code", "Mã lý do / Reason"),
    ("sheet", "Trang / Sheet"),
    ("cell_ref", "Ô / Cell"),
    ("expected", "Mong đợi / Expected"),
    ("found", "Tìm thấy / Found"),
    ("message_vi", "Thông báo"),
    ("message_en", "Message"),
    ("file_sha256", "SHA-256"),
    ("quarantined_at", "Thời điểm / At (UTC)"),
]


def write_quarantine_exports(db: Path, out_dir: Path) -> tuple[Path, Path]:
    """data/marts/reports/quarantine.csv and .xlsx: what operators send back to the units."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select "
            + ", ".join(c for c, _ in QUARANTINE_COLUMNS)
            + " from marts.quarantine order by file_path, reason_code, sheet, cell_ref"
        ).fetchall()
    finally:
        con.close()
    csv_path, xlsx_path = out_dir / "quarantine.csv", out_dir / "quarantine.xlsx"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([h for _, h in QUARANTINE_COLUMNS])
        for r in rows:
            w.writerow([escape_formula(v if not hasattr(v, "isoformat") else v.isoformat(sep=" ")) for v in r])
    wb = xlsxwriter.Workbook(str(xlsx_path), {"strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Cach_ly")
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    for c, (_, h) in enumerate(QUARANTINE_COLUMNS):
        ws.write_string(0, c, h, head)
    for i, r in enumerate(rows, start=1):
        for c, v in enumerate(r):
            text = "" if v is None else (v.isoformat(sep=" ") if hasattr(v, "isoformat") else str(v))
            ws.write_string(i, c, escape_formula(text))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(QUARANTINE_COLUMNS) - 1)
    ws.set_column(0, 0, 40)
    ws.set_column(6, 7, 80)
    wb.close()
    return csv_path, xlsx_path
