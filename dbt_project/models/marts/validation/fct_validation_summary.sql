-- Items, passes, fails, NA and errors per rule and period (current submissions).
select
    rule_id,
    period_end,
    any_value(family) as family,
    any_value(severity) as severity,
    count(*) as items,
    count(*) filter (where outcome = 'pass') as passes,
    count(*) filter (where outcome = 'fail') as fails,
    count(*) filter (where outcome = 'na') as nas,
    count(*) filter (where outcome = 'error') as errors
from {{ ref('fct_validation_result') }}
where is_current_version
group by rule_id, period_end
