-- When each submission arrived and whether the report was late (domain.md §3.2): the arrival
-- (first seen by the pipeline, or the file's modification time for files that came in before the
-- pipeline existed — arrival_basis says which) against the deadline of the period's reporting regime,
-- in working days (Monday to Friday less public holidays). Times are Vietnam's (UTC+7, no summer time).
with submissions as (
    select * from {{ ref('int_reports_versioned') }}
),

periods as (
    select * from {{ ref('dim_period') }}
),

days as (
    select * from {{ ref('int_working_days') }}
),

timed as (
    select
        s.unit_code,
        s.period_end,
        s.report_kind,
        s.submission_no,
        s.is_current as is_current_version,
        s.file_sha256,
        s.file_path,
        s.prepared_on,
        s.arrival_basis,
        -- the first submission of a report is the one judged for lateness
        row_number() over (
            partition by s.unit_code, s.report_kind, s.period_end order by s.arrived_at, s.submission_no
        ) = 1 as is_first_submission,
        cast(s.arrived_at + interval 7 hour as timestamp) as arrived_at,
        cast(s.arrived_at + interval 7 hour as date) as arrived_on,
        case when s.report_kind = 'province' then p.province_deadline else p.unit_deadline end as deadline
    from submissions as s
    inner join periods as p on s.period_end = p.period_end
)

select
    t.unit_code,
    t.period_end,
    t.report_kind,
    t.submission_no,
    t.is_current_version,
    t.is_first_submission,
    t.arrived_at,
    t.arrived_on,
    t.arrival_basis,
    t.prepared_on,
    t.deadline,
    t.arrived_on > t.deadline as is_late,
    -- a report that arrives on a day off counts as received on the next working day
    cast(case
        when t.arrived_on <= t.deadline then 0
        else a.working_day_no - d.working_day_no + case when a.is_working_day then 0 else 1 end
    end as integer) as working_days_late,
    t.file_sha256,
    t.file_path
from timed as t
inner join days as a on t.arrived_on = a.calendar_day
inner join days as d on t.deadline = d.calendar_day
