"""The emulation lists of the sample: each provincial agency's registrations (đăng ký thi đua) for
itself, two of its offices and their executors, and the award decisions (khen thưởng) that follow,
with the planted discrepancies of PLANTED_EMULATION (docs/sample-data.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..reference import load_titles
from .defects import PLANTED_EMULATION
from .self_scores import load_targets, target_of
from .simulation import Report

OFFICES_PER_PROVINCE = 2


@dataclass
class EmulationList:
    document: str  # emulation_registration | award_decision
    unit_code: str
    unit_name: str
    stat_year: int
    reference_date: date
    rows: list[dict] = field(default_factory=list)
    submission_no: int = 1


def _year_end_reports(reports: list[Report]) -> dict[tuple[str, int], Report]:
    """The last first-submission report of each unit (and province-wide report) in each year."""
    out: dict[tuple[str, int], Report] = {}
    for r in reports:
        if r.submission_no != 1:
            continue
        key = (r.unit_code if r.kind == "unit" else f"{r.unit_code}*", r.stat_year)
        if key not in out or r.period_end > out[key].period_end:
            out[key] = r
    return out


def _rate(values: dict, done: tuple[str, ...], base: str) -> Decimal | None:
    return Decimal(100) * sum(values[c] for c in done) / values[base] if values[base] else None


def registering_offices(reports: list[Report]) -> dict[tuple[str, int], list[str]]:
    """(province, year) -> the first offices (by code) reporting at the year's end."""
    ends = _year_end_reports(reports)
    out: dict[tuple[str, int], list[str]] = {}
    for (code, year), r in sorted(ends.items()):
        if code.endswith("*"):
            province = code[:-1]
            offices = sorted(
                c
                for (c, y), u in ends.items()
                if y == year and c.startswith(f"{province}-") and u.period_end == r.period_end
            )
            out[(province, year)] = [c for c in offices if not c.endswith("-VP")][:OFFICES_PER_PROVINCE]
    return out


def build_emulation_lists(reports: list[Report], until: date, defects: bool = True) -> list[EmulationList]:
    ends = _year_end_reports(reports)
    targets = load_targets()
    titles = load_titles()
    planted: dict[tuple[str, int], dict[str, Any]] = (
        {(p["unit"], p["year"]): p for p in PLANTED_EMULATION if "year" in p} if defects else {}
    )
    out: list[EmulationList] = []
    for (province, year), offices in sorted(registering_offices(reports).items()):
        province_report = ends[(f"{province}*", year)]
        registered_on = date(year - 1, 12, 15)
        if registered_on > until or province_report.period_end.month != 9:
            continue  # a year not reported to 30/9 (the provinces merged on 1/7/2025) is judged by no one
        target = target_of(province, year, targets)
        if target is None:
            continue  # no target assigned for the year (2026): nothing to register against
        total = province_report.rows["01_VIEC"][-1]["values"]
        money = province_report.rows["02_TIEN"][-1]["values"]
        case_rate = _rate(total, ("executed_cases", "terminated_cases"), "enforceable_cases")
        money_rate = _rate(money, ("collected_kvnd", "terminated_kvnd", "reduced_kvnd"), "enforceable_kvnd")
        meets_targets = case_rate and money_rate and case_rate >= target[0] and money_rate >= target[1]
        rows = [
            _row(province, province_report.unit_name, "collective", "TAP_THE_LDXS" if meets_targets else "GIAY_KHEN")
        ]
        if (province, year) in planted and planted[(province, year)]["kind"] == "title_conditions_not_met":
            rows[0]["title_code"] = planted[(province, year)]["title"]
        for office in offices:
            rows.append(_row(office, ends[(office, year)].unit_name, "collective", "GIAY_KHEN"))
        # the first office's best executor registers as Lao động tiên tiến when above the target
        office_report = ends[(offices[0], year)]
        executors = [
            (row, _rate(row["values"], ("executed_cases", "terminated_cases"), "enforceable_cases"))
            for row in office_report.rows["01_VIEC"][:-1]
        ]
        rated = [(row, rate) for row, rate in executors if rate is not None]
        best = max(rated, key=lambda e: (e[1], e[0]["code"]))
        if best[1] >= target[0]:
            rows.append(_row(best[0]["code"], best[0]["name"], "individual", "LAO_DONG_TIEN_TIEN"))
        for (unit, y), p in planted.items():
            if y == year and p["kind"] == "executor_conditions_not_met" and unit in offices:
                unit_report = ends[(unit, year)]
                worst = min(
                    (
                        (row, _rate(row["values"], ("executed_cases", "terminated_cases"), "enforceable_cases"))
                        for row in unit_report.rows["01_VIEC"][:-1]
                        if row["values"]["enforceable_cases"]
                    ),
                    key=lambda e: (e[1], e[0]["code"]),
                )
                rows.append(_row(worst[0]["code"], worst[0]["name"], "individual", p["title"]))
        for i, row in enumerate(rows, start=1):
            row["stt"] = i
        name = province_report.unit_name
        out.append(EmulationList("emulation_registration", province, name, year, registered_on, rows))
        decided_on = date(year, 12, 20)
        if decided_on > until:
            continue
        not_supported = {
            (planted[k]["unit"], planted[k]["title"])
            for k in planted
            if k[1] == year and planted[k]["kind"] in ("title_conditions_not_met", "executor_conditions_not_met")
        }
        awards = [
            dict(row, decision_no="", decision_date=decided_on, decided_by=titles[row["title_code"]]["level_vi"])
            for row in rows
            if not _is_planted_failure(row, not_supported, offices)
        ]
        for (unit, y), p in planted.items():
            if y == year and p["kind"] == "awarded_not_registered" and unit.startswith(f"{province}-"):
                awarded_office = ends[(unit, year)]
                awards.append(
                    dict(
                        _row(unit, awarded_office.unit_name, "collective", p["title"]),
                        decision_date=decided_on,
                        decided_by=titles[p["title"]]["level_vi"],
                    )
                )
        for i, row in enumerate(awards, start=1):
            row["stt"] = i
            row["decision_no"] = f"{100 + i}/QĐ-THADS-{province}"
        out.append(EmulationList("award_decision", province, name, year, decided_on, awards))
    return out


def _row(code: str, name: str, kind: str, title: str) -> dict:
    return {"registrant_code": code, "registrant_name": name, "registrant_kind": kind, "title_code": title}


def _is_planted_failure(row: dict, not_supported: set, offices: list[str]) -> bool:
    if row["registrant_kind"] == "collective":
        return (row["registrant_code"], row["title_code"]) in not_supported
    return any(t == row["title_code"] and u in offices for u, t in not_supported)
