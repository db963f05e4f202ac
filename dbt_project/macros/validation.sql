{#-
  Rules as data. Every reconciliation rule is a row of seeds/ref_rules.csv; its expressions are
  rows of seeds/ref_rule_expressions.csv (left side, comparison, right side, optional upper bound
  and scope). A family model gives the context (the FROM clause, with aliases such as cur, prev,
  total) and the item keys; these macros turn each expression into the items it evaluates, and
  the items into outcomes pass / fail / na / error with both sides and the imbalance.
-#}

{% macro _sql_words() %}
    {{ return(['case', 'when', 'then', 'else', 'end', 'nullif', 'abs', 'null', 'and', 'or', 'not',
               'coalesce', 'greatest', 'least', 'is', 'true', 'false', 'sign']) }}
{% endmacro %}

{#- The expressions of one evaluation context: a new rule is a new row, picked up here. -#}
{% macro rule_expression_rows(context) %}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set query -%}
        select rule_id, part, form_code, lhs, comparison, rhs,
               coalesce(rhs_high, '') as rhs_high, coalesce(scope, '') as scope
        from {{ ref('ref_rule_expressions') }}
        where context = '{{ context }}'
        order by rule_id, part, form_code
    {%- endset -%}
    {{ return(run_query(query).rows) }}
{% endmacro %}

{#- Expand "{col}" over the measure columns of each form: (part, form_code, column, lhs, rhs, rhs_high). -#}
{% macro _expand_columns(row) %}
    {%- set out = [] -%}
    {%- if '{col}' in row['lhs'] or '{col}' in row['part'] -%}
        {%- for form, cols in [('01/TK-THADS', var('case_columns')), ('02/TK-THADS', var('money_columns'))] -%}
            {%- if row['form_code'] in ('*', form) -%}
                {%- for c in cols -%}
                    {%- do out.append({'part': row['part'].replace('{col}', c), 'form_code': form, 'column': c,
                                       'lhs': row['lhs'].replace('{col}', c), 'rhs': row['rhs'].replace('{col}', c),
                                       'rhs_high': row['rhs_high'].replace('{col}', c)}) -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- else -%}
        {%- do out.append({'part': row['part'], 'form_code': row['form_code'], 'column': none,
                           'lhs': row['lhs'], 'rhs': row['rhs'], 'rhs_high': row['rhs_high']}) -%}
    {%- endif -%}
    {{ return(out) }}
{% endmacro %}

{#- Identifiers an expression uses that the context does not offer (a rule error, not a crash). -#}
{% macro _unknown_identifiers(texts, known) %}
    {%- set unknown = [] -%}
    {%- for text in texts -%}
        {#- a quoted literal ('chu_dong') is a value, not an identifier -#}
        {%- for ident in modules.re.findall('[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)?',
                                            modules.re.sub("'[^']*'", "''", text)) -%}
            {%- if ident | lower not in _sql_words() and ident not in known and ident not in unknown -%}
                {%- do unknown.append(ident) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(unknown) }}
{% endmacro %}

{% macro _validation_keys() %}
    {{ return([('unit_code', 'varchar'), ('period_end', 'date'), ('report_kind', 'varchar'),
               ('file_sha256', 'varchar'), ('submission_no', 'integer'), ('is_current_version', 'boolean'),
               ('row_kind', 'varchar'), ('row_code', 'varchar')]) }}
{% endmacro %}

{#-
  One SELECT per expression of the given context, unioned. from_sql: the FROM clause the context
  offers; keys: dict of key name -> SQL (missing keys are NULL); known: the identifiers it offers.
-#}
{% macro rule_items(context, from_sql, keys, known) %}
    {%- set selects = [] -%}
    {%- for row in rule_expression_rows(context) -%}
        {%- for e in _expand_columns(row) -%}
            {%- set unknown = _unknown_identifiers([e['lhs'], e['rhs'], e['rhs_high'], row['scope']], known) -%}
            {%- set head -%}
                select
                    '{{ row["rule_id"] }}' as rule_id,
                    '{{ e["part"] }}' as part,
                    '{{ e["form_code"] }}' as form_code,
                    {{ "'" ~ e["column"] ~ "'" if e["column"] else "cast(null as varchar)" }} as column_name,
                    '{{ row["comparison"] }}' as comparison,
            {%- endset -%}
            {%- if unknown -%}
                {%- set sel -%}
                    {{ head }}
                    {%- for k, t in _validation_keys() %}
                    cast(null as {{ t }}) as {{ k }},
                    {%- endfor %}
                    cast(null as decimal(38, 6)) as lhs_value,
                    cast(null as decimal(38, 6)) as rhs_value,
                    cast(null as decimal(38, 6)) as rhs_high_value,
                    'unknown identifier(s) in the rule expression: {{ unknown | join(", ") }}' as expression_error
                {%- endset -%}
            {%- else -%}
                {%- set sel -%}
                    {{ head }}
                    {%- for k, t in _validation_keys() %}
                    cast({{ keys.get(k, 'null') }} as {{ t }}) as {{ k }},
                    {%- endfor %}
                    cast(({{ e["lhs"] }}) as decimal(38, 6)) as lhs_value,
                    cast(({{ e["rhs"] }}) as decimal(38, 6)) as rhs_value,
                    cast(({{ e["rhs_high"] if e["rhs_high"] else "null" }}) as decimal(38, 6)) as rhs_high_value,
                    cast(null as varchar) as expression_error
                from {{ from_sql }}
                where {{ row["scope"] if row["scope"] else "true" }}
                {%- endset -%}
            {%- endif -%}
            {%- do selects.append(sel) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if not selects -%}
        {#- parse time (no registry yet): an empty relation with the right columns -#}
        {%- set sel -%}
            select cast(null as varchar) as rule_id, cast(null as varchar) as part, cast(null as varchar) as form_code,
                   cast(null as varchar) as column_name, cast(null as varchar) as comparison,
                   {%- for k, t in _validation_keys() %} cast(null as {{ t }}) as {{ k }},{% endfor %}
                   cast(null as decimal(38, 6)) as lhs_value, cast(null as decimal(38, 6)) as rhs_value,
                   cast(null as decimal(38, 6)) as rhs_high_value, cast(null as varchar) as expression_error
            where false
        {%- endset -%}
        {%- do selects.append(sel) -%}
    {%- endif -%}
    {{ return(selects | join("\nunion all\n")) }}
{% endmacro %}

{#- Items -> outcomes. The rule's tolerance and missing-data mode come from the registry. -#}
{% macro rule_outcomes(items_relation) %}
rules as (
    select * from {{ ref('ref_rules') }}
),

sides as (
    select
        i.*,
        r.family,
        r.ess_level,
        r.severity,
        cast(r.tolerance as decimal(38, 6)) as tolerance,
        r.missing_mode,
        case when r.missing_mode = 'always_zero' then coalesce(i.lhs_value, 0) else i.lhs_value end as l,
        case when r.missing_mode = 'always_zero' then coalesce(i.rhs_value, 0) else i.rhs_value end as r,
        case when r.missing_mode = 'always_zero' and i.comparison = 'between'
             then coalesce(i.rhs_high_value, 0) else i.rhs_high_value end as h
    from {{ items_relation }} as i
    inner join rules as r on r.rule_id = i.rule_id
    where i.period_end is null or i.period_end between r.valid_from and coalesce(r.valid_to, date '9999-12-31')
),

outcomes as (
select
    rule_id, part, form_code, column_name, comparison,
    unit_code, period_end, report_kind, file_sha256, submission_no, is_current_version, row_kind, row_code,
    family, ess_level, severity, tolerance, missing_mode,
    lhs_value, rhs_value, rhs_high_value,
    cast(case
        when expression_error is not null then 'error'
        when comparison = 'rate' then
            -- rhs_high is the denominator: 0 enforceable requires a blank rate (R-07)
            case when h is null then 'na'
                 when h = 0 then case when l is null then 'pass' else 'fail' end
                 when r is null then 'na'
                 when l is null then 'fail'
                 when abs(l - r) <= tolerance then 'pass' else 'fail' end
        when l is null or r is null or (comparison = 'between' and h is null) then 'na'
        when comparison = '=' and abs(l - r) <= tolerance then 'pass'
        when comparison = '<=' and l - r <= tolerance then 'pass'
        when comparison = '>=' and r - l <= tolerance then 'pass'
        when comparison = '<' and l < r + tolerance then 'pass'
        when comparison = 'between' and l >= r - tolerance and l <= h + tolerance then 'pass'
        when comparison in ('=', '<=', '>=', '<', 'between') then 'fail'
        else 'error'
    end as varchar) as outcome,
    cast(case
        when l is null or r is null then null
        when comparison in ('=', 'rate') then l - r
        when comparison in ('<=', '<') then greatest(l - r, 0)
        when comparison = '>=' then least(l - r, 0)
        when comparison = 'between' and l < r then l - r
        when comparison = 'between' and l > h then l - h
        when comparison = 'between' then 0
    end as decimal(38, 6)) as imbalance,
    cast(case
        when expression_error is not null then expression_error
        when comparison not in ('=', '<=', '>=', '<', 'between', 'rate') then 'unknown comparison ' || comparison
        when comparison = 'rate' and h is null then 'thiếu mẫu số / denominator missing'
        when comparison = 'rate' and h = 0 and l is not null then 'tỷ lệ phải để trống khi không có việc có điều kiện / rate must be blank'
        when comparison = 'rate' and l is null and r is not null then 'tỷ lệ bị bỏ trống / rate left blank'
        when comparison <> 'rate' and l is null then 'thiếu vế trái / left side missing'
        when comparison <> 'rate' and (r is null or (comparison = 'between' and h is null))
            then 'thiếu vế phải / right side missing'
    end as varchar) as note
from sides
)
{% endmacro %}

{#- ['cur', 'prev'] x ['a', 'b'] -> ['cur.a', 'cur.b', 'prev.a', 'prev.b']: identifiers a context offers. -#}
{% macro qualified(aliases, columns) %}
    {%- set out = [] -%}
    {%- for a in aliases -%}{%- for c in columns -%}{%- do out.append(a ~ '.' ~ c) -%}{%- endfor -%}{%- endfor -%}
    {{ return(out) }}
{% endmacro %}
