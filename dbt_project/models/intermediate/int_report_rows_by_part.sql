-- Every report row per part: under TT 01/2013 each measure came in two forms, chủ động (ex
-- officio) and theo yêu cầu (on request); one row per file, row and part, with the rate each
-- form reported. Layouts without the split give one row with enforcement_part NULL.
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
)

select
    file_sha256,
    row_kind,
    row_code,
    enforcement_part,
    {%- for col in var('case_columns') %}
        max(amount) filter (where measure = 'cases' and column_name = '{{ col }}') as {{ col }},
    {%- endfor %}
    max(rate_pct) filter (where measure = 'cases' and column_name = 'completion_rate_pct') as case_rate_pct_reported,
    {%- for col in var('money_columns') %}
        max(amount) filter (where measure = 'money' and column_name = '{{ col }}') as {{ col }},
    {%- endfor %}
    max(rate_pct) filter (where measure = 'money' and column_name = 'completion_rate_pct') as money_rate_pct_reported
from cells
group by file_sha256, row_kind, row_code, enforcement_part
