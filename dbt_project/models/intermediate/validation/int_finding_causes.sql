-- One root cause per mistake, however many checks it breaks: the failing items of the current
-- submissions grouped by what most likely went wrong, and for a mismatch between a unit's own
-- report and its row in the province-wide report (H-01), which side is probably wrong.
--   * items of one submission explained by the same likely-wrong cell (its identities, a figure
--     across periods in the same column, its row and total in the province-wide report) are one cause;
--   * the H-01 items of one row of a province-wide report are one cause, and a province total that
--     differs in a column where exactly one row differs belongs to that row's cause;
--   * every other item is its own cause.
-- Which side of an H-01 mismatch is wrong: the unit's own report when it does not add up itself;
-- the province-wide row when its figures equal the unit's own report of an earlier period (a stale
-- copy) or lower a cumulative figure below the unit's previous period; otherwise not known.
with items as (
    select * from {{ ref('fct_validation_result') }}
    where is_current_version and outcome in ('fail', 'error') and severity in ('error', 'warning')
),

hints as (
    select * from {{ ref('stg_raw__cell_hints') }}
),

hint_cells as (
    select
        file_sha256,
        form_code,
        string_agg(distinct cell_ref, ', ' order by cell_ref) as cells,
        list(distinct column_name) as columns
    from hints
    group by file_sha256, form_code
),

own_reports as (
    select
        unit_code,
        period_end,
        file_sha256
    from {{ ref('int_reports_versioned') }}
    where is_current and report_kind = 'unit'
),

own_values as (
    unpivot (
        select
            unit_code,
            period_end,
            {{ column_list('{c}', var('case_columns') + var('money_columns'), 12) }}
        from {{ ref('int_unit_totals') }}
        where report_kind = 'unit'
    )
    on {{ (var('case_columns') + var('money_columns')) | join(', ') }}
    into name column_name value own_value
),

periods as (
    select * from {{ ref('dim_period') }}
),

-- the likely-wrong cell of a report explains its own items and the items in the same column elsewhere
cell_causes as (
    select
        i.finding_key,
        'cell:' || i.file_sha256 || ':' || i.form_code || ':' || h.cells as root_cause_key,
        cast(null as varchar) as likely_wrong_side
    from items as i
    inner join hint_cells as h on i.file_sha256 = h.file_sha256 and i.form_code = h.form_code
    where i.family = 'within_report'
    union all
    select
        i.finding_key,
        'cell:' || o.file_sha256 || ':' || i.form_code || ':' || h.cells as root_cause_key,
        cast(null as varchar) as likely_wrong_side
    from items as i
    inner join own_reports as o on i.unit_code = o.unit_code and i.period_end = o.period_end
    inner join hint_cells as h
        on o.file_sha256 = h.file_sha256 and i.form_code = h.form_code and list_contains(h.columns, i.column_name)
    where i.family = 'cross_period'
),

h01_rows as (
    select
        i.*,
        {{ office_code('i.row_code') }} as row_unit_code
    from items as i
    where i.rule_id = 'H-01' and i.row_code != ''
),

row_analysis as (
    -- per row of a province-wide report: does it equal the unit's earlier report, or lower its cumulative figure?
    select
        r.file_sha256,
        r.row_code,
        r.form_code,
        any_value(r.row_unit_code) as row_unit_code,
        any_value(r.period_end) as period_end,
        bool_and(prev.own_value is not null and r.lhs_value = prev.own_value) as equals_previous,
        bool_or(
            prev.own_value is not null and r.lhs_value < prev.own_value and r.rhs_value >= prev.own_value
            and r.column_name not like 'carried_out%' and r.column_name not like '%enforceable%'
            and r.column_name not like 'in_progress%' and r.column_name not like 'postponed%'
            and r.column_name not like 'other_%' and r.column_name not like 'to_enforce%')
            as lowers_cumulative,
        any_value(p.prev_period_end) as prev_period_end
    from h01_rows as r
    inner join periods as p on r.period_end = p.period_end
    left join own_values as prev
        on
            r.row_unit_code = prev.unit_code and p.prev_period_end = prev.period_end
            and r.column_name = prev.column_name
    group by r.file_sha256, r.row_code, r.form_code
),

row_causes as (
    select
        r.finding_key,
        case
            when h.cells is not null then 'cell:' || o.file_sha256 || ':' || r.form_code || ':' || h.cells
            else 'row:' || r.file_sha256 || ':' || r.row_code
        end as root_cause_key,
        case
            when h.cells is not null then 'unit_report'
            when a.equals_previous or a.lowers_cumulative then 'province_row'
            else 'unknown'
        end as likely_wrong_side,
        case
            when h.cells is not null
                then
                    'Báo cáo riêng của đơn vị ' || r.row_unit_code || ' không tự cân đối (ô có thể sai ' || h.cells
                    || '); dòng của đơn vị trong báo cáo toàn tỉnh có thể đúng'
            when a.equals_previous
                then
                    'Dòng ' || r.row_code || ' của báo cáo toàn tỉnh trùng số liệu kỳ '
                    || strftime(a.prev_period_end, '%m/%Y') || ' của đơn vị (bản sao cũ); báo cáo riêng của đơn vị có thể đúng'
            when a.lowers_cumulative
                then
                    'Dòng ' || r.row_code || ' của báo cáo toàn tỉnh làm giảm số lũy kế so với kỳ '
                    || strftime(a.prev_period_end, '%m/%Y') || ' của đơn vị; báo cáo riêng của đơn vị có thể đúng'
            else
                'Chưa xác định được bên sai: đối chiếu dòng ' || r.row_code
                || ' của báo cáo toàn tỉnh với báo cáo riêng của đơn vị'
        end as side_hint_vi,
        case
            when h.cells is not null
                then
                    'The unit ' || r.row_unit_code || '''s own report does not add up (likely-wrong cell ' || h.cells
                    || '); its row in the province-wide report is probably right'
            when a.equals_previous
                then
                    'Row ' || r.row_code || ' of the province-wide report equals the unit''s own report of '
                    || strftime(a.prev_period_end, '%m/%Y') || ' (a stale copy); the unit''s own report is probably right'
            when a.lowers_cumulative
                then
                    'Row ' || r.row_code || ' of the province-wide report lowers a cumulative figure below the unit''s '
                    || strftime(a.prev_period_end, '%m/%Y') || ' report; the unit''s own report is probably right'
            else
                'Not known which side is wrong: compare row ' || r.row_code
                || ' of the province-wide report with the unit''s own report'
        end as side_hint_en
    from h01_rows as r
    left join own_reports as o on r.row_unit_code = o.unit_code and r.period_end = o.period_end
    left join hint_cells as h on o.file_sha256 = h.file_sha256 and r.form_code = h.form_code
    left join row_analysis as a
        on r.file_sha256 = a.file_sha256 and r.row_code = a.row_code and r.form_code = a.form_code
),

total_causes as (
    -- a province total differs in a column where exactly one of its rows differs: that row's cause
    select
        t.finding_key,
        any_value(c.root_cause_key) as root_cause_key,
        any_value(c.likely_wrong_side) as likely_wrong_side,
        any_value(c.side_hint_vi) as side_hint_vi,
        any_value(c.side_hint_en) as side_hint_en
    from items as t
    inner join h01_rows as r
        on
            t.file_sha256 = r.file_sha256 and t.form_code = r.form_code and t.column_name = r.column_name
            and t.unit_code = r.unit_code and t.period_end = r.period_end
    inner join row_causes as c on r.finding_key = c.finding_key
    where t.rule_id = 'H-01' and t.row_code = ''
    group by t.finding_key
    having count(*) = 1
),

causes as (
    select
        finding_key,
        root_cause_key,
        likely_wrong_side,
        cast(null as varchar) as side_hint_vi,
        cast(null as varchar) as side_hint_en
    from cell_causes
    union all
    select * from row_causes
    union all
    select * from total_causes
)

select
    i.finding_key,
    coalesce(any_value(c.root_cause_key), 'item:' || i.finding_key) as root_cause_key,
    any_value(c.likely_wrong_side) as likely_wrong_side,
    any_value(c.side_hint_vi) as side_hint_vi,
    any_value(c.side_hint_en) as side_hint_en
from items as i
left join causes as c on i.finding_key = c.finding_key
group by i.finding_key
