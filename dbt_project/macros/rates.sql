{#- Percentage to 2 decimals, rounded half away from zero (86,3171 -> 86,32; -3,045 -> -3,05), computed
    exactly in integers (I-09): never a float, never an average of rates. NULL when the denominator is 0.
    The rounding is done on absolute values and the sign put back, so a decrease rounds like an increase
    (integer division truncates toward zero, which would round every negative half the wrong way). -#}
{% macro rate_pct(numerator, denominator) -%}
    case when ({{ denominator }}) = 0 then null
         else cast(
             cast(
                 sign(cast({{ numerator }} as hugeint)) * sign(cast({{ denominator }} as hugeint))
                 * ((20000 * abs(cast({{ numerator }} as hugeint)) + abs(cast({{ denominator }} as hugeint)))
                    // (2 * abs(cast({{ denominator }} as hugeint))))
             as decimal(18, 0))
             * cast(0.01 as decimal(3, 2))
         as decimal(9, 2))
    end
{%- endmacro %}

{#- Units whose own reports use the province code: the agency's own office (P08 -> P08-VP). -#}
{% macro office_code(code) -%}
    case when regexp_matches({{ code }}, '^P[0-9]{2}$') then {{ code }} || '-VP' else {{ code }} end
{%- endmacro %}

{#- Relative change in percent, rounded half up to 2 decimals: 100 × (new − old) / old (P-05, 5.1). -#}
{% macro change_pct(new, old) -%}
    {{ rate_pct('(' ~ new ~ ') - (' ~ old ~ ')', old) }}
{%- endmacro %}

{#- Which viewpoint of int_unit_totals_comparable answers "what was this unit at lookup_period":
    a successor looking back to before its reorganisation sees the sum of its predecessors. -#}
{% macro comparable_viewpoint(row, lookup_period) -%}
    case when {{ row }}.successor_since is not null
              and {{ row }}.period_end >= {{ row }}.successor_since
              and {{ lookup_period }} < {{ row }}.successor_since
         then 'successor' else 'own' end
{%- endmacro %}

{#- Join the figures a unit had at a past period, as today's unit sees them (see comparable_viewpoint). -#}
{% macro join_comparable(alias, row, lookup_period) -%}
    left join comparable as {{ alias }}
        on {{ alias }}.unit_code = {{ row }}.unit_code
        and {{ alias }}.period_end = {{ lookup_period }}
        and {{ alias }}.viewpoint = {{ comparable_viewpoint(row, lookup_period) }}
{%- endmacro %}

{#- A select list written from a list: `template` with {c} for each column, one per line, commas between.
    Written as one expression so that the SQL linter sees a whole list, not a loop. -#}
{% macro column_list(template, columns, indent=4) -%}
    {%- for col in columns -%}
        {{ template | replace('{c}', col) }}{{ (",\n" ~ " " * indent) if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
