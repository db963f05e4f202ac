"""Deterministic sample reports for four pre-2025 provinces, 2022–2026.

Model: every executor (chấp hành viên) is simulated year by year; a unit's report is the sum
of its executors and the province-wide report the sum of its units, so every identity of
the input contract holds by construction. Cumulative flows grow month by month (I-12),
carried-in is constant within a year (I-11) and equals last year's carried-out less the
cases moved to the separate book (I-13). From the period ending 31/07/2025 the units of the
2025 reorganisation report, summing the same executors (cumulative figures carried over).

Tuyên Quang's province-wide 11-month report of 2023 (and completed figures of 2022) are
calibrated to the published figures. A handful of realistic defects are planted on top;
they are listed in PLANTED_DEFECTS and docs/sample-data.md.
"""

from __future__ import annotations

import csv
import hashlib
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

from .normalise import format_vi_number
from .reference import REORG_DATE, SAMPLE_PROVINCES, UnitRegister, load_units
from .templates import Template, default_template

DEFAULT_SEED = 2026
FIRST_YEAR, LAST_YEAR = 2022, 2026

# (province code, statistical year) -> province-wide totals at 11 months (31 August)
CALIBRATION = {
    ("08", 2023): {"completed_cases": 4132, "enforceable_cases": 4787,
                   "completed_kvnd": 69_647_668, "enforceable_kvnd": 116_404_270},
    ("08", 2022): {"completed_cases": 3433, "completed_kvnd": 63_822_721},
}
CALIBRATION_MONTH = 11

PLANTED_DEFECTS = [
    {"id": "D1", "unit": "P10-D082", "period_end": date(2024, 3, 31), "kind": "total_row_transposed",
     "rule": "R-04, R-09",
     "vi": "Dòng Tổng cộng biểu 01 có số \"Thi hành xong\" bị đảo chữ số nên không bằng tổng các chấp hành viên",
     "en": "The total row of form 01 has its 'executed' figure with two digits swapped, so it does not add up"},
    {"id": "D2", "unit": "P15-D136", "year": 2024, "kind": "carried_in_too_high",
     "rule": "P-03",
     "vi": "Số năm trước chuyển sang năm 2024 cao hơn số chuyển kỳ sau 12 tháng năm 2023 (thêm 150 việc)",
     "en": "Carried-in cases of 2024 exceed the carried-out cases of the 12-month 2023 report (150 cases added)"},
    {"id": "D3", "unit": "P02", "row": "P02-D026", "period_end": date(2023, 6, 30), "kind": "province_row_stale",
     "rule": "H-01",
     "vi": "Báo cáo toàn tỉnh Hà Giang 9 tháng 2023 ghi số liệu của Chi cục Đồng Văn theo kỳ 8 tháng (số cũ)",
     "en": "Hà Giang's province-wide 9-month 2023 report carries the Đồng Văn unit's 8-month figures (stale row)"},
    {"id": "D4", "unit": "P08-D073", "period_end": date(2023, 5, 31), "kind": "resubmission",
     "rule": "R-04, R-09 on submission 1; none on submission 2",
     "vi": "Chi cục Chiêm Hóa gửi lại báo cáo 8 tháng 2023 (lần 2) để sửa số \"Đang thi hành\" của một chấp hành viên",
     "en": "The Chiêm Hóa unit resubmitted its 8-month 2023 report (submission 2) to correct one executor's 'in progress'"},
    {"id": "D5", "unit": "P10-D085", "period_end": date(2024, 8, 31), "kind": "quarantined_then_resent",
     "rule": "quarantine CELL_NOT_NUMBER",
     "vi": "Lần gửi 1 của Chi cục Bắc Hà (11 tháng 2024) có chữ trong ô số và bị cách ly; lần 2 đúng",
     "en": "Submission 1 of the Bắc Hà unit (11 months 2024) has text in a number cell and is quarantined; submission 2 is clean"},
]

# Self-scoring tables whose claims the reports do not support (rule T-03)
PLANTED_SELF_SCORE = {
    ("P10", 2023): ("case_rate_pct", "add", 1.5, "D6"),
    ("P08", 2024): ("completed_kvnd", "times", 1.05, "D7"),
    ("P15", 2025): ("carried_out_cases_change_pct", "negate", None, "D8"),
}
PLANTED_DEFECTS += [
    {"id": "D6", "unit": "P10", "year": 2023, "kind": "self_score_rate", "rule": "T-03",
     "vi": "Bảng tự chấm điểm 2023 của Cục THADS Lào Cai ghi tỷ lệ thi hành xong về việc cao hơn báo cáo 12 tháng 1,5 điểm",
     "en": "Lào Cai's 2023 self-scoring table claims a case completion rate 1.5 points above its 12-month report"},
    {"id": "D7", "unit": "P08", "year": 2024, "kind": "self_score_money", "rule": "T-03",
     "vi": "Bảng tự chấm điểm 2024 của Cục THADS Tuyên Quang ghi số tiền thi hành xong cao hơn báo cáo 5%",
     "en": "Tuyên Quang's 2024 self-scoring table claims 5% more money completed than its 12-month report"},
    {"id": "D8", "unit": "P15", "year": 2025, "kind": "self_score_backlog", "rule": "T-03",
     "vi": "Bảng tự chấm điểm 2025 của THADS tỉnh Lào Cai ghi số việc chuyển kỳ sau giảm, trong khi báo cáo cho thấy tăng (đổi dấu)",
     "en": "Lào Cai's (merged) 2025 self-scoring table claims the backlog fell where the reports show it rose (sign flipped)"},
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Ma", "Hà", "Nông"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long",
         "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]


def _rng(seed: int, *parts: object) -> random.Random:
    digest = hashlib.sha256("|".join(map(str, (seed, *parts))).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def period_end_of(stat_year: int, m: int) -> date:
    """m-th month of statistical year `stat_year` (m=1 is October of stat_year-1)."""
    month = (9 + m - 1) % 12 + 1
    year = stat_year - 1 if month >= 10 else stat_year
    return month_end(year, month)


def rate_pct(numerator: int, denominator: int) -> str | None:
    """Rounded half up to 2 decimals, exactly, as text with a decimal point (None if 0)."""
    if denominator == 0:
        return None
    hundredths = (20000 * numerator + denominator) // (2 * denominator)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def apportion(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to weights that sum exactly to total (largest remainder)."""
    wsum = sum(weights)
    raw = [total * w / wsum for w in weights]
    base = [math.floor(x) for x in raw]
    short = total - sum(base)
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - base[i], -i), reverse=True)
    for i in order[:short]:
        base[i] += 1
    return base


# ------------------------------------------------------------------------- simulation


@dataclass
class Executor:
    code: str
    name: str
    atom: str  # the pre-2025 unit the executor belongs to
    size: float
    amount: float  # average thousand VND per case


@dataclass
class Anchors:
    """Month-11 values of one measure for one executor-year, and its curve."""

    ci: int
    ne_in: int
    completed11: int
    coe11: int
    ne11: int
    delegated11: int
    withdrawn11: int


def _build_year(a: Anchors, curve: list[float], measure: str, shares: dict) -> list[dict]:
    """12 cumulative monthly rows for one executor-year of one measure."""
    r = [c / curve[CALIBRATION_MONTH - 1] for c in curve]
    rows = []
    coe_start = a.ci - a.ne_in
    prev_new = 0
    for m in range(1, 13):
        comp = math.floor(a.completed11 * r[m - 1])
        dele = math.floor(a.delegated11 * r[m - 1])
        wd = math.floor(a.withdrawn11 * r[m - 1])
        ne = max(0, round(a.ne_in + (a.ne11 - a.ne_in) * m / CALIBRATION_MONTH))
        coe = max(0, round(coe_start + (a.coe11 - coe_start) * m / CALIBRATION_MONTH))
        if m == CALIBRATION_MONTH:
            comp, coe = a.completed11, a.coe11
        new = comp + coe + ne + dele + wd - a.ci
        if new < prev_new:  # cumulative intake never falls: the not-enforceable stock absorbs it
            ne += prev_new - new
            new = prev_new
        prev_new = new
        terminated = math.floor(comp * shares["terminated"])
        postponed = math.floor(coe * shares["postponed"])
        other = math.floor(coe * shares["other"])
        if measure == "cases":
            rows.append({
                "total_accepted_cases": a.ci + new, "carried_in_cases": a.ci, "new_cases": new,
                "delegated_out_cases": dele, "withdrawn_cases": wd, "to_enforce_cases": comp + coe + ne,
                "enforceable_cases": comp + coe, "executed_cases": comp - terminated,
                "terminated_cases": terminated, "in_progress_cases": coe - postponed - other,
                "postponed_agreed_cases": postponed, "other_enforceable_cases": other,
                "not_enforceable_cases": ne, "carried_out_cases": coe + ne, "carried_out_enforceable_cases": coe,
            })
        else:
            rest = comp - terminated
            reduced = math.floor(rest * shares["reduced"])
            rows.append({
                "total_accepted_kvnd": a.ci + new, "carried_in_kvnd": a.ci, "new_kvnd": new,
                "delegated_out_kvnd": dele, "withdrawn_kvnd": wd, "to_enforce_kvnd": comp + coe + ne,
                "enforceable_kvnd": comp + coe, "collected_kvnd": rest - reduced, "terminated_kvnd": terminated,
                "reduced_kvnd": reduced, "in_progress_kvnd": coe - postponed - other,
                "postponed_agreed_kvnd": postponed, "other_enforceable_kvnd": other,
                "not_enforceable_kvnd": ne, "carried_out_kvnd": coe + ne, "carried_out_enforceable_kvnd": coe,
            })
    return rows


def _curve(rng: random.Random) -> list[float]:
    weights = [rng.uniform(0.75, 1.25) for _ in range(12)]
    weights[11] *= 1.3  # the year-end push before the 12-month report
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


@dataclass
class World:
    seed: int
    executors: dict[str, list[Executor]] = field(default_factory=dict)  # atom -> executors
    # (executor code, stat year) -> {"cases": [12 rows], "money": [12 rows]}
    years: dict[tuple[str, int], dict[str, list[dict]]] = field(default_factory=dict)


def _make_executors(seed: int, atom: str, level: str) -> list[Executor]:
    rng = _rng(seed, "executors", atom)
    n = rng.randint(4, 8) if level == "office" else rng.randint(3, 12)
    province, local = atom.split("-", 1)
    suffix = f"VP{province[1:]}" if local == "VP" else local  # offices of two merged agencies must not collide
    out = []
    for i in range(1, n + 1):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        out.append(Executor(code=f"CHV-{suffix}-{i:02d}", name=name, atom=atom,
                            size=rng.uniform(0.6, 1.6) * (1.3 if level == "office" else 1.0),
                            amount=24_000 * math.exp(rng.gauss(0, 0.35))))
    return out


def simulate(seed: int, provinces: tuple[str, ...], first_year: int, last_year: int) -> World:
    world = World(seed=seed)
    atoms = [u for u in load_units() if u.province_code in provinces and u.level in ("office", "district")
             and u.valid_to < REORG_DATE]
    for u in atoms:
        world.executors[u.unit_code] = _make_executors(seed, u.unit_code, u.level)
    state: dict[str, dict] = {}  # executor -> carried-in for the next year
    for year in range(first_year, last_year + 1):
        for pc in provinces:
            natural: list[tuple[Executor, dict]] = []
            for atom in (u.unit_code for u in atoms if u.province_code == pc):
                for ex in world.executors[atom]:
                    rng = _rng(seed, "year", ex.code, year)
                    st = state.get(ex.code)
                    if st is None:
                        ci = round(ex.size * 55 * rng.uniform(0.85, 1.15))
                        ci_k = round(ci * ex.amount * 1.5)
                        st = {"ci": ci, "ne_in": round(ci * 0.45), "ci_k": ci_k, "ne_in_k": round(ci_k * 0.6)}
                    if year == 2024 and ex.code == "CHV-D136-01":  # planted defect D2
                        st = dict(st, ci=st["ci"] + 150)
                    trend = 1 + 0.05 * (year - 2022)
                    n11 = ex.size * 75 * trend * rng.uniform(0.9, 1.1)
                    d11, w11 = round(n11 * rng.uniform(0.01, 0.03)), round(n11 * rng.uniform(0.0, 0.01))
                    ne11 = round(st["ne_in"] * rng.uniform(0.95, 1.05) + n11 * rng.uniform(0.10, 0.18))
                    en11 = max(round(st["ci"] + n11 - d11 - w11 - ne11), 1)
                    k11 = round(en11 * rng.uniform(0.80, 0.90))
                    n11_k = n11 * ex.amount * rng.uniform(0.8, 1.2)
                    d11_k, w11_k = round(d11 * ex.amount), round(w11 * ex.amount)
                    ne11_k = round(st["ne_in_k"] * rng.uniform(0.97, 1.05) + n11_k * rng.uniform(0.15, 0.25))
                    en11_k = max(round(st["ci_k"] + n11_k - d11_k - w11_k - ne11_k), 1)
                    k11_k = round(en11_k * rng.uniform(0.50, 0.65))
                    natural.append((ex, {
                        "st": st, "rng": rng, "d11": d11, "w11": w11, "ne11": ne11, "en11": en11, "k11": k11,
                        "d11_k": d11_k, "w11_k": w11_k, "ne11_k": ne11_k, "en11_k": en11_k, "k11_k": k11_k,
                    }))
            _calibrate(natural, CALIBRATION.get((pc, year)))
            for ex, n in natural:
                rng, st = n["rng"], n["st"]
                curve = _curve(rng)
                cases = _build_year(
                    Anchors(st["ci"], st["ne_in"], n["k11"], n["en11"] - n["k11"], n["ne11"], n["d11"], n["w11"]),
                    curve, "cases", {"terminated": rng.uniform(0.04, 0.08), "postponed": 0.012, "other": 0.008},
                )
                money = _build_year(
                    Anchors(st["ci_k"], st["ne_in_k"], n["k11_k"], n["en11_k"] - n["k11_k"], n["ne11_k"],
                            n["d11_k"], n["w11_k"]),
                    curve, "money",
                    {"terminated": rng.uniform(0.03, 0.06), "reduced": rng.uniform(0.01, 0.03),
                     "postponed": 0.015, "other": 0.01},
                )
                world.years[(ex.code, year)] = {"cases": cases, "money": money}
                end_c, end_k = cases[-1], money[-1]
                moved = math.floor(end_c["not_enforceable_cases"] * rng.uniform(0.08, 0.2))
                moved_k = math.floor(end_k["not_enforceable_kvnd"] * rng.uniform(0.08, 0.2))
                state[ex.code] = {
                    "ci": end_c["carried_out_cases"] - moved,
                    "ne_in": end_c["not_enforceable_cases"] - moved,
                    "ci_k": end_k["carried_out_kvnd"] - moved_k,
                    "ne_in_k": end_k["not_enforceable_kvnd"] - moved_k,
                }
    return world


def _calibrate(natural: list[tuple[Executor, dict]], target: dict | None) -> None:
    """Rescale month-11 anchors so that the province totals equal the published figures."""
    if not target:
        return
    for suffix in ("", "_k"):
        measure = "cases" if suffix == "" else "kvnd"
        k_key, en_key = "k11" + suffix, "en11" + suffix
        k_total = target[f"completed_{measure}"]
        en_total = target.get(f"enforceable_{measure}")
        natural_k = [n[k_key] for _, n in natural]
        natural_coe = [n[en_key] - n[k_key] for _, n in natural]
        if en_total is None:  # keep the natural completion rate
            factor = k_total / sum(natural_k)
            en_total = k_total + round(sum(natural_coe) * factor)
        ks = apportion(k_total, natural_k)
        coes = apportion(en_total - k_total, natural_coe)
        for (_, n), k, coe in zip(natural, ks, coes):
            n[k_key], n[en_key] = k, k + coe


# ---------------------------------------------------------------------------- reports


@dataclass
class Report:
    unit_code: str  # as written in the report header (office reports use the province code)
    unit_name: str
    kind: str  # unit | province
    period_end: date
    stat_year: int
    months: int
    submission_no: int
    prepared_on: date
    rows: dict[str, list[dict]]  # sheet name -> rows: {stt, name, code, values}
    file_format: str = "xlsx"


def _sum_rows(rows: list[dict], measure_cols: list[str]) -> dict:
    return {c: sum(r[c] for r in rows) for c in measure_cols}


def _with_rate(values: dict, measure: str) -> dict:
    out = dict(values)
    if measure == "cases":
        out["completion_rate_pct"] = rate_pct(values["executed_cases"] + values["terminated_cases"],
                                              values["enforceable_cases"])
    else:
        out["completion_rate_pct"] = rate_pct(
            values["collected_kvnd"] + values["terminated_kvnd"] + values["reduced_kvnd"], values["enforceable_kvnd"])
    return out


def _successions() -> list[tuple[str, str]]:
    from ..settings import SEEDS_DIR

    with open(SEEDS_DIR / "ref_unit_succession.csv", encoding="utf-8") as fh:
        return [(r["predecessor_code"], r["successor_code"]) for r in csv.DictReader(fh)]


def build_reports(world: World, provinces_old: tuple[str, ...], first_year: int, last_year: int,
                  until: date) -> list[Report]:
    template = default_template()
    register = UnitRegister()
    reports: list[Report] = []
    successions = _successions()
    covered_new = {s for p, s in successions if p.split("-")[0][1:] in provinces_old and "-" not in p}
    for year in range(first_year, last_year + 1):
        for m in range(1, 13):
            pe = period_end_of(year, m)
            if pe > until:
                continue
            prepared = pe + timedelta(days=3)
            if pe < REORG_DATE:
                provinces = [f"P{pc}" for pc in provinces_old]
            else:
                provinces = sorted(p for p in covered_new)
                # both predecessors must have been simulated to report the merged province
                provinces = [p for p in provinces
                             if all(o.split("-")[0][1:] in provinces_old for o, s in successions if s == p)]
            for prov in provinces:
                prov_unit = register.valid(prov, pe)
                office = register.valid(f"{prov}-VP", pe)
                subs = sorted((u for u in register.children(prov, pe) if u.level in ("district", "region")),
                              key=lambda u: u.unit_code)
                unit_totals: dict[str, dict] = {}
                for unit in [office, *subs]:
                    atoms = [unit.unit_code] if pe < REORG_DATE else sorted(p for p, s in successions
                                                                            if s == unit.unit_code)
                    execs = [ex for a in atoms for ex in world.executors[a]]
                    rows: dict[str, list[dict]] = {}
                    totals: dict[str, dict] = {}
                    for spec in template.sheets:
                        key = "cases" if spec.measure == "cases" else "money"
                        cols = [c.name for c in spec.columns if c.kind != "rate"]
                        ex_rows = []
                        for i, ex in enumerate(execs, start=1):
                            vals = world.years[(ex.code, year)][key][m - 1]
                            ex_rows.append({"stt": i, "name": ex.name, "code": ex.code,
                                            "values": _with_rate(vals, spec.measure)})
                        total = _with_rate(_sum_rows([r["values"] for r in ex_rows], cols), spec.measure)
                        rows[spec.name] = ex_rows + [{"stt": "", "name": template.total_label, "code": "",
                                                      "values": total}]
                        totals[spec.name] = total
                    report_code = prov if unit.level == "office" else unit.unit_code
                    unit_totals[unit.unit_code] = {"code": report_code, "name": unit.name_vi, "totals": totals}
                    reports.append(Report(report_code, unit.name_vi, "unit", pe, year, m, 1, prepared, rows))
                rows = {}
                for spec in template.sheets:
                    cols = [c.name for c in spec.columns if c.kind != "rate"]
                    unit_rows = [{"stt": i, "name": t["name"], "code": t["code"], "values": dict(t["totals"][spec.name])}
                                 for i, t in enumerate(unit_totals.values(), start=1)]
                    total = _with_rate(_sum_rows([r["values"] for r in unit_rows], cols), spec.measure)
                    rows[spec.name] = unit_rows + [{"stt": "", "name": template.total_label, "code": "",
                                                    "values": total}]
                reports.append(Report(prov, prov_unit.name_vi, "province", pe, year, m, 1, prepared, rows))
    return reports


def _transpose_digits(n: int) -> int:
    s = str(n)
    for i in range(len(s) - 1, 0, -1):
        if s[i] != s[i - 1]:
            return int(s[: i - 1] + s[i] + s[i - 1] + s[i + 1 :])
    return n + 9


def plant_defects(reports: list[Report]) -> list[Report]:
    """Apply the planted defects D1, D3, D4, D5 (D2 is planted in the simulation)."""
    by_key = {(r.unit_code, r.kind, r.period_end, r.submission_no): r for r in reports}
    extra: list[Report] = []
    d1 = by_key.get(("P10-D082", "unit", date(2024, 3, 31), 1))
    if d1:
        total = d1.rows["01_VIEC"][-1]["values"]
        total["executed_cases"] = _transpose_digits(total["executed_cases"])
    d3 = by_key.get(("P02", "province", date(2023, 6, 30), 1))
    before = by_key.get(("P02-D026", "unit", date(2023, 5, 31), 1))
    if d3 and before:
        for sheet, rows in d3.rows.items():
            stale = dict(before.rows[sheet][-1]["values"])
            for row in rows:
                if row["code"] == "P02-D026":
                    row["values"] = stale
            cols = [c for c in stale if c != "completion_rate_pct"]
            measure = "cases" if sheet == "01_VIEC" else "money"
            rows[-1]["values"] = _with_rate(_sum_rows([r["values"] for r in rows[:-1]], cols), measure)
    for code, pe, how in (("P08-D073", date(2023, 5, 31), "in_progress"), ("P10-D085", date(2024, 8, 31), "text")):
        good = by_key.get((code, "unit", pe, 1))
        if not good:
            continue
        bad = Report(good.unit_code, good.unit_name, good.kind, good.period_end, good.stat_year, good.months, 1,
                     good.prepared_on, {s: [dict(r, values=dict(r["values"])) for r in rows]
                                        for s, rows in good.rows.items()})
        if how == "in_progress":
            bad.rows["01_VIEC"][0]["values"]["in_progress_cases"] += 12
        else:
            bad.rows["01_VIEC"][1]["values"]["new_cases"] = f"{bad.rows['01_VIEC'][1]['values']['new_cases']}a"
        good.submission_no = 2
        good.prepared_on = good.prepared_on + timedelta(days=3)
        extra.append(bad)
    return reports + extra


# ------------------------------------------------------------------------- self-scoring


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
            out[(r.unit_code, r.period_end)] = {**r.rows["01_VIEC"][-1]["values"], **{
                k: v for k, v in r.rows["02_TIEN"][-1]["values"].items() if k != "completion_rate_pct"},
                "money_rate_pct": r.rows["02_TIEN"][-1]["values"]["completion_rate_pct"],
                "name": r.unit_name}
    return out


def build_self_scores(reports: list[Report], defects: bool = True) -> list[SelfScore]:
    """One table per provincial agency per year with a 12-month report: the figures of that report."""
    from .templates import self_score_layouts

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
                    value = f"{float(value) + amount:.2f}"
                elif how == "times":
                    value = round(value * amount)
                else:
                    value = value[1:] if str(value).startswith("-") else f"-{value}"
            points = 10.0 if code.endswith("rate_pct") else 5.0
            claims.append((code, spec["vi"], value, points))
        out.append(SelfScore(unit, t["name"], year, end, claims))
    return out


def write_self_score(score: SelfScore, path: Path) -> None:
    from .templates import self_score_layouts

    layout = self_score_layouts()[0]
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(layout["sheet"])
    bold = wb.add_format({"bold": True})
    ws.write(0, 0, layout["title"], bold)
    values = {"unit_name": score.unit_name, "unit_code": score.unit_code, "stat_year": score.stat_year,
              "reference_date": _fmt_date(score.reference_date), "submission_no": score.submission_no}
    for name, f in layout["header"]["fields"].items():
        ws.write(f["row"] - 1, ord(f["label_col"]) - 65, f["label"])
        ws.write(f["row"] - 1, ord(f["value_col"]) - 65, values[name])
    cols = {k: ord(v) - 65 for k, v in layout["table"]["columns"].items()}
    r0 = layout["table"]["header_row"] - 1
    for key, label in layout["table"]["labels"].items():
        ws.write(r0, cols[key], label, bold)
    for i, (code, name, value, points) in enumerate(score.claims, start=1):
        ws.write(r0 + i, cols["stt"], i)
        ws.write(r0 + i, cols["criterion_name"], name)
        ws.write(r0 + i, cols["criterion_code"], code)
        ws.write(r0 + i, cols["claimed_value"], float(value) if isinstance(value, str) else value)
        ws.write(r0 + i, cols["points"], points)
    ws.set_column(1, 1, 52)
    wb.close()


# ----------------------------------------------------------------------------- writers


def _period_label(months: int, stat_year: int) -> str:
    return f"{months} tháng năm {stat_year}"


def _fmt_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def write_workbook(report: Report, path: Path, template: Template | None = None) -> None:
    template = template or default_template()
    wb = xlsxwriter.Workbook(str(path))
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1})
    num = wb.add_format({"num_format": "#,##0", "border": 1})
    rate_fmt = wb.add_format({"num_format": "0.00", "border": 1})
    text = wb.add_format({"border": 1})
    start = date(report.period_end.year - (report.period_end.month < 10), 10, 1)
    if report.period_end.month >= 10:
        start = date(report.period_end.year, 10, 1)
    fields = {f.name: f for f in template.header_fields}
    kind_label = next(k for k, v in template.report_kinds.items() if v == report.kind)
    values = {
        "form_code": None, "unit_name": report.unit_name, "unit_code": report.unit_code,
        "period_label": _period_label(report.months, report.stat_year), "period_start": _fmt_date(start),
        "period_end": _fmt_date(report.period_end), "submission_no": report.submission_no,
        "prepared_on": _fmt_date(report.prepared_on), "report_kind": kind_label,
    }
    for spec in template.sheets:
        ws = wb.add_worksheet(spec.name)
        ws.write(0, 0, spec.title, bold)
        for name, f in fields.items():
            r0 = f.row - 1
            ws.write(r0, ord(f.label_col) - 65, f.label)
            ws.write(r0, ord(f.value_col) - 65, spec.form_code if name == "form_code" else values[name])
        ws.write(8, 0, f"Đơn vị tính: {spec.unit_of_measure}")
        first_c = 3
        last_c = first_c + len(spec.columns) - 1
        ws.merge_range(9, first_c, 9, first_c + 2, "Thụ lý", head)
        ws.merge_range(9, first_c + 3, 9, last_c, "Kết quả thi hành án", head)
        for c0, label in ((0, "STT"), (1, "Tên đơn vị / Chấp hành viên" if report.kind == "unit" else "Tên đơn vị"),
                          (2, "Mã")):
            ws.write(10, c0, label, head)
            ws.write(11, c0, "", head)
        for i, col in enumerate(spec.columns):
            ws.write(10, first_c + i, col.label, head)
            ws.write(11, first_c + i, f"({col.number})", head)
        r0 = 12
        for row in report.rows[spec.name]:
            ws.write(r0, 0, row["stt"], text)
            ws.write(r0, 1, row["name"], bold if row["name"] == template.total_label else text)
            ws.write(r0, 2, row["code"], text)
            for i, col in enumerate(spec.columns):
                v = row["values"][col.name]
                if v is None:
                    ws.write_blank(r0, first_c + i, None, text)
                elif col.kind == "rate":
                    ws.write_number(r0, first_c + i, float(v), rate_fmt)
                elif isinstance(v, str):
                    ws.write_string(r0, first_c + i, v, text)
                else:
                    ws.write_number(r0, first_c + i, v, num)
            r0 += 1
        ws.write(r0 + 2, 1, "Người lập biểu")
        ws.write(r0 + 2, 6, "Thủ trưởng đơn vị")
        ws.set_column(1, 1, 34)
        ws.set_column(first_c, last_c, 12)
        ws.freeze_panes(12, 3)
    wb.close()


def write_csv(report: Report, path: Path, template: Template | None = None) -> None:
    template = template or default_template()
    start = date(report.period_end.year if report.period_end.month >= 10 else report.period_end.year - 1, 10, 1)
    kind_label = next(k for k, v in template.report_kinds.items() if v == report.kind)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
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
                    w.writerow([report.unit_code, _fmt_date(start), _fmt_date(report.period_end), spec.form_code,
                                report.submission_no, _fmt_date(report.prepared_on), kind_label, row["stt"],
                                row["name"], row["code"], col.number, text])


def _sends_csv(unit_code: str) -> bool:
    """A share of the unit reports arrive as flat CSV (every fourth district, every fourth region)."""
    tail = unit_code.rsplit("-", 1)[-1]
    digits = "".join(ch for ch in tail if ch.isdigit())
    return tail[:1] in ("D", "K") and digits != "" and int(digits) % 4 == 0


def latest_complete_month(today: date) -> date:
    return date(today.year, today.month, 1) - timedelta(days=1)


def generate_sample(out_dir: Path, seed: int = DEFAULT_SEED, provinces: tuple[str, ...] = tuple(SAMPLE_PROVINCES),
                    first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR, until: date | None = None,
                    defects: bool = True) -> dict:
    """Write the sample reports into out_dir; return counts."""
    until = min(until or latest_complete_month(date.today()), period_end_of(last_year, 12))
    world = simulate(seed, provinces, first_year, last_year)
    reports = build_reports(world, provinces, first_year, last_year, until)
    if defects:
        reports = plant_defects(reports)
    counts: dict[str, int] = defaultdict(int)
    for r in reports:
        folder = out_dir / r.period_end.strftime("%Y-%m")
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{r.unit_code}{'_toan_tinh' if r.kind == 'province' else ''}_lan{r.submission_no}"
        if r.kind == "unit" and _sends_csv(r.unit_code):
            write_csv(r, folder / f"{stem}.csv")
            counts["csv"] += 1
        else:
            write_workbook(r, folder / f"{stem}.xlsx")
            counts["xlsx"] += 1
    for score in build_self_scores(reports, defects):
        folder = out_dir / "tu_cham_diem"
        folder.mkdir(parents=True, exist_ok=True)
        write_self_score(score, folder / f"{score.unit_code}_{score.stat_year}.xlsx")
        counts["self_scores"] += 1
    counts["reports"] = len(reports)
    return dict(counts)
