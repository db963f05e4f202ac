{#-
  Models that are a function of one file's cells alone (a file is known by its sha256 and its cells
  never change) are built incrementally: a refresh adds the rows of the files it loaded, and drops
  the rows of files no longer loaded, so the table always equals a full build. When the code changes,
  the refresh runs dbt with --full-refresh (pipelines/defs/warehouse.py), and a rebuild starts empty.
-#}

{#- The filter on a model's cells: only files whose rows are not in the model yet. -#}
{%- macro only_new_files(column='file_sha256') -%}
    {%- if is_incremental() %}
    where {{ column }} not in (select distinct file_sha256 from {{ this }} where file_sha256 is not null)
    {%- endif %}
{%- endmacro -%}

{#- The post-hook that removes the rows of files that are no longer loaded. -#}
{%- macro drop_files_no_longer_loaded() -%}
    delete from {{ this }} where file_sha256 not in (
        select file_sha256 from {{ source('raw', 'report_files') }} where status = 'loaded'
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
