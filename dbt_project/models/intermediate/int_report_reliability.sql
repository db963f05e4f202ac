-- Can the figures of a unit and period be relied on? A report with an open error-severity failure
-- (an identity within it, a figure across periods, its row in the province-wide report) shows
-- figures that are not right as they stand: they are flagged, never hidden or changed. A roll-up
-- (a province, the nation) is flagged when any report it includes is. An accepted explanation
-- (seeds/ref_explanations.csv, status accepted) lifts the flag; an explained one does not.
-- Beside the flag, the headline implied by the likely-wrong cell of the report's total row (when one
-- cell explains every failed identity): what the figure would be if that cell were the slip.
with items as (
    select
        rule_id,
        part,
        column_name,
        unit_code,
        period_end,
        severity,
        outcome
    from {{ ref('int_validation_within_report') }}
    where is_current_version
    union all
    select
        rule_id,
        part,
        column_name,
        unit_code,
        period_end,
        severity,
        outcome
    from {{ ref('int_validation_periods') }}
    union all
    select
        rule_id,
        part,
        column_name,
        unit_code,
        period_end,
        severity,
        outcome
    from {{ ref('int_validation_hierarchy') }}
),

accepted as (
    select * from {{ ref('ref_explanations') }}
    where status = 'accepted'
),

open_errors as (
    select
        i.unit_code,
        i.period_end,
        count(*) as n_open_errors,
        string_agg(distinct i.rule_id, ', ' order by i.rule_id) as open_error_rules
    from items as i
    left join accepted as e
        on
            i.rule_id = e.rule_id and i.unit_code = e.unit_code and i.period_end = e.period_end
            and (e.part is null or i.part = e.part) and (e.column_name is null or i.column_name = e.column_name)
    where i.severity = 'error' and i.outcome in ('fail', 'error') and e.rule_id is null
    group by i.unit_code, i.period_end
),

totals as (
    select * from {{ ref('int_unit_totals') }}
),

hint_deltas as (
    -- the change the likely-wrong cell implies, per measure of the total row (a single identifiable slip)
    select
        h.file_sha256,
        sum(case when h.column_name in ('executed_cases', 'terminated_cases') then delta else 0 end)
            as completed_cases_delta,
        sum(case when h.column_name = 'enforceable_cases' then delta else 0 end) as enforceable_cases_delta,
        sum(case when h.column_name in ('collected_kvnd', 'terminated_kvnd', 'reduced_kvnd') then delta else 0 end)
            as completed_kvnd_delta,
        sum(case when h.column_name = 'enforceable_kvnd' then delta else 0 end) as enforceable_kvnd_delta
    from (
        select
            *,
            cast(suggested_value - reported_value as bigint) as delta
        from {{ ref('stg_raw__cell_hints') }}
        where n_solutions = 1 and row_kind = 'total'
    ) as h
    group by h.file_sha256
),

own as (
    select
        t.unit_code,
        t.period_end,
        t.unit_level,
        t.province_code,
        coalesce(o.n_open_errors, 0) as n_open_errors,
        o.open_error_rules,
        -- only for the measure the slip is in
        case
            when d.completed_cases_delta != 0 or d.enforceable_cases_delta != 0
                then t.executed_cases + t.terminated_cases + d.completed_cases_delta
        end as implied_completed_cases,
        case
            when d.completed_cases_delta != 0 or d.enforceable_cases_delta != 0
                then t.enforceable_cases + d.enforceable_cases_delta
        end as implied_enforceable_cases,
        case
            when d.completed_kvnd_delta != 0 or d.enforceable_kvnd_delta != 0
                then t.collected_kvnd + t.terminated_kvnd + t.reduced_kvnd + d.completed_kvnd_delta
        end as implied_completed_kvnd,
        case
            when d.completed_kvnd_delta != 0 or d.enforceable_kvnd_delta != 0
                then t.enforceable_kvnd + d.enforceable_kvnd_delta
        end as implied_enforceable_kvnd
    from totals as t
    left join open_errors as o on t.unit_code = o.unit_code and t.period_end = o.period_end
    left join hint_deltas as d on t.file_sha256 = d.file_sha256 and o.n_open_errors > 0
),

members as (
    -- the reports a province's figures include: its own and those of its units
    select
        p.unit_code,
        p.period_end,
        count(*) filter (where m.n_open_errors > 0) as n_members_unreliable
    from own as p
    inner join own as m
        on
            p.period_end = m.period_end and p.unit_level = 'province' and p.province_code = m.province_code
            and m.unit_level in ('office', 'district', 'region')
    group by p.unit_code, p.period_end
),

nation_members as (
    -- the nation includes every province's figures
    select
        'VN' as unit_code,
        p.period_end,
        count(*) filter (where p.n_open_errors > 0 or coalesce(m.n_members_unreliable, 0) > 0) as n_members_unreliable
    from own as p
    left join members as m on p.unit_code = m.unit_code and p.period_end = m.period_end
    where p.unit_level = 'province'
    group by p.period_end
),

with_members as (
    select
        o.unit_code,
        o.period_end,
        o.unit_level,
        o.n_open_errors,
        o.open_error_rules,
        coalesce(m.n_members_unreliable, n.n_members_unreliable, 0) as n_members_unreliable,
        o.implied_completed_cases,
        o.implied_enforceable_cases,
        o.implied_completed_kvnd,
        o.implied_enforceable_kvnd
    from own as o
    left join members as m on o.unit_code = m.unit_code and o.period_end = m.period_end
    left join nation_members as n on o.unit_code = n.unit_code and o.period_end = n.period_end
    union all
    -- the nation where no national report was loaded: computed from the provinces
    select
        n.unit_code,
        n.period_end,
        'nation' as unit_level,
        0 as n_open_errors,
        null as open_error_rules,
        n.n_members_unreliable,
        null as implied_completed_cases,
        null as implied_enforceable_cases,
        null as implied_completed_kvnd,
        null as implied_enforceable_kvnd
    from nation_members as n
    where not exists (
        select 1 from own as o
        where o.unit_code = n.unit_code and o.period_end = n.period_end
    )
)

select
    unit_code,
    period_end,
    unit_level,
    cast(n_open_errors as bigint) as n_open_errors,
    open_error_rules,
    cast(n_members_unreliable as bigint) as n_members_unreliable,
    n_open_errors = 0 and n_members_unreliable = 0 as is_reliable,
    cast(implied_completed_cases as bigint) as implied_completed_cases,
    cast(implied_enforceable_cases as bigint) as implied_enforceable_cases,
    {{ rate_pct('implied_completed_cases', 'implied_enforceable_cases') }} as implied_case_rate_pct,
    cast(implied_completed_kvnd as bigint) as implied_completed_kvnd,
    cast(implied_enforceable_kvnd as bigint) as implied_enforceable_kvnd,
    {{ rate_pct('implied_completed_kvnd', 'implied_enforceable_kvnd') }} as implied_money_rate_pct
from with_members
