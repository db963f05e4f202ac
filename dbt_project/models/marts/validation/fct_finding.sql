-- Findings: every item of an error or warning rule that failed in any run, tracked across runs,
-- with its status (open, explained / accepted by the operator's comply-or-explain file,
-- resolved_by_resubmission, resolved, superseded), both sides and the imbalance as currently
-- evaluated, the likely-wrong cell (a hint, never a correction) and an impact score so auditors
-- start where it matters (selective editing). One row per finding key; the items of one mistake
-- share a root_cause_key (int_finding_causes, marts.fct_finding_root_cause).
--
-- Selective editing compares like with like: a money item (form 02, a money claim) with the money
-- rate and target, a case item with the case rate and target. An item may flip a target when its
-- effect on the rate is at least the gap to the target, or when a claimed change has the opposite
-- sign to the reported one (a claimed reduction that is an increase). The rank orders open items by
-- severity, then whether they may flip a target, then their money impact in thousand VND, then their
-- effect on the rate.
with history as (
    select * from {{ ref('fct_validation_history') }}
),

results as (
    -- only the items of findings (every finding failed once, so it is in the history): a scan of one
    -- column of the results, not of every item of every year
    select * from {{ ref('fct_validation_result') }}
    where severity in ('error', 'warning') and finding_key in (select finding_key from history)
),

current_items as (
    select * from results
    where is_current_version
),

older_failures as (
    select
        finding_key,
        max(submission_no) as failed_submission_no,
        arg_max(file_sha256, submission_no) as failed_file
    from results
    where not is_current_version and outcome in ('fail', 'error')
    group by finding_key
),

seen as (
    select
        finding_key,
        min(evaluated_at) as first_seen_at,
        max(evaluated_at) as last_seen_at,
        count(distinct run_id) as n_runs_failed,
        arg_max(rule_id, evaluated_at) as rule_id,
        arg_max(part, evaluated_at) as part,
        arg_max(form_code, evaluated_at) as form_code,
        arg_max(column_name, evaluated_at) as column_name,
        arg_max(unit_code, evaluated_at) as unit_code,
        arg_max(report_kind, evaluated_at) as report_kind,
        arg_max(period_end, evaluated_at) as period_end,
        arg_max(row_code, evaluated_at) as row_code,
        arg_max(family, evaluated_at) as family,
        arg_max(severity, evaluated_at) as severity,
        arg_max(file_sha256, evaluated_at) as last_failed_file
    from history
    group by finding_key
),

explanations as (
    select * from {{ ref('ref_explanations') }}
),

hints as (
    select
        file_sha256,
        form_code,
        bool_and(is_identifiable) as hint_identifiable,
        string_agg(
            cell_ref || ': ' || regexp_replace(cast(reported_value as varchar), '\.?0+$', '') || ' → '
            || regexp_replace(cast(suggested_value as varchar), '\.?0+$', '') || ' (' || pattern || ')', '; '
            order by solution_no, cell_ref
        ) as hint_text,
        string_agg(distinct cell_ref, ', ') as hint_cells,
        string_agg(distinct pattern, ', ') as hint_pattern
    from {{ ref('stg_raw__cell_hints') }}
    group by file_sha256, form_code
),

indicators as (
    select * from {{ ref('int_indicators') }}
),

causes as (
    select * from {{ ref('int_finding_causes') }}
),

joined as (
    select
        s.*,
        c.outcome as current_outcome,
        c.lhs_value,
        c.rhs_value,
        c.imbalance,
        c.tolerance,
        c.submission_no as current_submission_no,
        c.file_sha256 as current_file,
        o.failed_submission_no,
        e.status as explanation_status,
        e.explanation_vi,
        e.explanation_en,
        e.reviewed_by,
        e.reviewed_on,
        h.hint_cells,
        h.hint_text,
        h.hint_pattern,
        h.hint_identifiable,
        i.enforceable_cases,
        i.enforceable_kvnd,
        i.case_rate_pct,
        i.money_rate_pct,
        i.case_target_pct,
        i.money_target_pct,
        i.money_target_gap_points,
        i.case_target_gap_points,
        k.root_cause_key,
        k.likely_wrong_side,
        k.side_hint_vi,
        k.side_hint_en
    from seen as s
    left join current_items as c on s.finding_key = c.finding_key
    left join older_failures as o on s.finding_key = o.finding_key
    left join explanations as e
        on
            s.rule_id = e.rule_id and s.unit_code = e.unit_code and s.period_end = e.period_end
            and (e.part is null or s.part = e.part) and (e.column_name is null or s.column_name = e.column_name)
    left join hints as h
        on
            s.family = 'within_report'
            and h.file_sha256 = case when c.outcome in ('fail', 'error') then c.file_sha256 else s.last_failed_file end
            and (s.form_code = h.form_code or s.form_code = '*')
    left join indicators as i on s.unit_code = i.unit_code and s.period_end = i.period_end
    left join causes as k on s.finding_key = k.finding_key
),

measured as (
    -- which measure an item is about: money (form 02, a money criterion) or cases
    select
        *,
        case
            when form_code like '02%' then 'money'  -- 02/TK-THADS, or 02a / 02b of TT 01/2013
            when form_code like '01%' then 'cases'
            when row_code like '%kvnd%' or row_code like 'money%' or column_name like '%kvnd%' then 'money'
            when row_code like '%cases%' or row_code like 'case%' or column_name like '%cases%' then 'cases'
        end as measure
    from joined
),

assessed as (
    select
        *,
        cast(case
            when current_outcome in ('fail', 'error') and explanation_status is not null then explanation_status
            when current_outcome in ('fail', 'error') then 'open'
            when current_outcome = 'pass' and failed_submission_no is not null then 'resolved_by_resubmission'
            when current_outcome = 'pass' then 'resolved'
            else 'superseded'
        end as varchar) as status,
        cast(case
            when rule_id in ('P-04', 'P-05', 'C-01') or rule_id like 'V-%' or row_code like '%change_pct' then null
            -- a money rate claimed wrongly: the money it stands for, at the unit's enforceable amount
            when rule_id = 'T-03' and row_code = 'money_rate_pct'
                then round(abs(imbalance) * enforceable_kvnd * cast(0.01 as decimal(3, 2)), 0)
            when measure = 'money' and (rule_id not in ('R-07') and row_code not like '%rate_pct') then abs(imbalance)
        end as decimal(38, 6)) as money_imbalance_kvnd,
        cast(case
            when rule_id = 'R-07' or (rule_id = 'T-03' and row_code like '%rate_pct') then abs(imbalance)
            when rule_id in ('P-04', 'P-05', 'C-01') or rule_id like 'V-%' or row_code like '%change_pct' then null
            when measure = 'money' then round(100 * abs(imbalance) / nullif(enforceable_kvnd, 0), 2)
            else round(100 * abs(imbalance) / nullif(enforceable_cases, 0), 2)
        end as decimal(18, 2)) as rate_effect_points
    from measured
),

scored as (
    select
        *,
        coalesce(
            -- a claimed change whose sign the reports contradict flips what the claim says was achieved
            (rule_id = 'T-03' and row_code like '%change_pct' and sign(lhs_value) * sign(rhs_value) < 0)
            or rate_effect_points >= abs(case
                when measure = 'money' then money_target_gap_points
                else case_target_gap_points
            end),
            false
        ) as may_flip_target
    from assessed
)

select
    finding_key,
    rule_id,
    part,
    family,
    severity,
    status,
    unit_code,
    report_kind,
    period_end,
    form_code,
    row_code,
    column_name,
    current_outcome,
    current_submission_no,
    failed_submission_no,
    lhs_value,
    rhs_value,
    imbalance,
    tolerance,
    hint_cells,
    hint_text,
    hint_pattern,
    hint_identifiable,
    money_imbalance_kvnd,
    rate_effect_points,
    may_flip_target,
    cast(
        (case severity when 'error' then 2 else 1 end) * 1000 + case when may_flip_target then 100 else 0 end
        + least(coalesce(rate_effect_points, 0), 99) as decimal(18, 2)
    ) as impact_score,
    cast(row_number() over (
        order by
            status in ('open', 'explained', 'accepted') desc,
            case severity when 'error' then 2 when 'warning' then 1 else 0 end desc,
            may_flip_target desc,
            money_imbalance_kvnd desc nulls last,
            rate_effect_points desc nulls last,
            finding_key asc
    ) as bigint) as priority_rank,
    coalesce(root_cause_key, 'item:' || finding_key) as root_cause_key,
    measure,
    likely_wrong_side,
    side_hint_vi,
    side_hint_en,
    explanation_status,
    explanation_vi,
    explanation_en,
    reviewed_by,
    reviewed_on,
    first_seen_at,
    last_seen_at,
    n_runs_failed,
    coalesce(current_file, last_failed_file) as file_sha256
from scored
