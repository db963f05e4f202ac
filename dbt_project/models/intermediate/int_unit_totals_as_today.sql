-- Totals "as the units are today": a report from before the 1/7/2025 reorganisation is
-- counted under its successor (P08-D070 -> P08-KV01, P02 -> P08), weighted by the share.
-- Cumulative figures add up across predecessors, so a successor's 9-month history is the sum
-- of its predecessors' 9-month reports. One level of succession (the only one so far).
with totals as (
    select * from {{ ref('int_unit_totals') }}
),

succession as (
    select * from {{ ref('map_unit_succession') }}
),

mapped as (
    select
        coalesce(s.successor_code, t.unit_code) as unit_code,
        coalesce(s.share, 1) as share,
        t.*  exclude (unit_code)
    from totals as t
    left join succession as s
        on s.predecessor_code = t.unit_code and t.period_end < s.effective_date
)

select
    unit_code,
    period_end,
    any_value(stat_year) as stat_year,
    any_value(period_months) as period_months,
    count(*) as n_reports_summed,
    {%- for col in var('case_columns') + var('money_columns') %}
    cast(round(sum({{ col }} * share)) as bigint) as {{ col }}{{ "," if not loop.last }}
    {%- endfor %}
from mapped
group by unit_code, period_end
