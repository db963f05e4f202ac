-- Headline indicators per unit (every level, plus the nation) and period, against the same
-- period of the previous year and the targets. Rates are recomputed from numerators and
-- denominators at every level (I-09), never averaged; a change in counts or money is relative
-- (%), a change in rates and the gap to target are in points (domain.md 5.1). The target is the
-- unit's own, else its province's, else the national one.
with totals as (
    select * from {{ ref('int_unit_totals') }}
),

comparable as (
    select * from {{ ref('int_unit_totals_comparable') }}
),

units as (
    select
        t.unit_code,
        t.period_end,
        t.unit_level,
        t.province_code,
        t.stat_year,
        t.period_months,
        t.executed_cases + t.terminated_cases as completed_cases,
        t.enforceable_cases,
        t.to_enforce_cases,
        t.carried_out_cases,
        t.collected_kvnd + t.terminated_kvnd + t.reduced_kvnd as completed_kvnd,
        t.enforceable_kvnd,
        t.to_enforce_kvnd,
        t.carried_out_kvnd,
        ly.executed_cases + ly.terminated_cases as prev_completed_cases,
        ly.enforceable_cases as prev_enforceable_cases,
        ly.carried_out_cases as prev_carried_out_cases,
        ly.collected_kvnd + ly.terminated_kvnd + ly.reduced_kvnd as prev_completed_kvnd,
        ly.enforceable_kvnd as prev_enforceable_kvnd,
        ly.carried_out_kvnd as prev_carried_out_kvnd
    from totals as t
    {{ join_comparable('ly', 't', 't.same_period_prev_year_end') }}
),

{% set summed = ['completed_cases', 'enforceable_cases', 'to_enforce_cases', 'carried_out_cases',
                 'completed_kvnd', 'enforceable_kvnd', 'to_enforce_kvnd', 'carried_out_kvnd'] %}

provinces_by_period as (
    -- the nation is computed from the provinces; a reported national total is checked by H-02
    select
        period_end,
        any_value(stat_year) as stat_year,
        any_value(period_months) as period_months,
        {%- for c in summed %}
            sum({{ c }}) as {{ c }},
        {%- endfor %}
        count(*) as n_provinces
    from units
    where unit_level = 'province'
    group by period_end
),

nation as (
    select
        'VN' as unit_code,
        n.period_end,
        'nation' as unit_level,
        cast(null as varchar) as province_code,
        n.stat_year,
        n.period_months,
        {%- for c in summed %}
            n.{{ c }},
        {%- endfor %}
        p.completed_cases as prev_completed_cases,
        p.enforceable_cases as prev_enforceable_cases,
        p.carried_out_cases as prev_carried_out_cases,
        p.completed_kvnd as prev_completed_kvnd,
        p.enforceable_kvnd as prev_enforceable_kvnd,
        p.carried_out_kvnd as prev_carried_out_kvnd
    from provinces_by_period as n
    left join {{ ref('dim_period') }} as d on n.period_end = d.period_end
    left join provinces_by_period as p on d.same_period_prev_year_end = p.period_end
),

all_levels as (
    select * from units
    where unit_level is distinct from 'nation'
    union all by name
    select * from nation
),

targets as (
    select * from {{ ref('dim_target') }}
),

with_targets as (
    select
        a.*,
        coalesce(tu.case_target_pct, tp.case_target_pct, tn.case_target_pct) as case_target_pct,
        coalesce(tu.money_target_pct, tp.money_target_pct, tn.money_target_pct) as money_target_pct,
        case
            when tu.unit_code is not null then tu.unit_code
            when tp.unit_code is not null then tp.unit_code
            when tn.unit_code is not null then tn.unit_code
        end as target_unit_code
    from all_levels as a
    left join targets as tu on a.unit_code = tu.unit_code and a.stat_year = tu.stat_year
    left join targets as tp on tp.unit_code = 'P' || a.province_code and a.stat_year = tp.stat_year
    left join targets as tn on tn.unit_code = 'VN' and a.stat_year = tn.stat_year
),

rates as (
    select
        *,
        {{ rate_pct('completed_cases', 'enforceable_cases') }} as case_rate_pct,
        {{ rate_pct('completed_kvnd', 'enforceable_kvnd') }} as money_rate_pct,
        {{ rate_pct('prev_completed_cases', 'prev_enforceable_cases') }} as prev_case_rate_pct,
        {{ rate_pct('prev_completed_kvnd', 'prev_enforceable_kvnd') }} as prev_money_rate_pct
    from with_targets
)

select
    ---------- ids
    unit_code,
    period_end,
    ---------- dimensions
    unit_level,
    province_code,
    cast(stat_year as integer) as stat_year,
    cast(period_months as integer) as period_months,
    ---------- this period
    cast(completed_cases as bigint) as completed_cases,
    cast(enforceable_cases as bigint) as enforceable_cases,
    case_rate_pct,
    cast(completed_kvnd as bigint) as completed_kvnd,
    cast(enforceable_kvnd as bigint) as enforceable_kvnd,
    money_rate_pct,
    {{ rate_pct('enforceable_cases', 'to_enforce_cases') }} as enforceable_share_pct,
    {{ rate_pct('enforceable_kvnd', 'to_enforce_kvnd') }} as enforceable_share_kvnd_pct,
    ---------- same period of the previous year
    cast(prev_completed_cases as bigint) as prev_completed_cases,
    cast(prev_enforceable_cases as bigint) as prev_enforceable_cases,
    prev_case_rate_pct,
    cast(prev_completed_kvnd as bigint) as prev_completed_kvnd,
    cast(prev_enforceable_kvnd as bigint) as prev_enforceable_kvnd,
    prev_money_rate_pct,
    cast(completed_cases - prev_completed_cases as bigint) as completed_cases_change,
    {{ change_pct('completed_cases', 'prev_completed_cases') }} as completed_cases_change_pct,
    cast(completed_kvnd - prev_completed_kvnd as bigint) as completed_kvnd_change,
    {{ change_pct('completed_kvnd', 'prev_completed_kvnd') }} as completed_kvnd_change_pct,
    cast(case_rate_pct - prev_case_rate_pct as decimal(9, 2)) as case_rate_change_points,
    cast(money_rate_pct - prev_money_rate_pct as decimal(9, 2)) as money_rate_change_points,
    ---------- targets
    target_unit_code,
    case_target_pct,
    money_target_pct,
    cast(case_rate_pct - case_target_pct as decimal(9, 2)) as case_target_gap_points,
    cast(money_rate_pct - money_target_pct as decimal(9, 2)) as money_target_gap_points,
    ---------- backlog
    cast(carried_out_cases as bigint) as carried_out_cases,
    cast(prev_carried_out_cases as bigint) as prev_carried_out_cases,
    {{ change_pct('carried_out_cases', 'prev_carried_out_cases') }} as carried_out_cases_change_pct,
    cast(carried_out_kvnd as bigint) as carried_out_kvnd,
    cast(prev_carried_out_kvnd as bigint) as prev_carried_out_kvnd,
    {{ change_pct('carried_out_kvnd', 'prev_carried_out_kvnd') }} as carried_out_kvnd_change_pct,
    ---------- reliability: a figure from a report with an open error, or a roll-up that includes one
    coalesce(rel.is_reliable, true) as is_reliable,
    coalesce(rel.n_open_errors, 0) as n_open_errors,
    rel.open_error_rules,
    coalesce(rel.n_members_unreliable, 0) as n_members_unreliable,
    rel.implied_completed_cases,
    rel.implied_enforceable_cases,
    rel.implied_case_rate_pct,
    rel.implied_completed_kvnd,
    rel.implied_enforceable_kvnd,
    rel.implied_money_rate_pct
from rates
left join (
    select
        unit_code as reliability_unit_code,
        period_end as reliability_period_end,
        * exclude (unit_code, period_end, unit_level)
    from {{ ref('int_report_reliability') }}
) as rel
    on rates.unit_code = rel.reliability_unit_code and rates.period_end = rel.reliability_period_end
