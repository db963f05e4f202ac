-- One row per defect of a refused file.
select
    file_sha256,
    file_path,
    file_name,
    reason_code,
    sheet,
    cell_ref,
    expected,
    found,
    message_vi,
    message_en,
    run_id,
    quarantined_at
from {{ source('raw', 'quarantine') }}
