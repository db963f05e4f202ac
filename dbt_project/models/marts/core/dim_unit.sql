-- The dated unit tree (operator file seeds/ref_units.csv). A unit code can have several
-- versions (P15 is Yên Bái until 30/6/2025 and the merged Lào Cai after): facts join to the
-- version valid on their period end.
with units as (
    select * from {{ ref('ref_units') }}
)

select
    cast(unit_code as varchar) as unit_code,
    cast(valid_from as date) as valid_from,
    cast(coalesce(valid_to, date '9999-12-31') as date) as valid_to,
    cast(name_vi as varchar) as name_vi,
    cast(level as varchar) as level,
    cast(nullif(parent_code, '') as varchar) as parent_code,
    cast(nullif(province_code, '') as varchar) as province_code,
    cast(coalesce(valid_to, date '9999-12-31') >= current_date as boolean) as is_current
from units
