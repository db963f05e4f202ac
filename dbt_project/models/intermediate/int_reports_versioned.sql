-- Every loaded submission with its version rank: the current version of a report
-- (unit × kind × period) is the highest submission number; ties (the same number sent twice
-- with different content) go to the later preparation date, then the later file.
with files as (
    select * from {{ ref('stg_raw__report_files') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by unit_code, report_kind, period_end
            order by submission_no desc, prepared_on desc nulls last, file_modified_at desc, file_sha256 asc
        ) as version_rank,
        count(*) over (partition by unit_code, report_kind, period_end) as n_versions
    from files
)

select
    *,
    version_rank = 1 as is_current
from ranked
