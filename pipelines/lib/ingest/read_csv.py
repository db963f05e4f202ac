"""Read a flat CSV export of a report (input-contract §2): one line per cell.

The columns and accepted encodings come from the layout registry; the cells and defects are
the same as the workbook reader's.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .layouts import Template, default_template, template_by_form
from .normalise import clean_text, label_key
from .parsed import DefectCollector, ParsedReport, check_same_rows, header_from_values, value_cell
from .reasons import Defect, ReportRefused


def _decode_csv(data: bytes, template: Template) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    raise ReportRefused([Defect("CSV_ENCODING", expected="UTF-8, UTF-8 có BOM / with BOM, UTF-16 có BOM / with BOM")])


def read_csv(path: Path) -> ParsedReport:
    template = default_template()
    text = _decode_csv(path.read_bytes(), template)
    if text and not text.endswith("\n"):
        # the contract: a CSV export ends with a line break; a file cut short (still being copied) does not
        last = text.rsplit("\n", 1)[-1]
        raise ReportRefused(
            [
                Defect(
                    "FILE_INCOMPLETE",
                    expected="a line break after the last line",
                    found=f"the last line ends in {last[-40:]!r}",
                )
            ]
        )
    if "\ufeff" in text:
        raise ReportRefused(
            [Defect("CSV_ENCODING", expected="UTF-8/UTF-16", found="BOM giữa tệp / BOM inside the file")]
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        head = [clean_text(h).lower() for h in next(reader)]
    except StopIteration:
        raise ReportRefused([Defect("FILE_EMPTY")]) from None
    if head != list(template.csv_columns):
        raise ReportRefused([Defect("CSV_COLUMNS", expected=",".join(template.csv_columns), found=",".join(head))])
    defects = DefectCollector()
    idx = {name: i for i, name in enumerate(head)}
    meta_fields = ("ma_don_vi", "tu_ngay", "den_ngay", "lan_gui", "ngay_lap", "loai_bao_cao")
    meta: tuple | None = None
    rows: dict[tuple[str, str], dict] = {}
    cells: list[dict] = []
    seen: set[tuple] = set()
    forms_seen: set[str] = set()
    total_key = label_key(template.total_label)
    for line_no, rec in enumerate(reader, start=2):
        if not any(clean_text(x) for x in rec):
            continue
        if len(rec) != len(head):
            defects.add("CSV_COLUMNS", cell=f"L{line_no}", expected=f"{len(head)} cột/columns", found=str(len(rec)))
            continue
        this_meta = tuple(clean_text(rec[idx[f]]) for f in meta_fields)
        if meta is None:
            meta = this_meta
        elif this_meta != meta:
            diff = [f for f, a, b in zip(meta_fields, meta, this_meta) if a != b]
            defects.add("CSV_MIXED_HEADER", cell=f"L{line_no}", expected=", ".join(diff), found=" / ".join(this_meta))
            continue
        form_code = clean_text(rec[idx["mau_so"]])
        if not forms_seen:  # the first form named decides the layout (the forms of two layouts never mix)
            template = template_by_form(form_code) or template
            total_key = label_key(template.total_label)
        spec = template.sheet_by_form(form_code)
        if spec is None:
            defects.add(
                "FORM_CODE_UNKNOWN",
                cell=f"L{line_no}",
                expected=" / ".join(s.form_code for s in template.sheets),
                found=form_code,
            )
            continue
        forms_seen.add(form_code)
        row_name = clean_text(rec[idx["dong_ten"]])
        is_total = label_key(row_name) == total_key
        row_code = "" if is_total else clean_text(rec[idx["dong_ma"]]).upper()
        if not is_total and not row_code:
            defects.add("ROW_CODE_MISSING", sheet=spec.name, cell=f"L{line_no}")
            continue
        try:
            col_no = int(clean_text(rec[idx["cot"]]))
        except ValueError:
            col_no = -1
        col = spec.column(col_no)
        if col is None:
            defects.add(
                "COLUMN_NUMBERS_INVALID",
                sheet=spec.name,
                cell=f"L{line_no}",
                expected=f"1…{len(spec.columns)}",
                found=clean_text(rec[idx["cot"]]),
            )
            continue
        key = (form_code, row_code if not is_total else "#total", col_no)
        if key in seen:
            defects.add("CSV_VALUE_DUPLICATE", sheet=spec.name, cell=f"L{line_no}")
            continue
        seen.add(key)
        rows.setdefault((form_code, key[1]), {"spec": spec, "cols": set()})["cols"].add(col_no)
        raw = rec[idx["gia_tri"]]
        value = value_cell(raw, col, spec.name, f"L{line_no}", defects, lambda: (frozenset(), {}))
        cells.append(
            {
                "sheet": spec.name,
                "form_code": form_code,
                "measure": spec.measure,
                "part": spec.part,
                "cell_ref": f"L{line_no}",
                "row_number": line_no,
                "row_kind": "total" if is_total else "detail",
                "row_stt": clean_text(rec[idx["dong_stt"]]),
                "row_name": row_name,
                "row_code": row_code,
                "column_number": col_no,
                "column_name": col.name,
                "value_text": clean_text(raw) if clean_text(raw) else None,
                "value": value,
            }
        )
    if meta is None:
        raise ReportRefused([Defect("NO_DATA_ROWS")])
    for spec in template.sheets:
        if spec.form_code not in forms_seen:
            defects.add(
                "SHEET_MISSING", expected=f"{spec.name} ({spec.form_code})", found=", ".join(sorted(forms_seen))
            )
            continue
        if (spec.form_code, "#total") not in rows:
            defects.add("TOTAL_ROW_MISSING", sheet=spec.name)
        for (form, row_key), info in rows.items():
            if form != spec.form_code:
                continue
            missing = sorted({c.number for c in spec.columns if c.kind != "rate"} - info["cols"])
            if missing:
                defects.add(
                    "CELL_EMPTY",
                    sheet=spec.name,
                    cell=f"{row_key}: cột/column {', '.join(map(str, missing))}",
                    expected="giá trị cho mọi cột / a value for every column",
                )
    values = dict(zip(meta_fields, meta))
    header_values = {
        "unit_code": values["ma_don_vi"],
        "unit_code@": "ma_don_vi",
        "period_start": values["tu_ngay"],
        "period_start@": "tu_ngay",
        "period_end": values["den_ngay"],
        "period_end@": "den_ngay",
        "submission_no": values["lan_gui"],
        "submission_no@": "lan_gui",
        "prepared_on": values["ngay_lap"],
        "prepared_on@": "ngay_lap",
        "report_kind": values["loai_bao_cao"],
        "report_kind@": "loai_bao_cao",
        "unit_name": "",
    }
    header = header_from_values(header_values, None, template, defects)
    check_same_rows(cells, defects)
    defects.raise_if_any()
    assert header is not None  # a missing header field is a defect, raised above
    return ParsedReport(header=header, cells=cells, file_format="csv")
