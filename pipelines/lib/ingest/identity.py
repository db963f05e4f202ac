"""Level-0 identity checks: is this a known unit, valid on the period end, for a real period?"""

from __future__ import annotations

from datetime import date

from ..periods import YEAR_START_MONTH, is_month_end, year_month_ends
from ..reference import UnitRegister
from .layouts import default_template
from .normalise import label_key
from .parsed import ParsedEmulationList, ParsedReport, ParsedSelfScore
from .reasons import Defect


def check_identity(
    report: ParsedReport | ParsedSelfScore | ParsedEmulationList, register: UnitRegister, today: date
) -> list[Defect]:
    if isinstance(report, ParsedSelfScore):
        return _check_self_score(report, register, today)
    if isinstance(report, ParsedEmulationList):
        return _check_emulation_list(report, register, today)
    h = report.header
    defects: list[Defect] = []
    months = h.period_months
    if not (
        h.period_start.day == 1
        and h.period_start.month == YEAR_START_MONTH
        and is_month_end(h.period_end)
        and 1 <= months <= 12
    ):
        defects.append(Defect("PERIOD_INVALID", found=f"{h.period_start:%d/%m/%Y} – {h.period_end:%d/%m/%Y}"))
    if h.period_end > today:
        defects.append(Defect("PERIOD_IN_FUTURE", expected=f"{today:%d/%m/%Y}", found=f"{h.period_end:%d/%m/%Y}"))
    versions = register.versions(h.unit_code)
    if not versions:
        defects.append(Defect("UNIT_UNKNOWN", found=h.unit_code))
        return defects
    unit = register.valid(h.unit_code, h.period_end)
    if unit is None:
        defects.append(Defect("UNIT_NOT_VALID", expected=f"{h.period_end:%d/%m/%Y}", found=h.unit_code))
        return defects
    name_defect = _name_mismatch(h.unit_name, unit.name_vi, h.unit_code)
    if name_defect:
        defects.append(name_defect)
    if h.report_kind == "province" and unit.level != "province":
        defects.append(
            Defect("UNIT_NOT_IN_PROVINCE", expected="một Cục/THADS tỉnh (P..) / a provincial agency", found=h.unit_code)
        )
        return defects
    if h.report_kind == "province":
        code_col = default_template().code_col
        allowed = {h.unit_code} | {u.unit_code for u in register.children(h.unit_code, h.period_end)}
        allowed.discard(register.office_of(h.unit_code))
        bad_rows = sorted({c["row_code"] for c in report.cells if c["row_kind"] == "detail"} - allowed)
        for code in bad_rows:
            cell = next(c for c in report.cells if c["row_code"] == code)
            where = f"{code_col}{cell['row_number']}" if report.file_format == "xlsx" else cell["cell_ref"]
            defects.append(
                Defect(
                    "UNIT_NOT_IN_PROVINCE",
                    sheet=cell["sheet"],
                    cell=where,
                    expected=f"{unit.name_vi} ({h.unit_code})",
                    found=code,
                )
            )
    return defects


def _check_emulation_list(doc: ParsedEmulationList, register: UnitRegister, today: date) -> list[Defect]:
    """The sender is a provincial agency valid on the document's date; every collective named is
    that agency or one of its units (individuals are matched to the executor rows in the marts)."""
    h = doc.header
    defects = _check_self_score(doc, register, today)  # type: ignore[arg-type]  # same header checks
    if defects:
        return defects
    sender = register.valid(h.unit_code, h.reference_date)
    assert sender is not None  # checked above
    if sender.level != "province":
        return [
            Defect("UNIT_NOT_IN_PROVINCE", expected="một Cục/THADS tỉnh (P..) / a provincial agency", found=h.unit_code)
        ]
    # the year's units: those valid on the document's date or on any month end of the statistical year
    allowed = {h.unit_code}
    for day in (h.reference_date, *year_month_ends(h.stat_year)):
        if register.valid(h.unit_code, day):
            allowed |= {u.unit_code for u in register.children(h.unit_code, day)}
    for row in doc.rows:
        if row.get("registrant_kind") == "collective" and row["registrant_code"] not in allowed:
            defects.append(
                Defect(
                    "REGISTRANT_UNKNOWN",
                    sheet=str(row["sheet"]),
                    cell=str(row["cell_ref"]),
                    expected=f"{sender.name_vi} ({h.unit_code})",
                    found=str(row["registrant_code"]),
                )
            )
    return defects


def _check_self_score(doc: ParsedSelfScore, register: UnitRegister, today: date) -> list[Defect]:
    h = doc.header
    defects = []
    if h.reference_date > today:
        defects.append(Defect("PERIOD_IN_FUTURE", expected=f"{today:%d/%m/%Y}", found=f"{h.reference_date:%d/%m/%Y}"))
    if not register.versions(h.unit_code):
        defects.append(Defect("UNIT_UNKNOWN", found=h.unit_code))
    elif register.valid(h.unit_code, h.reference_date) is None:
        defects.append(Defect("UNIT_NOT_VALID", expected=f"{h.reference_date:%d/%m/%Y}", found=h.unit_code))
    return defects


# words every unit name shares; what is left names the place (Tuyên Quang, Lâm Bình, khu vực 1 …)
_GENERIC = {
    "chi",
    "cục",
    "thi",
    "hành",
    "án",
    "dân",
    "sự",
    "thads",
    "tỉnh",
    "huyện",
    "thành",
    "phố",
    "thị",
    "xã",
    "văn",
    "phòng",
    "quận",
    "tp",
    "tp.",
    "-",
    "của",
    "cơ",
    "quan",
}


def _name_mismatch(reported: str, registered: str, code: str) -> Defect | None:
    """A unit name that names another place than the code's unit (names are compared NFC, case-folded)."""
    if not reported:
        return None  # the CSV export carries no unit name
    said = set(label_key(reported).replace("-", " ").split())
    needed = {w for w in label_key(registered).replace("-", " ").split() if w not in _GENERIC}
    if needed and not needed <= said:
        return Defect("UNIT_NAME_MISMATCH", expected=registered, found=reported)
    return None
