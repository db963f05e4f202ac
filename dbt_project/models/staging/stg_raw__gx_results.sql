-- Great Expectations outcomes of this refresh (run by the gx_results asset before the validation marts).
-- Rows of an earlier run left in the build file are not this refresh's outcomes: they are dropped here,
-- and int_validation_expectations turns the missing suite into an error item.
select
    run_id,
    suite_name,
    suite_version,
    rule_id,
    expectation_no,
    expectation_type,
    column_name,
    description_vi,
    description_en,
    outcome,
    element_count,
    unexpected_count,
    failing_keys,
    note,
    data_docs_page,
    evaluated_at
from {{ source('raw', 'gx_results') }}
where run_id = '{{ env_var("THADS_RUN_ID", invocation_id) }}'
