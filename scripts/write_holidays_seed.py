"""Writes dbt_project/seeds/ref_public_holidays.csv: Vietnam's public holidays (Tết and the
compensatory days included) from the maintained `holidays` package, for the working-day deadlines of
marts.dim_period. Run `make docs` after upgrading `holidays`; tests/unit/test_docs.py fails when the
seed and the package disagree."""

from __future__ import annotations

import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "dbt_project" / "seeds" / "ref_public_holidays.csv"


def render() -> str:
    import sys

    sys.path.insert(0, str(ROOT))
    from pipelines.lib.working_days import public_holidays

    english = public_holidays("en_US")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["holiday_date", "name_vi", "name_en"])
    for day, name in public_holidays("vi").items():
        w.writerow([day.isoformat(), name, english.get(day, "")])
    return buf.getvalue()


def main() -> None:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
