-- One row per report cell, typed: counts and money as exact integers, rates as decimals.
with source as (
    select * from {{ source('raw', 'report_cells') }}
),

typed as (
    select
        ---------- ids
        file_sha256,
        sheet,
        form_code,
        measure,
        -- chu_dong | theo_yeu_cau under TT 01/2013 (two forms per measure); NULL where the layout has one
        part as enforcement_part,
        row_kind,
        case when row_kind = 'total' then '' else row_code end as row_code,
        row_stt,
        row_name,
        column_number,
        column_name,
        ---------- values
        value_text,
        case when column_name <> 'completion_rate_pct' then cast(value as bigint) end as amount,
        case when column_name = 'completion_rate_pct' then cast(value as decimal(9, 2)) end as rate_pct,
        ---------- provenance
        cell_ref,
        row_number
    from source
)

select * from typed
