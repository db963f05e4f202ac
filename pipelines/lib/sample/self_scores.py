"""The self-scoring tables (Bảng tự chấm điểm thi đua) of the sample: each provincial agency's at 31/8
and 30/9 of every year, and the registering offices' at 30/9. The figures are those of the reports
(apart from the planted discrepancies of PLANTED_SELF_SCORE and PLANTED_EMULATION); the points are
what the criteria table (seeds/ref_emulation_criteria.csv) gives for the figures the unit claims —
evaluated by DuckDB from the same expressions the warehouse uses, so there is one scoring scheme."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import duckdb

from ...settings import SEEDS_DIR
from ..ingest.layouts import self_score_layouts
from ..reference import REORG_DATE
from .defects import PLANTED_EMULATION, PLANTED_SELF_SCORE
from .simulation import Report, _successions, rate_pct

# what the agencies and offices give themselves on the criteria the reports cannot score (Phần II)
OTHER_CRITERIA_POINTS = Decimal(92)
# Tuyên Quang's published self-score at 31/8/2023 (docs/sample-data.md)
P08_2023_AUGUST_TOTAL = Decimal(96)


@dataclass
class SelfScore:
    unit_code: str
    unit_name: str
    stat_year: int
    reference_date: date
    claims: list[tuple[str, str, Any, Any]]  # (code, Vietnamese name, claimed value or None, points)
    submission_no: int = 1


def _totals(reports: list[Report]) -> dict[tuple[str, date], dict]:
    """The Tổng cộng row of every first submission: province-wide reports by the province code,
    unit reports by the unit code (the agency's own office is left out)."""
    out = {}
    for r in reports:
        if r.submission_no != 1 or (r.kind == "unit" and "-" not in r.unit_code):
            continue
        out[(r.unit_code, r.period_end)] = {
            **r.rows["01_VIEC"][-1]["values"],
            **{k: v for k, v in r.rows["02_TIEN"][-1]["values"].items() if k != "completion_rate_pct"},
            "money_rate_pct": r.rows["02_TIEN"][-1]["values"]["completion_rate_pct"],
            "name": r.unit_name,
        }
    return out


def load_targets() -> dict[tuple[str, int], tuple[Decimal, Decimal]]:
    with (SEEDS_DIR / "ref_targets.csv").open(encoding="utf-8", newline="") as fh:
        return {
            (r["unit_code"], int(r["stat_year"])): (Decimal(r["case_target_pct"]), Decimal(r["money_target_pct"]))
            for r in csv.DictReader(fh)
        }


def target_of(unit: str, year: int, targets: dict) -> tuple[Decimal, Decimal] | None:
    """The unit's own target, else its province's, else the national one (as marts.rpt_indicators)."""
    return targets.get((unit, year)) or targets.get((unit.split("-")[0], year)) or targets.get(("VN", year))


@functools.cache
def _criteria() -> tuple[dict, ...]:
    with (SEEDS_DIR / "ref_emulation_criteria.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def criteria_points(figures: dict) -> dict[str, Decimal | None]:
    """Points of every criterion for these figures, from the criteria table's own expressions."""
    criteria = _criteria()
    con = duckdb.connect()
    names = list(figures)

    def guarded(c: dict) -> str:
        # NULL in a figure the expression reads is NULL points, as in the warehouse (macros/emulation.sql)
        used = [n for n in names if re.search(rf"\b{n}\b", c["points_expression"])]
        clamp = f"round(least({c['max_points']}, greatest(0, cast(({c['points_expression']}) as decimal(18, 6)))), 2)"
        guard = " or ".join(f"{n} is null" for n in used) or "false"
        return f"cast(case when {guard} then null else {clamp} end as decimal(9, 2))".replace(
            "max_points", c["max_points"]
        )

    select = ", ".join(
        f"{guarded(c)} as {c['criterion_code']}" if c["points_expression"] else f"null as {c['criterion_code']}"
        for c in criteria
    )
    values = [None if figures[n] is None else Decimal(str(figures[n])) for n in names]
    params = ", ".join(f"cast(? as decimal(38, 6)) as {n}" for n in names)
    row = con.execute(f"select {select} from (select {params})", values).fetchall()[0]
    con.close()
    return {c["criterion_code"]: v for c, v in zip(criteria, row, strict=True)}


def _figures(unit: str, end: date, totals: dict, successions: list, targets: dict) -> dict | None:
    t = totals.get((unit, end))
    if t is None:
        return None
    prev_end = date(end.year - 1, end.month, 30 if end.month == 9 else 31)
    # across the reorganisation the same period last year is the sum of the predecessors of the same level
    predecessors = [p for p, s in successions if s == unit and ("-" in p) == ("-" in unit)]
    if prev_end < REORG_DATE <= end and predecessors:
        prev_keys = [(p, prev_end) for p in predecessors]
    else:
        prev_keys = [(unit, prev_end)]
    prev = [totals.get(k) for k in prev_keys]
    has_prev = bool(prev) and all(p is not None for p in prev)

    def before(col):
        return sum(p[col] for p in prev) if has_prev else None

    def change(col):
        b = before(col)
        return rate_pct(t[col] - b, b) if b else None

    target = target_of(unit, end.year if end.month < 10 else end.year + 1, targets)
    completed_cases = t["executed_cases"] + t["terminated_cases"]
    completed_kvnd = t["collected_kvnd"] + t["terminated_kvnd"] + t["reduced_kvnd"]
    prev_completed_cases = (
        sum(p["executed_cases"] + p["terminated_cases"] for p in prev) if has_prev else None  # type: ignore[index]
    )
    prev_completed_kvnd = (
        sum(p["collected_kvnd"] + p["terminated_kvnd"] + p["reduced_kvnd"] for p in prev)  # type: ignore[index]
        if has_prev
        else None
    )
    return {
        "name": t["name"],
        "case_rate_pct": t["completion_rate_pct"],
        "case_target_pct": target[0] if target else None,
        "money_rate_pct": t["money_rate_pct"],
        "money_target_pct": target[1] if target else None,
        "completed_cases": completed_cases,
        "prev_completed_cases": prev_completed_cases,
        "completed_kvnd": completed_kvnd,
        "prev_completed_kvnd": prev_completed_kvnd,
        "carried_out_cases_change_pct": change("carried_out_cases"),
        "carried_out_kvnd_change_pct": change("carried_out_kvnd"),
        # the unit believes it was on time and made no mistake: it claims the full points
        "n_late_reports": 0,
        "n_open_errors": 0,
    }


def _table(unit: str, end: date, figures: dict, defects: bool) -> SelfScore:
    layout = self_score_layouts()[0]
    year = end.year
    claimed = dict(figures)
    plant = PLANTED_SELF_SCORE.get((unit, year)) if defects and end.month == 9 else None
    if plant and claimed.get(plant[0]) is None:
        plant = None  # a window of years without the figure (no year before it): nothing to misstate
    if plant:
        code, how, amount = plant[0], plant[1], plant[2]
        value = claimed[code]
        if how == "add":
            claimed[code] = f"{float(value) + (amount or 0):.2f}"
        elif how == "times":
            claimed[code] = round(value * (amount or 1))
        else:
            claimed[code] = value[1:] if str(value).startswith("-") else f"-{value}"
    points = criteria_points({k: v for k, v in claimed.items() if k != "name"})
    for planted in PLANTED_EMULATION:
        if defects and planted["kind"] == "points_overclaimed" and (planted["unit"], planted["as_of"]) == (unit, end):
            points[planted["criterion"]] = Decimal(planted["claimed_points"])
    other = OTHER_CRITERIA_POINTS
    if (unit, end) == ("P08", date(2023, 8, 31)):
        other = P08_2023_AUGUST_TOTAL - sum(p for c, p in points.items() if p is not None and c != "other_criteria")
    points["other_criteria"] = other.quantize(Decimal("0.01"), ROUND_HALF_UP)
    claims = []
    for code, spec in layout["criteria"].items():
        value = None if spec.get("optional") else claimed.get(code)
        if value is None and not spec.get("optional"):
            continue  # no figure (no same period last year): the unit leaves the row out
        claims.append((code, spec["vi"], value, points.get(code)))
    return SelfScore(unit, figures["name"], year, end, claims)


def build_self_scores(reports: list[Report], defects: bool = True, offices: tuple = ()) -> list[SelfScore]:
    """Each provincial agency's table at 31/8 and 30/9 of every year with those reports, and the
    30/9 table of the offices in `offices` ((unit, year) pairs: the ones that register for a title)."""
    totals = _totals(reports)
    successions = _successions()
    targets = load_targets()
    out = []
    for (unit, end), _t in sorted(totals.items()):
        is_agency = "-" not in unit
        if end.month not in (8, 9) or (not is_agency and ((unit, end.year) not in offices or end.month != 9)):
            continue
        figures = _figures(unit, end, totals, successions, targets)
        if figures is not None:
            out.append(_table(unit, end, figures, defects))
    return out
