{#- Returns one row per combination of the columns that appears more than once; with
    of_this_run, among the cells of the files this refresh loaded; with evaluated_in_this_run, among the
    rows this refresh evaluated (macros/incremental.sql). -#}
{% test unique_combination_of_columns(model, combination_of_columns, of_this_run=false, evaluated_in_this_run=false) %}
select {{ combination_of_columns | join(', ') }}, count(*) as n_rows
from {{ model }}
{% if of_this_run %}{{ cells_of_this_run() }}{% elif evaluated_in_this_run %}{{ rows_of_this_run() }}{% endif %}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}
