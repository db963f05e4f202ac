"""Read a report workbook (.xlsx) into header + long cells with provenance.

The layout comes from the layout registry (layouts/*.yaml); this module has no layout
constants. A workbook that does not match is refused with every defect found (up to a limit),
each naming the sheet and cell, so a person at the unit can fix it in one go.
"""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from .grid import Grid
from .layouts import (
    SheetSpec,
    Template,
    cell_ref,
    col_index,
    default_template,
    emulation_list_layouts,
    match_template,
    self_score_layouts,
)
from .normalise import as_written, clean_text, label_key
from .parsed import (
    DefectCollector,
    ParsedEmulationList,
    ParsedReport,
    ParsedSelfScore,
    ReportHeader,
    check_same_rows,
    header_from_values,
    value_cell,
)
from .read_emulation_list import read_emulation_list
from .read_self_score import read_self_score
from .reasons import Defect, ReportRefused

_COLUMN_NUMBER = re.compile(r"^\((\d+)\)$")


@functools.lru_cache(maxsize=8)
def _special_cells(path: str, sheet_name: str) -> tuple[frozenset[str], dict[str, str]]:
    """Cells the cell reader shows as empty but are not: formulas without a cached value, and
    error values such as #REF! (read from the sheet XML; the container was checked first)."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    with zipfile.ZipFile(path) as zf:
        wb = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rid = None
        for s in wb.iterfind("m:sheets/m:sheet", ns):
            if s.get("name") == sheet_name:
                rid = s.get(f"{{{ns['r']}}}id")
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        target = None
        for rel in rels:
            if rel.get("Id") == rid:
                target = rel.get("Target")
        if target is None:
            return frozenset(), {}
        target = target.lstrip("/")
        member = target if target.startswith("xl/") else f"xl/{target}"
        no_value = set()
        errors = {}
        with zf.open(member) as fh:
            for _, elem in ElementTree.iterparse(fh):
                if elem.tag == f"{{{ns['m']}}}c":
                    f = elem.find("m:f", ns)
                    v = elem.find("m:v", ns)
                    if elem.get("t") == "e":
                        errors[elem.get("r", "")] = (v.text or "") if v is not None else ""
                    elif f is not None and (v is None or (v.text or "") == ""):
                        no_value.add(elem.get("r", ""))
                    elem.clear()
        return frozenset(no_value), errors


def _read_header(grid: Grid, sheet: str, template: Template, defects: DefectCollector) -> dict:
    values: dict[str, object] = {}
    for f in template.header_fields:
        r0 = f.row - 1
        label = grid.get(r0, col_index(f.label_col))
        if label_key(label) != label_key(f.label):
            defects.add(
                "HEADER_LABEL_MISMATCH",
                sheet=sheet,
                cell=cell_ref(r0, col_index(f.label_col)),
                expected=f.label,
                found=clean_text(label),
            )
            continue
        values[f.name] = grid.get(r0, col_index(f.value_col))
        values[f.name + "@"] = cell_ref(r0, col_index(f.value_col))
    return values


def _locate_columns(
    grid: Grid, spec: SheetSpec, template: Template, defects: DefectCollector
) -> tuple[int, dict[int, int]] | None:
    """Find the column-number row; return (row0, {column number: col0})."""
    lo, hi = template.number_row_search
    for r0 in range(lo - 1, min(hi, grid.height)):
        found = {}
        for c0 in range(grid.width(r0)):
            m = _COLUMN_NUMBER.match(clean_text(grid.get(r0, c0)))
            if m:
                found[c0] = int(m.group(1))
        if 1 in found.values():
            expected = [c.number for c in spec.columns]
            in_order = [found[c] for c in sorted(found)]
            if in_order != expected:
                defects.add(
                    "COLUMN_NUMBERS_INVALID",
                    sheet=spec.name,
                    cell=f"{cell_ref(r0, min(found))}:{cell_ref(r0, max(found))}",
                    expected=" ".join(f"({n})" for n in expected),
                    found=" ".join(f"({n})" for n in in_order),
                )
                return None
            return r0, {n: c for c, n in found.items()}
    defects.add("NUMBER_ROW_MISSING", sheet=spec.name, expected=f"{lo}–{hi}")
    return None


def _check_labels(
    grid: Grid, spec: SheetSpec, number_row0: int, columns: dict[int, int], defects: DefectCollector
) -> None:
    for col in spec.columns:
        c0 = columns[col.number]
        texts = [clean_text(grid.get(r0, c0)) for r0 in range(max(0, number_row0 - 3), number_row0)]
        if not any(label_key(t) == label_key(col.label) for t in texts):
            nearest = next((t for t in reversed(texts) if t), "")
            defects.add(
                "COLUMN_LABEL_MISMATCH",
                sheet=spec.name,
                cell=cell_ref(number_row0, c0),
                expected=col.label,
                found=nearest,
            )


def _read_table(
    path: Path, grid: Grid, spec: SheetSpec, template: Template, defects: DefectCollector, merged: list | None = None
) -> list[dict]:
    located = _locate_columns(grid, spec, template, defects)
    if located is None:
        return []
    number_row0, columns = located
    first_c, last_c0 = min(columns.values()), max(columns.values())
    for (r0, c0), (r1, c1) in merged or []:
        # merged cells below the column numbers and over the numbered columns hide values
        if r1 > number_row0 and c1 >= first_c and c0 <= last_c0:
            defects.add(
                "MERGED_CELLS_IN_DATA",
                sheet=spec.name,
                cell=f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}",
                found=f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}",
            )
    _check_labels(grid, spec, number_row0, columns, defects)
    stt_c, name_c, code_c = col_index(template.stt_col), col_index(template.name_col), col_index(template.code_col)
    total_key = label_key(template.total_label)
    formula_refs = functools.partial(_special_cells, str(path), spec.name)
    cells: list[dict] = []
    total_rows: list[int] = []
    seen_codes: dict[str, str] = {}
    last_c = max(columns.values())
    for r0 in range(number_row0 + 1, grid.height):
        stt, name, code = grid.get(r0, stt_c), grid.get(r0, name_c), grid.get(r0, code_c)
        is_total = total_key in (label_key(stt), label_key(name))
        if is_total:
            total_rows.append(r0 + 1)
        if len(total_rows) > 1:
            continue  # only looking for further total rows now
        if total_rows and not is_total:
            continue  # signature block below the total row
        if not is_total and all(grid.get(r0, c) is None for c in range(0, last_c + 1)):
            continue  # blank rows are allowed and ignored
        row_code = clean_text(code).upper()
        if not is_total:
            if not row_code:
                defects.add("ROW_CODE_MISSING", sheet=spec.name, cell=cell_ref(r0, code_c))
                continue
            if row_code in seen_codes:
                defects.add("ROW_CODE_DUPLICATE", sheet=spec.name, cell=cell_ref(r0, code_c), found=row_code)
                continue
            seen_codes[row_code] = cell_ref(r0, code_c)
        for col in spec.columns:
            c0 = columns[col.number]
            raw = grid.get(r0, c0)
            ref = cell_ref(r0, c0)
            value = value_cell(raw, col, spec.name, ref, defects, formula_refs)
            cells.append(
                {
                    "sheet": spec.name,
                    "form_code": spec.form_code,
                    "measure": spec.measure,
                    "part": spec.part,
                    "cell_ref": ref,
                    "row_number": r0 + 1,
                    "row_kind": "total" if is_total else "detail",
                    "row_stt": as_written(stt) or "",
                    "row_name": clean_text(name),
                    "row_code": row_code if not is_total else "",
                    "column_number": col.number,
                    "column_name": col.name,
                    "value_text": as_written(raw),
                    "value": value,
                }
            )
    if not total_rows:
        defects.add("TOTAL_ROW_MISSING", sheet=spec.name)
    elif len(total_rows) > 1:
        defects.add("TOTAL_ROW_DUPLICATE", sheet=spec.name, found=", ".join(map(str, total_rows)))
    if not seen_codes and total_rows:
        defects.add("NO_DATA_ROWS", sheet=spec.name)
    return cells


def read_workbook(path: Path) -> ParsedReport | ParsedSelfScore | ParsedEmulationList:
    defects = DefectCollector()
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
    except Exception as exc:  # calamine raises several error types for non-workbooks
        raise ReportRefused([Defect("FILE_UNREADABLE", found=type(exc).__name__)]) from exc
    for layout in self_score_layouts():
        if layout["sheet"] in names:
            return read_self_score(wb, layout)
    for layout in emulation_list_layouts():
        if layout["sheet"] in names:
            return read_emulation_list(wb, layout)
    template = match_template(names)
    if template is None:
        expected = default_template()
        missing = [s.name for s in expected.sheets if s.name not in names]
        raise ReportRefused([Defect("SHEET_MISSING", expected=", ".join(missing), found=", ".join(names) or "—")])
    headers: list[tuple[str, ReportHeader]] = []
    cells: list[dict] = []
    for spec in template.sheets:
        sheet = wb.get_sheet_by_name(spec.name)
        grid = Grid(sheet.to_python(skip_empty_area=False))
        values = _read_header(grid, spec.name, template, defects)
        form_code = clean_text(values.get("form_code"))
        if "form_code" in values and form_code != spec.form_code:
            defects.add(
                "FORM_CODE_UNKNOWN",
                sheet=spec.name,
                cell=values.get("form_code@"),
                expected=spec.form_code,
                found=form_code,
            )
        header = header_from_values(values, spec.name, template, defects)
        if header is not None:
            headers.append((spec.name, header))
        cells.extend(_read_table(path, grid, spec, template, defects, list(sheet.merged_cell_ranges or [])))
    _check_headers_agree(headers, defects)
    check_same_rows(cells, defects)
    defects.raise_if_any()
    return ParsedReport(header=headers[0][1], cells=cells, file_format="xlsx")


_AGREEING_FIELDS = ("unit_code", "period_start", "period_end", "submission_no", "report_kind")


def _check_headers_agree(headers: list[tuple[str, ReportHeader]], defects: DefectCollector) -> None:
    if len(headers) < 2:
        return
    first_sheet, first = headers[0]
    for sheet, other in headers[1:]:
        for name in _AGREEING_FIELDS:
            a, b = getattr(first, name), getattr(other, name)
            if a != b:
                defects.add(
                    "HEADER_MISMATCH", sheet=sheet, expected=f"{first_sheet}: {name}={a}", found=f"{sheet}: {b}"
                )
