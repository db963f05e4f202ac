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
from dataclasses import dataclass, field
from datetime import date, datetime

from ...settings import SEEDS_DIR
from ..ingest.layouts import DEFAULT_LAYOUT, SheetSpec, template_for_year
from ..periods import period_end_of
from ..rates import rate_pct as exact_rate_pct
from ..reference import REORG_DATE, UnitRegister, load_units
from ..working_days import nth_working_day_after

DEFAULT_SEED = 2026
FIRST_YEAR, LAST_YEAR = 2022, 2026

# (province code, statistical year) -> province-wide totals at 11 months (31 August)
CALIBRATION = {
    ("08", 2023): {
        "completed_cases": 4132,
        "enforceable_cases": 4787,
        "completed_kvnd": 69_647_668,
        "enforceable_kvnd": 116_404_270,
    },
    ("08", 2022): {"completed_cases": 3433, "completed_kvnd": 63_822_721},
}
CALIBRATION_MONTH = 11

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Ma",
    "Hà",
    "Nông",
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Yến",
]


def _rng(seed: int, *parts: object) -> random.Random:
    digest = hashlib.sha256("|".join(map(str, (seed, *parts))).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def rate_pct(numerator: int, denominator: int) -> str | None:
    """The rate as a unit writes it: 2 decimals, half away from zero, with a decimal point (None if 0)."""
    rate = exact_rate_pct(numerator, denominator)
    return None if rate is None else f"{rate:.2f}"


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
            rows.append(
                {
                    "total_accepted_cases": a.ci + new,
                    "carried_in_cases": a.ci,
                    "new_cases": new,
                    "delegated_out_cases": dele,
                    "withdrawn_cases": wd,
                    "to_enforce_cases": comp + coe + ne,
                    "enforceable_cases": comp + coe,
                    "executed_cases": comp - terminated,
                    "terminated_cases": terminated,
                    "in_progress_cases": coe - postponed - other,
                    "postponed_agreed_cases": postponed,
                    "other_enforceable_cases": other,
                    "not_enforceable_cases": ne,
                    "carried_out_cases": coe + ne,
                    "carried_out_enforceable_cases": coe,
                }
            )
        else:
            rest = comp - terminated
            reduced = math.floor(rest * shares["reduced"])
            rows.append(
                {
                    "total_accepted_kvnd": a.ci + new,
                    "carried_in_kvnd": a.ci,
                    "new_kvnd": new,
                    "delegated_out_kvnd": dele,
                    "withdrawn_kvnd": wd,
                    "to_enforce_kvnd": comp + coe + ne,
                    "enforceable_kvnd": comp + coe,
                    "collected_kvnd": rest - reduced,
                    "terminated_kvnd": terminated,
                    "reduced_kvnd": reduced,
                    "in_progress_kvnd": coe - postponed - other,
                    "postponed_agreed_kvnd": postponed,
                    "other_enforceable_kvnd": other,
                    "not_enforceable_kvnd": ne,
                    "carried_out_kvnd": coe + ne,
                    "carried_out_enforceable_kvnd": coe,
                }
            )
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
        out.append(
            Executor(
                code=f"CHV-{suffix}-{i:02d}",
                name=name,
                atom=atom,
                size=rng.uniform(0.6, 1.6) * (1.3 if level == "office" else 1.0),
                amount=24_000 * math.exp(rng.gauss(0, 0.35)),
            )
        )
    return out


def simulate(seed: int, provinces: tuple[str, ...], first_year: int, last_year: int) -> World:
    world = World(seed=seed)
    atoms = [
        u
        for u in load_units()
        if u.province_code in provinces and u.level in ("office", "district") and u.valid_to < REORG_DATE
    ]
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
                    natural.append(
                        (
                            ex,
                            {
                                "st": st,
                                "rng": rng,
                                "d11": d11,
                                "w11": w11,
                                "ne11": ne11,
                                "en11": en11,
                                "k11": k11,
                                "d11_k": d11_k,
                                "w11_k": w11_k,
                                "ne11_k": ne11_k,
                                "en11_k": en11_k,
                                "k11_k": k11_k,
                            },
                        )
                    )
            _calibrate(natural, CALIBRATION.get((pc, year)))
            for ex, n in natural:
                rng, st = n["rng"], n["st"]
                curve = _curve(rng)
                cases = _build_year(
                    Anchors(st["ci"], st["ne_in"], n["k11"], n["en11"] - n["k11"], n["ne11"], n["d11"], n["w11"]),
                    curve,
                    "cases",
                    {"terminated": rng.uniform(0.04, 0.08), "postponed": 0.012, "other": 0.008},
                )
                money = _build_year(
                    Anchors(
                        st["ci_k"],
                        st["ne_in_k"],
                        n["k11_k"],
                        n["en11_k"] - n["k11_k"],
                        n["ne11_k"],
                        n["d11_k"],
                        n["w11_k"],
                    ),
                    curve,
                    "money",
                    {
                        "terminated": rng.uniform(0.03, 0.06),
                        "reduced": rng.uniform(0.01, 0.03),
                        "postponed": 0.015,
                        "other": 0.01,
                    },
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
    arrived_at: datetime | None = None  # Vietnam time; the writers give the file this modification time
    layout: str = DEFAULT_LAYOUT  # the layout registry's id of the forms of its statistical year


# Reports reach the province on a working day after the period end: a unit's on the 1st or 2nd (its
# deadline is the 2nd), a province's own on the 3rd or 4th (deadline the 4th), during office hours.
ARRIVAL_WORKING_DAYS = {"unit": (1, 2), "province": (3, 4)}


def arrival(seed: int, unit_code: str, kind: str, period_end: date) -> datetime:
    rng = _rng(seed, "arrival", unit_code, kind, period_end)
    first, second = ARRIVAL_WORKING_DAYS[kind]
    day = nth_working_day_after(period_end, first if rng.random() < 0.6 else second)
    return datetime(day.year, day.month, day.day, rng.randint(7, 16), rng.randint(0, 59))


def _sum_rows(rows: list[dict], measure_cols: list[str]) -> dict:
    return {c: sum(r[c] for r in rows) for c in measure_cols}


def _with_rate(values: dict, measure: str) -> dict:
    out = dict(values)
    if measure == "cases":
        out["completion_rate_pct"] = rate_pct(
            values["executed_cases"] + values["terminated_cases"], values["enforceable_cases"]
        )
    else:
        out["completion_rate_pct"] = rate_pct(
            values["collected_kvnd"] + values["terminated_kvnd"] + values["reduced_kvnd"], values["enforceable_kvnd"]
        )
    return out


# Under TT 01/2013 a unit reports each measure in two forms, ex officio (chủ động) and on request
# (theo yêu cầu). The simulation splits an executor's figures by a share of its own; the flows and
# outcomes are split (floor for chủ động, the rest on request, so the parts add up exactly and
# cumulative flows still grow), the totals are recomputed by the identities in each part and the
# not-enforceable stock closes the balance (I-01 … I-09 hold in each form).
PART_LEAVES = {
    "cases": ["carried_in_cases", "new_cases", "delegated_out_cases", "withdrawn_cases", "executed_cases",
              "terminated_cases", "in_progress_cases", "postponed_agreed_cases", "other_enforceable_cases"],
    "money": ["carried_in_kvnd", "new_kvnd", "delegated_out_kvnd", "withdrawn_kvnd", "collected_kvnd",
              "terminated_kvnd", "reduced_kvnd", "in_progress_kvnd", "postponed_agreed_kvnd", "other_enforceable_kvnd"],
}  # fmt: skip
EX_OFFICIO_SHARE = {"cases": (0.55, 0.75), "money": (0.15, 0.35)}


def part_values(values: dict, measure: str, part: str, share: float) -> dict:
    """One part's figures of an executor's row (see PART_LEAVES)."""
    s = "cases" if measure == "cases" else "kvnd"
    own = {c: math.floor(values[c] * share) for c in PART_LEAVES[measure]}
    if part != "chu_dong":
        own = {c: values[c] - v for c, v in own.items()}
    done = (
        ["executed_cases", "terminated_cases"]
        if s == "cases"
        else ["collected_kvnd", "terminated_kvnd", "reduced_kvnd"]
    )
    pending = [f"in_progress_{s}", f"postponed_agreed_{s}", f"other_enforceable_{s}"]
    out = dict(own)
    out[f"total_accepted_{s}"] = own[f"carried_in_{s}"] + own[f"new_{s}"]
    out[f"to_enforce_{s}"] = out[f"total_accepted_{s}"] - own[f"delegated_out_{s}"] - own[f"withdrawn_{s}"]
    out[f"enforceable_{s}"] = sum(own[c] for c in done + pending)
    out[f"not_enforceable_{s}"] = out[f"to_enforce_{s}"] - out[f"enforceable_{s}"]
    out[f"carried_out_{s}"] = out[f"to_enforce_{s}"] - sum(own[c] for c in done)
    out[f"carried_out_enforceable_{s}"] = sum(own[c] for c in pending)
    return out


def _sheet_values(world: World, ex: Executor, year: int, m: int, spec: SheetSpec) -> dict:
    key = "cases" if spec.measure == "cases" else "money"
    values = world.years[(ex.code, year)][key][m - 1]
    if spec.part is None:
        return values
    lo, hi = EX_OFFICIO_SHARE[key]
    share = _rng(world.seed, "part", ex.code, key).uniform(lo, hi)
    return part_values(values, spec.measure, spec.part, share)


def _successions() -> list[tuple[str, str]]:
    with open(SEEDS_DIR / "ref_unit_succession.csv", encoding="utf-8") as fh:
        return [(r["predecessor_code"], r["successor_code"]) for r in csv.DictReader(fh)]


def build_reports(
    world: World, provinces_old: tuple[str, ...], first_year: int, last_year: int, until: date
) -> list[Report]:
    register = UnitRegister()
    reports: list[Report] = []
    successions = _successions()
    covered_new = {s for p, s in successions if p.split("-")[0][1:] in provinces_old and "-" not in p}
    for year in range(first_year, last_year + 1):
        template = template_for_year(year)
        for m in range(1, 13):
            pe = period_end_of(year, m)
            if pe > until:
                continue
            if pe < REORG_DATE:
                provinces = [f"P{pc}" for pc in provinces_old]
            else:
                provinces = sorted(p for p in covered_new)
                # both predecessors must have been simulated to report the merged province
                provinces = [
                    p for p in provinces if all(o.split("-")[0][1:] in provinces_old for o, s in successions if s == p)
                ]
            for prov in provinces:
                prov_unit = register.valid(prov, pe)
                office = register.valid(f"{prov}-VP", pe)
                assert prov_unit is not None and office is not None, f"{prov} has no unit on {pe}"
                subs = sorted(
                    (u for u in register.children(prov, pe) if u.level in ("district", "region")),
                    key=lambda u: u.unit_code,
                )
                unit_totals: dict[str, dict] = {}
                for unit in [office, *subs]:
                    atoms = (
                        [unit.unit_code]
                        if pe < REORG_DATE
                        else sorted(p for p, s in successions if s == unit.unit_code)
                    )
                    execs = [ex for a in atoms for ex in world.executors[a]]
                    rows: dict[str, list[dict]] = {}
                    totals: dict[str, dict] = {}
                    for spec in template.sheets:
                        cols = [c.name for c in spec.columns if c.kind != "rate"]
                        ex_rows: list[dict] = []
                        for i, ex in enumerate(execs, start=1):
                            vals = _sheet_values(world, ex, year, m, spec)
                            ex_rows.append(
                                {"stt": i, "name": ex.name, "code": ex.code, "values": _with_rate(vals, spec.measure)}
                            )
                        total = _with_rate(_sum_rows([r["values"] for r in ex_rows], cols), spec.measure)
                        rows[spec.name] = ex_rows + [
                            {"stt": "", "name": template.total_label, "code": "", "values": total}
                        ]
                        totals[spec.name] = total
                    report_code = prov if unit.level == "office" else unit.unit_code
                    unit_totals[unit.unit_code] = {"code": report_code, "name": unit.name_vi, "totals": totals}
                    came = arrival(world.seed, report_code, "unit", pe)
                    reports.append(
                        Report(
                            report_code,
                            unit.name_vi,
                            "unit",
                            pe,
                            year,
                            m,
                            1,
                            came.date(),
                            rows,
                            arrived_at=came,
                            layout=template.id,
                        )
                    )
                rows = {}
                for spec in template.sheets:
                    cols = [c.name for c in spec.columns if c.kind != "rate"]
                    unit_rows = [
                        {"stt": i, "name": t["name"], "code": t["code"], "values": dict(t["totals"][spec.name])}
                        for i, t in enumerate(unit_totals.values(), start=1)
                    ]
                    total = _with_rate(_sum_rows([r["values"] for r in unit_rows], cols), spec.measure)
                    rows[spec.name] = unit_rows + [
                        {"stt": "", "name": template.total_label, "code": "", "values": total}
                    ]
                came = arrival(world.seed, prov, "province", pe)
                reports.append(
                    Report(
                        prov,
                        prov_unit.name_vi,
                        "province",
                        pe,
                        year,
                        m,
                        1,
                        came.date(),
                        rows,
                        arrived_at=came,
                        layout=template.id,
                    )
                )
    return reports
