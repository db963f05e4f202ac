-- depends_on: {{ ref('int_affected_years') }}
-- depends_on: {{ ref('ref_rule_expressions') }}
-- Level-2 rules across periods of the same unit (current submissions): carried-in constant in
-- the year (P-01), cumulative flows non-decreasing (P-02), carried-in vs last year's 12-month
-- carried-out (P-03), jump tests against the previous period (P-04) and the same period of last
-- year (P-05). A successor of 1/7/2025 is compared with its predecessors' sum where it looks back.
-- Built by statistical year: a refresh evaluates again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
{%- set cols = var('case_columns') + var('money_columns') %}
with cur as (
    select
        t.*,
        t.period_end = min(t.period_end) over (partition by t.unit_code, t.stat_year) as is_first_period_of_year
    from {{ ref('int_unit_totals') }} as t
    -- whole statistical years only, so the window above sees every period of the years it keeps
    where {{ in_affected_years('t.period_end') }}
),

comparable as (
    select * from {{ ref('int_unit_totals_comparable') }}
),

items as (
    {{ rule_items(
        'unit_period',
        "cur " ~ join_comparable('prev', 'cur', 'cur.prev_period_end')
            ~ " " ~ join_comparable('prev_year', 'cur', 'cur.same_period_prev_year_end')
            ~ " " ~ join_comparable('year_end', 'cur', 'cur.prev_year_end'),
        {'unit_code': 'cur.unit_code', 'period_end': 'cur.period_end', 'report_kind': 'cur.report_kind',
         'file_sha256': 'cur.file_sha256', 'submission_no': 'cur.submission_no', 'is_current_version': 'true',
         'row_kind': "'total'", 'row_code': "''"},
        qualified(['cur', 'prev', 'prev_year', 'year_end'], cols) + ['cur.period_months', 'cur.is_first_period_of_year']
    ) }}
),

{{ rule_outcomes('items') }}

select * from outcomes
where {{ in_affected_years() }}
