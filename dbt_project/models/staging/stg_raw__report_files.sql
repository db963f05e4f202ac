-- One row per loaded report file (a submission), typed, with the unit the report is about.
with source as (
    select * from {{ source('raw', 'report_files') }}
),

arrivals as (
    select * from {{ ref('stg_raw__file_arrivals') }}
),

renamed as (
    select
        ---------- ids
        source.file_sha256,
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
        source.file_modified_at,
        source.received_at,
        -- when the file arrived (UTC); its modification time where the arrival was not recorded
        coalesce(arrivals.arrived_at, source.file_modified_at, source.received_at) as arrived_at,
        coalesce(arrivals.arrival_basis, 'file_modified') as arrival_basis,
        ---------- metadata
        source.file_path,
        file_name,
        unit_name as reported_unit_name,
        source.run_id
    from source
    left join arrivals on source.file_sha256 = arrivals.file_sha256
    where status = 'loaded' and report_kind in ('unit', 'province')
)

select * from renamed
