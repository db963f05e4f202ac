-- Predecessor -> successor of the 1/7/2025 reorganisation (operator file seeds/ref_unit_succession.csv).
select
    cast(predecessor_code as varchar) as predecessor_code,
    cast(successor_code as varchar) as successor_code,
    cast(effective_date as date) as effective_date,
    cast(share as decimal(5, 4)) as share
from {{ ref('ref_unit_succession') }}
