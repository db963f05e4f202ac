-- depends_on: {{ ref('int_affected_years') }}
-- Month-by-month flows derived from the cumulative reports (I-15): flow(m) = cum(m) − cum(m−1)
-- for flow measures only; stocks are never differenced. The first month of a statistical year
-- is its cumulative value. A successor's first month after the 2025 reorganisation is
-- differenced against the sum of its predecessors. A missing previous period gives no flow
-- (flow_status 'previous_missing'), never a guess; a correction that lowers a cumulative figure
-- gives a negative flow, kept and marked 'decrease'.
-- Built by statistical year: a refresh evaluates again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with totals as (
    select * from {{ ref('int_unit_totals') }}
),

comparable as (
    select * from {{ ref('int_unit_totals_comparable') }}
),

{% set flows = [
    ('cases', 'new_cases', 'new_cases'),
    ('cases', 'delegated_out_cases', 'delegated_out_cases'),
    ('cases', 'withdrawn_cases', 'withdrawn_cases'),
    ('cases', 'executed_cases', 'executed_cases'),
    ('cases', 'terminated_cases', 'terminated_cases'),
    ('cases', 'completed_for_rate_cases', 'executed_cases + terminated_cases'),
    ('money', 'new_kvnd', 'new_kvnd'),
    ('money', 'delegated_out_kvnd', 'delegated_out_kvnd'),
    ('money', 'withdrawn_kvnd', 'withdrawn_kvnd'),
    ('money', 'collected_kvnd', 'collected_kvnd'),
    ('money', 'terminated_kvnd', 'terminated_kvnd'),
    ('money', 'reduced_kvnd', 'reduced_kvnd'),
    ('money', 'completed_for_rate_kvnd', 'collected_kvnd + terminated_kvnd + reduced_kvnd'),
] %}

paired as (
    select
        t.unit_code,
        t.period_end,
        t.unit_level,
        t.province_code,
        t.stat_year,
        t.period_months,
        t.prev_period_end,
        c.viewpoint as previous_viewpoint,
        c.unit_code is not null as has_previous,
        {%- set flow_columns = [] %}
        {%- for measure, name, expr in flows %}
            {%- do flow_columns.append('t.' ~ expr.replace(' + ', ' + t.') ~ ' as cum_' ~ name) %}
            {%- do flow_columns.append('c.' ~ expr.replace(' + ', ' + c.') ~ ' as prev_' ~ name) %}
        {%- endfor %}
        {{ column_list('{c}', flow_columns, 8) }}
    from totals as t
    {{ join_comparable('c', 't', 't.prev_period_end') }}
),

long as (
    {%- for measure, name, expr in flows %}
        select
            unit_code,
            period_end,
            unit_level,
            province_code,
            stat_year,
            period_months,
            prev_period_end,
            previous_viewpoint,
            has_previous,
            '{{ measure }}' as measure,
            '{{ name }}' as flow_name,
            cum_{{ name }} as cumulative_value,
            prev_{{ name }} as previous_cumulative_value
        from paired
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    unit_code,
    period_end,
    flow_name,
    measure,
    unit_level,
    province_code,
    stat_year,
    period_months,
    cast(cumulative_value as bigint) as cumulative_value,
    cast(case when period_months = 1 then null else previous_cumulative_value end as bigint) as previous_cumulative_value,
    cast(case
        when period_months = 1 then cumulative_value
        when has_previous then cumulative_value - previous_cumulative_value
    end as bigint) as monthly_flow,
    cast(case
        when period_months = 1 then 'first_month'
        when not has_previous then 'previous_missing'
        when cumulative_value < previous_cumulative_value then 'decrease'
        when previous_viewpoint = 'successor' then 'derived_from_predecessors'
        else 'derived'
    end as varchar) as flow_status
from long
where {{ in_affected_years() }}
