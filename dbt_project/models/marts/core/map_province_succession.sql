-- The 63 -> 34 provinces of the 1/7/2025 merger (Nghị quyết 202/2025/QH15), all provinces,
-- with official codes and Vietnamese names; derived by scripts/build_province_mapping.py.
select
    cast(old_province_code as varchar) as old_province_code,
    cast(old_name_vi as varchar) as old_name_vi,
    cast(new_province_code as varchar) as new_province_code,
    cast(new_name_vi as varchar) as new_name_vi,
    cast(effective_date as date) as effective_date,
    cast(ward_share_in_successor as decimal(5, 4)) as ward_share_in_successor
from {{ ref('ref_province_succession') }}
