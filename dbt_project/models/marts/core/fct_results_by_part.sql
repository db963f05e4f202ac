-- depends_on: {{ ref('int_affected_years') }}
-- Results by part (chủ động / theo yêu cầu), one row per unit, period and part: the Tổng cộng
-- row of the current report as fct_case_results and fct_money_results take it, split as the
-- unit's forms were. Statistical years under TT 01/2013 have two rows (the parts add up to the
-- facts' figures); later years one row with enforcement_part NULL (the regime has no split).
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
),

parts as (
    select * from {{ ref('int_report_rows_by_part') }}
    where row_kind = 'total'
)

select
    ---------- ids
    t.unit_code,
    t.period_end,
    p.enforcement_part,
    ---------- dimensions
    t.unit_level,
    t.province_code,
    t.stat_year,
    t.period_months,
    t.report_kind,
    ---------- cases
    p.carried_in_cases,
    p.new_cases,
    p.enforceable_cases,
    p.executed_cases + p.terminated_cases as completed_cases,
    p.not_enforceable_cases,
    p.carried_out_cases,
    p.case_rate_pct_reported,
    {{ rate_pct('p.executed_cases + p.terminated_cases', 'p.enforceable_cases') }} as case_rate_pct,
    ---------- money
    p.carried_in_kvnd,
    p.new_kvnd,
    p.enforceable_kvnd,
    p.collected_kvnd + p.terminated_kvnd + p.reduced_kvnd as completed_kvnd,
    p.not_enforceable_kvnd,
    p.carried_out_kvnd,
    p.money_rate_pct_reported,
    {{ rate_pct('p.collected_kvnd + p.terminated_kvnd + p.reduced_kvnd', 'p.enforceable_kvnd') }} as money_rate_pct,
    ---------- provenance
    t.file_sha256
from totals as t
inner join parts as p on t.file_sha256 = p.file_sha256
