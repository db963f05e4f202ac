"""The validation report as an Excel workbook: the same views as the HTML pages, one sheet each.

Headers are Vietnamese (English in a second header row); both rows are frozen and filtered.
Number formats are stored in Excel's invariant notation (`#,##0`, `0.00%`), which Excel shows with
the reader's separators: 4.132 and 86,32% on a Vietnamese system. Every text that comes from input
(unit names, file names, notes, explanations) goes through escape_formula and is written as a
string, so nothing starting with =, +, -, @ can run as a formula.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from .columns import LABELS, SHEETS, Column, xlsx_columns
from .exports import escape_formula
from .views import ReportData, province_rows, unit_rows_flat


def _records(data: ReportData) -> dict[str, list[dict]]:
    """The rows of each sheet, keyed by sheet name (columns.SHEETS)."""
    return {
        "Tong_quan": province_rows(data),
        "Don_vi": unit_rows_flat(data),
        "Nguyen_nhan": data.root_causes,
        "Phat_hien": data.findings,
        "Lich_su": [{"finding_key": k, **h} for k, hs in data.history.items() for h in hs],
        "Quy_tac": data.rules,
        "Quy_tac_theo_ky": [r for rs in data.rule_periods.values() for r in rs],
        "Cach_ly": data.quarantine,
        "Hop_dong_GX": data.expectations,
        "Bao_cao_cham": data.late_reports,
        "Dinh_chinh": data.revisions,
    }


def write_xlsx(data: ReportData, path: Path) -> Path:
    records_by_sheet = _records(data)
    sheets = [(name, view, records_by_sheet[name]) for name, view in SHEETS]
    return write_sheets(path, sheets, chart_sheet="Tong_quan")


def write_sheets(
    path: Path, sheets: list[tuple[str, list[Column], list[dict]]], chart_sheet: str | None = None
) -> Path:
    """One sheet per view: Vietnamese headers, English below them, frozen and filtered, numbers as numbers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    head_vi = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    head_en = wb.add_format({"italic": True, "bg_color": "#F2F2F2", "border": 1, "font_color": "#555555"})
    formats = {
        "int": wb.add_format({"num_format": "#,##0"}),
        "pct": wb.add_format({"num_format": "0.00%"}),
        "dec": wb.add_format({"num_format": "#,##0.##"}),
        "points": wb.add_format({"num_format": "#,##0.00"}),
        "points2": wb.add_format({"num_format": "#,##0.00"}),
        "date": wb.add_format({"num_format": "dd/mm/yyyy"}),
        "datetime": wb.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
        "month": wb.add_format({"num_format": "mm/yyyy"}),
        "text": None,
    }
    highlight = wb.add_format({"bg_color": "#FDECEA"})
    for name, view, records in sheets:
        columns = xlsx_columns(view)
        ws = wb.add_worksheet(name)
        for c, column in enumerate(columns):
            ws.write_string(0, c, column.vi, head_vi)
            ws.write_string(1, c, column.en, head_en)
            ws.set_column(c, c, 14 if column.kind != "text" else 22, formats[column.kind])
        for r, rec in enumerate(records, start=2):
            if rec.get("highlight"):
                ws.set_row(r, None, highlight)
            for c, column in enumerate(columns):
                key, kind = column.key, column.kind
                v = rec.get(key)
                if v is None:
                    continue
                if column.show in LABELS:
                    v = LABELS[column.show].get(v, (v, v))[0]  # Vietnamese, as the reader sees it
                    kind = "text"
                if kind == "text":
                    ws.write_string(r, c, escape_formula(str(v)))
                elif kind in ("date", "datetime", "month"):
                    v = v if isinstance(v, datetime) else datetime(v.year, v.month, v.day) if isinstance(v, date) else v
                    ws.write_datetime(r, c, v, formats[kind])
                elif kind == "pct":
                    ws.write_number(r, c, float(Decimal(str(v)) / 100), formats["pct"])
                elif kind == "int":
                    ws.write_number(r, c, int(v), formats["int"])
                else:
                    ws.write_number(r, c, float(v), formats[kind])
        ws.freeze_panes(2, 0)
        ws.autofilter(1, 0, max(len(records) + 1, 2), len(columns) - 1)
        if name == chart_sheet and records:
            _rates_chart(wb, ws, columns, len(records))
    wb.close()
    return path


def _rates_chart(wb, ws, columns: list[Column], n: int) -> None:
    """Rates against targets by province, as a native Excel chart beside the overview table."""
    col = {c.key: i for i, c in enumerate(columns)}
    for kind, title in (
        ("case", "Tỷ lệ thi hành xong về việc so với chỉ tiêu"),
        ("money", "Tỷ lệ thi hành xong về tiền so với chỉ tiêu"),
    ):
        chart = wb.add_chart({"type": "column"})
        for key, label in ((f"{kind}_rate_pct", "Tỷ lệ"), (f"{kind}_target_pct", "Chỉ tiêu")):
            chart.add_series(
                {
                    "name": label,
                    "categories": [ws.name, 2, col["name_vi"], n + 1, col["name_vi"]],
                    "values": [ws.name, 2, col[key], n + 1, col[key]],
                    "data_labels": {"value": True, "num_format": "0.00%"},
                }
            )
        chart.set_title({"name": title, "name_font": {"size": 11}})
        chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 620, "height": 300})
        ws.insert_chart(n + 4, 1 if kind == "case" else 9, chart)
