"""Reference data: the dated unit register and the 2025 succession map.

The seeds under dbt_project/seeds/ are the operator's files (a new unit is a row). This
module reads them for ingestion (is this unit code known and valid on the period end?);
`register.py` writes the national default and checks an operator's replacement.
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


def load_units(seeds_dir: Path = SEEDS_DIR) -> tuple[Unit, ...]:
    """The register as the file is now: read again when the operator replaced it (a Dagster code server
    lives across many refreshes), from memory otherwise."""
    stat = (seeds_dir / "ref_units.csv").stat()
    return _read_units(seeds_dir, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _read_units(seeds_dir: Path, mtime_ns: int, size: int) -> tuple[Unit, ...]:
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


@functools.cache
def load_titles(seeds_dir: Path = SEEDS_DIR) -> dict[str, dict]:
    """The emulation titles (danh hiệu thi đua) an operator maintains: code -> row."""
    with (seeds_dir / "ref_emulation_titles.csv").open(encoding="utf-8", newline="") as fh:
        return {row["title_code"]: row for row in csv.DictReader(fh)}
