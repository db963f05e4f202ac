-- Reporting periods: every month end from October 2009 to September 2031. A period starts
-- on 1 October and is cumulative; statistical year Y runs 1/10/(Y-1) - 30/9/Y.
-- The reporting regime of each period and its deadlines come from the seed ref_reporting_regimes.
with months as (
    select cast(last_day(t.m) as date) as period_end
    from range(date '2009-10-01', date '2031-10-01', interval 1 month) as t (m)
),

periods as (
    select
        period_end,
        cast(case when month(period_end) >= 10 then year(period_end) + 1 else year(period_end) end as integer)
            as stat_year,
        cast(case when month(period_end) >= 10 then month(period_end) - 9 else month(period_end) + 3 end as integer)
            as period_months
    from months
),

working_days_after as (
    -- the 1st, 2nd, … working day after each period end (Monday to Friday less public holidays)
    select
        m.period_end,
        w.calendar_day as working_day,
        row_number() over (partition by m.period_end order by w.calendar_day) as n
    from months as m
    inner join {{ ref('int_working_days') }} as w
        on m.period_end < w.calendar_day and w.calendar_day <= m.period_end + 31 and w.is_working_day
),

regimes as (
    select * from {{ ref('ref_reporting_regimes') }}
),

-- the last day a unit's / a province's report may be prepared (domain.md §3.2): a number of calendar
-- days after the period end (the 3rd / 6th of the next month until 2019), or of working days
deadlines as (
    select
        p.period_end,
        r.regime_code,
        case r.deadline_kind
            when 'calendar_days' then cast(p.period_end + r.unit_deadline_days as date)
            else max(case when w.n = r.unit_deadline_days then w.working_day end)
        end as unit_deadline,
        case r.deadline_kind
            when 'calendar_days' then cast(p.period_end + r.province_deadline_days as date)
            else max(case when w.n = r.province_deadline_days then w.working_day end)
        end as province_deadline
    from periods as p
    inner join regimes as r on p.period_end between r.valid_from and r.valid_to
    inner join working_days_after as w on p.period_end = w.period_end
    group by p.period_end, r.regime_code, r.deadline_kind, r.unit_deadline_days, r.province_deadline_days
)

select
    p.period_end,
    p.stat_year,
    p.period_months,
    cast(make_date(p.stat_year - 1, 10, 1) as date) as period_start,
    cast(p.period_months || ' tháng năm ' || p.stat_year as varchar) as period_label_vi,
    cast(
        p.period_months || ' month' || case when p.period_months > 1 then 's' else '' end || ' of ' || p.stat_year
        as varchar
    ) as period_label_en,
    cast(last_day(p.period_end - interval 1 year) as date) as same_period_prev_year_end,
    cast(case when p.period_months = 1 then null else last_day(p.period_end - interval 1 month) end as date)
        as prev_period_end,
    cast(r.regime_code as varchar) as regime_code,
    cast(r.regime_name_vi as varchar) as regime_name_vi,
    cast(r.deadline_rule_vi as varchar) as deadline_rule_vi,
    cast(d.unit_deadline as date) as unit_deadline,
    cast(d.province_deadline as date) as province_deadline
from periods as p
inner join deadlines as d on p.period_end = d.period_end
inner join regimes as r on d.regime_code = r.regime_code
