-- One row per report row (executor, unit or total) of every submission, with the cases
-- sheet and the money sheet side by side. Columns are pivoted by their canonical name,
-- which the template registry assigned at ingestion.
with cells as (
    select * from {{ ref('stg_raw__report_cells') }}
),

pivoted as (
    select
        file_sha256,
        row_kind,
        row_code,
        max(row_name) as row_name,
        max(row_stt) as row_stt,
        {%- for col in var('case_columns') %}
            max(amount) filter (where measure = 'cases' and column_name = '{{ col }}') as {{ col }},
        {%- endfor %}
        max(rate_pct) filter (where measure = 'cases' and column_name = 'completion_rate_pct') as case_rate_pct_reported,
        {%- for col in var('money_columns') %}
            max(amount) filter (where measure = 'money' and column_name = '{{ col }}') as {{ col }},
        {%- endfor %}
        max(rate_pct) filter (where measure = 'money' and column_name = 'completion_rate_pct') as money_rate_pct_reported,
        count(distinct measure) as n_sheets,
        min(row_number) filter (where measure = 'cases') as case_sheet_row,
        min(row_number) filter (where measure = 'money') as money_sheet_row
    from cells
    group by file_sha256, row_kind, row_code
)

select * from pivoted
