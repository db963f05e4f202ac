-- depends_on: {{ ref('int_affected_years') }}
-- Items, passes, fails, NA and errors per rule and period (current submissions), and how many root
-- causes the failed items come from (int_finding_causes: one mistake, however many checks it breaks).
-- Built by statistical year like fct_validation_result (macros/incremental.sql): a period's row counts the
-- items of that period, and a failed item's root cause is worked out from its own period's reports, so the
-- years a refresh does not evaluate again keep their rows (20 million results were counted every night).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with results as (
    select * from {{ ref('fct_validation_result') }}
    where is_current_version and {{ in_affected_years() }}
),

causes as (
    select * from {{ ref('int_finding_causes') }}
)

select
    r.rule_id,
    r.period_end,
    any_value(r.family) as family,
    any_value(r.severity) as severity,
    count(*) as items,
    count(*) filter (where r.outcome = 'pass') as passes,
    count(*) filter (where r.outcome = 'fail') as fails,
    count(*) filter (where r.outcome = 'na') as nas,
    count(*) filter (where r.outcome = 'error') as errors,
    count(distinct c.root_cause_key) as failed_root_causes
from results as r
left join causes as c on r.finding_key = c.finding_key
group by r.rule_id, r.period_end
