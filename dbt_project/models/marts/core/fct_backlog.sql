-- depends_on: {{ ref('int_affected_years') }}
-- Backlog carried to the next period (số chuyển kỳ sau, I-06/I-07/I-08) per unit and period:
-- total, enforceable part and not-enforceable part, in cases and money, against the same
-- period of the previous year (relative change), and carried-in against the previous year's
-- 12-month carried-out (I-13). A successor of the 2025 reorganisation is compared with the
-- sum of its predecessors.
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

comparable as (
    select * from {{ ref('int_unit_totals_comparable') }}
),

joined as (
    select
        t.*,
        ly.viewpoint as prev_year_viewpoint,
        ly.carried_out_cases as prev_carried_out_cases,
        ly.carried_out_enforceable_cases as prev_carried_out_enforceable_cases,
        ly.carried_out_kvnd as prev_carried_out_kvnd,
        ly.carried_out_enforceable_kvnd as prev_carried_out_enforceable_kvnd,
        ye.carried_out_cases as prev_year_end_carried_out_cases,
        ye.not_enforceable_cases as prev_year_end_not_enforceable_cases,
        ye.carried_out_kvnd as prev_year_end_carried_out_kvnd,
        ye.not_enforceable_kvnd as prev_year_end_not_enforceable_kvnd
    from totals as t
    {{ join_comparable('ly', 't', 't.same_period_prev_year_end') }}
    {{ join_comparable('ye', 't', 't.prev_year_end') }}
)

select
    unit_code,
    period_end,
    unit_level,
    province_code,
    stat_year,
    period_months,
    carried_out_cases,
    carried_out_enforceable_cases,
    carried_out_cases - carried_out_enforceable_cases as carried_out_not_enforceable_cases,
    carried_out_kvnd,
    carried_out_enforceable_kvnd,
    carried_out_kvnd - carried_out_enforceable_kvnd as carried_out_not_enforceable_kvnd,
    prev_carried_out_cases,
    prev_carried_out_enforceable_cases,
    prev_carried_out_kvnd,
    prev_carried_out_enforceable_kvnd,
    {{ change_pct('carried_out_cases', 'prev_carried_out_cases') }} as carried_out_cases_change_pct,
    {{ change_pct('carried_out_enforceable_cases', 'prev_carried_out_enforceable_cases') }} as carried_out_enforceable_cases_change_pct,
    {{ change_pct('carried_out_kvnd', 'prev_carried_out_kvnd') }} as carried_out_kvnd_change_pct,
    {{ change_pct('carried_out_enforceable_kvnd', 'prev_carried_out_enforceable_kvnd') }} as carried_out_enforceable_kvnd_change_pct,
    carried_in_cases,
    prev_year_end_carried_out_cases,
    prev_year_end_carried_out_cases - carried_in_cases as carried_in_gap_cases,
    prev_year_end_not_enforceable_cases,
    carried_in_kvnd,
    prev_year_end_carried_out_kvnd,
    prev_year_end_carried_out_kvnd - carried_in_kvnd as carried_in_gap_kvnd,
    prev_year_end_not_enforceable_kvnd,
    cast(coalesce(prev_year_viewpoint = 'successor', false) as boolean) as compared_with_predecessors
from joined
