-- Registered against achieved, by province, year and title (what the provincial emulation council
-- reports each year): registrations, of which the reports support the conditions, awards, and awards
-- made to a collective or individual that had not registered or whose conditions are not met.
with eligibility as (
    select * from {{ ref('fct_award_eligibility') }}
),

awards as (
    select * from {{ ref('stg_raw__emulation_entries') }}
    where document = 'award_decision'
),

keys as (
    select distinct
        sender_unit_code,
        stat_year,
        title_code
    from eligibility
    union
    select distinct
        sender_unit_code,
        stat_year,
        title_code
    from awards
),

registered as (
    select
        sender_unit_code,
        stat_year,
        title_code,
        count(*) as n_registered,
        count(*) filter (where is_eligible) as n_eligible,
        count(*) filter (where not is_eligible) as n_not_eligible,
        count(*) filter (where is_awarded) as n_awarded_registered,
        count(*) filter (where is_awarded and not is_eligible) as n_awarded_not_eligible
    from eligibility
    group by sender_unit_code, stat_year, title_code
),

awarded as (
    select
        a.sender_unit_code,
        a.stat_year,
        a.title_code,
        count(*) as n_awarded,
        count(*) filter (where e.registrant_code is null) as n_awarded_not_registered
    from awards as a
    left join eligibility as e
        on a.stat_year = e.stat_year and a.registrant_code = e.registrant_code and a.title_code = e.title_code
    group by a.sender_unit_code, a.stat_year, a.title_code
)

select
    k.sender_unit_code as province_unit_code,
    k.stat_year,
    k.title_code,
    t.name_vi as title_name_vi,
    t.name_en as title_name_en,
    t.recipient_kind,
    t.level_code,
    t.level_vi,
    coalesce(r.n_registered, 0) as n_registered,
    coalesce(r.n_eligible, 0) as n_eligible,
    coalesce(r.n_not_eligible, 0) as n_not_eligible,
    coalesce(w.n_awarded, 0) as n_awarded,
    coalesce(r.n_awarded_not_eligible, 0) as n_awarded_not_eligible,
    coalesce(w.n_awarded_not_registered, 0) as n_awarded_not_registered,
    {{ rate_pct('coalesce(w.n_awarded, 0)', 'coalesce(r.n_registered, 0)') }} as awarded_of_registered_pct
from keys as k
inner join {{ ref('ref_emulation_titles') }} as t on k.title_code = t.title_code
left join registered as r
    on k.sender_unit_code = r.sender_unit_code and k.stat_year = r.stat_year and k.title_code = r.title_code
left join awarded as w
    on k.sender_unit_code = w.sender_unit_code and k.stat_year = w.stat_year and k.title_code = w.title_code
