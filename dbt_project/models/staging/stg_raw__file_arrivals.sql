-- When each file arrived. Files loaded before arrivals were recorded have none here; their
-- arrival falls back to the file's modification time (see stg_raw__report_files).
select
    file_sha256,
    file_path,
    first_seen_at,
    file_modified_at,
    arrived_at,
    arrival_basis,
    run_id
from {{ source('raw', 'file_arrivals') }}
