"""Benchmark at scale: `make bench SCALE=small|national` (not part of `make test`).

One run measures, on the same files and the same machine:

* generate — `thads sample` for the scale's provinces and years (both cores);
* floor    — reading every sheet of every file with the fastest reader alone (fastexcel/calamine for
             workbooks, polars for CSV), on both cores: what no pipeline can beat;
* peer     — a plain pandas + openpyxl script computing unit × period totals of the same files, one
             process (measured on every k-th file and scaled up when the scale says so);
* backfill — `thads refresh` from empty on every file; peak RSS of the process tree (sampled from /proc);
* nightly  — one new month of files added to warehouses holding 2, 6 and 12 years (small: 2, 4, 8);
* nothing new — `thads refresh` again;
* queries  — p50 / p95 of ten typical analyst queries on the published file (11 runs each, first dropped).

Prints one table and writes it as JSON to benchmarks/out/<scale>.json. Copy the table into
benchmarks/README.md with the date and machine.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THADS = str(Path(sys.executable).with_name("thads"))
# the refresh of this checkout's code (a clone of the repository can be measured with the main venv, and
# editing the working tree during a long run does not change the code the run measures)
REFRESH = [sys.executable, "-m", "pipelines.cli", "refresh"]
OUT = ROOT / "benchmarks" / "out"

SCALES = {
    # history: the shorter warehouses the nightly refresh is also measured on (the full one always is)
    "small": {"provinces": "02,08,10,15", "years": (2019, 2026), "history": (2, 4), "peer_every": 4},
    "national": {"provinces": "all", "years": (2015, 2026), "history": (2, 6), "peer_every": 50},
}
LAST_PERIOD = date(2026, 9, 30)

QUERIES = {
    "provinces vs targets, one month": """
        select unit_code, case_rate_pct, case_target_pct, case_target_gap_points, money_rate_pct,
               money_target_pct, money_target_gap_points
        from marts.rpt_indicators
        where unit_level = 'province' and period_end = date '2026-08-31' order by case_target_gap_points""",
    "one unit's backlog across the reorganisation": """
        select period_end, n_reports_summed, carried_out_cases, carried_out_kvnd, case_rate_pct
        from marts.rpt_backlog_current_units where unit_code = 'P08-KV01' order by period_end""",
    "top findings by money impact": """
        select rule_id, unit_code, period_end, money_imbalance_kvnd, impact_score
        from marts.fct_finding where status = 'open' order by impact_score desc nulls last limit 20""",
    "a year's rates by regional office": """
        select province_code, unit_code, case_rate_pct, money_rate_pct
        from marts.rpt_indicators
        where unit_level = 'region' and period_end = date '2026-09-30' order by province_code, unit_code""",
    "national series": """
        select period_end, case_rate_pct, money_rate_pct, carried_out_cases
        from marts.rpt_indicators where unit_code = 'VN' order by period_end""",
    "open findings by province and family": """
        select left(unit_code, 3) as province, family, severity, count(*)
        from marts.fct_finding where status = 'open' group by all order by 4 desc""",
    "late reports by province and year": """
        select left(unit_code, 3) as province, year(period_end) as y, count(*) filter (where is_late) as late,
               count(*) as reports
        from marts.fct_report_arrival group by all order by 1, 2""",
    "ex officio share by year (TT 01/2013)": """
        select stat_year, enforcement_part, sum(completed_cases), sum(completed_kvnd)
        from marts.fct_results_by_part where report_kind = 'province' group by all order by 1, 2""",
    "a province's monthly flows": """
        select period_end, flow_name, sum(monthly_flow)
        from marts.fct_monthly_flows where province_code = '08' and stat_year = 2024 group by all order by 1, 2""",
    "emulation ranking of a zone": """
        select zone_code, unit_code, reviewed_points, rank_reviewed, claimed_points, rank_claimed
        from marts.rpt_emulation_ranking
        where period_end = (select max(period_end) from marts.rpt_emulation_ranking) order by zone_code, rank_reviewed""",
}


# ------------------------------------------------------------------------------ measuring


class TreeRss:
    """Peak resident memory of a process and its descendants, sampled from /proc every 0.1 s."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self, pid: int) -> list[int]:
        out, todo = [], [pid]
        while todo:
            p = todo.pop()
            out.append(p)
            for task in Path(f"/proc/{p}/task").glob("*/children"):
                try:
                    todo.extend(int(c) for c in task.read_text().split())
                except OSError:
                    pass
        return out

    def _rss(self, pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._rss(p) for p in self._tree(self.pid)))
            time.sleep(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def refresh(raw: Path, marts: Path) -> dict:
    env = dict(os.environ, THADS_PROGRESS="0", THADS_SETTLE_SECONDS="0", PYTHONPATH=str(ROOT))
    started = time.monotonic()
    proc = subprocess.Popen(
        [*REFRESH, "--raw", str(raw), "--marts", str(marts)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    rss = TreeRss(proc.pid)
    output, _ = proc.communicate()
    peak = rss.stop()
    if proc.returncode != 0:
        raise SystemExit(f"thads refresh failed ({proc.returncode}):\n{output[-3000:]}")
    return {"seconds": round(time.monotonic() - started, 1), "peak_rss_mib": round(peak / 2**20)}


def _read_floor(path: str) -> int:
    if path.endswith(".csv"):
        import polars as pl

        return pl.read_csv(path, infer_schema=False).height
    import fastexcel

    reader = fastexcel.read_excel(path)
    return sum(reader.load_sheet(name, header_row=None).height for name in reader.sheet_names)


def floor(files: list[Path]) -> float:
    started = time.monotonic()
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_read_floor, map(str, files), chunksize=64))
    return time.monotonic() - started


def _peer_file(path: Path, totals: dict) -> None:
    """What a pandas + openpyxl script would do: open, find the Tổng cộng rows, add them up."""
    import pandas as pd

    if path.suffix == ".csv":
        df = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
        total = df[df["dong_ten"] == "Tổng cộng"]
        for (unit, end, form), part in total.groupby(["ma_don_vi", "den_ngay", "mau_so"]):
            key = (unit, end, form)
            totals[key] = totals.get(key, 0) + pd.to_numeric(part["gia_tri"], errors="coerce").fillna(0).sum()
        return
    sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
    for name, df in sheets.items():
        unit, end = df.iat[3, 1], df.iat[5, 3]
        rows = df[df[1] == "Tổng cộng"]
        values = pd.to_numeric(rows.iloc[0, 3:], errors="coerce") if len(rows) else pd.Series(dtype=float)
        key = (unit, end, name)
        totals[key] = totals.get(key, 0) + values.fillna(0).sum()


def peer(files: list[Path], every: int) -> tuple[float, int]:
    measured = files[::every]
    totals: dict = {}
    started = time.monotonic()
    for path in measured:
        _peer_file(path, totals)
    seconds = time.monotonic() - started
    return seconds * len(files) / len(measured), len(measured)


def queries(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    out = {}
    for name, sql in QUERIES.items():
        times = []
        for _ in range(11):
            t = time.perf_counter()
            con.execute(sql).fetchall()
            times.append((time.perf_counter() - t) * 1000)
        times = sorted(times[1:])
        out[name] = {
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
        }
    con.close()
    return out


# ------------------------------------------------------------------------------ files


def report_files(raw: Path) -> list[Path]:
    return sorted(p for p in raw.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]/*") if p.is_file())


def _in_window(rel: Path, first_year: int, last_month: date) -> bool:
    """Whether a sample file belongs to a warehouse of statistical years first_year… up to last_month."""
    top = rel.parts[0]
    if top[:4].isdigit():  # YYYY-MM folder of period ends
        y, m = int(top[:4]), int(top[5:7])
        stat_year = y + (1 if m >= 10 else 0)
        return stat_year >= first_year and (y, m) <= (last_month.year, last_month.month)
    stem = rel.stem  # tu_cham_diem/<unit>_<YYYY-MM>, thi_dua/<unit>_<year>_<kind>
    digits = [part for part in stem.split("_") if part[:4].isdigit()]
    if not digits:
        return True
    y = int(digits[0][:4])
    month = int(digits[0][5:7]) if len(digits[0]) >= 7 else 9
    stat_year = y + (1 if month >= 10 else 0) if top == "tu_cham_diem" else y
    return stat_year >= first_year and (y, month) <= (last_month.year, last_month.month)


def link_window(src: Path, dst: Path, first_year: int, last_month: date) -> int:
    """Hard links (no copying) of the files of a window of years into dst; returns how many."""
    n = 0
    for path in src.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(src)
        target = dst / rel
        if target.exists() or not _in_window(rel, first_year, last_month):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, target)
        n += 1
    return n


# ------------------------------------------------------------------------------ run


def resubmit_one(month_dir: Path, index: int = 0) -> str:
    """A unit (the index-th with a CSV report) sends its report of the month again (lần gửi 2, same
    figures): the one-file refresh."""
    first = sorted(month_dir.glob("*_lan1.csv"))[index]
    rows = list(csv.reader(io.StringIO(first.read_text(encoding="utf-8-sig"))))
    column = rows[0].index("lan_gui")
    for row in rows[1:]:
        row[column] = "2"
    second = first.with_name(first.name.replace("_lan1", "_lan2"))
    with second.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return second.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--workdir", help="keep the files here (default: a temporary folder)")
    parser.add_argument("--no-history", action="store_true", help="measure the nightly on the full warehouse only")
    parser.add_argument("--table", metavar="JSON", help="print the table of an earlier run (benchmarks/out/*.json)")
    args = parser.parse_args()
    if args.table:
        print_table(json.loads(Path(args.table).read_text(encoding="utf-8")))
        return
    scale = SCALES[args.scale]
    first, last = scale["years"]
    result: dict = {"scale": args.scale, "machine": f"{os.cpu_count()} cores, python {sys.version.split()[0]}"}
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        raw = work / "raw"
        t = time.monotonic()
        subprocess.run(
            [THADS, "sample", "--out", str(raw), "--provinces", scale["provinces"], "--years", f"{first}-{last}",
             "--until", f"{LAST_PERIOD:%Y-%m}"],
            env=dict(os.environ, THADS_PROGRESS="0"), check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        result["generate_s"] = round(time.monotonic() - t, 1)
        files = report_files(raw)
        result["files"] = len(files)
        result["files_last_month"] = len(list((raw / f"{LAST_PERIOD:%Y-%m}").iterdir()))
        result["floor_s"] = round(floor(files), 1)
        peer_s, peer_n = peer(files, scale["peer_every"])
        result["peer_s"], result["peer_files_measured"] = round(peer_s, 1), peer_n
        print(f"generated {len(files)} files; floor {result['floor_s']} s; peer {result['peer_s']} s", flush=True)

        # the full warehouse: every year but the last month, then the last month (the nightly on all years)
        before_last = date(LAST_PERIOD.year, LAST_PERIOD.month - 1, 28)
        full_raw, marts = work / "raw_full", work / "marts_full"
        link_window(raw, full_raw, first, before_last)
        result["backfill"] = refresh(full_raw, marts)
        print(f"backfill {result['backfill']}", flush=True)
        added = link_window(raw, full_raw, first, LAST_PERIOD)
        result["nightly"] = {f"{last - first + 1}y": {"files_added": added, **refresh(full_raw, marts)}}
        print(f"nightly on all years {result['nightly']}", flush=True)
        result["nothing_new"] = refresh(full_raw, marts)
        resubmitted = resubmit_one(full_raw / f"{LAST_PERIOD:%Y-%m}")
        result["one_file"] = {"file": resubmitted, **refresh(full_raw, marts)}
        print(f"nothing new {result['nothing_new']}; one resubmitted file {result['one_file']}", flush=True)
        db = marts / "warehouse.duckdb"
        result["published_mb"] = round(db.stat().st_size / 1e6, 1)
        result["queries"] = queries(db)
        if args.no_history:
            scale = dict(scale, history=())
        for years in scale["history"]:
            window = work / f"raw_{years}y"
            hist_marts = work / f"marts_{years}y"
            link_window(raw, window, last - years + 1, before_last)
            history = refresh(window, hist_marts)
            added = link_window(raw, window, last - years + 1, LAST_PERIOD)
            nightly = refresh(window, hist_marts)
            result["nightly"][f"{years}y"] = {"history_backfill": history, "files_added": added, **nightly}
            print(f"nightly on {years} years: {result['nightly'][f'{years}y']}", flush=True)
            subprocess.run(["rm", "-rf", str(window), str(hist_marts)], check=True)

    b = result["backfill"]["seconds"]
    result["ratios"] = {
        "backfill_over_floor": round(b / result["floor_s"], 2),
        "peer_over_backfill": round(result["peer_s"] / b, 2),
        "nightly_over_backfill_pct": {k: round(100 * v["seconds"] / b, 1) for k, v in result["nightly"].items()},
    }
    OUT.mkdir(exist_ok=True)
    (OUT / f"{args.scale}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print_table(result)


def print_table(r: dict) -> None:
    print(f"\nscale {r['scale']}: {r['files']} files ({r['files_last_month']} in the last month); {r['machine']}")
    print("| step | wall s | peak RSS MiB | note |")
    print("|---|---|---|---|")
    print(f"| generate (`thads sample`, 2 cores) | {r['generate_s']} | | |")
    print(f"| floor: fastexcel/polars read of every sheet, 2 cores | {r['floor_s']} | | |")
    print(
        f"| peer: pandas + openpyxl totals, 1 core | {r['peer_s']} | | measured on {r['peer_files_measured']} files, scaled |"
    )
    print(
        f"| backfill from empty (all but the last month) | {r['backfill']['seconds']} | {r['backfill']['peak_rss_mib']} | |"
    )
    print(f"| nothing new | {r['nothing_new']['seconds']} | {r['nothing_new']['peak_rss_mib']} | |")
    if "one_file" in r:
        one = r["one_file"]
        print(f"| one resubmitted file | {one['seconds']} | {one['peak_rss_mib']} | {one['file']} |")
    for k, v in r["nightly"].items():
        print(
            f"| nightly, one month ({v['files_added']} files) on {k} | {v['seconds']} | {v['peak_rss_mib']} | "
            + (f"history backfill {v['history_backfill']['seconds']} s |" if "history_backfill" in v else "|")
        )
    q = r["queries"]
    print(f"| analyst queries: worst p50 / p95 ms | {max(x['p50_ms'] for x in q.values())} / "
          f"{max(x['p95_ms'] for x in q.values())} | | 10 queries, 10 runs each |")  # fmt: skip
    print(f"published file: {r['published_mb']} MB")
    print(f"ratios: {json.dumps(r['ratios'])}")
    for name, x in q.items():
        print(f"  query '{name}': p50 {x['p50_ms']} ms, p95 {x['p95_ms']} ms")


if __name__ == "__main__":
    main()
