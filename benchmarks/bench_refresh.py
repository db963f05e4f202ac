"""Benchmark: the full sample (4 provinces, statistical years 2022–2026, ~2 300 reports) through
`thads refresh`, cold (everything new) and warm (nothing new). Prints wall time and the peak RSS
of the refresh process tree. Not part of `make test`; run `make bench` and copy the table into
benchmarks/README.md with the date and machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THADS = str(Path(sys.executable).with_name("thads"))


def run(args: list[str], env: dict) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from pipelines.lib.sample import generate_sample

    with tempfile.TemporaryDirectory() as tmp:
        raw, marts = Path(tmp) / "raw", Path(tmp) / "marts"
        t = time.monotonic()
        counts = generate_sample(raw, until=date(2026, 9, 30))
        gen_s = time.monotonic() - t
        env = dict(os.environ, THADS_RAW_DIR=str(raw), THADS_MARTS_DIR=str(marts))
        cold = run([THADS, "refresh"], env)
        warm = run([THADS, "refresh"], env)
        size_mb = (marts / "warehouse.duckdb").stat().st_size / 1e6
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    print(
        f"sample: {counts['reports']} reports ({counts['xlsx']} xlsx, {counts['csv']} csv) + "
        f"{counts['self_scores']} self-scoring tables, generated in {gen_s:.1f} s"
    )
    print("| step | wall s | peak RSS MiB (largest process so far) |")
    print("|---|---|---|")
    print(f"| refresh, cold (ingest + dbt build + checks + publish) | {cold[0]:.1f} | {cold[1]:.0f} |")
    print(f"| refresh, warm (nothing new; dbt rebuilds the marts) | {warm[0]:.1f} | {warm[1]:.0f} |")
    print(f"published warehouse: {size_mb:.1f} MB")


if __name__ == "__main__":
    main()
