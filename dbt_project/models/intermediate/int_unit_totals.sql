-- depends_on: {{ ref('int_affected_years') }}
-- Unit-level totals of the current reports: one row per unit and period with the cases and
-- money measures side by side, the unit version valid on the period end, and the date from
-- which the unit is a successor of the 2025 reorganisation (NULL when it succeeded nobody).
-- Built by statistical year: a refresh evaluates again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with totals as (
    select * from {{ ref('int_current_report_rows') }}
    where row_kind = 'total' and {{ in_affected_years() }}
),

units as (
    select * from {{ ref('dim_unit') }}
),

periods as (
    select * from {{ ref('dim_period') }}
),

successors as (
    select
        successor_code,
        min(effective_date) as successor_since
    from {{ ref('map_unit_succession') }}
    group by successor_code
)

select
    t.unit_code,
    t.period_end,
    u.level as unit_level,
    u.province_code,
    p.stat_year,
    p.period_months,
    p.prev_period_end,
    p.same_period_prev_year_end,
    cast(make_date(p.stat_year - 1, 9, 30) as date) as prev_year_end,
    s.successor_since,
    t.report_kind,
    t.submission_no,
    t.n_versions,
    t.prepared_on,
    t.file_sha256,
    t.file_path,
    t.case_sheet_row,
    t.money_sheet_row,
    t.case_rate_pct_reported,
    t.money_rate_pct_reported,
    {{ column_list('t.{c}', var('case_columns') + var('money_columns')) }}
from totals as t
left join units as u
    on t.unit_code = u.unit_code and t.period_end between u.valid_from and u.valid_to
left join periods as p
    on t.period_end = p.period_end
left join successors as s
    on t.unit_code = s.successor_code
