-- depends_on: {{ ref('int_affected_years') }}
-- One row per rule × evaluated item (unit, period, form, row, column, submission) of this run,
-- with outcome pass / fail / na / error, both sides, the imbalance and the tolerance used.
-- A rule that cannot be evaluated is na or error, never pass.
-- Built by statistical year (macros/incremental.sql): a refresh evaluates again the years its files
-- touch (int_affected_years) and the items of no period; the other years keep their rows, and their
-- run_id and evaluated_at say which refresh evaluated them.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
{%- set families = ['int_validation_within_report', 'int_validation_periods', 'int_validation_hierarchy',
                    'int_validation_completeness', 'int_validation_targets', 'int_validation_expectations'] %}
with evaluated as (
    {%- for m in families %}
        -- the years of this build, filtered in each family (DuckDB does not push the filter through the union)
        select * from {{ ref(m) }}
        where {{ in_affected_years() }}
        {% if not loop.last %}union all by name{% endif %}
    {%- endfor %}
),

rules as (
    select * from {{ ref('ref_rules') }}
),

expressions as (
    select * from {{ ref('ref_rule_expressions') }}
),

not_evaluated as (
    -- a registry entry no model can evaluate is an error item, never a silent skip
    select
        r.rule_id,
        coalesce(e.part, '') as part,
        coalesce(e.form_code, '*') as form_code,
        cast(null as varchar) as column_name,
        coalesce(e.comparison, '') as comparison,
        cast(null as varchar) as unit_code,
        cast(null as date) as period_end,
        cast(null as varchar) as report_kind,
        cast(null as varchar) as file_sha256,
        cast(null as integer) as submission_no,
        cast(null as boolean) as is_current_version,
        cast(null as varchar) as row_kind,
        cast(null as varchar) as row_code,
        r.family,
        r.ess_level,
        r.severity,
        cast(r.tolerance as decimal(38, 6)) as tolerance,
        r.missing_mode,
        cast(null as decimal(38, 6)) as lhs_value,
        cast(null as decimal(38, 6)) as rhs_value,
        cast(null as decimal(38, 6)) as rhs_high_value,
        'error' as outcome,
        cast(null as decimal(38, 6)) as imbalance,
        case
            when e.rule_id is null then 'the rule has no expression in seeds/ref_rule_expressions.csv'
            else 'no model evaluates context ' || coalesce(e.context, '(empty)')
        end as note
    from rules as r
    left join expressions as e on r.rule_id = e.rule_id
    where
        e.rule_id is null
        or e.context is null
        or e.context not in ({%- for c in var('validation_contexts') %}'{{ c }}'{{ ", " if not loop.last }}{% endfor -%})
),

results as (
    select * from evaluated
    union all by name
    select * from not_evaluated
)

select
    cast(md5(concat_ws(
        '|', rule_id, part, form_code, coalesce(column_name, ''), coalesce(unit_code, ''),
        coalesce(report_kind, ''), coalesce(cast(period_end as varchar), ''), coalesce(row_code, '')
    ))
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
