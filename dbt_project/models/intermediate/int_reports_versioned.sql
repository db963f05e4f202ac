-- depends_on: {{ ref('int_affected_years') }}
-- Every loaded submission with its version rank: the current version of a report
-- (unit × kind × period) is the highest submission number; ties (the same number sent twice
-- with different content) go to the later preparation date, then the later file.
-- Built by statistical year: a refresh builds again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with files as (
    select * from {{ ref('stg_raw__report_files') }}
    where {{ in_affected_years() }}
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
