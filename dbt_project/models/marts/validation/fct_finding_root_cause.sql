-- Findings by root cause: one row per mistake, however many checks it breaks (a swapped cell that
-- fails four identities, a stale row of a province-wide report that differs in forty columns), with
-- its items underneath in marts.fct_finding (same root_cause_key). The counts an auditor reads are
-- counts of root causes; the priority follows the most important of its items.
with findings as (
    select * from {{ ref('fct_finding') }}
),

rules as (
    select * from {{ ref('dim_rule') }}
),

grouped as (
    select
        f.root_cause_key,
        -- the item that decides: the one ranked first among the cause's items
        arg_min(f.finding_key, f.priority_rank) as lead_finding_key,
        arg_min(f.rule_id, f.priority_rank) as lead_rule_id,
        arg_min(f.family, f.priority_rank) as family,
        string_agg(distinct f.rule_id, ', ' order by f.rule_id) as rule_ids,
        max(case f.severity when 'error' then 2 when 'warning' then 1 else 0 end) as severity_level,
        -- the cause is open while any of its items is
        min(case f.status
            when 'open' then 1 when 'explained' then 2 when 'accepted' then 3
            when 'resolved_by_resubmission' then 4 when 'resolved' then 5 else 6
        end) as status_level,
        -- the cause belongs to the report of its lead item (a unit's slip that also shows in the province's report)
        arg_min(f.unit_code, f.priority_rank) as unit_code,
        arg_min(f.report_kind, f.priority_rank) as report_kind,
        arg_min(f.period_end, f.priority_rank) as period_end,
        string_agg(distinct f.form_code, ', ' order by f.form_code) as form_codes,
        count(*) as n_items,
        count(*) filter (where f.status in ('open', 'explained')) as n_open_items,
        max(f.hint_text) as hint_text,
        max(f.hint_cells) as hint_cells,
        max(f.likely_wrong_side) as likely_wrong_side,
        max(f.side_hint_vi) as side_hint_vi,
        max(f.side_hint_en) as side_hint_en,
        max(f.money_imbalance_kvnd) as money_impact_kvnd,
        max(f.rate_effect_points) as rate_effect_points,
        bool_or(f.may_flip_target) as may_flip_target,
        min(f.priority_rank) as best_item_rank,
        min(f.first_seen_at) as first_seen_at,
        max(f.last_seen_at) as last_seen_at,
        max(f.current_submission_no) as current_submission_no,
        max(f.failed_submission_no) as failed_submission_no,
        arg_min(f.file_sha256, f.priority_rank) as file_sha256
    from findings as f
    group by f.root_cause_key
)

select
    g.root_cause_key,
    g.lead_finding_key,
    g.lead_rule_id,
    g.rule_ids,
    g.family,
    cast(case g.severity_level when 2 then 'error' when 1 then 'warning' else 'information' end as varchar) as severity,
    cast(case g.status_level
        when 1 then 'open' when 2 then 'explained' when 3 then 'accepted'
        when 4 then 'resolved_by_resubmission' when 5 then 'resolved' else 'superseded'
    end as varchar) as status,
    g.unit_code,
    g.report_kind,
    g.period_end,
    g.form_codes,
    cast(g.n_items as bigint) as n_items,
    cast(g.n_open_items as bigint) as n_open_items,
    g.hint_cells,
    g.hint_text,
    g.likely_wrong_side,
    g.side_hint_vi,
    g.side_hint_en,
    cast(g.money_impact_kvnd as decimal(38, 6)) as money_impact_kvnd,
    g.rate_effect_points,
    g.may_flip_target,
    r.action_vi,
    r.action_en,
    cast(row_number() over (order by g.status_level <= 2 desc, g.best_item_rank, g.root_cause_key asc) as bigint)
        as priority_rank,
    g.first_seen_at,
    g.last_seen_at,
    g.current_submission_no,
    g.failed_submission_no,
    g.file_sha256
from grouped as g
left join rules as r on g.lead_rule_id = r.rule_id
