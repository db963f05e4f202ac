"""Keeps one rule expression per shape in the scratch database `make lint` templates the models against
(dbt_project/target/lint.duckdb), never in a warehouse: the rule models expand every expression of the
registry, and sqlfluff needs each shape of SQL the macros emit once (context, comparison, a `{col}`
expansion or not, an upper bound or not), not the 65 repetitions (a quarter of `make lint`).

The linted models see two measure columns per form ([tool.sqlfluff.templater.dbt.context] in
pyproject.toml): the other measure columns in the kept expressions are renamed to those, so that every
shape still compiles against its FROM clause instead of becoming an "unknown identifier" item."""

import re
import sys
import tomllib
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parents[1]
project_vars = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
lint_vars = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["sqlfluff"]["templater"][
    "dbt"
]["context"]
RENAME = {
    column: lint_vars[kind][-1]
    for kind in ("case_columns", "money_columns")
    for column in project_vars[kind]
    if column not in lint_vars[kind]
}
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def to_lint_columns(text: str | None) -> str | None:
    return None if text is None else WORD.sub(lambda m: RENAME.get(m.group(0), m.group(0)), text)


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
rows = con.execute("select rowid, lhs, rhs, rhs_high, scope from reference.ref_rule_expressions").fetchall()
for rowid, *texts in rows:
    con.execute(
        "update reference.ref_rule_expressions set lhs = ?, rhs = ?, rhs_high = ?, scope = ? where rowid = ?",
        [*(to_lint_columns(t) for t in texts), rowid],
    )
con.close()
