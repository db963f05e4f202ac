{#-
  Models that are a function of one file's cells alone (a file is known by its sha256 and its cells
  never change) are built incrementally: a refresh adds the rows of the files it loaded, and drops
  the rows of files no longer loaded, so the table always equals a full build. When the code changes,
  the refresh runs dbt with --full-refresh (pipelines/defs/warehouse.py), and a rebuild starts empty.
-#}

{#-
  The filter on a model's cells: only loaded files whose rows are not in the model yet. Written as a
  semi-join on that short list (read off raw.report_files, one row a file) rather than an anti-join of
  the cells against the model: DuckDB then skips the other files' cells while it scans, and a night with
  one file reads ~0,2 s instead of ~6,6 s of twelve years' 47 million cells (benchmarks/README.md). Cells
  of files that are not loaded never get rows (the post-hook would delete them).
-#}
{%- macro only_new_files(column='file_sha256') -%}
    {%- if is_incremental() %}
    where {{ column }} in (
        select file_sha256 from {{ source('raw', 'report_files') }}
        where status = 'loaded'
          and file_sha256 not in (select distinct file_sha256 from {{ this }} where file_sha256 is not null)
    )
    {%- endif %}
{%- endmacro -%}

{#-
  The post-hook that removes the rows of files that are no longer loaded. A file leaves `loaded` by its
  status only: a loaded file's row is never deleted from raw.report_files (a refresh forgets refusals
  only, and the restore-point catch-up removes the rows of the files it drops itself, base.py), and it
  holds one row a file (its primary key). So the rows to drop are those of the files recorded with another
  status: a semi-join on that short list, where an anti-join of every row against every loaded file
  scanned 25 million within-report items a night on twelve national years (~1 s).
-#}
{%- macro drop_files_no_longer_loaded() -%}
    delete from {{ this }} where file_sha256 in (
        select file_sha256 from {{ source('raw', 'report_files') }} where status != 'loaded'
    )
{%- endmacro -%}

{#-
  The filter of a data test on raw cells: the cells of the files this refresh loaded. The cells of the
  other files were tested by the refresh that loaded them and never change (a file is known by its
  sha256; a failed refresh publishes nothing). A full build (--full-refresh: a rebuild, or other code,
  which may type the cells differently) tests every cell.
-#}
{%- macro cells_of_this_run(column='file_sha256') -%}
    {%- if not flags.FULL_REFRESH %}
    where {{ column }} in (
        select file_sha256 from {{ source('raw', 'report_files') }}
        where run_id = '{{ env_var("THADS_RUN_ID", invocation_id) }}'
    )
    {%- endif %}
{%- endmacro -%}

{#-
  Models built by statistical year (fct_validation_result): a refresh evaluates again only the years its
  new files touch (int_affected_years) and the items of no period (the value contracts, the registry),
  deletes those years' rows and inserts the new ones; the other years' rows are kept as they are. A full
  build (--full-refresh: a rebuild, other code or reference data, another set of current units) builds
  every year.
-#}

{#- The statistical year (1/10–30/9, domain.md §2) of a period end. -#}
{%- macro stat_year(column) -%}
    year({{ column }} + interval 3 month)
{%- endmacro -%}

{#- Whether a row of the given period end is evaluated in this build. -#}
{%- macro in_affected_years(column='period_end') -%}
    {%- if is_incremental() -%}
    ({{ column }} is null or {{ stat_year(column) }} in (select stat_year from {{ ref('int_affected_years') }}))
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro -%}

{#- The pre-hook that removes the rows of the years this build evaluates again. -#}
{%- macro delete_affected_years(column='period_end') -%}
    {%- if is_incremental() %}
    delete from {{ this }} where {{ in_affected_years(column) }}
    {%- endif %}
{%- endmacro -%}

{#- The filter of a data test on such a model: the rows this refresh evaluated (all of them in a full build). -#}
{%- macro rows_of_this_run(column='run_id') -%}
    where {{ column }} = '{{ env_var("THADS_RUN_ID", invocation_id) }}'
{%- endmacro -%}
