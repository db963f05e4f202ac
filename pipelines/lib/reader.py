"""Read one report file (workbook or flat CSV) into header + long cells with provenance.

The layout comes from the template registry; this module has no layout constants. A file
that does not match is refused with every defect found (up to a limit), each naming the
sheet and cell, so a person at the unit can fix it in one go.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from .normalise import KIND_EXPECTED, NumberError, as_written, check_kind, clean_text, label_key, parse_date, parse_number
from .reasons import Defect, ReportRefused
from .templates import (
    SheetSpec,
    Template,
    cell_ref,
    col_index,
    default_template,
    load_registry,
    match_template,
    self_score_layouts,
)

MAX_DEFECTS = 50
_COLUMN_NUMBER = re.compile(r"^\((\d+)\)$")


@dataclass
class ReportHeader:
    template_id: str
    unit_code: str
    unit_name: str
    period_start: date
    period_end: date
    submission_no: int
    prepared_on: date | None
    report_kind: str  # unit | province
    report_kind_label: str
    period_label: str = ""

    @property
    def period_months(self) -> int:
        return (self.period_end.year - self.period_start.year) * 12 + self.period_end.month - self.period_start.month + 1


@dataclass
class ParsedReport:
    header: ReportHeader
    cells: list[dict] = field(default_factory=list)
    file_format: str = "xlsx"


@dataclass
class SelfScoreHeader:
    template_id: str
    unit_code: str
    unit_name: str
    stat_year: int
    reference_date: date
    submission_no: int


@dataclass
class ParsedSelfScore:
    """A self-scoring table (Bảng tự chấm điểm thi đua): claimed figures and self-given points."""

    header: SelfScoreHeader
    claims: list[dict] = field(default_factory=list)
    file_format: str = "xlsx"


class _Defects:
    def __init__(self) -> None:
        self.items: list[Defect] = []

    def add(self, code: str, **kw) -> None:
        if len(self.items) < MAX_DEFECTS:
            self.items.append(Defect(code, **kw))

    def raise_if_any(self) -> None:
        if self.items:
            raise ReportRefused(self.items)


# --------------------------------------------------------------------------- workbook


class _Grid:
    """A sheet as a list of rows with absolute (0-based) positions from A1."""

    def __init__(self, rows: list[list]):
        self.rows = rows

    def get(self, row0: int, col0: int):
        if row0 < len(self.rows) and col0 < len(self.rows[row0]):
            v = self.rows[row0][col0]
            return None if v == "" else v
        return None

    @property
    def height(self) -> int:
        return len(self.rows)

    def width(self, row0: int) -> int:
        return len(self.rows[row0]) if row0 < len(self.rows) else 0


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
                        errors[elem.get("r")] = (v.text or "") if v is not None else ""
                    elif f is not None and (v is None or (v.text or "") == ""):
                        no_value.add(elem.get("r"))
                    elem.clear()
        return frozenset(no_value), errors


def _read_header(grid: _Grid, sheet: str, template: Template, defects: _Defects) -> dict:
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


def _header_from_values(values: dict, sheet: str, template: Template, defects: _Defects) -> ReportHeader | None:
    def required(name: str, what: str):
        v = values.get(name)
        if v is None or clean_text(v) == "":
            if name in values:
                defects.add("HEADER_VALUE_MISSING", sheet=sheet, cell=values.get(name + "@"), expected=what)
            return None
        return v

    def as_date(name: str, what: str) -> date | None:
        v = required(name, what)
        if v is None:
            return None
        try:
            return parse_date(v)
        except ValueError:
            defects.add("DATE_INVALID", sheet=sheet, cell=values.get(name + "@"), found=clean_text(v))
            return None

    unit_code = required("unit_code", "Mã đơn vị")
    unit_name = values.get("unit_name")
    start = as_date("period_start", "Từ ngày")
    end = as_date("period_end", "Đến ngày")
    prepared = as_date("prepared_on", "Ngày lập") if values.get("prepared_on") not in (None, "") else None
    sub_raw = required("submission_no", "Lần gửi")
    submission_no = None
    if sub_raw is not None:
        try:
            n = parse_number(sub_raw)
            if n <= 0 or n != n.to_integral_value():
                raise NumberError("CELL_NOT_INTEGER")
            submission_no = int(n)
        except NumberError:
            defects.add("SUBMISSION_NO_INVALID", sheet=sheet, cell=values.get("submission_no@"), found=clean_text(sub_raw))
    kind_raw = required("report_kind", "Loại báo cáo")
    kind = None
    if kind_raw is not None:
        kinds = {label_key(k): v for k, v in template.report_kinds.items()}
        kind = kinds.get(label_key(kind_raw))
        if kind is None:
            defects.add(
                "REPORT_KIND_UNKNOWN",
                sheet=sheet,
                cell=values.get("report_kind@"),
                expected=" / ".join(f'"{k}"' for k in template.report_kinds),
                found=clean_text(kind_raw),
            )
    if None in (unit_code, start, end, submission_no, kind):
        return None
    return ReportHeader(
        template_id=template.id,
        unit_code=clean_text(unit_code).upper(),
        unit_name=clean_text(unit_name),
        period_start=start,
        period_end=end,
        submission_no=submission_no,
        prepared_on=prepared,
        report_kind=kind,
        report_kind_label=clean_text(kind_raw),
        period_label=clean_text(values.get("period_label")),
    )


def _locate_columns(grid: _Grid, spec: SheetSpec, template: Template, defects: _Defects) -> tuple[int, dict[int, int]] | None:
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


def _check_labels(grid: _Grid, spec: SheetSpec, number_row0: int, columns: dict[int, int], defects: _Defects) -> None:
    for col in spec.columns:
        c0 = columns[col.number]
        texts = [clean_text(grid.get(r0, c0)) for r0 in range(max(0, number_row0 - 3), number_row0)]
        if not any(label_key(t) == label_key(col.label) for t in texts):
            nearest = next((t for t in reversed(texts) if t), "")
            defects.add(
                "COLUMN_LABEL_MISMATCH", sheet=spec.name, cell=cell_ref(number_row0, c0), expected=col.label, found=nearest
            )


def _value_cell(
    raw, spec_col, sheet: str, ref: str, defects: _Defects, formula_refs
) -> Decimal | None:
    try:
        number = parse_number(raw)
        check_kind(number, spec_col.kind)
        return number
    except NumberError as err:
        code = err.code
        if code == "CELL_EMPTY":
            no_value, errors = formula_refs()
            if ref in errors:
                code, raw = "CELL_FORMULA_ERROR", errors[ref]
            elif spec_col.kind == "rate":
                return None  # a rate is blank when nothing is enforceable (checked by R-07)
            elif ref in no_value:
                code = "CELL_FORMULA_NO_VALUE"
        defects.add(
            code,
            sheet=sheet,
            cell=ref,
            expected=f"{spec_col.label} — {KIND_EXPECTED[spec_col.kind][0]}",
            found=as_written(raw) or "",
        )
        return None


def _read_table(path: Path, grid: _Grid, spec: SheetSpec, template: Template, defects: _Defects,
                merged: list | None = None) -> list[dict]:
    located = _locate_columns(grid, spec, template, defects)
    if located is None:
        return []
    number_row0, columns = located
    first_c, last_c0 = min(columns.values()), max(columns.values())
    for (r0, c0), (r1, c1) in merged or []:
        # merged cells below the column numbers and over the numbered columns hide values
        if r1 > number_row0 and c1 >= first_c and c0 <= last_c0:
            defects.add("MERGED_CELLS_IN_DATA", sheet=spec.name, cell=f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}",
                        found=f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}")
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
            value = _value_cell(raw, col, spec.name, ref, defects, formula_refs)
            cells.append(
                {
                    "sheet": spec.name,
                    "form_code": spec.form_code,
                    "measure": spec.measure,
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


def read_workbook(path: Path) -> ParsedReport | ParsedSelfScore:
    defects = _Defects()
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
    except Exception as exc:  # calamine raises several error types for non-workbooks
        raise ReportRefused([Defect("FILE_UNREADABLE", found=type(exc).__name__)]) from exc
    for layout in self_score_layouts():
        if layout["sheet"] in names:
            return _read_self_score(wb, layout)
    template = match_template(names)
    if template is None:
        expected = default_template()
        missing = [s.name for s in expected.sheets if s.name not in names]
        raise ReportRefused(
            [Defect("SHEET_MISSING", expected=", ".join(missing), found=", ".join(names) or "—")]
        )
    headers: list[tuple[str, ReportHeader]] = []
    cells: list[dict] = []
    for spec in template.sheets:
        sheet = wb.get_sheet_by_name(spec.name)
        grid = _Grid(sheet.to_python(skip_empty_area=False))
        values = _read_header(grid, spec.name, template, defects)
        form_code = clean_text(values.get("form_code"))
        if "form_code" in values and form_code != spec.form_code:
            defects.add(
                "FORM_CODE_UNKNOWN", sheet=spec.name, cell=values.get("form_code@"), expected=spec.form_code, found=form_code
            )
        header = _header_from_values(values, spec.name, template, defects)
        if header is not None:
            headers.append((spec.name, header))
        cells.extend(_read_table(path, grid, spec, template, defects, list(sheet.merged_cell_ranges or [])))
    _check_headers_agree(headers, defects)
    _check_same_rows(cells, defects)
    defects.raise_if_any()
    return ParsedReport(header=headers[0][1], cells=cells, file_format="xlsx")


def _check_same_rows(cells: list[dict], defects: _Defects) -> None:
    """Both forms describe the same executors (or units): a row in one sheet only is a defect."""
    by_sheet: dict[str, set[str]] = {}
    for c in cells:
        if c["row_kind"] == "detail":
            by_sheet.setdefault(c["sheet"], set()).add(c["row_code"])
    if len(by_sheet) < 2:
        return
    codes = list(by_sheet.values())
    only_one = sorted(set.union(*codes) - set.intersection(*codes))
    if only_one:
        defects.add("SHEET_ROWS_DIFFER", found=", ".join(only_one[:10]))


_AGREEING_FIELDS = ("unit_code", "period_start", "period_end", "submission_no", "report_kind")


def _check_headers_agree(headers: list[tuple[str, ReportHeader]], defects: _Defects) -> None:
    if len(headers) < 2:
        return
    first_sheet, first = headers[0]
    for sheet, other in headers[1:]:
        for name in _AGREEING_FIELDS:
            a, b = getattr(first, name), getattr(other, name)
            if a != b:
                defects.add("HEADER_MISMATCH", sheet=sheet, expected=f"{first_sheet}: {name}={a}", found=f"{sheet}: {b}")


def _read_self_score(wb, layout: dict) -> ParsedSelfScore:
    defects = _Defects()
    sheet = layout["sheet"]
    grid = _Grid(wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
    values: dict[str, object] = {}
    for name, f in layout["header"]["fields"].items():
        r0, lc, vc = f["row"] - 1, col_index(f["label_col"]), col_index(f["value_col"])
        label = grid.get(r0, lc)
        if label_key(label) != label_key(f["label"]):
            defects.add("HEADER_LABEL_MISMATCH", sheet=sheet, cell=cell_ref(r0, lc), expected=f["label"],
                        found=clean_text(label))
            continue
        raw = grid.get(r0, vc)
        if raw is None or clean_text(raw) == "":
            defects.add("HEADER_VALUE_MISSING", sheet=sheet, cell=cell_ref(r0, vc), expected=f["label"])
            continue
        values[name] = (raw, cell_ref(r0, vc))
    header = None
    if len(values) == len(layout["header"]["fields"]):
        try:
            ref_date = parse_date(values["reference_date"][0])
        except ValueError:
            defects.add("DATE_INVALID", sheet=sheet, cell=values["reference_date"][1],
                        found=clean_text(values["reference_date"][0]))
            ref_date = None
        numbers = {}
        for name, code in (("stat_year", "CELL_NOT_INTEGER"), ("submission_no", "SUBMISSION_NO_INVALID")):
            try:
                n = parse_number(values[name][0])
                if n <= 0 or n != n.to_integral_value():
                    raise NumberError(code)
                numbers[name] = int(n)
            except NumberError:
                defects.add(code if name == "submission_no" else "CELL_NOT_INTEGER", sheet=sheet,
                            cell=values[name][1], expected=name, found=clean_text(values[name][0]))
        if ref_date and len(numbers) == 2:
            header = SelfScoreHeader(
                template_id=layout["id"], unit_code=clean_text(values["unit_code"][0]).upper(),
                unit_name=clean_text(values["unit_name"][0]), stat_year=numbers["stat_year"],
                reference_date=ref_date, submission_no=numbers["submission_no"],
            )
    cols = {k: col_index(v) for k, v in layout["table"]["columns"].items()}
    header_r0 = layout["table"]["header_row"] - 1
    for key, label in layout["table"]["labels"].items():
        found = grid.get(header_r0, cols[key])
        if label_key(found) != label_key(label):
            defects.add("COLUMN_LABEL_MISMATCH", sheet=sheet, cell=cell_ref(header_r0, cols[key]), expected=label,
                        found=clean_text(found))
    criteria = layout["criteria"]
    claims = []
    for r0 in range(header_r0 + 1, grid.height):
        code = clean_text(grid.get(r0, cols["criterion_code"]))
        if not code:
            continue
        if code not in criteria:
            defects.add("CRITERION_UNKNOWN", sheet=sheet, cell=cell_ref(r0, cols["criterion_code"]), found=code,
                        expected=", ".join(criteria))
            continue
        kind = criteria[code]["kind"]
        claimed = None
        try:
            claimed = parse_number(grid.get(r0, cols["claimed_value"]))
            if kind in ("count", "money", "rate"):
                check_kind(claimed, kind)
        except NumberError as err:
            defects.add(err.code, sheet=sheet, cell=cell_ref(r0, cols["claimed_value"]), expected=criteria[code]["vi"],
                        found=as_written(grid.get(r0, cols["claimed_value"])) or "")
        points = None
        if grid.get(r0, cols["points"]) is not None:
            try:
                points = parse_number(grid.get(r0, cols["points"]))
            except NumberError as err:
                defects.add(err.code, sheet=sheet, cell=cell_ref(r0, cols["points"]), expected="điểm / points",
                            found=as_written(grid.get(r0, cols["points"])) or "")
        claims.append({
            "criterion_code": code, "criterion_name": clean_text(grid.get(r0, cols["criterion_name"])),
            "claimed_value": claimed, "points": points, "cell_ref": cell_ref(r0, cols["claimed_value"]),
            "sheet": sheet,
        })
    if not claims:
        defects.add("NO_DATA_ROWS", sheet=sheet)
    defects.raise_if_any()
    return ParsedSelfScore(header=header, claims=claims)


# --------------------------------------------------------------------------- CSV


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
    if "\ufeff" in text:
        raise ReportRefused([Defect("CSV_ENCODING", expected="UTF-8/UTF-16", found="BOM giữa tệp / BOM inside the file")])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        head = [clean_text(h).lower() for h in next(reader)]
    except StopIteration:
        raise ReportRefused([Defect("FILE_EMPTY")]) from None
    if head != list(template.csv_columns):
        raise ReportRefused([Defect("CSV_COLUMNS", expected=",".join(template.csv_columns), found=",".join(head))])
    defects = _Defects()
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
        value = _value_cell(raw, col, spec.name, f"L{line_no}", defects, lambda: (frozenset(), {}))
        cells.append(
            {
                "sheet": spec.name,
                "form_code": form_code,
                "measure": spec.measure,
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
            defects.add("SHEET_MISSING", expected=f"{spec.name} ({spec.form_code})", found=", ".join(sorted(forms_seen)))
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
    header = _header_from_values(header_values, None, template, defects)
    _check_same_rows(cells, defects)
    defects.raise_if_any()
    return ParsedReport(header=header, cells=cells, file_format="csv")


def read_report(path: Path) -> ParsedReport | ParsedSelfScore:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_workbook(path)
    if suffix == ".csv":
        return read_csv(path)
    raise ReportRefused([Defect("FILE_TYPE_UNSUPPORTED", expected=".xlsx, .csv", found=suffix or "(không có đuôi / no extension)")])


__all__ = ["ParsedReport", "ParsedSelfScore", "ReportHeader", "read_report", "read_workbook", "read_csv",
           "load_registry"]
