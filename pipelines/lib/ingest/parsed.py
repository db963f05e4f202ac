"""What a reader returns: the parsed header and long cells of a report (or the claims of a
self-scoring table), and the collector of defects every reader reports through.

Shared by the readers of each input kind (read_xlsx, read_csv, read_self_score), so that a
workbook and a CSV export of the same report give the same header and the same defects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..periods import months_between
from .layouts import Template
from .normalise import (
    KIND_EXPECTED,
    NumberError,
    as_written,
    check_kind,
    clean_text,
    label_key,
    parse_date,
    parse_number,
)
from .reasons import Defect, ReportRefused

MAX_DEFECTS = 50


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
        return months_between(self.period_start, self.period_end)


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


@dataclass
class ParsedEmulationList:
    """A list document of the emulation work: registrations (đăng ký thi đua) or award decisions
    (khen thưởng), one row per collective or individual and title."""

    document: str  # emulation_registration | award_decision
    header: SelfScoreHeader
    rows: list[dict] = field(default_factory=list)
    file_format: str = "xlsx"


class DefectCollector:
    """Defects of one file, up to MAX_DEFECTS; the reader raises them all at once."""

    def __init__(self) -> None:
        self.items: list[Defect] = []

    def add(self, code: str, **kw) -> None:
        if len(self.items) < MAX_DEFECTS:
            self.items.append(Defect(code, **kw))

    def raise_if_any(self) -> None:
        if self.items:
            raise ReportRefused(self.items)


def header_from_values(
    values: dict, sheet: str | None, template: Template, defects: DefectCollector
) -> ReportHeader | None:
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
            defects.add(
                "SUBMISSION_NO_INVALID", sheet=sheet, cell=values.get("submission_no@"), found=clean_text(sub_raw)
            )
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
    if unit_code is None or start is None or end is None or submission_no is None or kind is None:
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


def value_cell(raw, spec_col, sheet: str, ref: str, defects: DefectCollector, formula_refs) -> Decimal | None:
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


def check_same_rows(cells: list[dict], defects: DefectCollector) -> None:
    """Both forms describe the same executors (or units): a row in one sheet only is a defect."""
    by_sheet: dict[str, set[str]] = {}
    for c in cells:
        if c["row_kind"] == "detail":
            by_sheet.setdefault(c["sheet"], set()).add(c["row_code"])
    if len(by_sheet) < 2:
        return
    codes: list[set[str]] = list(by_sheet.values())
    only_one = sorted(set().union(*codes) - codes[0].intersection(*codes[1:]))
    if only_one:
        defects.add("SHEET_ROWS_DIFFER", found=", ".join(only_one[:10]))
