-- depends_on: {{ ref('int_affected_years') }}
-- depends_on: {{ ref('ref_rule_expressions') }}
-- C-01: every unit valid on a period end, in a province that reported for that period, sent its
-- own report; every provincial agency also its province-wide report.
-- Built by statistical year: a refresh evaluates again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with reported as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
),

units as (
    select * from {{ ref('dim_unit') }}
),

active_provinces as (
    -- provinces (by their province code) that sent at least one report for the period
    select distinct
        u.province_code,
        r.period_end
    from reported as r
    inner join units as u on r.unit_code = u.unit_code and r.period_end between u.valid_from and u.valid_to
),

expected as (
    select
        u.unit_code,
        a.period_end,
        case when u.level = 'province' then 'province' else 'unit' end as report_kind
    from active_provinces as a
    inner join units as u
        on
            a.province_code = u.province_code
            and a.period_end between u.valid_from and u.valid_to
            and u.level in ('province', 'office', 'district', 'region')
),

checked as (
    select
        e.unit_code,
        e.period_end,
        e.report_kind,
        r.file_sha256,
        r.submission_no,
        case when r.file_sha256 is null then 0 else 1 end as received,
        1 as expected
    from expected as e
    left join reported as r
        on e.unit_code = r.unit_code and e.period_end = r.period_end and e.report_kind = r.report_kind
),

items as (
    {{ rule_items('completeness', 'checked',
        {'unit_code': 'unit_code', 'period_end': 'period_end', 'report_kind': 'report_kind',
         'file_sha256': 'file_sha256', 'submission_no': 'submission_no', 'is_current_version': 'true',
         'row_kind': "'total'", 'row_code': "''"},
        ['received', 'expected']) }}
),

{{ rule_outcomes('items') }}

select * from outcomes
where {{ in_affected_years() }}
