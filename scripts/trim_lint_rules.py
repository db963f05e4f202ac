"""Keeps one rule expression per shape in the scratch database `make lint` templates the models against
(dbt_project/target/lint.duckdb), never in a warehouse: the rule models expand every expression of the
registry, and sqlfluff needs each shape of SQL the macros emit once (context, comparison, a `{col}`
expansion or not, an upper bound or not), not the 65 repetitions (a quarter of `make lint`)."""

import sys

import duckdb

con = duckdb.connect(sys.argv[1])
con.execute(
    """
    create or replace table reference.ref_rule_expressions as
    select * from reference.ref_rule_expressions
    qualify row_number() over (
        partition by context, comparison, lhs like '%{col}%', coalesce(rhs_high, '') = ''
        order by rule_id, part, form_code
    ) = 1
    """
)
con.close()
