-- depends_on: {{ ref('int_affected_years') }}
-- Results counted in money (biểu 02/TK-THADS, thousand VND), one row per unit and period;
-- built like fct_case_results. Completed for the rate = collected + terminated + reduced (I-05).
-- Built by statistical year: a refresh builds again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
with totals as (
    select * from {{ ref('int_unit_totals') }}
    where {{ in_affected_years() }}
)

select
    ---------- ids
    t.unit_code,
    t.period_end,
    ---------- dimensions
    t.unit_level,
    t.province_code,
    t.stat_year,
    t.period_months,
    t.report_kind,
    t.submission_no,
    ---------- measures as reported
    t.carried_in_kvnd,
    t.new_kvnd,
    t.delegated_out_kvnd,
    t.withdrawn_kvnd,
    t.collected_kvnd,
    t.terminated_kvnd,
    t.reduced_kvnd,
    t.in_progress_kvnd,
    t.postponed_agreed_kvnd,
    t.other_enforceable_kvnd,
    t.not_enforceable_kvnd,
    ---------- derived: reported beside calculated
    t.total_accepted_kvnd as total_accepted_kvnd_reported,
    t.carried_in_kvnd + t.new_kvnd as total_accepted_kvnd_calc,
    t.to_enforce_kvnd as to_enforce_kvnd_reported,
    t.total_accepted_kvnd - t.delegated_out_kvnd - t.withdrawn_kvnd as to_enforce_kvnd_calc,
    t.enforceable_kvnd as enforceable_kvnd_reported,
    t.collected_kvnd + t.terminated_kvnd + t.reduced_kvnd + t.in_progress_kvnd + t.postponed_agreed_kvnd
    + t.other_enforceable_kvnd as enforceable_kvnd_calc,
    t.collected_kvnd + t.terminated_kvnd + t.reduced_kvnd as completed_for_rate_kvnd,
    t.money_rate_pct_reported as completion_rate_pct_reported,
    {{ rate_pct('t.collected_kvnd + t.terminated_kvnd + t.reduced_kvnd', 't.enforceable_kvnd') }} as completion_rate_pct,
    t.carried_out_kvnd as carried_out_kvnd_reported,
    t.to_enforce_kvnd - t.collected_kvnd - t.terminated_kvnd - t.reduced_kvnd as carried_out_kvnd_calc,
    t.carried_out_enforceable_kvnd as carried_out_enforceable_kvnd_reported,
    t.enforceable_kvnd - t.collected_kvnd - t.terminated_kvnd - t.reduced_kvnd as carried_out_enforceable_kvnd_calc,
    ---------- provenance
    t.file_sha256,
    t.file_path,
    t.money_sheet_row as sheet_row,
    t.n_versions,
    t.prepared_on,
    ---------- reliability (int_report_reliability): false when the report has an open error
    coalesce(r.is_reliable, true) as is_reliable
from totals as t
left join (
    select
        unit_code as reliability_unit_code,
        period_end as reliability_period_end,
        is_reliable
    from {{ ref('int_report_reliability') }}
) as r
    on t.unit_code = r.reliability_unit_code and t.period_end = r.reliability_period_end
