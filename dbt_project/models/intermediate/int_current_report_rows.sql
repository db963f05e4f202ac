-- depends_on: {{ ref('int_affected_years') }}
-- Rows of the current version of every report, with the unit version valid on the period end.
-- unit_code is the unit the row is about: for a total row the report's own unit (the
-- province for a province-wide report), for a detail row of a province-wide report the row's unit.
-- Built by statistical year: a refresh evaluates again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current and {{ in_affected_years() }}
),

rows_ as (
    select * from {{ ref('int_report_rows_pivoted') }}
),

joined as (
    select
        r.file_sha256,
        r.report_kind,
        r.unit_code as report_unit_code,
        r.period_start,
        r.period_end,
        r.submission_no,
        r.n_versions,
        r.prepared_on,
        r.file_path,
        x.row_kind,
        x.row_code,
        x.row_name,
        x.row_stt,
        case
            when x.row_kind = 'total' then r.unit_code
            when r.report_kind = 'province' then {{ office_code('x.row_code') }}
            else r.unit_code
        end as unit_code,
        x.* exclude (file_sha256, row_kind, row_code, row_name, row_stt)
    from reports as r
    inner join rows_ as x on r.file_sha256 = x.file_sha256
)

select * from joined
