-- Targets (chỉ tiêu) per unit and statistical year; VN holds the national targets.
select
    cast(unit_code as varchar) as unit_code,
    cast(stat_year as integer) as stat_year,
    cast(case_target_pct as decimal(5, 2)) as case_target_pct,
    cast(money_target_pct as decimal(5, 2)) as money_target_pct,
    cast(source_vi as varchar) as source_vi
from {{ ref('ref_targets') }}
