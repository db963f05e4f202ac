-- Backlog series "as the units are today": every report before the 1/7/2025 reorganisation is
-- counted under its successor, so a regional office's trend runs back through its
-- predecessor districts. One row per today's unit and period.
with as_today as (
    select * from {{ ref('int_unit_totals_as_today') }}
),

units as (
    select * from {{ ref('dim_unit') }}
    where is_current
)

select
    a.unit_code,
    a.period_end,
    u.name_vi,
    u.level as unit_level,
    u.province_code,
    cast(a.stat_year as integer) as stat_year,
    cast(a.period_months as integer) as period_months,
    cast(a.n_reports_summed as bigint) as n_reports_summed,
    a.carried_out_cases,
    a.carried_out_enforceable_cases,
    a.carried_out_cases - a.carried_out_enforceable_cases as carried_out_not_enforceable_cases,
    a.carried_out_kvnd,
    a.carried_out_enforceable_kvnd,
    a.carried_out_kvnd - a.carried_out_enforceable_kvnd as carried_out_not_enforceable_kvnd,
    a.executed_cases + a.terminated_cases as completed_for_rate_cases,
    a.enforceable_cases,
    {{ rate_pct('a.executed_cases + a.terminated_cases', 'a.enforceable_cases') }} as case_rate_pct,
    a.collected_kvnd + a.terminated_kvnd + a.reduced_kvnd as completed_for_rate_kvnd,
    a.enforceable_kvnd,
    {{ rate_pct('a.collected_kvnd + a.terminated_kvnd + a.reduced_kvnd', 'a.enforceable_kvnd') }} as money_rate_pct
from as_today as a
inner join units as u
    on a.unit_code = u.unit_code
