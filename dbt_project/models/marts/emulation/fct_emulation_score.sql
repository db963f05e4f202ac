-- depends_on: {{ ref('int_affected_years') }}
-- depends_on: {{ ref('ref_emulation_criteria') }}
-- Emulation points per unit, as-of period and criterion: computed from the reports by the criteria
-- table (seeds/ref_emulation_criteria.csv, expressions over int_emulation_figures) beside the points
-- the unit claimed in its self-scoring table of that date (Bảng tự chấm điểm thi đua), and the figures
-- behind each. A criterion the reports cannot score keeps the claimed points (claim_status
-- not_computable); the reviewed points are the computed ones where they exist.
-- Built by statistical year: a refresh evaluates again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with figures as (
    select * from {{ ref('int_emulation_figures') }}
),

criteria as (
    select * from {{ ref('ref_emulation_criteria') }}
),

claims as (
    select
        unit_code,
        reference_date as period_end,
        criterion_code,
        claimed_value,
        cast(points as decimal(9, 2)) as claimed_points,
        file_sha256 as self_score_file_sha256,
        submission_no as self_score_submission_no,
        sheet || '!' || cell_ref as claimed_cell
    from {{ ref('stg_raw__self_score_claims') }}
),

scored as (
    select
        f.unit_code,
        f.period_end,
        f.unit_level,
        f.province_code,
        f.stat_year,
        c.criterion_code,
        c.part_code,
        c.name_vi as criterion_name_vi,
        c.name_en as criterion_name_en,
        cast(c.max_points as decimal(9, 2)) as max_points,
        cast({{ emulation_points() }} as decimal(9, 2)) as computed_points,
        {{ emulation_points_note() }} as points_note,
        -- the figure a criterion is about, and what it is measured against
        case c.criterion_code
            {%- for name in emulation_figure_names() if name not in ('max_points', 'case_target_pct',
                'money_target_pct', 'prev_completed_cases', 'prev_completed_kvnd') %}
                when '{{ name }}' then cast(f.{{ name }} as decimal(38, 2))
            {%- endfor %}
        end as figure_value,
        cast(case c.criterion_code
            when 'case_rate_pct' then f.case_target_pct
            when 'money_rate_pct' then f.money_target_pct
            when 'completed_cases' then f.prev_completed_cases
            when 'completed_kvnd' then f.prev_completed_kvnd
            when 'carried_out_cases_change_pct' then f.prev_carried_out_cases
            when 'carried_out_kvnd_change_pct' then f.prev_carried_out_kvnd
        end as decimal(38, 2)) as comparison_value,
        case
            when c.criterion_code in ('case_rate_pct', 'money_rate_pct') then 'target'
            when c.criterion_code in (
                'completed_cases', 'completed_kvnd', 'carried_out_cases_change_pct', 'carried_out_kvnd_change_pct'
            ) then 'same_period_last_year'
        end as comparison_basis,
        f.is_reliable
    from figures as f
    inner join criteria as c on f.stat_year between c.first_year and c.last_year
)

select
    s.unit_code,
    s.period_end,
    s.unit_level,
    s.province_code,
    s.stat_year,
    s.criterion_code,
    s.part_code,
    s.criterion_name_vi,
    s.criterion_name_en,
    s.max_points,
    s.computed_points,
    cl.claimed_points,
    cast(cl.claimed_points - s.computed_points as decimal(9, 2)) as points_difference,
    cast(coalesce(s.computed_points, cl.claimed_points) as decimal(9, 2)) as reviewed_points,
    case
        when s.points_note like 'expression_error%' then 'error'
        when s.points_note = 'not_computable' then 'not_computable'
        when s.computed_points is null then 'no_figure'
        when cl.self_score_file_sha256 is null then 'not_claimed'
        when cl.claimed_points is null then 'not_claimed'
        when abs(cl.claimed_points - s.computed_points) <= 0.01 then 'match'
        when cl.claimed_points > s.computed_points then 'overclaimed'
        else 'underclaimed'
    end as claim_status,
    s.points_note,
    s.figure_value,
    s.comparison_value,
    s.comparison_basis,
    cl.claimed_value,
    cl.claimed_cell,
    cl.self_score_file_sha256,
    cl.self_score_submission_no,
    s.is_reliable
from scored as s
left join claims as cl
    on s.unit_code = cl.unit_code and s.period_end = cl.period_end and s.criterion_code = cl.criterion_code
where {{ in_affected_years('s.period_end') }}
