{#- Schemas are named exactly as configured (staging, intermediate, marts, reference),
    so analysts query marts.fct_case_results, not main_marts.fct_case_results. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
