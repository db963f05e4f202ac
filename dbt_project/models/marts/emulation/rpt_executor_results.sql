-- depends_on: {{ ref('int_affected_years') }}
-- Per-executor results (chấp hành viên) for the individual titles: each executor's completion rates
-- and backlog from the executor rows of the current unit reports, against the unit's targets and the
-- executor's own figures of the same period last year.
-- Built by statistical year: a refresh evaluates again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with executors as (
    select * from {{ ref('fct_executor_results') }}
),

periods as (
    select
        period_end,
        stat_year,
        period_months,
        same_period_prev_year_end
    from {{ ref('dim_period') }}
),

units as (
    select
        unit_code,
        period_end,
        province_code,
        case_target_pct,
        money_target_pct
    from {{ ref('rpt_indicators') }}
)

select
    e.executor_code,
    e.executor_name,
    e.unit_code,
    u.province_code,
    p.stat_year,
    e.period_end,
    p.period_months,
    e.executed_cases + e.terminated_cases as completed_cases,
    e.enforceable_cases,
    e.case_completion_rate_pct as case_rate_pct,
    e.collected_kvnd + e.terminated_kvnd + e.reduced_kvnd as completed_kvnd,
    e.enforceable_kvnd,
    e.money_completion_rate_pct as money_rate_pct,
    u.case_target_pct,
    u.money_target_pct,
    cast(e.case_completion_rate_pct - u.case_target_pct as decimal(9, 2)) as executor_case_target_gap_points,
    cast(e.money_completion_rate_pct - u.money_target_pct as decimal(9, 2)) as executor_money_target_gap_points,
    e.carried_out_cases,
    prev.carried_out_cases as prev_carried_out_cases,
    {{ change_pct('e.carried_out_cases', 'prev.carried_out_cases') }} as carried_out_cases_change_pct,
    e.carried_out_kvnd,
    prev.carried_out_kvnd as prev_carried_out_kvnd,
    {{ change_pct('e.carried_out_kvnd', 'prev.carried_out_kvnd') }} as carried_out_kvnd_change_pct,
    e.file_sha256,
    e.sheet_row
from executors as e
inner join periods as p on e.period_end = p.period_end
left join units as u on e.unit_code = u.unit_code and e.period_end = u.period_end
left join executors as prev
    on e.executor_code = prev.executor_code and p.same_period_prev_year_end = prev.period_end
where {{ in_affected_years('e.period_end') }}
