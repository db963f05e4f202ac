-- depends_on: {{ ref('int_affected_years') }}
-- depends_on: {{ ref('ref_rule_expressions') }}
-- Level-3 rules across reporting units (current submissions): each unit row of a province-wide
-- report equals that unit's own report and its total equals the office plus every unit (H-01);
-- the nation equals the sum of the provinces (H-02, only where a national report was loaded);
-- delegation balance (H-03, needs delegated-in figures the reference layout does not carry);
-- the 2025 succession bridge (H-05).
-- Built by statistical year: a refresh evaluates again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
{%- set cols = var('case_columns') + var('money_columns') %}
with versions as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
),

province_rows as (
    select
        v.unit_code,
        v.period_end,
        v.report_kind,
        v.file_sha256,
        v.submission_no,
        x.row_code,
        {{ office_code('x.row_code') }} as row_unit_code,
        {{ column_list('x.{c}', cols, 8) }}
    from {{ ref('int_report_rows_pivoted') }} as x
    inner join versions as v on x.file_sha256 = v.file_sha256
    where v.report_kind = 'province' and x.row_kind = 'detail'
),

totals as (
    select * from {{ ref('int_unit_totals') }}
),

own_reports as (
    select * from totals
    where report_kind = 'unit'
),

province_totals as (
    select * from totals
    where report_kind = 'province' and unit_level = 'province'
),

expected_members as (
    -- the agency's own office and every district / regional office valid on the period end
    select
        p.unit_code as province_code_unit,
        p.period_end,
        u.unit_code as member_code
    from province_totals as p
    inner join {{ ref('dim_unit') }} as u
        on
            p.unit_code = u.parent_code
            and p.period_end between u.valid_from and u.valid_to
            and u.level in ('office', 'district', 'region')
),

members_sum as (
    select
        e.province_code_unit as unit_code,
        e.period_end,
        -- NULL unless every member reported: a missing unit makes the comparison NA, not a fail
        {{ column_list('case when count(o.unit_code) = count(*) then sum(o.{c}) end as {c}', cols, 8) }}
    from expected_members as e
    left join own_reports as o on e.member_code = o.unit_code and e.period_end = o.period_end
    group by e.province_code_unit, e.period_end
),

provinces_sum as (
    select
        period_end,
        {{ column_list('sum({c}) as {c}', cols, 8) }}
    from province_totals
    group by period_end
),

national as (
    select * from totals
    where unit_level = 'nation'
),

delegation as (
    select
        p.unit_code,
        p.period_end,
        p.delegated_out_cases as delegated_out_total,
        -- the reference layout has no delegated-in column: the receivers' side is unknown
        cast(null as bigint) as delegated_in_total
    from province_totals as p
),

successor_first_months as (
    select * from totals
    where successor_since is not null and period_end >= successor_since and prev_period_end < successor_since
),

comparable as (
    select * from {{ ref('int_unit_totals_comparable') }}
    where viewpoint = 'successor'
),

items as (
    {{ rule_items('province_row',
        'province_rows as province_row left join own_reports as own_report
            on own_report.unit_code = province_row.row_unit_code and own_report.period_end = province_row.period_end',
        {'unit_code': 'province_row.unit_code', 'period_end': 'province_row.period_end',
         'report_kind': 'province_row.report_kind', 'file_sha256': 'province_row.file_sha256',
         'submission_no': 'province_row.submission_no', 'is_current_version': 'true',
         'row_kind': "'detail'", 'row_code': 'province_row.row_code'},
        qualified(['province_row', 'own_report'], cols)) }}
    union all
    {{ rule_items('province_total',
        'province_totals as province_total left join members_sum as units_sum
            on units_sum.unit_code = province_total.unit_code and units_sum.period_end = province_total.period_end',
        {'unit_code': 'province_total.unit_code', 'period_end': 'province_total.period_end',
         'report_kind': 'province_total.report_kind', 'file_sha256': 'province_total.file_sha256',
         'submission_no': 'province_total.submission_no', 'is_current_version': 'true',
         'row_kind': "'total'", 'row_code': "''"},
        qualified(['province_total', 'units_sum'], cols)) }}
    union all
    {{ rule_items('nation',
        'provinces_sum left join national on national.period_end = provinces_sum.period_end',
        {'unit_code': "'VN'", 'period_end': 'provinces_sum.period_end', 'row_kind': "'total'", 'row_code': "''"},
        qualified(['national', 'provinces_sum'], cols)) }}
    union all
    {{ rule_items('delegation', 'delegation',
        {'unit_code': 'unit_code', 'period_end': 'period_end', 'report_kind': "'province'"},
        ['delegated_out_total', 'delegated_in_total']) }}
    union all
    {{ rule_items('succession',
        'successor_first_months as cur inner join comparable as predecessors
            on predecessors.unit_code = cur.unit_code and predecessors.period_end = cur.prev_period_end',
        {'unit_code': 'cur.unit_code', 'period_end': 'cur.period_end', 'report_kind': 'cur.report_kind',
         'file_sha256': 'cur.file_sha256', 'submission_no': 'cur.submission_no', 'is_current_version': 'true',
         'row_kind': "'total'", 'row_code': "''"},
        qualified(['cur', 'predecessors'], cols)) }}
),

{{ rule_outcomes('items') }}

select * from outcomes
where {{ in_affected_years() }}
