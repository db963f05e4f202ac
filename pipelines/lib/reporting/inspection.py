"""The inspection pack of the emulation work (hồ sơ kiểm tra chéo thi đua): what an emulation zone's
inspection team prepares by hand before titles are proposed — one unit as of one period.

    thads inspect --unit P08 --as-of 2023-08   ->  reports/kiem_tra_thi_dua/P08_2023-08/{index.html, kiem_tra.xlsx}

The headline figures with the same period last year and the targets; each criterion with the points
claimed in the unit's self-scoring table beside the points the reports give and the report cells
behind them (differences highlighted); the totals (e.g. 96/200 claimed); the rank in the zone;
the timeliness of the reports; the open findings; the titles registered and whether their
conditions are met. Everything is read from the published marts: no figure is computed here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from ..glossary import term
from ..ingest.layouts import default_template
from ..periods import stat_year_of
from ..vietnamese import format_vi_number
from . import columns
from .html import environment
from .views import VIETNAM_TIME, rows
from .workbook import write_sheets

# the form columns each criterion's figure is computed from: (numerator columns, denominator column);
# their form, number and label come from the layout registry and the glossary
EVIDENCE: dict[str, tuple[tuple[str, ...], str | None]] = {
    "case_rate_pct": (("executed_cases", "terminated_cases"), "enforceable_cases"),
    "money_rate_pct": (("collected_kvnd", "terminated_kvnd", "reduced_kvnd"), "enforceable_kvnd"),
    "completed_cases": (("executed_cases", "terminated_cases"), None),
    "completed_kvnd": (("collected_kvnd", "terminated_kvnd", "reduced_kvnd"), None),
    "carried_out_cases_change_pct": (("carried_out_cases",), None),
    "carried_out_kvnd_change_pct": (("carried_out_kvnd",), None),
}


def _form_cells(numerator: tuple[str, ...], denominator: str | None) -> tuple[str, str]:
    """'01/TK-THADS, dòng Tổng cộng: Thi hành xong (8) + Đình chỉ (9) / Có điều kiện thi hành (7)'."""
    by_name = {c.name: (sheet.form_code, c.number) for sheet in default_template().sheets for c in sheet.columns}

    def part(names: tuple[str, ...], lang: str) -> str:
        return " + ".join(f"{term(n).label(lang, with_unit=False)} ({by_name[n][1]})" for n in names)

    form = by_name[numerator[0]][0]
    below = (denominator,) if denominator else ()
    vi = f"{form}, dòng Tổng cộng: {part(numerator, 'vi')}" + (f" / {part(below, 'vi')}" if below else "")
    en = f"{form}, total row: {part(numerator, 'en')}" + (f" / {part(below, 'en')}" if below else "")
    return vi, en


def _scope(unit: str) -> str:
    """The reports a unit answers for: a provincial agency all of its province's, an office its own."""
    return f"{unit}%" if "-" not in unit else unit


def collect_inspection(con: duckdb.DuckDBPyConnection, unit: str, as_of: date) -> dict:
    unit = unit.upper()
    if unit.isdigit():
        unit = f"P{unit}"
    headline = rows(
        con,
        "select i.*, u.name_vi from marts.rpt_indicators i left join marts.dim_unit u "
        "on i.unit_code = u.unit_code and i.period_end between u.valid_from and u.valid_to "
        "where i.unit_code = ? and i.period_end = ?",
        [unit, as_of],
    )
    if not headline:
        raise LookupError(
            f"không có số liệu của {unit} kỳ {as_of:%m/%Y} / no figures for {unit} at {as_of:%m/%Y} in the warehouse"
        )
    info = headline[0]
    criteria = rows(
        con,
        "select * from marts.fct_emulation_score where unit_code = ? and period_end = ? "
        "order by part_code, max_points desc, criterion_code",
        [unit, as_of],
    )
    source = rows(
        con,
        "select file_path, submission_no, report_kind from marts.fct_case_results where unit_code = ? and period_end = ?",
        [unit, as_of],
    )
    src = source[0] if source else {}
    for c in criteria:
        c["highlight"] = c["claim_status"] in ("overclaimed", "underclaimed", "error")
        if c["criterion_code"] in EVIDENCE and src:
            vi, en = _form_cells(*EVIDENCE[c["criterion_code"]])
            c["report_cells_vi"] = f"{vi} — {src['file_path']} (lần gửi {src['submission_no']})"
            c["report_cells_en"] = f"{en} — {src['file_path']} (submission {src['submission_no']})"
        elif c["criterion_code"] == "n_late_reports":
            c["report_cells_vi"] = "marts.fct_report_arrival: báo cáo gửi chậm trong năm (bảng dưới)"
            c["report_cells_en"] = "marts.fct_report_arrival: late reports of the year (table below)"
        elif c["criterion_code"] == "n_open_errors":
            c["report_cells_vi"] = "marts.fct_finding_root_cause: lỗi chưa khắc phục (bảng dưới)"
            c["report_cells_en"] = "marts.fct_finding_root_cause: open errors (table below)"
    totals = {
        "max": sum((c["max_points"] for c in criteria), start=0),
        "claimed": sum((c["claimed_points"] for c in criteria if c["claimed_points"] is not None), start=0),
        "computed": sum((c["computed_points"] for c in criteria if c["computed_points"] is not None), start=0),
        "reviewed": sum((c["reviewed_points"] for c in criteria if c["reviewed_points"] is not None), start=0),
        "has_claims": any(c["claimed_points"] is not None for c in criteria),
        "n_differences": sum(1 for c in criteria if c["highlight"]),
    }
    ranking = rows(
        con,
        "select * from marts.rpt_emulation_ranking where unit_code = ? and period_end = ? order by zone_kind",
        [unit, as_of],
    )
    stat_year = stat_year_of(as_of)
    year_start = date(stat_year - 1, 10, 1)
    scope = _scope(unit)
    arrivals = rows(
        con,
        "select a.*, u.name_vi from marts.fct_report_arrival a left join marts.dim_unit u "
        "on a.unit_code = u.unit_code and a.period_end between u.valid_from and u.valid_to "
        "where a.unit_code like ? and a.period_end between ? and ? and a.is_first_submission "
        "order by a.period_end, a.unit_code",
        [scope, year_start, as_of],
    )
    late = [a for a in arrivals if a["is_late"]]
    findings = rows(
        con,
        "select f.*, r.description_vi, r.description_en, r.family_name_vi, r.family_name_en, u.name_vi as unit_name "
        "from marts.fct_finding_root_cause f left join marts.dim_rule r on f.lead_rule_id = r.rule_id "
        "left join marts.dim_unit u on f.unit_code = u.unit_code and f.period_end between u.valid_from and u.valid_to "
        "where f.unit_code like ? and f.period_end between ? and ? and f.status in ('open', 'explained') "
        "order by f.priority_rank",
        [scope, year_start, as_of],
    )
    registrations = rows(
        con,
        "select * from marts.fct_award_eligibility where stat_year = ? and (registrant_code = ? or sender_unit_code = ?) "
        "order by registrant_kind, registrant_code, title_code",
        [stat_year, unit, unit],
    )
    for r in registrations:
        r["highlight"] = r["is_eligible"] is not True
    return {
        "unit": unit,
        "as_of": as_of,
        "stat_year": stat_year,
        "info": info,
        "criteria": criteria,
        "totals": totals,
        "ranking": ranking,
        "arrivals": arrivals,
        "late": late,
        "findings": findings,
        "registrations": registrations,
    }


def _points_text(value) -> tuple[str, str]:
    return format_vi_number(value, 2), f"{value:,.2f}"


def write_inspection(db: Path, out_root: Path, unit: str, as_of: date) -> dict[str, Path]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        pack = collect_inspection(con, unit, as_of)
    finally:
        con.close()
    folder = out_root / "kiem_tra_thi_dua" / f"{pack['unit']}_{as_of:%Y-%m}"
    folder.mkdir(parents=True, exist_ok=True)
    generated = datetime.now(tz=UTC).astimezone(VIETNAM_TIME)
    html = (
        environment()
        .get_template("inspection.html.j2")
        .render(
            title_vi=f"Hồ sơ kiểm tra thi đua — {pack['info']['name_vi'] or pack['unit']} — {as_of:%m/%Y}",
            title_en=f"Emulation inspection pack — {pack['unit']} — {as_of:%m/%Y}",
            up="../../",
            generated=f"{generated:%d/%m/%Y %H:%M} (UTC+7)",
            points_text=_points_text,
            **pack,
        )
    )
    page = folder / "index.html"
    page.write_text(html, encoding="utf-8")
    workbook = write_sheets(
        folder / "kiem_tra.xlsx",
        [
            ("Tieu_chi", columns.EMULATION_CRITERIA, pack["criteria"]),
            ("Xep_hang", columns.EMULATION_RANKING, pack["ranking"]),
            ("Bao_cao_cham", columns.LATE_REPORTS, pack["late"]),
            ("Loi_chua_xu_ly", columns.ROOT_CAUSES, pack["findings"]),
            ("Danh_hieu", columns.AWARD_ELIGIBILITY, pack["registrations"]),
        ],
    )
    return {"html": page, "workbook": workbook, "differences": pack["totals"]["n_differences"]}
