-- The calendar of working days: Monday to Friday less Vietnam's public holidays (seed
-- ref_public_holidays). working_day_no counts the working days up to and including each day, so the
-- working days between two dates are a difference of two numbers.
with days as (
    select cast(t.d as date) as calendar_day
    from range(date '2009-10-01', date '2033-01-01', interval 1 day) as t (d)
),

holidays as (
    select * from {{ ref('ref_public_holidays') }}
),

flagged as (
    select
        days.calendar_day,
        holidays.name_vi as holiday_name_vi,
        dayofweek(days.calendar_day) not in (0, 6) and holidays.holiday_date is null as is_working_day
    from days
    left join holidays on days.calendar_day = holidays.holiday_date
)

select
    calendar_day,
    is_working_day,
    holiday_name_vi,
    cast(sum(case when is_working_day then 1 else 0 end) over (order by calendar_day) as integer) as working_day_no
from flagged
