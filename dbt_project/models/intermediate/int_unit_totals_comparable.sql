-- depends_on: {{ ref('int_affected_years') }}
-- What a unit's figures were at a past period, seen from today's unit: its own report
-- (viewpoint 'own'), or — for a successor looking back before it existed — the sum of its
-- predecessors (viewpoint 'successor'). Join with the comparable_viewpoint() macro.
-- Built by statistical year: a refresh builds again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with own as (
    select
        unit_code,
        period_end,
        'own' as viewpoint,
        {{ column_list('{c}', var('case_columns') + var('money_columns'), 8) }}
    from {{ ref('int_unit_totals') }}
    where {{ in_affected_years() }}
),

successors as (
    select
        successor_code,
        min(effective_date) as successor_since
    from {{ ref('map_unit_succession') }}
    group by successor_code
),

looking_back as (
    select
        a.unit_code,
        a.period_end,
        'successor' as viewpoint,
        {{ column_list('a.{c}', var('case_columns') + var('money_columns'), 8) }}
    from {{ ref('int_unit_totals_as_today') }} as a
    inner join successors as s
        on a.unit_code = s.successor_code and a.period_end < s.successor_since
    where {{ in_affected_years('a.period_end') }}
)

select * from own
union all
select * from looking_back
