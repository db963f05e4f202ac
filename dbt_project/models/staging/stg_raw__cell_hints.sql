-- Likely-wrong cells of reports that do not add up, one row per cell of each smallest solution.
select
    file_sha256,
    sheet,
    form_code,
    solution_no,
    n_solutions,
    n_cells,
    n_solutions = 1 as is_identifiable,
    cell_ref,
    row_kind,
    row_code,
    column_name,
    reported_value,
    suggested_value,
    pattern
from {{ source('raw', 'cell_hints') }}
