-- Rows of the emulation registrations and award decisions: the current submission of each
-- province's list per document and year.
with entries as (
    select
        e.*,
        dense_rank() over (
            partition by
                e.unit_code, e.document, e.stat_year order by
                e.submission_no desc, f.received_at desc,
                e.file_sha256 asc
        ) as version_rank
    from {{ source('raw', 'emulation_entries') }} as e
    inner join {{ source('raw', 'report_files') }} as f on e.file_sha256 = f.file_sha256
    where f.status = 'loaded'
)

select
    file_sha256,
    document,
    unit_code as sender_unit_code,
    stat_year,
    reference_date,
    submission_no,
    row_number,
    registrant_code,
    registrant_name,
    registrant_kind,
    title_code,
    decision_no,
    decision_date,
    decided_by,
    sheet,
    cell_ref
from entries
where version_rank = 1
