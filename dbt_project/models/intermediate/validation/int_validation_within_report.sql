-- The within-report items of every submission (int_validation_within_report_items, built per file)
-- with whether the submission is the current version of its report, which depends on the others.
select i.* replace (v.is_current as is_current_version)
from {{ ref('int_validation_within_report_items') }} as i
left join {{ ref('int_reports_versioned') }} as v on i.file_sha256 = v.file_sha256
