"""The national unit register: writing its documented default and checking an operator's replacement.

The register is two seeds an operator maintains (`ref_units.csv`, `ref_unit_succession.csv`).
`write_national_register` derives the default from maintained data instead of typing it:

* the 63 provinces and their districts before 1/7/2025 from `vietnam-provinces` 0.6.0, less the
  island districts that have no court and so no Chi cục (Hoàng Sa, Trường Sa, Bạch Long Vĩ, Cồn Cỏ);
* renames before 2025 (a town becoming a city) as dated rows of the same code (`RENAMES`);
* the 34 provinces after the merger from `ref_province_succession.csv`;
* 355 regional offices (Phòng THADS khu vực). The official list is not available here: each merged
  province's districts are grouped, in code order (the General Statistics Office numbers districts
  roughly by geography), into contiguous offices whose number is proportional to the districts, so
  that the country has 355. The four sample provinces keep two districts per office. Replace the
  seed with the official list and run `thads units check`.

`check_register` is what `thads units check` runs on a replacement: every pre-2025 district maps to
exactly one office of its successor province, no orphan, codes unique per validity, dates consistent.
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..settings import SEEDS_DIR
from .reference import LAW_2008_START, NAME_CORRECTIONS, OPEN_END, REORG_DATE

NATIONAL_OFFICES = 355
SAMPLE_REGION_PROVINCES = {"08": 2, "15": 2}  # new province -> districts per office (the sample's layout)
NO_COURT_DISTRICTS = {318, 471, 498, 576}  # Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Trường Sa
# Pre-2025 renames kept as dated rows (same code): Nghị quyết 857/NQ-UBTVQH14 (thị xã Dĩ An, Thuận An
# became cities on 1/2/2020) and 725/NQ-UBTVQH15 (Bến Cát, Tân Uyên on 10/4/2023).
RENAMES = {
    ("74", 724): ("Thị xã Dĩ An", date(2020, 2, 1)),
    ("74", 725): ("Thị xã Thuận An", date(2020, 2, 1)),
    ("74", 721): ("Thị xã Bến Cát", date(2023, 4, 10)),
    ("74", 723): ("Thị xã Tân Uyên", date(2023, 4, 10)),
}
UNIT_FIELDS = ("unit_code", "valid_from", "valid_to", "name_vi", "level", "parent_code", "province_code")
SUCCESSION_FIELDS = ("predecessor_code", "successor_code", "effective_date", "share")
PRE_END = "2025-06-30"


def _agency_name(official: str, prefix: str) -> str:
    """'Tỉnh Hà Giang' / 'Thành phố Hà Nội' / 'Tuyên Quang' -> '<prefix> tỉnh Hà Giang' ..."""
    for kind in ("Thành phố ", "Tỉnh "):
        if official.startswith(kind):
            return f"{prefix} {kind.strip().lower()} {official[len(kind) :]}"
    return f"{prefix} tỉnh {official}"


def _short(official: str) -> str:
    for kind in ("Thành phố ", "Tỉnh "):
        if official.startswith(kind):
            return official[len(kind) :]
    return official


def _district_office_name(name: str) -> str:
    name = NAME_CORRECTIONS.get(name, name)
    for kind in ("Huyện", "Thành phố", "Thị xã", "Quận"):
        if name.startswith(kind + " "):
            return f"Chi cục Thi hành án dân sự {kind.lower()}{name[len(kind) :]}"
    return f"Chi cục Thi hành án dân sự {name}"


def _unit(code: str, start: str, end: str, name: str, level: str, parent: str, province: str) -> dict:
    return dict(zip(UNIT_FIELDS, (code, start, end, name, level, parent, province)))


def office_counts(districts: dict[str, int], total: int, fixed: dict[str, int]) -> dict[str, int]:
    """Offices per new province: `fixed` ones as given, the rest proportional to their districts
    (largest remainder, at least one, at most one per district), summing to `total`."""
    out = {p: math.ceil(districts[p] / per) for p, per in fixed.items() if p in districts}
    rest = {p: n for p, n in districts.items() if p not in out}
    left = total - sum(out.values())
    weight = sum(rest.values())
    raw = {p: left * n / weight for p, n in rest.items()}
    alloc = {p: max(1, min(rest[p], math.floor(x))) for p, x in raw.items()}
    order = sorted(rest, key=lambda p: (raw[p] - math.floor(raw[p]), p), reverse=True)
    i = 0
    while sum(alloc.values()) < left:
        p = order[i % len(order)]
        if alloc[p] < rest[p]:
            alloc[p] += 1
        i += 1
    while sum(alloc.values()) > left:
        p = max(alloc, key=lambda q: (alloc[q] / rest[q], q))
        alloc[p] -= 1
    return out | alloc


def contiguous_groups(items: list[str], n_groups: int) -> list[list[str]]:
    """`items` cut into n_groups runs whose sizes differ by at most one (bigger runs first)."""
    size, extra = divmod(len(items), n_groups)
    groups, start = [], 0
    for g in range(n_groups):
        end = start + size + (1 if g < extra else 0)
        groups.append(items[start:end])
        start = end
    return groups


def build_national_register(old: list[dict], succession_rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(ref_units rows, ref_unit_succession rows) from the 0.6.0 nested divisions and the province map."""
    start, reorg = LAW_2008_START.isoformat(), REORG_DATE.isoformat()
    units = [_unit("VN", start, "", "Toàn quốc", "nation", "", "")]
    by_code = {f"{p['code']:02d}": p for p in old}
    districts_of: dict[str, list[str]] = {}
    for pc, p in sorted(by_code.items()):
        code = f"P{pc}"
        units.append(
            _unit(code, start, PRE_END, _agency_name(p["name"], "Cục Thi hành án dân sự"), "province", "VN", pc)
        )
        units.append(
            _unit(
                f"{code}-VP",
                start,
                PRE_END,
                _agency_name(p["name"], "Văn phòng Cục Thi hành án dân sự"),
                "office",
                code,
                pc,
            )
        )
        districts_of[pc] = []
        for d in sorted(p["districts"], key=lambda d: d["code"]):
            if d["code"] in NO_COURT_DISTRICTS:
                continue
            dcode = f"{code}-D{d['code']:03d}"
            districts_of[pc].append(dcode)
            renamed = RENAMES.get((pc, d["code"]))
            if renamed:
                before, on = renamed
                units.append(
                    _unit(dcode, start, date.fromordinal(on.toordinal() - 1).isoformat(),
                          _district_office_name(before), "district", code, pc)
                )  # fmt: skip
                units.append(
                    _unit(dcode, on.isoformat(), PRE_END, _district_office_name(d["name"]), "district", code, pc)
                )
            else:
                units.append(_unit(dcode, start, PRE_END, _district_office_name(d["name"]), "district", code, pc))

    merged: dict[str, list[dict]] = defaultdict(list)
    for r in succession_rows:
        merged[r["new_province_code"]].append(r)
    # the predecessor that gives the merged province its name first, then the others by code
    olds = {
        n: [
            r["old_province_code"]
            for r in sorted(
                rows, key=lambda r: (_short(r["old_name_vi"]) != _short(r["new_name_vi"]), r["old_province_code"])
            )
        ]
        for n, rows in merged.items()
    }
    counts = office_counts(
        {n: sum(len(districts_of[o]) for o in os_) for n, os_ in olds.items()},
        NATIONAL_OFFICES,
        SAMPLE_REGION_PROVINCES,
    )
    succession: list[dict] = []
    for n in sorted(olds):
        name = merged[n][0]["new_name_vi"]
        code = f"P{n}"
        units.append(_unit(code, reorg, "", _agency_name(name, "Thi hành án dân sự"), "province", "VN", n))
        units.append(
            _unit(f"{code}-VP", reorg, "", _agency_name(name, "Văn phòng Thi hành án dân sự"), "office", code, n)
        )
        districts = [d for o in olds[n] for d in districts_of[o]]
        for i, group in enumerate(contiguous_groups(districts, counts[n]), start=1):
            region = f"{code}-KV{i:02d}"
            units.append(
                _unit(region, reorg, "", f"Phòng Thi hành án dân sự khu vực {i} - {_short(name)}", "region", code, n)
            )
            succession += [dict(zip(SUCCESSION_FIELDS, (d, region, reorg, "1.0"))) for d in group]
        for o in olds[n]:
            succession.append(dict(zip(SUCCESSION_FIELDS, (f"P{o}", code, reorg, "1.0"))))
            succession.append(dict(zip(SUCCESSION_FIELDS, (f"P{o}-VP", f"{code}-VP", reorg, "1.0"))))
    return units, succession


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict], fields: tuple[str, ...]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(fields), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def write_national_register(old_json: Path, seeds_dir: Path = SEEDS_DIR) -> tuple[int, int]:
    old = json.loads(old_json.read_text(encoding="utf-8"))
    if len(old) != 63:
        raise SystemExit(f"{old_json}: expected the 63 pre-2025 provinces, found {len(old)}")
    units, succession = build_national_register(old, _read(seeds_dir / "ref_province_succession.csv"))
    _write(seeds_dir / "ref_units.csv", units, UNIT_FIELDS)
    _write(seeds_dir / "ref_unit_succession.csv", succession, SUCCESSION_FIELDS)
    return len(units), len(succession)


# ------------------------------------------------------------------------------ checks


@dataclass(frozen=True)
class RegisterProblem:
    file: str
    line: int | None  # 1-based line in the CSV (the header is line 1); None: the file as a whole
    code: str
    message_vi: str
    message_en: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: [{self.code}] {self.message_vi} / {self.message_en}"


def _date(text: str, default: date) -> date | None:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def check_register(units_path: Path, succession_path: Path) -> list[RegisterProblem]:
    """Everything wrong with a register (empty when it can be used)."""
    problems: list[RegisterProblem] = []
    uf, sf = units_path.name, succession_path.name

    def add(file: str, line: int | None, code: str, vi: str, en: str) -> None:
        problems.append(RegisterProblem(file, line, code, vi, en))

    units = _read(units_path)
    missing = [f for f in UNIT_FIELDS if units and f not in units[0]]
    if missing:
        add(uf, 1, "COLUMNS", f"thiếu cột {', '.join(missing)}", f"missing columns {', '.join(missing)}")
        return problems
    versions: dict[str, list[tuple[date, date, int, dict]]] = defaultdict(list)
    for line, u in enumerate(units, start=2):
        start, end = _date(u["valid_from"], OPEN_END), _date(u["valid_to"], OPEN_END)
        if start is None or end is None or start > end:
            add(uf, line, "DATES", f"ngày hiệu lực sai: {u['valid_from']} – {u['valid_to']}",
                f"bad validity dates: {u['valid_from']} – {u['valid_to']}")  # fmt: skip
            continue
        if u["level"] not in ("nation", "province", "office", "district", "region"):
            add(uf, line, "LEVEL", f"cấp không hợp lệ: {u['level']!r}", f"unknown level {u['level']!r}")
        versions[u["unit_code"]].append((start, end, line, u))
    for code, vs in versions.items():
        vs.sort(key=lambda v: v[0])
        for (_, e1, _, _), (s2, _, line2, _) in zip(vs, vs[1:]):
            if s2 <= e1:
                add(uf, line2, "DUPLICATE", f"mã {code} trùng thời gian hiệu lực với dòng khác",
                    f"code {code} overlaps another row's validity")  # fmt: skip
    for code, vs in versions.items():
        for start, end, line, u in vs:
            if u["level"] == "nation":
                continue
            parents = versions.get(u["parent_code"], [])
            # the parent must cover the unit's whole validity (one version or consecutive ones)
            covered = [(ps, pe) for ps, pe, _, _ in parents if ps <= end and pe >= start]
            ok = bool(covered) and min(ps for ps, _ in covered) <= start and max(pe for _, pe in covered) >= end
            if not ok:
                add(uf, line, "ORPHAN", f"{code}: đơn vị cấp trên {u['parent_code'] or '(trống)'} không có hiệu lực "
                    f"suốt {start} – {end}", f"{code}: parent {u['parent_code'] or '(empty)'} is not valid over "
                    f"{start} – {end}")  # fmt: skip

    succession = _read(succession_path)
    targets: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for line, s in enumerate(succession, start=2):
        eff = _date(s["effective_date"], OPEN_END)
        pred, succ = versions.get(s["predecessor_code"]), versions.get(s["successor_code"])
        if eff is None:
            add(sf, line, "DATES", f"ngày hiệu lực sai: {s['effective_date']!r}", f"bad date {s['effective_date']!r}")
            continue
        if not pred or not any(e == date.fromordinal(eff.toordinal() - 1) for _, e, _, _ in pred):
            add(sf, line, "PREDECESSOR", f"{s['predecessor_code']} không hết hiệu lực ngày trước {eff}",
                f"{s['predecessor_code']} does not end the day before {eff}")  # fmt: skip
        if not succ or not any(st == eff for st, _, _, _ in succ):
            add(sf, line, "SUCCESSOR", f"{s['successor_code']} không bắt đầu hiệu lực ngày {eff}",
                f"{s['successor_code']} does not start on {eff}")  # fmt: skip
        targets[s["predecessor_code"]].append((line, s))
    reorg_end = date.fromordinal(REORG_DATE.toordinal() - 1)
    for code, vs in versions.items():
        last = max(vs, key=lambda v: v[1])
        _, end, line, u = last
        if u["level"] not in ("district", "office", "province") or end != reorg_end:
            continue
        maps = targets.get(code, [])
        if not maps:
            add(uf, line, "NO_SUCCESSOR", f"{code} hết hiệu lực {end} nhưng không có đơn vị kế thừa",
                f"{code} ends on {end} but maps to no successor")  # fmt: skip
            continue
        if u["level"] == "district":
            share = sum(float(s["share"] or 0) for _, s in maps)
            if len(maps) > 1 and abs(share - 1) > 1e-9:
                add(sf, maps[1][0], "SHARE", f"{code} chuyển sang nhiều phòng khu vực, tổng tỷ lệ {share:g} ≠ 1",
                    f"{code} maps to several offices whose shares sum to {share:g}, not 1")  # fmt: skip
            for mline, s in maps:
                succ_rows = versions.get(s["successor_code"], [])
                if succ_rows and succ_rows[-1][3]["level"] != "region":
                    add(sf, mline, "SUCCESSOR_LEVEL", f"{code} phải chuyển sang một phòng khu vực, không phải "
                        f"{s['successor_code']}", f"{code} must map to a regional office, not {s['successor_code']}")  # fmt: skip
                province_map = {t[1]["successor_code"] for t in targets.get(u["parent_code"], [])}
                parent_now = succ_rows[-1][3]["parent_code"] if succ_rows else None
                if parent_now and province_map and parent_now not in province_map:
                    add(sf, mline, "WRONG_PROVINCE", f"{code} thuộc {u['parent_code']} (kế thừa bởi "
                        f"{', '.join(sorted(province_map))}) nhưng chuyển sang {s['successor_code']} của {parent_now}",
                        f"{code} belongs to {u['parent_code']} (succeeded by {', '.join(sorted(province_map))}) "
                        f"but maps to {s['successor_code']} of {parent_now}")  # fmt: skip
    regions = {c for c, vs in versions.items() if vs[-1][3]["level"] == "region"}
    fed = {s["successor_code"] for s in succession}
    for code in sorted(regions - fed):
        line = versions[code][-1][2]
        add(uf, line, "EMPTY_OFFICE", f"phòng khu vực {code} không kế thừa huyện nào",
            f"regional office {code} succeeds no district")  # fmt: skip
    return problems


def register_counts(units_path: Path) -> Counter:
    """Units valid on the day before and the day of the reorganisation, by level."""
    counts: Counter = Counter()
    before = date.fromordinal(REORG_DATE.toordinal() - 1)
    for u in _read(units_path):
        start, end = _date(u["valid_from"], OPEN_END), _date(u["valid_to"], OPEN_END)
        assert start and end
        for label, day in (("before", before), ("after", REORG_DATE)):
            if start <= day <= end:
                counts[(label, u["level"])] += 1
    return counts
