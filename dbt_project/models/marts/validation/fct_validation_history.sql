{{ config(materialized='incremental', on_schema_change='fail', full_refresh=false) }}
-- Append-only history of failed items (error and warning rules), one row per item and run.
-- The build file starts as a copy of the published warehouse, so the history carries over
-- from refresh to refresh; a rerun with the same run id appends nothing twice. A full build (other
-- code or reference data) keeps it too (full_refresh=false): the history is not a function of the files.
select
    finding_key,
    rule_id,
    part,
    form_code,
    column_name,
    unit_code,
    report_kind,
    period_end,
    row_code,
    family,
    severity,
    outcome,
    is_current_version,
    file_sha256,
    submission_no,
    lhs_value,
    rhs_value,
    imbalance,
    run_id,
    evaluated_at
from {{ ref('fct_validation_result') }}
where outcome in ('fail', 'error') and severity in ('error', 'warning')
{% if is_incremental() %}
    and run_id not in (select distinct run_id from {{ this }})
{% endif %}
