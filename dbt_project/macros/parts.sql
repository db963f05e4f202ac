{#- A figure of a measure split in two forms (TT 01/2013: chủ động + theo yêu cầu) is the sum of
    its parts; a part without the figure makes it NULL, never a smaller number. Where the layout
    has one form the sum is of one cell. -#}
{% macro sum_of_parts(condition) -%}
    case when bool_and(amount is not null) filter (where {{ condition }})
        then cast(sum(amount) filter (where {{ condition }}) as bigint) end
{%- endmacro %}
