-- Backlog series "as the units are today": every report before the 1/7/2025 reorganisation is
-- counted under its successor, so a regional office's trend runs back through its
-- predecessor districts. One row per today's unit and period.
with as_today as (
    select * from {{ ref('int_unit_totals_as_today') }}
),

units as (
    select * from {{ ref('dim_unit') }}
    where is_current
),

reliability as (
    -- as today: a successor's look-back is reliable only when every report it sums is
    select
        coalesce(s.successor_code, r.unit_code) as reliability_unit_code,
        r.period_end as reliability_period_end,
        bool_and(r.is_reliable) as is_reliable
    from {{ ref('int_report_reliability') }} as r
    left join {{ ref('map_unit_succession') }} as s
        on r.unit_code = s.predecessor_code and r.period_end < s.effective_date
    group by coalesce(s.successor_code, r.unit_code), r.period_end
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
    {{ rate_pct('a.collected_kvnd + a.terminated_kvnd + a.reduced_kvnd', 'a.enforceable_kvnd') }} as money_rate_pct,
    coalesce(rel.is_reliable, true) as is_reliable
from as_today as a
inner join units as u
    on a.unit_code = u.unit_code
left join reliability as rel
    on a.unit_code = rel.reliability_unit_code and a.period_end = rel.reliability_period_end
