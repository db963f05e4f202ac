-- Refused files and why, one row per defect: what an operator sends back to the unit.
select
    q.file_sha256,
    q.file_path,
    q.file_name,
    q.reason_code,
    q.sheet,
    q.cell_ref,
    q.expected,
    q.found,
    q.message_vi,
    q.message_en,
    q.run_id,
    q.quarantined_at
from {{ ref('stg_raw__quarantine') }} as q
