-- One row per report row (executor, unit or total) of every submission, with the cases
-- sheet and the money sheet side by side. Columns are pivoted by their canonical name,
-- which the template registry assigned at ingestion. Under TT 01/2013 a measure comes in two
-- forms (chủ động, theo yêu cầu): a figure is the sum of both parts, NULL if either lacks it,
-- and the total rate is NULL (the regime reports a rate per part only; int_report_rows_by_part).
-- Incremental by file (macros/incremental.sql): a function of one file's cells alone.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    post_hook="{{ drop_files_no_longer_loaded() }}",
) }}
with cells as (
    select * from {{ ref('stg_raw__report_cells') }}
    {{- only_new_files() }}
),

pivoted as (
    select
        file_sha256,
        row_kind,
        row_code,
        max(row_name) as row_name,
        max(row_stt) as row_stt,
        {%- for col in var('case_columns') %}
            {{ sum_of_parts("measure = 'cases' and column_name = '" ~ col ~ "'") }} as {{ col }},
        {%- endfor %}
        max(rate_pct) filter (
            where measure = 'cases' and column_name = 'completion_rate_pct' and enforcement_part is null
        ) as case_rate_pct_reported,
        {%- for col in var('money_columns') %}
            {{ sum_of_parts("measure = 'money' and column_name = '" ~ col ~ "'") }} as {{ col }},
        {%- endfor %}
        max(rate_pct) filter (
            where measure = 'money' and column_name = 'completion_rate_pct' and enforcement_part is null
        ) as money_rate_pct_reported,
        count(distinct measure) as n_sheets,
        bool_or(enforcement_part is not null) as has_parts,
        min(row_number) filter (where measure = 'cases') as case_sheet_row,
        min(row_number) filter (where measure = 'money') as money_sheet_row
    from cells
    group by file_sha256, row_kind, row_code
)

select * from pivoted
