"""The provincial agencies' self-scoring tables (Bảng tự chấm điểm thi đua) of the sample: the
figures of each 12-month report, with the planted discrepancies of PLANTED_SELF_SCORE."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..ingest.layouts import self_score_layouts
from ..reference import REORG_DATE
from .defects import PLANTED_SELF_SCORE
from .simulation import Report, _successions, rate_pct


@dataclass
class SelfScore:
    unit_code: str
    unit_name: str
    stat_year: int
    reference_date: date
    claims: list[tuple[str, str, object, float]]  # (code, Vietnamese name, claimed value, points)
    submission_no: int = 1


def _province_totals(reports: list[Report]) -> dict[tuple[str, date], dict]:
    out = {}
    for r in reports:
        if r.kind == "province" and r.submission_no == 1:
            out[(r.unit_code, r.period_end)] = {
                **r.rows["01_VIEC"][-1]["values"],
                **{k: v for k, v in r.rows["02_TIEN"][-1]["values"].items() if k != "completion_rate_pct"},
                "money_rate_pct": r.rows["02_TIEN"][-1]["values"]["completion_rate_pct"],
                "name": r.unit_name,
            }
    return out


def build_self_scores(reports: list[Report], defects: bool = True) -> list[SelfScore]:
    """One table per provincial agency per year with a 12-month report: the figures of that report."""
    layout = self_score_layouts()[0]
    totals = _province_totals(reports)
    successions = _successions()
    out = []
    for (unit, end), t in sorted(totals.items()):
        if end.month != 9:
            continue
        year = end.year
        prev_end = date(year - 1, 9, 30)
        predecessors = [p for p, s in successions if s == unit and "-" not in p] if end >= REORG_DATE else []
        if prev_end < REORG_DATE <= end:
            prev_keys = [(p, prev_end) for p in predecessors]
        else:
            prev_keys = [(unit, prev_end)]
        prev = [totals.get(k) for k in prev_keys]

        def change(col):
            if not prev or any(p is None for p in prev):
                return None
            before = sum(p[col] for p in prev)
            return rate_pct(t[col] - before, before) if before else None

        actual = {
            "case_rate_pct": t["completion_rate_pct"],
            "money_rate_pct": t["money_rate_pct"],
            "completed_cases": t["executed_cases"] + t["terminated_cases"],
            "completed_kvnd": t["collected_kvnd"] + t["terminated_kvnd"] + t["reduced_kvnd"],
            "carried_out_cases_change_pct": change("carried_out_cases"),
            "carried_out_kvnd_change_pct": change("carried_out_kvnd"),
        }
        plant = PLANTED_SELF_SCORE.get((unit, year)) if defects else None
        claims = []
        for code, spec in layout["criteria"].items():
            value = actual[code]
            if value is None:
                continue
            if plant and plant[0] == code:
                how, amount = plant[1], plant[2]
                if how == "add":
                    value = f"{float(value) + (amount or 0):.2f}"
                elif how == "times":
                    value = round(value * (amount or 1))
                else:
                    value = value[1:] if str(value).startswith("-") else f"-{value}"
            points = 10.0 if code.endswith("rate_pct") else 5.0
            claims.append((code, spec["vi"], value, points))
        out.append(SelfScore(unit, t["name"], year, end, claims))
    return out
