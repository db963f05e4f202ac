-- depends_on: {{ ref('int_affected_years') }}
-- Executor (chấp hành viên) rows of the current unit reports, cases and money side by side.
-- Built by statistical year: a refresh evaluates again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with rows_ as (
    select * from {{ ref('int_current_report_rows') }}
    where report_kind = 'unit' and row_kind = 'detail' and {{ in_affected_years() }}
)

select
    unit_code,
    period_end,
    row_code as executor_code,
    row_name as executor_name,
    {%- for col in var('case_columns') + var('money_columns') %}
        {{ col }},
    {%- endfor %}
    {{ rate_pct('executed_cases + terminated_cases', 'enforceable_cases') }} as case_completion_rate_pct,
    {{ rate_pct('collected_kvnd + terminated_kvnd + reduced_kvnd', 'enforceable_kvnd') }} as money_completion_rate_pct,
    file_sha256,
    case_sheet_row as sheet_row
from rows_
