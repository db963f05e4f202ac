-- The statistical years this refresh must evaluate again: the year of every file it read (a new
-- month, a late report, a resubmission, a self-scoring table), and the year after it, whose
-- carry-over (P-03), comparisons with last year (P-05) and backlog change read this year's figures.
-- The years a refresh does not touch keep the rows an earlier refresh built from the same files with the
-- same code and reference data (a change of either builds every year: pipelines/lib/warehouse/inputs.py).
with touched as (
    select distinct {{ stat_year('period_end') }} as stat_year
    from {{ source('raw', 'report_files') }}
    where run_id = '{{ env_var("THADS_RUN_ID", invocation_id) }}' and period_end is not null
)

select stat_year from touched
union
select stat_year + 1 from touched
