-- depends_on: {{ ref('ref_rule_expressions') }}
-- Level-1 rules on every row of every submission (not only the current one, so that a finding
-- fixed by a resubmission can be seen as resolved): the identities R-01…R-08 on each row,
-- R-10 (cases vs money on the same row), and R-09 (the total row = the sum of the other rows).
-- Under TT 01/2013 the figures are the sums of the two forms (chủ động + theo yêu cầu); what only a
-- form reports (its rate, R-07) is checked on each form's rows (context report_part_row).
-- A function of one file alone, so incremental by file (macros/incremental.sql); whether the file is
-- the current version depends on the other submissions and is joined in int_validation_within_report.
-- Items of a rule whose expression is broken carry no file: made by a full build only (a registry
-- change is a code change, which builds in full).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    post_hook="{{ drop_files_no_longer_loaded() }}",
) }}
{%- set cols = var('case_columns') + var('money_columns') %}
{#- a report's rows and a form's rows offer the same keys and the same reported rates -#}
{%- set row_keys = {'unit_code': 'unit_code', 'period_end': 'period_end', 'report_kind': 'report_kind',
                    'file_sha256': 'file_sha256', 'submission_no': 'submission_no',
                    'row_kind': 'row_kind', 'row_code': 'row_code'} %}
{%- set reported_rates = ['case_rate_pct_reported', 'money_rate_pct_reported'] %}
with new_files as (
    select
        file_sha256,
        unit_code,
        period_end,
        report_kind,
        submission_no
    from {{ ref('int_reports_versioned') }}
    {{- only_new_files() }}
),

rows_ as (
    select
        x.*,
        v.unit_code,
        v.period_end,
        v.report_kind,
        v.submission_no
    from {{ ref('int_report_rows_pivoted') }} as x
    inner join new_files as v on x.file_sha256 = v.file_sha256
),

part_rows as (
    select
        x.*,
        v.unit_code,
        v.period_end,
        v.report_kind,
        v.submission_no
    from {{ ref('int_report_rows_by_part') }} as x
    inner join new_files as v on x.file_sha256 = v.file_sha256
    where x.enforcement_part is not null
),

totals_ as (
    select * from rows_
    where row_kind = 'total'
),

detail_sums as (
    select
        file_sha256,
        {{ column_list('sum({c}) as {c}', cols, 8) }}
    from rows_
    where row_kind = 'detail'
    group by file_sha256
),

items as (
    {{ rule_items(
        'report_row',
        'rows_',
        row_keys,
        cols + reported_rates + ['has_parts']
    ) }}
    union all
    {{ rule_items(
        'report_part_row',
        'part_rows',
        row_keys,
        cols + reported_rates + ['enforcement_part']
    ) }}
    union all
    {{ rule_items(
        'report_sums',
        'totals_ as total inner join detail_sums as detail_sum on detail_sum.file_sha256 = total.file_sha256',
        {'unit_code': 'total.unit_code', 'period_end': 'total.period_end', 'report_kind': 'total.report_kind',
         'file_sha256': 'total.file_sha256', 'submission_no': 'total.submission_no',
         'row_kind': "'total'", 'row_code': "''"},
        qualified(['total', 'detail_sum'], cols)
    ) }}
),

{{ rule_outcomes('items') }}

select * from outcomes
{%- if is_incremental() %}
where file_sha256 is not null  -- the broken-expression items are already there from the full build
{%- endif %}
