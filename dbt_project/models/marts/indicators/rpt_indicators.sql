-- depends_on: {{ ref('int_affected_years') }}
-- Headline indicators per unit (every level, plus the nation) and period: see int_indicators.
-- Built by statistical year: a refresh builds again the years its files touch (macros/incremental.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_affected_years() }}",
) }}
select * from {{ ref('int_indicators') }}
where {{ in_affected_years() }}
