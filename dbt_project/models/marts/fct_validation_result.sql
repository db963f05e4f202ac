-- One row per rule × evaluated item (unit, period, form, row, column, submission) of this run,
-- with outcome pass / fail / na / error, both sides, the imbalance and the tolerance used.
-- A rule that cannot be evaluated is na or error, never pass.
{%- set families = ['int_validation_within_report', 'int_validation_periods', 'int_validation_hierarchy',
                    'int_validation_completeness', 'int_validation_targets'] %}
with results as (
    {%- for m in families %}
    select * from {{ ref(m) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    cast(md5(concat_ws('|', rule_id, part, form_code, coalesce(column_name, ''), coalesce(unit_code, ''),
                       coalesce(report_kind, ''), coalesce(cast(period_end as varchar), ''), coalesce(row_code, '')))
         as varchar) as finding_key,
    rule_id,
    part,
    form_code,
    column_name,
    unit_code,
    report_kind,
    period_end,
    row_kind,
    row_code,
    file_sha256,
    submission_no,
    coalesce(is_current_version, true) as is_current_version,
    family,
    ess_level,
    severity,
    outcome,
    comparison,
    lhs_value,
    rhs_value,
    rhs_high_value,
    imbalance,
    tolerance,
    missing_mode,
    note,
    cast('{{ env_var("THADS_RUN_ID", invocation_id) }}' as varchar) as run_id,
    cast(current_timestamp as timestamp) as evaluated_at
from results
