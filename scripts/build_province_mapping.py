"""Derives the 63 -> 34 province mapping of the 1/7/2025 merger (Nghị quyết 202/2025/QH15)
from the maintained `vietnam-provinces` data instead of typing it.

The pre-2025 release (0.6.0: 63 provinces -> districts -> wards) and a 2025 release
(2025.x: 34 provinces -> wards) share ward codes: a ward kept its code or was merged into a
ward that kept one of the old codes. Each old province is mapped to the new province that
holds the most of its ward codes, and the share of its wards that went there is recorded.

    pip download --no-deps -d /tmp/vp25 "vietnam-provinces>=2025" && unzip /tmp/vp25/*.whl -d /tmp/vp25
    python scripts/build_province_mapping.py --new-json /tmp/vp25/vietnam_provinces/data/nested-divisions.json
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "dbt_project" / "seeds" / "ref_province_succession.csv"


def build(old: list[dict], new: list[dict]) -> list[dict]:
    new_by_ward = {w["code"]: p for p in new for w in p["wards"]}
    rows = []
    for p in sorted(old, key=lambda x: x["code"]):
        wards = [w["code"] for d in p["districts"] for w in d["wards"]]
        hits = Counter(new_by_ward[w]["code"] for w in wards if w in new_by_ward)
        if not hits:
            raise SystemExit(f"no ward of {p['name']} found in the 2025 data")
        target, n = hits.most_common(1)[0]
        successor = next(q for q in new if q["code"] == target)
        rows.append(
            {
                "old_province_code": f"{p['code']:02d}",
                "old_name_vi": p["name"],
                "new_province_code": f"{successor['code']:02d}",
                "new_name_vi": successor["name"],
                "effective_date": "2025-07-01",
                "ward_codes_matched": sum(hits.values()),
                "ward_share_in_successor": f"{n / sum(hits.values()):.4f}",
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old-json", help="nested-divisions.json of vietnam-provinces 0.6.0 (default: installed)")
    parser.add_argument("--new-json", required=True, help="nested-divisions.json of vietnam-provinces 2025.x")
    args = parser.parse_args()
    if args.old_json:
        old_path = Path(args.old_json)
    else:
        import vietnam_provinces

        old_path = Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH)
    old = json.loads(old_path.read_text(encoding="utf-8"))
    new = json.loads(Path(args.new_json).read_text(encoding="utf-8"))
    if len(old) != 63 or len(new) != 34:
        raise SystemExit(f"expected 63 old and 34 new provinces, got {len(old)} and {len(new)}")
    rows = build(old, new)
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {OUT}: {len(rows)} provinces -> {len({r['new_province_code'] for r in rows})}")


if __name__ == "__main__":
    main()
