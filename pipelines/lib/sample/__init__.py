"""Deterministic sample data: simulation → planted defects → writers (docs/sample-data.md)."""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import UTC, date, timedelta
from pathlib import Path

from ..periods import latest_complete_month, period_end_of
from ..progress import Progress
from ..reference import SAMPLE_PROVINCES
from .defects import PLANTED_DEFECTS, PLANTED_EMULATION, PLANTED_LATE, PLANTED_SELF_SCORE, plant_defects
from .emulation import build_emulation_lists, registering_offices
from .self_scores import build_self_scores
from .simulation import DEFAULT_SEED, FIRST_YEAR, LAST_YEAR, build_reports, simulate
from .writers import _sends_csv, write_csv, write_emulation_list, write_self_score, write_workbook

VIETNAM_UTC_OFFSET = timedelta(hours=7)  # Vietnam keeps no summer time


def generate_sample(
    out_dir: Path,
    seed: int = DEFAULT_SEED,
    provinces: tuple[str, ...] = tuple(SAMPLE_PROVINCES),
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
    until: date | None = None,
    defects: bool = True,
) -> dict:
    """Write the sample reports into out_dir; return counts."""
    until = min(until or latest_complete_month(date.today()), period_end_of(last_year, 12))
    world = simulate(seed, provinces, first_year, last_year)
    reports = build_reports(world, provinces, first_year, last_year, until)
    if defects:
        reports = plant_defects(reports)
    counts: dict[str, int] = defaultdict(int)
    progress = Progress(len(reports), "Ghi báo cáo mẫu / writing sample reports")
    for r in reports:
        progress.update()
        folder = out_dir / r.period_end.strftime("%Y-%m")
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{r.unit_code}{'_toan_tinh' if r.kind == 'province' else ''}_lan{r.submission_no}"
        if r.kind == "unit" and _sends_csv(r.unit_code):
            path = folder / f"{stem}.csv"
            write_csv(r, path)
            counts["csv"] += 1
        else:
            path = folder / f"{stem}.xlsx"
            write_workbook(r, path)
            counts["xlsx"] += 1
        if r.arrived_at:  # the file's modification time is when it reached the province
            stamp = (r.arrived_at - VIETNAM_UTC_OFFSET).replace(tzinfo=UTC).timestamp()
            os.utime(path, (stamp, stamp))
    offices = {(office, year) for (_, year), codes in registering_offices(reports).items() for office in codes}
    for score in build_self_scores(reports, defects, offices=tuple(sorted(offices))):
        folder = out_dir / "tu_cham_diem"
        folder.mkdir(parents=True, exist_ok=True)
        write_self_score(score, folder / f"{score.unit_code}_{score.reference_date:%Y-%m}.xlsx")
        counts["self_scores"] += 1
    for doc in build_emulation_lists(reports, until, defects):
        folder = out_dir / "thi_dua"
        folder.mkdir(parents=True, exist_ok=True)
        kind = "dang_ky" if doc.document == "emulation_registration" else "khen_thuong"
        write_emulation_list(doc, folder / f"{doc.unit_code}_{doc.stat_year}_{kind}.xlsx")
        counts["emulation_lists"] += 1
    progress.close()
    counts["reports"] = len(reports)
    return dict(counts)


__all__ = [
    "DEFAULT_SEED",
    "PLANTED_DEFECTS",
    "PLANTED_EMULATION",
    "PLANTED_LATE",
    "PLANTED_SELF_SCORE",
    "generate_sample",
    "latest_complete_month",
]
