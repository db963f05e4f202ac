-- The figures the emulation criteria are scored on, per unit (province, district office, regional
-- office) and as-of period: the published indicators (marts.rpt_indicators, so a score can never
-- disagree with the figures analysts see), the late reports and the open error findings of the
-- statistical year up to that period. A provincial agency answers for the reports of all its units
-- (its code prefix); an office for its own.
with units as (
    select * from {{ ref('rpt_indicators') }}
    where unit_level in ('province', 'district', 'region')
),

late as (
    select
        u.unit_code,
        u.period_end,
        count(*) as n_late_reports
    from units as u
    -- the province (code prefix) and the statistical year as join keys: implied by the conditions
    -- below, they let DuckDB hash the join instead of comparing every unit with every late report
    inner join {{ ref('fct_report_arrival') }} as a
        on
            split_part(a.unit_code, '-', 1) = split_part(u.unit_code, '-', 1)
            and {{ stat_year('a.period_end') }} = u.stat_year
            and a.is_first_submission and a.is_late
            and u.period_end >= a.period_end
            and a.period_end >= make_date(u.stat_year - 1, 10, 1)
            and (u.unit_code = a.unit_code or u.unit_level = 'province')
    group by u.unit_code, u.period_end
),

errors as (
    select
        u.unit_code,
        u.period_end,
        count(*) as n_open_errors
    from units as u
    inner join {{ ref('fct_finding_root_cause') }} as f
        on
            f.status = 'open' and f.severity = 'error'
            and f.report_kind in ('unit', 'province')
            and u.period_end >= f.period_end
            and f.period_end >= make_date(u.stat_year - 1, 10, 1)
            and (
                u.unit_code = f.unit_code
                or (u.unit_level = 'province' and split_part(f.unit_code, '-', 1) = u.unit_code)
            )
    group by u.unit_code, u.period_end
)

select
    u.unit_code,
    u.period_end,
    u.unit_level,
    u.province_code,
    u.stat_year,
    u.period_months,
    u.case_rate_pct,
    u.case_target_pct,
    u.case_target_gap_points,
    u.money_rate_pct,
    u.money_target_pct,
    u.money_target_gap_points,
    u.completed_cases,
    u.prev_completed_cases,
    u.completed_kvnd,
    u.prev_completed_kvnd,
    u.carried_out_cases,
    u.prev_carried_out_cases,
    u.carried_out_cases_change_pct,
    u.carried_out_kvnd,
    u.prev_carried_out_kvnd,
    u.carried_out_kvnd_change_pct,
    coalesce(l.n_late_reports, 0) as n_late_reports,
    coalesce(e.n_open_errors, 0) as n_open_errors,
    u.is_reliable
from units as u
left join late as l on u.unit_code = l.unit_code and u.period_end = l.period_end
left join errors as e on u.unit_code = e.unit_code and u.period_end = e.period_end
