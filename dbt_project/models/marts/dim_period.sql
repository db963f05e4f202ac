-- Reporting periods: every month end from October 2009 to September 2031. A period starts
-- on 1 October and is cumulative; statistical year Y runs 1/10/(Y-1) - 30/9/Y.
with months as (
    select cast(last_day(m) as date) as period_end
    from range(date '2009-10-01', date '2031-10-01', interval 1 month) as t(m)
),

periods as (
    select
        period_end,
        cast(case when month(period_end) >= 10 then year(period_end) + 1 else year(period_end) end as integer) as stat_year,
        cast(case when month(period_end) >= 10 then month(period_end) - 9 else month(period_end) + 3 end as integer) as period_months
    from months
),

working_days_after as (
    -- the 1st, 2nd, … working day after each period end (Monday to Friday; public holidays are not known)
    select
        m.period_end,
        cast(m.period_end + cast(d.i as integer) as date) as day,
        row_number() over (partition by m.period_end order by d.i) as n
    from months as m
    cross join range(1, 15) as d(i)
    where dayofweek(m.period_end + cast(d.i as integer)) not in (0, 6)
),

deadlines as (
    select
        period_end,
        max(case when n = 2 then day end) as second_working_day,
        max(case when n = 4 then day end) as fourth_working_day
    from working_days_after
    group by period_end
)

select
    period_end,
    stat_year,
    period_months,
    cast(make_date(stat_year - 1, 10, 1) as date) as period_start,
    cast(period_months || ' tháng năm ' || stat_year as varchar) as period_label_vi,
    cast(period_months || ' month' || case when period_months > 1 then 's' else '' end || ' of ' || stat_year as varchar) as period_label_en,
    cast(last_day(period_end - interval 1 year) as date) as same_period_prev_year_end,
    cast(case when period_months = 1 then null else last_day(period_end - interval 1 month) end as date) as prev_period_end,
    cast(case
        when period_end < date '2020-01-05' then 'TT01_2013'
        when period_end < date '2024-07-26' then 'TT06_2019'
        else 'TT05_2024'
    end as varchar) as regime_code,
    cast(case
        when period_end < date '2020-01-05' then 'Thông tư 01/2013/TT-BTP, sửa đổi bởi Thông tư 08/2015/TT-BTP'
        when period_end < date '2024-07-26' then 'Thông tư 06/2019/TT-BTP'
        else 'Thông tư 05/2024/TT-BTP'
    end as varchar) as regime_name_vi,
    cast(case
        when period_end < date '2020-01-05' then 'Chấp hành viên trước ngày 02, Chi cục trước ngày 04, Cục trước ngày 07 của kỳ sau'
        when period_end < date '2024-07-26' then 'Chấp hành viên 01, Chi cục 02, Cục 04 ngày làm việc sau ngày kết thúc kỳ'
        else 'Chấp hành viên 01 ngày làm việc sau ngày kết thúc kỳ; các cấp khác chưa xác định (giữ như TT 06/2019)'
    end as varchar) as deadline_rule_vi,
    -- the last day a unit's / a province's report may be prepared (domain.md §3.2): before the 4th / 7th
    -- of the next month until 2019, then 2 / 4 working days after the period end (kept for TT 05/2024)
    cast(case when p.period_end < date '2020-01-05' then p.period_end + 3 else d.second_working_day end as date)
        as unit_deadline,
    cast(case when p.period_end < date '2020-01-05' then p.period_end + 6 else d.fourth_working_day end as date)
        as province_deadline
from periods as p
inner join deadlines as d using (period_end)
