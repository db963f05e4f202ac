-- depends_on: {{ ref('int_affected_years') }}
-- Restatements (domain.md §3.3): for each resubmission of a report, every cell that changed from the
-- submission before it — the unit, period, form, row and column, the submission numbers, the old and
-- the new value. A cell only in one of the two is added or removed; a resubmission that changes
-- nothing is listed once as such (change_kind no_change), so a correction is never invisible.
-- Built by statistical year: a refresh evaluates again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with versions as (
    select
        unit_code,
        period_end,
        report_kind,
        submission_no,
        file_sha256,
        arrived_at,
        lag(submission_no) over w as previous_submission_no,
        lag(file_sha256) over w as previous_file_sha256
    from {{ ref('int_reports_versioned') }}
    window w as (partition by unit_code, report_kind, period_end order by submission_no, arrived_at, file_sha256)
),

resubmissions as (
    select * from versions
    where previous_file_sha256 is not null and {{ in_affected_years() }}
),

cells as (
    -- the cells of the files compared only (a semi join on one column of the raw cells, before the cells
    -- are typed: typing every cell of every year cost 9 s a night on twelve national years)
    select
        file_sha256,
        form_code,
        row_kind,
        row_code,
        column_name,
        cell_ref,
        coalesce(cast(amount as decimal(38, 2)), rate_pct) as cell_value
    from {{ ref('stg_raw__report_cells') }}
    where file_sha256 in (
        select file_sha256 from resubmissions
        union all
        select previous_file_sha256 from resubmissions
    )
),

new_cells as (
    select
        r.unit_code,
        r.period_end,
        r.report_kind,
        r.submission_no,
        r.previous_submission_no,
        r.file_sha256 as to_file_sha256,
        r.previous_file_sha256 as from_file_sha256,
        c.form_code,
        c.row_kind,
        c.row_code,
        c.column_name,
        c.cell_ref,
        c.cell_value
    from resubmissions as r
    inner join cells as c on r.file_sha256 = c.file_sha256
),

old_cells as (
    select
        r.unit_code,
        r.period_end,
        r.report_kind,
        r.submission_no,
        r.previous_submission_no,
        r.file_sha256 as to_file_sha256,
        r.previous_file_sha256 as from_file_sha256,
        c.form_code,
        c.row_kind,
        c.row_code,
        c.column_name,
        c.cell_ref,
        c.cell_value
    from resubmissions as r
    inner join cells as c on r.previous_file_sha256 = c.file_sha256
),

compared as (
    select
        coalesce(n.unit_code, o.unit_code) as unit_code,
        coalesce(n.period_end, o.period_end) as period_end,
        coalesce(n.report_kind, o.report_kind) as report_kind,
        coalesce(n.form_code, o.form_code) as form_code,
        coalesce(n.row_kind, o.row_kind) as row_kind,
        coalesce(n.row_code, o.row_code) as row_code,
        coalesce(n.column_name, o.column_name) as column_name,
        coalesce(n.previous_submission_no, o.previous_submission_no) as from_submission_no,
        coalesce(n.submission_no, o.submission_no) as to_submission_no,
        o.cell_value as old_value,
        n.cell_value as new_value,
        o.cell_ref as old_cell_ref,
        n.cell_ref as new_cell_ref,
        case
            when o.unit_code is null then 'added'
            when n.unit_code is null then 'removed'
            else 'changed'
        end as change_kind,
        coalesce(n.from_file_sha256, o.from_file_sha256) as from_file_sha256,
        coalesce(n.to_file_sha256, o.to_file_sha256) as to_file_sha256
    from new_cells as n
    full outer join old_cells as o
        on
            n.to_file_sha256 = o.to_file_sha256 and n.from_file_sha256 = o.from_file_sha256
            and n.form_code = o.form_code and n.row_kind = o.row_kind and n.row_code = o.row_code
            and n.column_name = o.column_name
    where o.cell_value is distinct from n.cell_value
),

unchanged as (
    select
        r.unit_code,
        r.period_end,
        r.report_kind,
        cast(null as varchar) as form_code,
        cast(null as varchar) as row_kind,
        cast(null as varchar) as row_code,
        cast(null as varchar) as column_name,
        r.previous_submission_no as from_submission_no,
        r.submission_no as to_submission_no,
        cast(null as decimal(38, 2)) as old_value,
        cast(null as decimal(38, 2)) as new_value,
        cast(null as varchar) as old_cell_ref,
        cast(null as varchar) as new_cell_ref,
        'no_change' as change_kind,
        r.previous_file_sha256 as from_file_sha256,
        r.file_sha256 as to_file_sha256
    from resubmissions as r
    where not exists (
        select 1 from compared as c
        where
            c.unit_code = r.unit_code and c.period_end = r.period_end and c.report_kind = r.report_kind
            and c.to_submission_no = r.submission_no
    )
)

select
    unit_code,
    period_end,
    report_kind,
    form_code,
    row_kind,
    row_code,
    column_name,
    cast(from_submission_no as integer) as from_submission_no,
    cast(to_submission_no as integer) as to_submission_no,
    cast(old_value as decimal(38, 2)) as old_value,
    cast(new_value as decimal(38, 2)) as new_value,
    cast(new_value - old_value as decimal(38, 2)) as change,
    old_cell_ref,
    new_cell_ref,
    cast(change_kind as varchar) as change_kind,
    from_file_sha256,
    to_file_sha256
from (
    select * from compared
    union all
    select * from unchanged
) as revisions
