-- depends_on: {{ ref('int_affected_years') }}
-- depends_on: {{ ref('ref_rule_expressions') }}
-- Level-4 rules: target attainment (T-01, information), backlog-reduction targets (T-02; none
-- assigned in the reference data, so NA), and the self-scoring tables (T-03): every claimed
-- figure equals the figure of the accepted report of the same reference date.
-- Built by statistical year: a refresh evaluates again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with indicators as (
    select
        *,
        -- no backlog-reduction target is assigned in seeds/ref_targets.csv
        cast(null as decimal(9, 2)) as backlog_reduction_target_pct
    from {{ ref('int_indicators') }}
),

actual_values as (
    {%- set criteria = ['case_rate_pct', 'money_rate_pct', 'completed_cases', 'completed_kvnd',
                        'carried_out_cases_change_pct', 'carried_out_kvnd_change_pct'] %}
    {%- for c in criteria %}
        select
            unit_code,
            period_end,
            '{{ c }}' as criterion_code,
            cast({{ c }} as decimal(38, 6)) as actual_value
        from indicators
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

self_score_pairs as (
    select
        c.unit_code,
        c.reference_date as period_end,
        c.file_sha256,
        c.submission_no,
        c.criterion_code,
        c.claimed_value,
        a.actual_value
    from {{ ref('stg_raw__self_score_claims') }} as c
    left join actual_values as a
        on c.unit_code = a.unit_code and c.reference_date = a.period_end and c.criterion_code = a.criterion_code
),

items as (
    {{ rule_items('indicators', 'indicators',
        {'unit_code': 'unit_code', 'period_end': 'period_end', 'row_kind': "'total'", 'row_code': "''"},
        ['case_rate_pct', 'case_target_pct', 'money_rate_pct', 'money_target_pct',
         'carried_out_cases_change_pct', 'backlog_reduction_target_pct']) }}
    union all
    {{ rule_items('self_score', 'self_score_pairs',
        {'unit_code': 'unit_code', 'period_end': 'period_end', 'report_kind': "'self_score'",
         'file_sha256': 'file_sha256', 'submission_no': 'submission_no', 'is_current_version': 'true',
         'row_kind': "'claim'", 'row_code': 'criterion_code'},
        ['claimed_value', 'actual_value']) }}
),

{{ rule_outcomes('items') }}

select * from outcomes
where {{ in_affected_years() }}
