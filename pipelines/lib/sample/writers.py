"""Write sample reports as the units send them: workbooks and flat CSV exports laid out by the
layout registry (the same entries the readers use), and self-scoring workbooks."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import xlsxwriter

from ..ingest.layouts import Template, col_index, default_template, emulation_list_layouts, self_score_layouts
from ..periods import period_start_of
from ..reference import load_titles
from ..vietnamese import format_vi_number
from .emulation import EmulationList
from .self_scores import SelfScore
from .simulation import Report


def _fmt_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _period_label(months: int, stat_year: int) -> str:
    return f"{months} tháng năm {stat_year}"


def _document_header(wb, ws, layout: dict, doc: SelfScore | EmulationList) -> None:
    """Title and header fields of an emulation document, where its layout puts them."""
    ws.write(0, 0, layout["title"], wb.add_format({"bold": True}))
    values = {
        "unit_name": doc.unit_name,
        "unit_code": doc.unit_code,
        "stat_year": doc.stat_year,
        "reference_date": _fmt_date(doc.reference_date),
        "submission_no": doc.submission_no,
    }
    for name, f in layout["header"]["fields"].items():
        ws.write(f["row"] - 1, col_index(f["label_col"]), f["label"])
        ws.write(f["row"] - 1, col_index(f["value_col"]), values[name])


def write_emulation_list(doc: EmulationList, path: Path) -> None:
    """A registration list or an award list in its layout (layouts/emulation_registration_2024.yaml, …)."""
    layout = next(x for x in emulation_list_layouts() if x["document"] == doc.document)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(layout["sheet"])
    _document_header(wb, ws, layout, doc)
    bold = wb.add_format({"bold": True})
    r0 = layout["table"]["header_row"] - 1
    columns = layout["table"]["columns"]
    titles = load_titles()
    for spec in columns.values():
        ws.write(r0, col_index(spec["col"]), spec["label"], bold)
    for i, row in enumerate(doc.rows, start=1):
        for name, spec in columns.items():
            value = row.get(name)
            if name == "title_name":
                value = titles.get(row["title_code"], {}).get("name_vi")
            elif spec["kind"] == "choice":
                value = next(label for label, v in spec["choices"].items() if v == value)
            elif spec["kind"] == "date" and value is not None:
                value = _fmt_date(value)
            if value is not None:
                ws.write(r0 + i, col_index(spec["col"]), value)
    ws.set_column(2, 2, 40)
    wb.close()


def write_self_score(score: SelfScore, path: Path) -> None:
    layout = self_score_layouts()[0]
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(layout["sheet"])
    bold = wb.add_format({"bold": True})
    _document_header(wb, ws, layout, score)
    cols = {k: col_index(v) for k, v in layout["table"]["columns"].items()}
    r0 = layout["table"]["header_row"] - 1
    for key, label in layout["table"]["labels"].items():
        ws.write(r0, cols[key], label, bold)
    for i, (code, name, value, points) in enumerate(score.claims, start=1):
        ws.write(r0 + i, cols["stt"], i)
        ws.write(r0 + i, cols["criterion_name"], name)
        ws.write(r0 + i, cols["criterion_code"], code)
        if value is not None:
            ws.write(r0 + i, cols["claimed_value"], float(value) if isinstance(value, str) else value)
        if points is not None:
            ws.write(r0 + i, cols["points"], float(str(points)))
    ws.set_column(cols["criterion_name"], cols["criterion_name"], 52)
    wb.close()


def write_workbook(report: Report, path: Path, template: Template | None = None) -> None:
    """A report workbook in `template`'s layout: header fields, column labels and the (n) row where
    the layout puts them, so what the writer writes is what the reader expects."""
    template = template or default_template()
    wb = xlsxwriter.Workbook(str(path))
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1})
    num = wb.add_format({"num_format": "#,##0", "border": 1})
    rate_fmt = wb.add_format({"num_format": "0.00", "border": 1})
    text = wb.add_format({"border": 1})
    kind_label = next(k for k, v in template.report_kinds.items() if v == report.kind)
    values = {
        "form_code": None,
        "unit_name": report.unit_name,
        "unit_code": report.unit_code,
        "period_label": _period_label(report.months, report.stat_year),
        "period_start": _fmt_date(period_start_of(report.period_end)),
        "period_end": _fmt_date(report.period_end),
        "submission_no": report.submission_no,
        "prepared_on": _fmt_date(report.prepared_on),
        "report_kind": kind_label,
    }
    w = template.writer
    stt_c, name_c, code_c = col_index(template.stt_col), col_index(template.name_col), col_index(template.code_col)
    first_c = code_c + 1
    number_r0 = w.number_row - 1
    for spec in template.sheets:
        ws = wb.add_worksheet(spec.name)
        ws.write(0, 0, spec.title, bold)
        for f in template.header_fields:
            ws.write(f.row - 1, col_index(f.label_col), f.label)
            ws.write(f.row - 1, col_index(f.value_col), spec.form_code if f.name == "form_code" else values[f.name])
        ws.write(w.unit_of_measure_row - 1, 0, f"{w.unit_of_measure_label} {spec.unit_of_measure}")
        last_number = spec.columns[-1].number
        for group in w.column_groups:
            c_from = first_c + group.first - 1
            c_to = first_c + (group.last or last_number) - 1
            ws.merge_range(number_r0 - 2, c_from, number_r0 - 2, c_to, group.label, head)
        row_label = w.row_label_unit if report.kind == "unit" else w.row_label_province
        for c0, label in ((stt_c, w.stt_label), (name_c, row_label), (code_c, w.code_label)):
            ws.write(number_r0 - 1, c0, label, head)
            ws.write(number_r0, c0, "", head)
        for col in spec.columns:
            ws.write(number_r0 - 1, first_c + col.number - 1, col.label, head)
            ws.write(number_r0, first_c + col.number - 1, f"({col.number})", head)
        r0 = number_r0 + 1
        for row in report.rows[spec.name]:
            ws.write(r0, stt_c, row["stt"], text)
            ws.write(r0, name_c, row["name"], bold if row["name"] == template.total_label else text)
            ws.write(r0, code_c, row["code"], text)
            for col in spec.columns:
                c0 = first_c + col.number - 1
                v = row["values"][col.name]
                if v is None:
                    ws.write_blank(r0, c0, None, text)
                elif col.kind == "rate":
                    ws.write_number(r0, c0, float(v), rate_fmt)
                elif isinstance(v, str):
                    ws.write_string(r0, c0, v, text)
                else:
                    ws.write_number(r0, c0, v, num)
            r0 += 1
        ws.write(r0 + 2, name_c, w.signature_left)
        ws.write(r0 + 2, first_c + 3, w.signature_right)
        ws.set_column(name_c, name_c, 34)
        ws.set_column(first_c, first_c + last_number - 1, 12)
        ws.freeze_panes(number_r0 + 1, first_c)
    wb.close()


def write_csv(report: Report, path: Path, template: Template | None = None) -> None:
    """The flat CSV export of a report (input-contract §2), columns and encoding from the layout."""
    template = template or default_template()
    start = period_start_of(report.period_end)
    kind_label = next(k for k, v in template.report_kinds.items() if v == report.kind)
    with open(path, "w", encoding=template.csv_encodings[0], newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(template.csv_columns)
        for spec in template.sheets:
            for row in report.rows[spec.name]:
                for col in spec.columns:
                    v = row["values"][col.name]
                    if v is None:
                        continue
                    if col.kind == "rate":
                        text = str(v).replace(".", ",")
                    elif isinstance(v, str):
                        text = v
                    else:
                        text = format_vi_number(v)
                    w.writerow(
                        [
                            report.unit_code,
                            _fmt_date(start),
                            _fmt_date(report.period_end),
                            spec.form_code,
                            report.submission_no,
                            _fmt_date(report.prepared_on),
                            kind_label,
                            row["stt"],
                            row["name"],
                            row["code"],
                            col.number,
                            text,
                        ]
                    )


def _sends_csv(unit_code: str) -> bool:
    """A share of the unit reports arrive as flat CSV (every fourth district, every fourth region)."""
    tail = unit_code.rsplit("-", 1)[-1]
    digits = "".join(ch for ch in tail if ch.isdigit())
    return tail[:1] in ("D", "K") and digits != "" and int(digits) % 4 == 0
