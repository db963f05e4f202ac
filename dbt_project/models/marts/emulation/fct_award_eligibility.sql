-- Each emulation registration (đăng ký thi đua): whether the conditions of the title registered are
-- met on the reports (fct_award_condition), which failed and by how much, and whether the title was
-- awarded (the award decisions sent by the province).
with conditions as (
    select * from {{ ref('fct_award_condition') }}
),

registrations as (
    select * from {{ ref('stg_raw__emulation_entries') }}
    where document = 'emulation_registration'
),

awards as (
    select * from {{ ref('stg_raw__emulation_entries') }}
    where document = 'award_decision'
),

judged as (
    select
        stat_year,
        registrant_code,
        title_code,
        max(as_of_period_end) as as_of_period_end,
        count(*) as n_conditions,
        count(*) filter (where is_met) as n_conditions_met,
        count(*) filter (where not is_met) as n_conditions_failed,
        count(*) filter (where is_met is null) as n_conditions_na,
        string_agg(
            condition_name_vi || ': ' || replace(cast(figure_value as varchar), '.', ',') || ' (cần ' || comparison
            || ' ' || replace(cast(threshold as varchar), '.', ',') || ', thiếu '
            || replace(cast(shortfall as varchar), '.', ',') || ')',
            '; ' order by condition_no
        ) filter (where not is_met) as failed_conditions_vi,
        string_agg(
            condition_name_en || ': ' || cast(figure_value as varchar) || ' (needs ' || comparison || ' '
            || cast(threshold as varchar) || ', short by ' || cast(shortfall as varchar) || ')',
            '; ' order by condition_no
        ) filter (where not is_met) as failed_conditions_en,
        string_agg(condition_name_vi, '; ' order by condition_no) filter (where is_met is null) as na_conditions_vi
    from conditions
    group by stat_year, registrant_code, title_code
)

select
    r.stat_year,
    r.sender_unit_code,
    r.registrant_code,
    r.registrant_name,
    r.registrant_kind,
    r.title_code,
    t.name_vi as title_name_vi,
    t.name_en as title_name_en,
    t.level_code,
    t.level_vi,
    j.as_of_period_end,
    coalesce(j.n_conditions, 0) as n_conditions,
    coalesce(j.n_conditions_met, 0) as n_conditions_met,
    coalesce(j.n_conditions_failed, 0) as n_conditions_failed,
    coalesce(j.n_conditions_na, 0) as n_conditions_na,
    case
        when j.n_conditions_failed > 0 then false
        when j.n_conditions_na > 0 or j.n_conditions is null then null
        else true
    end as is_eligible,
    j.failed_conditions_vi,
    j.failed_conditions_en,
    j.na_conditions_vi,
    a.file_sha256 is not null as is_awarded,
    a.decision_no,
    a.decision_date,
    a.decided_by,
    r.file_sha256,
    r.sheet || '!' || r.cell_ref as registration_cell
from registrations as r
inner join {{ ref('ref_emulation_titles') }} as t on r.title_code = t.title_code
left join judged as j
    on r.stat_year = j.stat_year and r.registrant_code = j.registrant_code and r.title_code = j.title_code
left join awards as a
    on r.stat_year = a.stat_year and r.registrant_code = a.registrant_code and r.title_code = a.title_code
