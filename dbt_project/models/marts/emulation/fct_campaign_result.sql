-- Campaign results (phong trào, đợt thi đua; seeds/ref_emulation_campaigns.csv): for each unit in a
-- campaign's provinces, the campaign's indicator at the month end before the window opens and at the
-- window's end, its change and whether the campaign's goal was reached (e.g. backlog cases on 30/6 vs
-- 30/9). A unit without a report at either end has NULL values and goal_met NULL.
{%- set indicators = ['carried_out_cases', 'carried_out_kvnd', 'case_rate_pct', 'money_rate_pct',
                      'completed_cases', 'completed_kvnd'] %}
with campaigns as (
    select
        *,
        cast(last_day(window_start - interval 1 month) as date) as start_period_end,
        cast(last_day(window_end) as date) as end_period_end
    from {{ ref('ref_emulation_campaigns') }}
),

indicator_values as (
    {%- for name in indicators %}
        select
            unit_code,
            period_end,
            unit_level,
            province_code,
            '{{ name }}' as indicator,
            cast({{ name }} as decimal(38, 2)) as indicator_value
        from {{ ref('rpt_indicators') }}
        where unit_level in ('province', 'district', 'region')
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

units as (
    select distinct
        c.campaign_code,
        v.unit_code,
        v.unit_level,
        v.province_code
    from campaigns as c
    inner join indicator_values as v
        on
            c.indicator = v.indicator
            and v.period_end in (c.start_period_end, c.end_period_end)
            and (c.province_codes = '*' or list_contains(string_split(c.province_codes, ','), v.province_code))
)

select
    c.campaign_code,
    c.name_vi as campaign_name_vi,
    c.name_en as campaign_name_en,
    c.stat_year,
    u.unit_code,
    u.unit_level,
    u.province_code,
    c.indicator,
    c.start_period_end,
    c.end_period_end,
    s.indicator_value as start_value,
    e.indicator_value as end_value,
    cast(e.indicator_value - s.indicator_value as decimal(38, 2)) as change_value,
    case
        when s.indicator_value <> 0
            then cast(round(100 * (e.indicator_value - s.indicator_value) / s.indicator_value, 2) as decimal(9, 2))
    end as change_pct,
    c.goal_change_pct,
    case
        when s.indicator_value is null or e.indicator_value is null or s.indicator_value = 0 then null
        when c.goal_change_pct < 0
            then round(100 * (e.indicator_value - s.indicator_value) / s.indicator_value, 2) <= c.goal_change_pct
        else round(100 * (e.indicator_value - s.indicator_value) / s.indicator_value, 2) >= c.goal_change_pct
    end as goal_met
from campaigns as c
inner join units as u on c.campaign_code = u.campaign_code
left join indicator_values as s
    on u.unit_code = s.unit_code and c.indicator = s.indicator and c.start_period_end = s.period_end
left join indicator_values as e
    on u.unit_code = e.unit_code and c.indicator = e.indicator and c.end_period_end = e.period_end
