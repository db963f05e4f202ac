"""Reference data: the dated unit register and the 2025 succession map.

The seeds under dbt_project/seeds/ are the operator's files (a new unit is a row). This
module reads them for ingestion (is this unit code known and valid on the period end?),
and `python -m pipelines.lib.reference` regenerates the sample provinces' rows from the
maintained `vietnam-provinces` package (0.6.0: the 63 pre-2025 provinces and their
districts) instead of typing names and codes by hand.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..settings import SEEDS_DIR

# Official spellings where the package's district names differ (Nghị quyết / Quyết định on the district)
NAME_CORRECTIONS = {"Huyện Mù Căng Chải": "Huyện Mù Cang Chải"}
REORG_DATE = date(2025, 7, 1)
OPEN_END = date(9999, 12, 31)
LAW_2008_START = date(2009, 7, 1)

# The sample's four pre-2025 provinces and what they merged into on 1/7/2025
# (Nghị quyết 202/2025/QH15: Hà Giang + Tuyên Quang -> Tuyên Quang (08);
#  Yên Bái + Lào Cai -> Lào Cai, which took Yên Bái's code 15).
SAMPLE_PROVINCES = {"02": "Hà Giang", "08": "Tuyên Quang", "10": "Lào Cai", "15": "Yên Bái"}
SAMPLE_MERGERS = {"08": ("Tuyên Quang", ["08", "02"]), "15": ("Lào Cai", ["10", "15"])}
DISTRICTS_PER_REGION = 2


@dataclass(frozen=True)
class Unit:
    unit_code: str
    valid_from: date
    valid_to: date
    name_vi: str
    level: str  # nation | province | office | district | region
    parent_code: str
    province_code: str

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


def _d(text: str) -> date:
    return date.fromisoformat(text) if text else OPEN_END


@functools.cache
def load_units(seeds_dir: Path = SEEDS_DIR) -> tuple[Unit, ...]:
    with open(seeds_dir / "ref_units.csv", encoding="utf-8", newline="") as fh:
        return tuple(
            Unit(
                unit_code=r["unit_code"],
                valid_from=_d(r["valid_from"]),
                valid_to=_d(r["valid_to"]),
                name_vi=r["name_vi"],
                level=r["level"],
                parent_code=r["parent_code"],
                province_code=r["province_code"],
            )
            for r in csv.DictReader(fh)
        )


class UnitRegister:
    """Look-ups on the dated unit tree."""

    def __init__(self, units: tuple[Unit, ...] | None = None):
        self.units = units if units is not None else load_units()

    def versions(self, code: str) -> list[Unit]:
        return [u for u in self.units if u.unit_code == code]

    def valid(self, code: str, day: date) -> Unit | None:
        return next((u for u in self.versions(code) if u.valid_on(day)), None)

    def children(self, code: str, day: date) -> list[Unit]:
        return [u for u in self.units if u.parent_code == code and u.valid_on(day)]

    def office_of(self, province_code: str) -> str:
        return f"{province_code}-VP"


# ----------------------------------------------------------------- regeneration script


@functools.cache
def load_titles(seeds_dir: Path = SEEDS_DIR) -> dict[str, dict]:
    """The emulation titles (danh hiệu thi đua) an operator maintains: code -> row."""
    with (seeds_dir / "ref_emulation_titles.csv").open(encoding="utf-8", newline="") as fh:
        return {row["title_code"]: row for row in csv.DictReader(fh)}


def _sample_rows() -> tuple[list[dict], list[dict]]:
    import json

    import vietnam_provinces  # only needed to regenerate the seed

    nested = json.loads(Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    by_code = {f"{p['code']:02d}": p for p in nested}
    units: list[dict] = []
    succession: list[dict] = []
    pre_to = "2025-06-30"
    units.append(
        dict(
            unit_code="VN",
            valid_from=LAW_2008_START.isoformat(),
            valid_to="",
            name_vi="Toàn quốc",
            level="nation",
            parent_code="",
            province_code="",
        )
    )
    for pc, short in SAMPLE_PROVINCES.items():
        p = by_code[pc]
        code = f"P{pc}"
        units.append(
            dict(
                unit_code=code,
                valid_from=LAW_2008_START.isoformat(),
                valid_to=pre_to,
                name_vi=f"Cục Thi hành án dân sự tỉnh {short}",
                level="province",
                parent_code="VN",
                province_code=pc,
            )
        )
        units.append(
            dict(
                unit_code=f"{code}-VP",
                valid_from=LAW_2008_START.isoformat(),
                valid_to=pre_to,
                name_vi=f"Văn phòng Cục Thi hành án dân sự tỉnh {short}",
                level="office",
                parent_code=code,
                province_code=pc,
            )
        )
        for d in p["districts"]:
            name = NAME_CORRECTIONS.get(d["name"], d["name"])
            units.append(
                dict(
                    unit_code=f"{code}-D{d['code']:03d}",
                    valid_from=LAW_2008_START.isoformat(),
                    valid_to=pre_to,
                    name_vi=f"Chi cục Thi hành án dân sự {name.replace('Huyện', 'huyện').replace('Thành phố', 'thành phố').replace('Thị xã', 'thị xã')}",
                    level="district",
                    parent_code=code,
                    province_code=pc,
                )
            )
    for new_pc, (short, olds) in SAMPLE_MERGERS.items():
        code = f"P{new_pc}"
        units.append(
            dict(
                unit_code=code,
                valid_from=REORG_DATE.isoformat(),
                valid_to="",
                name_vi=f"Thi hành án dân sự tỉnh {short}",
                level="province",
                parent_code="VN",
                province_code=new_pc,
            )
        )
        units.append(
            dict(
                unit_code=f"{code}-VP",
                valid_from=REORG_DATE.isoformat(),
                valid_to="",
                name_vi=f"Văn phòng Thi hành án dân sự tỉnh {short}",
                level="office",
                parent_code=code,
                province_code=new_pc,
            )
        )
        districts = [f"P{o}-D{d['code']:03d}" for o in olds for d in by_code[o]["districts"]]
        for i in range(0, len(districts), DISTRICTS_PER_REGION):
            n = i // DISTRICTS_PER_REGION + 1
            region = f"{code}-KV{n:02d}"
            units.append(
                dict(
                    unit_code=region,
                    valid_from=REORG_DATE.isoformat(),
                    valid_to="",
                    name_vi=f"Phòng Thi hành án dân sự khu vực {n} - {short}",
                    level="region",
                    parent_code=code,
                    province_code=new_pc,
                )
            )
            for pred in districts[i : i + DISTRICTS_PER_REGION]:
                succession.append(
                    dict(
                        predecessor_code=pred, successor_code=region, effective_date=REORG_DATE.isoformat(), share="1.0"
                    )
                )
        for o in olds:
            succession.append(
                dict(predecessor_code=f"P{o}", successor_code=code, effective_date=REORG_DATE.isoformat(), share="1.0")
            )
            succession.append(
                dict(
                    predecessor_code=f"P{o}-VP",
                    successor_code=f"{code}-VP",
                    effective_date=REORG_DATE.isoformat(),
                    share="1.0",
                )
            )
    return units, succession


def write_sample_reference(seeds_dir: Path = SEEDS_DIR) -> None:
    units, succession = _sample_rows()
    for name, rows in (("ref_units.csv", units), ("ref_unit_succession.csv", succession)):
        with open(seeds_dir / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    write_sample_reference()
    print(f"wrote {SEEDS_DIR / 'ref_units.csv'} and {SEEDS_DIR / 'ref_unit_succession.csv'}")
