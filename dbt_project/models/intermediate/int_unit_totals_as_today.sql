-- depends_on: {{ ref('int_affected_years') }}
-- Totals "as the units are today": a report from before the 1/7/2025 reorganisation is
-- counted under its successor (P08-D070 -> P08-KV01, P02 -> P08), weighted by the share.
-- Cumulative figures add up across predecessors, so a successor's 9-month history is the sum
-- of its predecessors' 9-month reports. One level of succession (the only one so far).
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

succession as (
    select * from {{ ref('map_unit_succession') }}
),

expected as (
    -- how many reports a successor's look-back needs: one per predecessor that maps to it
    select
        successor_code,
        effective_date,
        count(*) as n_expected
    from succession
    group by successor_code, effective_date
),

mapped as (
    select
        coalesce(s.successor_code, t.unit_code) as unit_code,
        s.effective_date,
        coalesce(s.share, 1) as share,
        t.* exclude (unit_code)
    from totals as t
    left join succession as s
        on t.unit_code = s.predecessor_code and t.period_end < s.effective_date
),

summed as (
    select
        unit_code,
        period_end,
        any_value(effective_date) as effective_date,
        any_value(stat_year) as stat_year,
        any_value(period_months) as period_months,
        count(*) as n_reports_summed,
        {{ column_list('cast(round(sum({c} * share)) as bigint) as {c}', var('case_columns') + var('money_columns'), 8) }}
    from mapped
    group by unit_code, period_end
)

select
    s.unit_code,
    s.period_end,
    s.stat_year,
    s.period_months,
    s.n_reports_summed,
    coalesce(e.n_expected, 1) as n_reports_expected,
    -- a sum over only some predecessors is not the successor's figure: NULL (NA), never a smaller number
    {{ column_list('case when s.n_reports_summed >= coalesce(e.n_expected, 1) then s.{c} end as {c}',
                   var('case_columns') + var('money_columns')) }}
from summed as s
left join expected as e on s.unit_code = e.successor_code and s.effective_date = e.effective_date
