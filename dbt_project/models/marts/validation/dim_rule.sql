-- The rule registry (seeds/ref_rules.csv) as auditors read it.
select
    cast(rule_id as varchar) as rule_id,
    cast(family as varchar) as family,
    cast(ess_level as integer) as ess_level,
    cast(severity as varchar) as severity,
    cast(tolerance as decimal(38, 6)) as tolerance,
    cast(missing_mode as varchar) as missing_mode,
    cast(basis as varchar) as basis,
    cast(valid_from as date) as valid_from,
    cast(valid_to as date) as valid_to,
    cast(description_vi as varchar) as description_vi,
    cast(description_en as varchar) as description_en
from {{ ref('ref_rules') }}
