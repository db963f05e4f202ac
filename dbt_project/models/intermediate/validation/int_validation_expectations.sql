-- Value contracts (Great Expectations suites in expectations/) as items of their registry rules
-- (context great_expectations in seeds/ref_rule_expressions.csv, part = suite name): one item per
-- expectation with GX's outcome, the unexpected rows as the left side and 0 as the right. A suite
-- registered but not run in this refresh, and a suite that ran but is not registered, are error
-- items, never a silent pass.
with expressions as (
    select
        rule_id,
        part as suite_name
    from {{ ref('ref_rule_expressions') }}
    where context = 'great_expectations'
),

rules as (
    select * from {{ ref('ref_rules') }}
),

results as (
    select * from {{ ref('stg_raw__gx_results') }}
),

items as (
    select
        e.rule_id,
        e.suite_name as part,
        '*' as form_code,
        g.column_name,
        '=' as comparison,
        g.expectation_type || ' #' || cast(g.expectation_no as varchar) as row_code,
        cast(g.unexpected_count as decimal(38, 6)) as lhs_value,
        cast(case when g.outcome in ('pass', 'fail') then 0 end as decimal(38, 6)) as rhs_value,
        coalesce(g.outcome, 'error') as outcome,
        cast(case when g.outcome = 'fail' then g.unexpected_count end as decimal(38, 6)) as imbalance,
        case
            when g.suite_name is null
                then 'bộ kiểm tra GX không chạy trong lần làm mới này / the GX suite did not run in this refresh'
            else coalesce(g.note, g.description_vi || ' / ' || g.description_en)
        end as note
    from expressions as e
    left join results as g on e.suite_name = g.suite_name and e.rule_id = g.rule_id

    union all

    select
        g.rule_id,
        g.suite_name as part,
        '*' as form_code,
        g.column_name,
        '=' as comparison,
        g.expectation_type || ' #' || cast(g.expectation_no as varchar) as row_code,
        cast(g.unexpected_count as decimal(38, 6)) as lhs_value,
        cast(null as decimal(38, 6)) as rhs_value,
        'error' as outcome,
        cast(null as decimal(38, 6)) as imbalance,
        'bộ kiểm tra không có trong sổ quy tắc (ref_rule_expressions, ngữ cảnh great_expectations) / '
        || 'the suite is not registered in ref_rule_expressions (context great_expectations)' as note
    from results as g
    left join expressions as e on g.suite_name = e.suite_name and g.rule_id = e.rule_id
    where e.rule_id is null
)

select
    i.rule_id,
    i.part,
    i.form_code,
    i.column_name,
    i.comparison,
    cast(null as varchar) as unit_code,
    cast(null as date) as period_end,
    cast(null as varchar) as report_kind,
    cast(null as varchar) as file_sha256,
    cast(null as integer) as submission_no,
    true as is_current_version,
    'expectation' as row_kind,
    coalesce(i.row_code, '') as row_code,
    coalesce(r.family, 'value_contract') as family,
    coalesce(r.ess_level, 1) as ess_level,
    coalesce(r.severity, 'error') as severity,
    cast(coalesce(r.tolerance, 0) as decimal(38, 6)) as tolerance,
    coalesce(r.missing_mode, 'non_null') as missing_mode,
    i.lhs_value,
    i.rhs_value,
    cast(null as decimal(38, 6)) as rhs_high_value,
    cast(i.outcome as varchar) as outcome,
    i.imbalance,
    cast(i.note as varchar) as note
from items as i
left join rules as r on i.rule_id = r.rule_id
