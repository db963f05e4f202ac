"""The validation report auditors review: HTML pages and an Excel workbook from the published marts.

Every refresh writes it to data/marts/reports/ (index.html, bao_cao_kiem_tra.xlsx); `thads report
--province 08 --period 2023-08` writes one province and period on demand under
reports/theo_yeu_cau/P08_2023-08/.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from .html import write_html
from .pages import remove_others
from .views import collect, rows
from .workbook import write_xlsx

WORKBOOK = "bao_cao_kiem_tra.xlsx"


def _unit_info(db: Path, data) -> dict:
    """Indicators and file of every unit and period that gets a page."""
    keys = {(f["unit_code"], f["period_end"]) for f in data.findings if f["unit_code"] and f["period_end"]}
    keys |= {(r["unit_code"], r["period_end"]) for r in data.revisions}
    keys |= {(u["unit_code"], end) for (_, end), us in data.units.items() for u in us}
    if not keys:
        return {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute("create temp table wanted (unit_code varchar, period_end date)")
        con.executemany("insert into wanted values (?, ?)", sorted(keys))
        found = rows(
            con,
            """
            select w.unit_code, w.period_end, coalesce(u.name_vi, w.unit_code) as name_vi,
                   i.completed_cases, i.enforceable_cases, i.case_rate_pct, i.case_target_pct, i.case_target_gap_points,
                   i.completed_kvnd, i.enforceable_kvnd, i.money_rate_pct, i.money_target_pct,
                   i.money_target_gap_points, i.carried_out_cases, i.carried_out_kvnd,
                   i.is_reliable, i.open_error_rules, i.implied_case_rate_pct, i.implied_money_rate_pct,
                   c.file_path, c.submission_no
            from wanted w
            left join marts.rpt_indicators i on i.unit_code = w.unit_code and i.period_end = w.period_end
            left join marts.dim_unit u on u.unit_code = w.unit_code and w.period_end between u.valid_from and u.valid_to
            left join marts.fct_case_results c on c.unit_code = w.unit_code and c.period_end = w.period_end
                 and c.report_kind = case when u.level = 'province' then 'province' else 'unit' end
        """,
        )
    finally:
        con.close()
    return {(r["unit_code"], r["period_end"]): r for r in found}


def write_validation_report(
    db: Path, reports_dir: Path, province: str | None = None, period: date | None = None
) -> dict[str, Any]:
    """Write the HTML pages and the workbook; returns {'index': …, 'workbook': …}."""
    data = collect(db, province, period)
    if province and period:
        out = reports_dir / "theo_yeu_cau" / f"{province}_{period:%Y-%m}"
        docs_link, root = "../../data_docs/index.html", "../../"
    else:
        out, docs_link, root = reports_dir, "data_docs/index.html", ""
    has_docs = (reports_dir / "data_docs" / "index.html").exists()
    dbt_docs = f"{root}dbt_docs/index.html" if (reports_dir / "dbt_docs" / "index.html").exists() else None
    # the workbook (~3 s of xlsxwriter on a national night, all Python) is written by another process while
    # this one renders the pages: both cores. A fresh process from a single-threaded server (forkserver),
    # never a fork of this one and its threads; an error there is raised here.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver")) as other:
        workbook_written = other.submit(write_xlsx, data, out / WORKBOOK)
        pages = write_html(data, out, _unit_info(db, data), docs_link if has_docs else None, root, dbt_docs=dbt_docs)
        # pages of units, periods and rules that no longer have one
        remove_others(pages, [*out.glob("tinh_*.html"), *out.glob("don_vi/*.html"), *out.glob("quy_tac/*.html")])
        workbook = workbook_written.result()
    return {"index": pages[0], "workbook": workbook, "pages": len(pages)}


def write_reports(settings) -> dict[str, Any]:
    """Everything read from the published warehouse: the quarantine exports, the bulletins and the
    validation report; the record (last_refresh.json) says where they are."""
    from ..warehouse.publish import read_record, write_record
    from .bulletin import write_province_bulletins
    from .exports import write_quarantine_exports

    exports = write_quarantine_exports(settings.published_db, settings.reports_dir)
    bulletins = write_province_bulletins(settings.published_db, settings.reports_dir)
    report = write_validation_report(settings.published_db, settings.reports_dir)
    data_docs = settings.reports_dir / "data_docs" / "index.html"
    record = read_record(settings.marts_dir) or {}
    record["reports"] = {
        "index": str(report["index"]),
        "workbook": str(report["workbook"]),
        "data_docs": str(data_docs),
        "pages": report["pages"],
    }
    write_record(settings.marts_dir, record)
    return {"report": report, "exports": exports, "bulletins": bulletins, "data_docs": data_docs}


def recover_publication(settings) -> bool:
    """After a refresh killed between the swap and its record: when the published file says another run
    published it than last_refresh.json does (or the record has no reports), write the record and the
    reports for the file that is published. Returns True when it did."""
    from ..warehouse.publish import published_record, read_record, write_record

    inside = published_record(settings.published_db)
    if inside is None:
        return False
    outside = read_record(settings.marts_dir) or {}
    if outside.get("run_id") == inside.get("run_id") and "reports" in outside:
        return False
    write_record(settings.marts_dir, {**inside, "recovered": True})
    write_reports(settings)
    return True
