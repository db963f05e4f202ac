{#-
  Emulation scoring as data: each criterion of seeds/ref_emulation_criteria.csv carries its points as
  an SQL expression over the figures of int_emulation_figures (and max_points). These macros read
  the criteria at compile time and turn each into a CASE branch; an expression naming a figure that
  does not exist gives NULL points and an error text, never a crash and never a zero.
-#}

{% macro emulation_figure_names() %}
    {{ return(['case_rate_pct', 'case_target_pct', 'money_rate_pct', 'money_target_pct', 'completed_cases',
               'prev_completed_cases', 'completed_kvnd', 'prev_completed_kvnd', 'carried_out_cases_change_pct',
               'carried_out_kvnd_change_pct', 'n_late_reports', 'n_open_errors', 'max_points']) }}
{% endmacro %}

{% macro emulation_criteria_rows() %}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set query -%}
        select criterion_code, coalesce(points_expression, '') as points_expression
        from {{ ref('ref_emulation_criteria') }}
        order by criterion_code
    {%- endset -%}
    {{ return(run_query(query).rows) }}
{% endmacro %}

{#- The figures an expression reads (NULL in any of them gives NULL points: SQL's greatest() and
    least() skip NULLs, which would turn a missing target into full or zero points). -#}
{% macro _figures_used(expression) %}
    {%- set used = [] -%}
    {%- for name in emulation_figure_names() if name != 'max_points' -%}
        {%- if modules.re.search('\\b' ~ name ~ '\\b', expression) -%}{%- do used.append(name) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(used) }}
{% endmacro %}

{#- Points of every criterion for the row aliased `f` (figures) and `c` (criterion), clamped to 0…max. -#}
{% macro emulation_points() %}
    case c.criterion_code
    {%- for row in emulation_criteria_rows() %}
        {%- set unknown = _unknown_identifiers([row['points_expression']], emulation_figure_names()) %}
        {%- if row['points_expression'] != '' and not unknown %}
        when '{{ row['criterion_code'] }}' then
            case when {% for name in _figures_used(row['points_expression']) %}f.{{ name }} is null or {% endfor %}false
                then null else
            round(least(c.max_points, greatest(0, cast((
                {{ row['points_expression'] | replace('max_points', 'c.max_points') | replace('\n', ' ') }}
            ) as decimal(18, 6)))), 2) end
        {%- endif %}
    {%- endfor %}
    end
{% endmacro %}

{#- Why a criterion has no computed points: not scored from the reports, or an expression error. -#}
{% macro emulation_points_note() %}
    case c.criterion_code
    {%- for row in emulation_criteria_rows() %}
        {%- set unknown = _unknown_identifiers([row['points_expression']], emulation_figure_names()) %}
        {%- if row['points_expression'] == '' %}
        when '{{ row['criterion_code'] }}' then 'not_computable'
        {%- elif unknown %}
        when '{{ row['criterion_code'] }}' then 'expression_error: {{ unknown | join(", ") }}'
        {%- endif %}
    {%- endfor %}
    end
{% endmacro %}
