-- depends_on: {{ ref('ref_emulation_title_conditions') }}
-- Each condition of each registered title (seeds/ref_emulation_title_conditions.csv), judged on the
-- registrant's figures at the last period of the year with data (the 12-month report once it is in):
-- the figure, the threshold, met or not and by how much it falls short. A figure that cannot be found
-- (an executor absent from the reports, a year without data) is NA, never a pass. A condition names a
-- figure: total_points, the target gaps, late reports, open errors, the points of one criterion
-- (points_<criterion_code>), or an executor's gaps to the unit's targets.
with registrations as (
    select * from {{ ref('stg_raw__emulation_entries') }}
    where document = 'emulation_registration'
),

unit_scores as (
    select
        unit_code,
        period_end,
        stat_year,
        sum(reviewed_points) as total_points
    from {{ ref('fct_emulation_score') }}
    group by unit_code, period_end, stat_year
),

unit_figures as (
    select
        f.unit_code,
        f.period_end,
        f.stat_year,
        row_number() over (partition by f.unit_code, f.stat_year order by f.period_end desc) as recency,
        s.total_points,
        f.case_target_gap_points,
        f.money_target_gap_points,
        f.n_late_reports,
        f.n_open_errors
    from {{ ref('int_emulation_figures') }} as f
    left join unit_scores as s on f.unit_code = s.unit_code and f.period_end = s.period_end
),

executor_figures as (
    select
        executor_code,
        unit_code,
        province_code,
        period_end,
        stat_year,
        row_number() over (partition by executor_code, stat_year order by period_end desc) as recency,
        executor_case_target_gap_points,
        executor_money_target_gap_points
    from {{ ref('rpt_executor_results') }}
),

figures_long as (
    {%- set unit_figures = ['total_points', 'case_target_gap_points', 'money_target_gap_points',
                            'n_late_reports', 'n_open_errors'] %}
    {%- for name in unit_figures %}
        select
            'collective' as registrant_kind,
            unit_code as registrant_code,
            stat_year,
            period_end,
            '{{ name }}' as figure,
            cast({{ name }} as decimal(38, 2)) as figure_value
        from unit_figures
        where recency = 1
        union all
    {%- endfor %}
    -- the reviewed points of any criterion: figure points_<criterion_code>
    select
        'collective' as registrant_kind,
        sc.unit_code as registrant_code,
        sc.stat_year,
        sc.period_end,
        'points_' || sc.criterion_code as figure,
        cast(sc.reviewed_points as decimal(38, 2)) as figure_value
    from {{ ref('fct_emulation_score') }} as sc
    inner join unit_figures as uf
        on sc.unit_code = uf.unit_code and sc.period_end = uf.period_end and uf.recency = 1
    union all
    {%- set executor_figures = ['executor_case_target_gap_points', 'executor_money_target_gap_points'] %}
    {%- for name in executor_figures %}
        select
            'individual' as registrant_kind,
            executor_code as registrant_code,
            stat_year,
            period_end,
            '{{ name }}' as figure,
            cast({{ name }} as decimal(38, 2)) as figure_value
        from executor_figures
        where recency = 1
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    r.stat_year,
    r.sender_unit_code,
    r.registrant_code,
    r.registrant_name,
    r.registrant_kind,
    r.title_code,
    c.condition_no,
    c.figure,
    c.name_vi as condition_name_vi,
    c.name_en as condition_name_en,
    c.comparison,
    c.threshold,
    f.figure_value,
    f.period_end as as_of_period_end,
    case
        when f.figure_value is null then null
        when c.comparison = '>=' then f.figure_value >= c.threshold
        when c.comparison = '<=' then f.figure_value <= c.threshold
        when c.comparison = '=' then f.figure_value = c.threshold
    end as is_met,
    cast(case
        when f.figure_value is null then null
        when c.comparison = '>=' then greatest(0, c.threshold - f.figure_value)
        when c.comparison = '<=' then greatest(0, f.figure_value - c.threshold)
        when c.comparison = '=' then abs(f.figure_value - c.threshold)
    end as decimal(38, 2)) as shortfall
from registrations as r
inner join {{ ref('ref_emulation_title_conditions') }} as c on r.title_code = c.title_code
left join figures_long as f
    on
        r.registrant_code = f.registrant_code
        and r.registrant_kind = f.registrant_kind
        and r.stat_year = f.stat_year
        and c.figure = f.figure
