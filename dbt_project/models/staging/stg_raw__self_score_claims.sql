-- Claims of the self-scoring tables, current submission per unit and reference date.
with claims as (
    select
        c.*,
        dense_rank() over (
            partition by
                c.unit_code, c.reference_date order by
                c.submission_no desc, f.received_at desc,
                c.file_sha256 asc
        ) as version_rank
    from {{ source('raw', 'self_score_claims') }} as c
    inner join {{ source('raw', 'report_files') }} as f on c.file_sha256 = f.file_sha256
)

select
    file_sha256,
    unit_code,
    stat_year,
    reference_date,
    submission_no,
    criterion_code,
    criterion_name,
    claimed_value,
    points,
    sheet,
    cell_ref
from claims
where version_rank = 1
