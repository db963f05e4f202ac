-- The within-report items of every submission (int_validation_within_report_items, built per file)
-- with whether the submission is the current version of its report, which depends on the others.
-- A view: its two readers take what they need (the reliability flag only the failed items), and
-- writing every item again each night cost more than the join (2,6 s on two national years).
{{ config(materialized='view') }}
select i.* replace (v.is_current as is_current_version)
from {{ ref('int_validation_within_report_items') }} as i
left join {{ ref('int_reports_versioned') }} as v on i.file_sha256 = v.file_sha256
