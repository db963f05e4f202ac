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
