{#- Returns the rows where the column is negative; with of_this_run, among the cells of the files this
    refresh loaded (macros/incremental.sql). -#}
{% test non_negative(model, column_name, of_this_run=false) %}
select * from (
    select * from {{ model }}
    {% if of_this_run %}{{ cells_of_this_run() }}{% endif %}
) as tested
where {{ column_name }} < 0
{% endtest %}
