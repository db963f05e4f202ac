-- depends_on: {{ ref('int_affected_years') }}
-- Results counted in cases (biểu 01/TK-THADS), one row per unit and period: the Tổng cộng row
-- of the current version of the unit's own report (district, region, agency office) or, for
-- a province, of its province-wide report. *_reported is what the unit wrote, *_calc the
-- value the identity gives (I-01, I-02, I-04, I-06, I-07, I-09), computed from reported cells.
-- Built by statistical year: a refresh builds again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with totals as (
    select * from {{ ref('int_unit_totals') }}
    where {{ in_affected_years() }}
)

select
    ---------- ids
    t.unit_code,
    t.period_end,
    ---------- dimensions
    t.unit_level,
    t.province_code,
    t.stat_year,
    t.period_months,
    t.report_kind,
    t.submission_no,
    ---------- measures as reported
    t.carried_in_cases,
    t.new_cases,
    t.delegated_out_cases,
    t.withdrawn_cases,
    t.executed_cases,
    t.terminated_cases,
    t.in_progress_cases,
    t.postponed_agreed_cases,
    t.other_enforceable_cases,
    t.not_enforceable_cases,
    ---------- derived: reported beside calculated
    t.total_accepted_cases as total_accepted_cases_reported,
    t.carried_in_cases + t.new_cases as total_accepted_cases_calc,
    t.to_enforce_cases as to_enforce_cases_reported,
    t.total_accepted_cases - t.delegated_out_cases - t.withdrawn_cases as to_enforce_cases_calc,
    t.enforceable_cases as enforceable_cases_reported,
    t.executed_cases + t.terminated_cases + t.in_progress_cases + t.postponed_agreed_cases
    + t.other_enforceable_cases as enforceable_cases_calc,
    t.executed_cases + t.terminated_cases as completed_for_rate_cases,
    t.case_rate_pct_reported as completion_rate_pct_reported,
    {{ rate_pct('t.executed_cases + t.terminated_cases', 't.enforceable_cases') }} as completion_rate_pct,
    t.carried_out_cases as carried_out_cases_reported,
    t.to_enforce_cases - t.executed_cases - t.terminated_cases as carried_out_cases_calc,
    t.carried_out_enforceable_cases as carried_out_enforceable_cases_reported,
    t.enforceable_cases - t.executed_cases - t.terminated_cases as carried_out_enforceable_cases_calc,
    ---------- provenance
    t.file_sha256,
    t.file_path,
    t.case_sheet_row as sheet_row,
    t.n_versions,
    t.prepared_on,
    ---------- reliability (int_report_reliability): false when the report has an open error
    coalesce(r.is_reliable, true) as is_reliable
from totals as t
left join (
    select
        unit_code as reliability_unit_code,
        period_end as reliability_period_end,
        is_reliable
    from {{ ref('int_report_reliability') }}
) as r
    on t.unit_code = r.reliability_unit_code and t.period_end = r.reliability_period_end
