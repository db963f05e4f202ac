-- One row per loaded report file (a submission), typed, with the unit the report is about.
with source as (
    select * from {{ source('raw', 'report_files') }}
),

renamed as (
    select
        ---------- ids
        file_sha256,
        unit_code as reported_unit_code,
        case when report_kind = 'unit' then {{ office_code('unit_code') }} else unit_code end as unit_code,
        ---------- dimensions
        report_kind,
        file_format,
        template_id,
        submission_no,
        ---------- dates
        period_start,
        period_end,
        prepared_on,
        file_modified_at,
        received_at,
        ---------- metadata
        file_path,
        file_name,
        unit_name as reported_unit_name,
        run_id
    from source
    where status = 'loaded' and report_kind in ('unit', 'province')
)

select * from renamed
