"""What the validation report shows, read from the published warehouse's marts.

One function per view; each returns plain rows (dicts) so the HTML pages and the Excel workbook
show the same figures. Rates are read from rpt_indicators (recomputed from numerators and
denominators), never averaged here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import duckdb

from ..glossary import term, terms
from ..vietnamese import format_vi_number
from .columns import translate_hint

# What the reader sees is Vietnam time (Asia/Ho_Chi_Minh: UTC+7 all year, no summer time).
VIETNAM_TIME = timezone(timedelta(hours=7), "+07")


def in_province(unit_code: str | None, province: str) -> bool:
    """P08 itself and its units (P08-D070, P08-KV01, P08-VP)."""
    return unit_code is not None and (unit_code == province or unit_code.startswith(province + "-"))


def _in_vietnamese(f: dict) -> None:
    """What a reader sees of a finding in both languages: the hint with its kind of slip named in
    Vietnamese, the column by its glossary label, the change of a P-05 item as tăng / giảm."""
    hint = f.get("hint_text")
    f["hint_text_en"] = hint if hint else f.get("side_hint_en")
    f["hint_text_vi"] = translate_hint(hint) if hint else f.get("side_hint_vi")
    column = f.get("column_name")
    if column and column in terms():
        f["column_label_vi"], f["column_label_en"] = term(column).label("vi"), term(column).label("en")
    else:
        f["column_label_vi"] = f["column_label_en"] = column
    if f.get("lead_rule_id", f.get("rule_id")) == "P-05" and f.get("lhs_value") is not None:
        change = f["lhs_value"]
        f["hint_text_vi"] = f"{'tăng' if change >= 0 else 'giảm'} {format_vi_number(abs(change), 2)}% so với cùng kỳ"
        f["hint_text_en"] = f"{'up' if change >= 0 else 'down'} {abs(change):,.2f}% on the same period"


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    rel = con.execute(sql, params or [])
    names = [d[0] for d in rel.description]
    return [dict(zip(names, r)) for r in rel.fetchall()]


@dataclass
class ReportData:
    generated_at: datetime
    run_id: str | None
    provinces: list[dict]
    units: dict[tuple[str, date], list[dict]]  # (province, period) -> unit rows
    findings: list[dict]
    history: dict[str, list[dict]]  # finding_key -> runs
    rules: list[dict]
    rule_periods: dict[str, list[dict]]  # rule_id -> summary per period
    quarantine: list[dict]
    expectations: list[dict]
    province_trends: dict[str, list[dict]] = field(default_factory=dict)
    findings_by_period: list[dict] = field(default_factory=list)
    late_reports: list[dict] = field(default_factory=list)  # first submissions that arrived after the deadline
    root_causes: list[dict] = field(default_factory=list)  # findings by root cause, each with its items
    revisions: list[dict] = field(default_factory=list)  # cells changed by resubmissions (fct_report_revision)


def province_periods(
    con: duckdb.DuckDBPyConnection, province: str | None = None, period: date | None = None
) -> list[tuple[str, date]]:
    """(province, period) pairs to report: each province's latest period, or the one asked for."""
    if province and period:
        return [(province, period)]
    return [
        (r["unit_code"], r["period_end"])
        for r in rows(
            con,
            """
        select unit_code, max(period_end) as period_end from marts.rpt_indicators
        where unit_level = 'province' and (? is null or unit_code = ?) group by 1 order by 1
    """,
            [province, province],
        )
    ]


def _province_row(con, province: str, period: date) -> dict:
    found = rows(
        con,
        """
        select i.*, coalesce(u.name_vi, i.unit_code) as name_vi, p.period_label_vi, p.period_label_en,
               p.unit_deadline, p.province_deadline,
               -- a province merged on 1/7/2025 into another: "đã hợp nhất vào …" with the date
               case when m.new_province_code <> m.old_province_code and u.valid_to < current_date
                    then 'P' || m.new_province_code end as merged_into_code,
               case when m.new_province_code <> m.old_province_code and u.valid_to < current_date
                    then m.new_name_vi end as merged_into_name,
               case when m.new_province_code <> m.old_province_code and u.valid_to < current_date
                    then m.effective_date end as merged_on
        from marts.rpt_indicators i
        left join marts.dim_unit u on u.unit_code = i.unit_code and i.period_end between u.valid_from and u.valid_to
        left join marts.dim_period p on p.period_end = i.period_end
        left join marts.map_province_succession m on 'P' || m.old_province_code = i.unit_code
        where i.unit_code = ? and i.period_end = ?
    """,
        [province, period],
    )
    if not found:
        raise LookupError(f"no province indicators for {province} at {period:%d/%m/%Y} in marts.rpt_indicators")
    return found[0]


def unit_rows(con, province: str, period: date, deadlines: dict[str, date]) -> list[dict]:
    """Every unit expected to report (C-01 items), whether and when its report arrived (late: its first
    submission arrived after the deadline, marts.fct_report_arrival, in working days), its rates and
    findings."""
    units = rows(
        con,
        """
        with expected as (
            select unit_code, report_kind, outcome as completeness
            from marts.fct_validation_result
            where rule_id = 'C-01' and period_end = ? and unit_code in (
                select unit_code from marts.dim_unit where province_code = (
                    select province_code from marts.dim_unit where unit_code = ? limit 1))
        ),
        findings as (
            select unit_code, count(*) filter (where status in ('open', 'explained') and severity = 'error') as errors,
                   count(*) filter (where status in ('open', 'explained') and severity = 'warning') as warnings
            from marts.fct_finding_root_cause where period_end = ? group by 1
        )
        select e.unit_code, e.report_kind, e.completeness, coalesce(u.name_vi, e.unit_code) as name_vi, u.level,
               c.submission_no, c.prepared_on, c.file_path,
               a.arrived_at, a.arrived_on, a.arrival_basis, a.deadline as arrival_deadline, a.working_days_late,
               i.completed_cases, i.enforceable_cases, i.case_rate_pct, i.case_target_pct, i.case_target_gap_points,
               i.completed_kvnd, i.enforceable_kvnd, i.money_rate_pct, i.money_target_pct, i.money_target_gap_points,
               i.carried_out_cases, i.carried_out_kvnd,
               coalesce(f.errors, 0) as open_errors, coalesce(f.warnings, 0) as open_warnings,
               i.is_reliable, i.implied_case_rate_pct, i.implied_money_rate_pct
        from expected e
        left join marts.dim_unit u on u.unit_code = e.unit_code and ? between u.valid_from and u.valid_to
        left join marts.fct_case_results c
            on c.unit_code = e.unit_code and c.period_end = ? and c.report_kind = e.report_kind
        left join marts.rpt_indicators i on i.unit_code = e.unit_code and i.period_end = ?
        left join findings f on f.unit_code = e.unit_code
        left join marts.fct_report_arrival a
            on a.unit_code = e.unit_code and a.period_end = ? and a.report_kind = e.report_kind
            and a.is_first_submission
        order by e.report_kind desc, e.unit_code
    """,
        [period, province, period, period, period, period, period],
    )
    for u in units:
        u["deadline"] = deadlines[u["report_kind"]]
        u["received"] = u["completeness"] == "pass"
        prepared = u["prepared_on"].date() if isinstance(u["prepared_on"], datetime) else u["prepared_on"]
        u["prepared_on"] = prepared
        u["deadline"] = u["arrival_deadline"] or u["deadline"]
        u["late"] = bool(u["working_days_late"])
        u["status"] = "missing" if not u["received"] else "late" if u["late"] else "on_time"
    return units


def open_errors_in(findings: list[dict], province: str) -> int:
    return sum(
        1
        for f in findings
        if f["status"] in ("open", "explained") and f["severity"] == "error" and in_province(f["unit_code"], province)
    )


def province_rows(data: ReportData) -> list[dict]:
    """The overview: one row per province at its period (columns.PROVINCES)."""
    return [
        {
            **p,
            "units_missing_n": len(p["units_missing"]),
            "units_late_n": len(p["units_late"]),
            "open_errors": open_errors_in(data.root_causes, p["unit_code"]),
        }
        for p in data.provinces
    ]


def unit_rows_flat(data: ReportData) -> list[dict]:
    """Every province's units at its period, one list (columns.UNITS)."""
    return [{**u, "province": prov, "period_end": end} for (prov, end), us in data.units.items() for u in us]


def collect(db, province: str | None = None, period: date | None = None) -> ReportData:
    con = duckdb.connect(str(db), read_only=True)
    try:
        pairs = province_periods(con, province, period)
        provinces, units, trends = [], {}, {}
        for prov, end in pairs:
            p = _province_row(con, prov, end)
            unit_list = unit_rows(con, prov, end, {"unit": p["unit_deadline"], "province": p["province_deadline"]})
            p["units_expected"] = len(unit_list)
            p["units_received"] = sum(u["received"] for u in unit_list)
            p["units_missing"] = [u["unit_code"] for u in unit_list if not u["received"]]
            p["units_late"] = [u["unit_code"] for u in unit_list if u["received"] and u["late"]]
            provinces.append(p)
            units[(prov, end)] = unit_list
            trends[prov] = rows(
                con,
                """
                select period_end, carried_out_cases, carried_out_kvnd, case_rate_pct, money_rate_pct
                from marts.rpt_indicators where unit_code = ? and period_end <= ? order by period_end
            """,
                [prov, end],
            )
        findings = rows(
            con,
            """
            select f.* replace (f.first_seen_at + interval 7 hour as first_seen_at,
                                f.last_seen_at + interval 7 hour as last_seen_at),
                   coalesce(u.name_vi, f.unit_code) as unit_name, u.province_code,
                   r.description_vi, r.description_en, r.family_name_vi, r.family_name_en,
                   r.action_vi, r.action_en, r.lhs_label_vi, r.rhs_label_vi, r.lhs_label_en, r.rhs_label_en
            from marts.fct_finding f
            left join marts.dim_unit u on u.unit_code = f.unit_code
                 and coalesce(f.period_end, current_date) between u.valid_from and u.valid_to
            left join marts.dim_rule r on r.rule_id = f.rule_id
            order by f.priority_rank
        """,
        )
        if province:  # the province's own findings, its units', and those of the warehouse as a whole
            findings = [f for f in findings if f["unit_code"] is None or in_province(f["unit_code"], province)]
        for f in findings:
            _in_vietnamese(f)
        causes = rows(
            con,
            """
            select c.* replace (c.first_seen_at + interval 7 hour as first_seen_at,
                                c.last_seen_at + interval 7 hour as last_seen_at),
                   coalesce(u.name_vi, c.unit_code) as unit_name, r.family_name_vi, r.family_name_en,
                   r.description_vi, r.description_en
            from marts.fct_finding_root_cause c
            left join marts.dim_unit u on u.unit_code = c.unit_code
                 and coalesce(c.period_end, current_date) between u.valid_from and u.valid_to
            left join marts.dim_rule r on r.rule_id = c.lead_rule_id
            order by c.priority_rank
        """,
        )
        by_cause: dict[str, list[dict]] = {}
        for f in findings:
            by_cause.setdefault(f["root_cause_key"], []).append(f)
        causes = [dict(c, items=by_cause[c["root_cause_key"]]) for c in causes if c["root_cause_key"] in by_cause]
        for c in causes:
            _in_vietnamese(c)
            if not c.get("hint_text_vi"):  # a cause without a cell or side hint shows its lead item's (P-05: tăng/giảm)
                lead = c["items"][0]
                c["hint_text_vi"], c["hint_text_en"] = lead.get("hint_text_vi"), lead.get("hint_text_en")
        keys = {f["finding_key"] for f in findings}
        history: dict[str, list[dict]] = {}
        for h in rows(
            con,
            """
            select finding_key, run_id, evaluated_at + interval 7 hour as evaluated_at, submission_no, outcome,
                   lhs_value, rhs_value, imbalance
            from marts.fct_validation_history order by evaluated_at
        """,
        ):
            if h["finding_key"] in keys:
                history.setdefault(h["finding_key"], []).append(h)
        rules = rows(
            con,
            """
            select r.rule_id, r.family, r.family_name_vi, r.family_name_en, r.severity, r.basis,
                   r.description_vi, r.description_en, r.action_vi, r.action_en,
                   coalesce(v.items, 0) as items, coalesce(v.passes, 0) as passes, coalesce(v.fails, 0) as fails,
                   coalesce(v.nas, 0) as nas, coalesce(v.errors, 0) as errors
            from marts.dim_rule r
            left join (  -- the current items, counted once by the summary mart (not 20 million rows again)
                select rule_id, sum(items)::bigint as items, sum(passes)::bigint as passes,
                       sum(fails)::bigint as fails, sum(nas)::bigint as nas, sum(errors)::bigint as errors
                from marts.fct_validation_summary group by rule_id
            ) v on v.rule_id = r.rule_id
            order by r.rule_id
        """,
        )
        rule_periods: dict[str, list[dict]] = {}
        for s in rows(
            con,
            """
            select rule_id, period_end, sum(items) as items, sum(passes) as passes, sum(fails) as fails,
                   sum(nas) as nas, sum(errors) as errors
            from marts.fct_validation_summary group by all order by rule_id, period_end
        """,
        ):
            rule_periods.setdefault(s["rule_id"], []).append(s)
        quarantine = rows(con, "select * from marts.quarantine order by file_path, reason_code, sheet, cell_ref")
        expectations = rows(
            con,
            r"""
            select rule_id, part as suite_name, row_code as expectation, column_name, outcome, lhs_value as unexpected,
                   note, run_id, evaluated_at
            from marts.fct_validation_result where family = 'value_contract'
            order by rule_id, part, try_cast(regexp_extract(row_code, '#(\d+)$', 1) as integer)
        """,
        )
        by_period = rows(
            con,
            """
            select period_end, severity, count(*) as n from marts.fct_finding
            where period_end is not null and severity in ('error', 'warning') and status in ('open', 'explained')
            group by all order by period_end
        """,
        )
        late = rows(
            con,
            """
            select a.unit_code, coalesce(u.name_vi, a.unit_code) as name_vi, a.period_end, a.report_kind,
                   a.deadline, a.arrived_at, a.arrival_basis, a.working_days_late, a.file_path
            from marts.fct_report_arrival a
            left join marts.dim_unit u on u.unit_code = a.unit_code and a.period_end between u.valid_from and u.valid_to
            where a.is_first_submission and a.working_days_late > 0
            order by a.period_end desc, a.working_days_late desc, a.unit_code
        """,
        )
        if province:
            late = [r for r in late if in_province(r["unit_code"], province)]
        revisions = rows(
            con,
            "select * from marts.fct_report_revision order by unit_code, period_end, to_submission_no, form_code, "
            "row_code, column_name",
        )
        if province:
            revisions = [r for r in revisions if in_province(r["unit_code"], province)]
        for r in revisions:
            _in_vietnamese(r)
        run = rows(con, "select any_value(run_id) as run_id from marts.fct_validation_result")
    finally:
        con.close()
    return ReportData(
        generated_at=datetime.now(VIETNAM_TIME),
        run_id=run[0]["run_id"] if run else None,
        provinces=provinces,
        units=units,
        findings=findings,
        history=history,
        rules=rules,
        rule_periods=rule_periods,
        quarantine=quarantine,
        expectations=expectations,
        province_trends=trends,
        findings_by_period=by_period,
        late_reports=late,
        root_causes=causes,
        revisions=revisions,
    )
