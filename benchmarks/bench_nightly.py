"""What a night costs against the history already loaded (the incremental-refresh issue), national scale.

For each history (2, 6, 12 statistical years ending with 2026), on the files of one `thads sample
--provinces all` run (generated once, `--raw`): a backfill of every file up to July 2026, then the nights
of a real autumn, each a `thads refresh` (wall time and peak RSS of the process tree, bench_scale.refresh):

    August's files · three resubmitted files, one a night · September's files · one resubmitted file ·
    nothing new

With the default ring of three restore points (THADS_KEEP_PUBLISHED), the third resubmission is the first
night that builds on the oldest restore point instead of copying the published file; September builds on
the file August published, brought up to date with three nights. Prints one table; writes the numbers and
each night's step times to benchmarks/out/nightly.json.

    .venv/bin/thads sample --out /tmp/n12/raw --provinces all --years 2015-2026 --until 2026-09
    .venv/bin/python benchmarks/bench_nightly.py --raw /tmp/n12/raw --work /tmp/nightly --history 2 6 12

Once a history is built, more one-file nights on it (the N-th unit with a September CSV report sends it
again, one a night, then a night with nothing new) — what a code change is measured with:

    .venv/bin/python benchmarks/bench_nightly.py --work /tmp/nightly --history 12 --resubmit 12 22 32
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_scale as b  # noqa: E402

LAST_YEAR = 2026


def night(raw: Path, marts: Path, name: str, added: int | str) -> dict:
    result = {"night": name, "added": added, **b.refresh(raw, marts)}
    record = json.loads((marts / "last_refresh.json").read_text(encoding="utf-8"))
    result["started_from"] = record.get("ingest", {}).get("build_started_from")
    result["steps"] = record.get("step_seconds")
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def history(source: Path, work: Path, years: int) -> dict:
    first_year = LAST_YEAR - years + 1
    raw, marts = work / f"raw_{years}y", work / f"marts_{years}y"
    for folder in (raw, marts):
        shutil.rmtree(folder, ignore_errors=True)
    files = b.link_window(source, raw, first_year, date(2026, 7, 31))
    nights = [night(raw, marts, "backfill", files)]
    nights.append(night(raw, marts, "August", b.link_window(source, raw, first_year, date(2026, 8, 31))))
    for i in (3, 13, 23):
        nights.append(night(raw, marts, "one resubmitted file", b.resubmit_one(raw / "2026-08", i)))
    nights.append(night(raw, marts, "September", b.link_window(source, raw, first_year, date(2026, 9, 30))))
    nights.append(night(raw, marts, "one resubmitted file", b.resubmit_one(raw / "2026-09", 7)))
    nights.append(night(raw, marts, "nothing new", 0))
    published = marts / "warehouse.duckdb"
    return {"years": years, "published_mb": round(published.stat().st_size / 1e6, 1), "nights": nights}


def print_table(results: list[dict]) -> None:
    print(
        "| history | backfill s | August s | resubmissions s | September s | one file s | nothing new s "
        "| September % of backfill | published MB | peak RSS MiB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        n = r["nights"]
        print(
            f"| {r['years']} years | {n[0]['seconds']} | {n[1]['seconds']} | "
            f"{' / '.join(str(x['seconds']) for x in n[2:5])} | {n[5]['seconds']} | {n[6]['seconds']} | "
            f"{n[7]['seconds']} | {100 * n[5]['seconds'] / n[0]['seconds']:.1f} % | {r['published_mb']} | "
            f"{max(x['peak_rss_mib'] for x in n)} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", type=Path, help="national sample files (thads sample --provinces all)")
    parser.add_argument("--work", type=Path, help="where the warehouses are built")
    parser.add_argument("--history", type=int, nargs="+", default=[2, 6, 12])
    parser.add_argument("--table", type=Path, help="print the table of an earlier run")
    parser.add_argument(
        "--resubmit", type=int, nargs="+", help="one-file nights on the built history: which units resubmit"
    )
    args = parser.parse_args()
    if args.table:
        print_table(json.loads(args.table.read_text(encoding="utf-8")))
        return
    if args.resubmit:
        (years,) = args.history
        raw, marts = args.work / f"raw_{years}y", args.work / f"marts_{years}y"
        for index in args.resubmit:
            night(raw, marts, "one resubmitted file", b.resubmit_one(raw / "2026-09", index))
        night(raw, marts, "nothing new", 0)
        return
    results = []
    for years in args.history:
        results.append(history(args.raw, args.work, years))
        b.OUT.mkdir(exist_ok=True)
        (b.OUT / "nightly.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print_table(results)


if __name__ == "__main__":
    main()
