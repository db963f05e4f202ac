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
    end as varchar) as deadline_rule_vi
from periods
