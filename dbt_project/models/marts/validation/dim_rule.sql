-- The rule registry (seeds/ref_rules.csv) as auditors read it: with its family's name and what the
-- province office should do about a failure and which report each side of an item comes from
-- (seeds/ref_rule_actions.csv, ref_rule_families.csv).
select
    cast(r.rule_id as varchar) as rule_id,
    cast(r.family as varchar) as family,
    cast(f.name_vi as varchar) as family_name_vi,
    cast(f.name_en as varchar) as family_name_en,
    cast(r.ess_level as integer) as ess_level,
    cast(r.severity as varchar) as severity,
    cast(r.tolerance as decimal(38, 6)) as tolerance,
    cast(r.missing_mode as varchar) as missing_mode,
    cast(r.basis as varchar) as basis,
    cast(r.valid_from as date) as valid_from,
    cast(r.valid_to as date) as valid_to,
    cast(r.description_vi as varchar) as description_vi,
    cast(r.description_en as varchar) as description_en,
    cast(a.action_vi as varchar) as action_vi,
    cast(a.action_en as varchar) as action_en,
    cast(a.lhs_label_vi as varchar) as lhs_label_vi,
    cast(a.rhs_label_vi as varchar) as rhs_label_vi,
    cast(a.lhs_label_en as varchar) as lhs_label_en,
    cast(a.rhs_label_en as varchar) as rhs_label_en
from {{ ref('ref_rules') }} as r
left join {{ ref('ref_rule_families') }} as f on r.family = f.family
left join {{ ref('ref_rule_actions') }} as a on r.rule_id = a.rule_id
