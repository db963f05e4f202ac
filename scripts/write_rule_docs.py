"""Writes docs/rules.md from the rule registry seeds (the test suite checks it is current)."""

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "dbt_project" / "seeds"
OUT = ROOT / "docs" / "rules.md"


def render() -> str:
    rules = list(csv.DictReader(open(SEEDS / "ref_rules.csv", encoding="utf-8")))
    exprs = list(csv.DictReader(open(SEEDS / "ref_rule_expressions.csv", encoding="utf-8")))
    lines = [
        "# Quy tắc đối chiếu / Reconciliation rules",
        "",
        "Generated from `dbt_project/seeds/ref_rules.csv` and `ref_rule_expressions.csv` by",
        "`scripts/write_rule_docs.py`. A new rule is a row in each file (and, for a new kind of",
        "comparison, a new evaluation context); the ids follow `../shared/research/domain.md` §6.",
        "Outcomes: pass, fail, na (not evaluable under the missing-data mode), error (the rule itself",
        "is broken). `{col}` stands for every measure column of the form.",
        "",
        "| rule | family | ESS | severity | tolerance | missing | basis | tiếng Việt | English |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rules:
        lines.append(
            f"| {r['rule_id']} | {r['family']} | {r['ess_level']} | {r['severity']} | {r['tolerance']} | "
            f"{r['missing_mode']} | {r['basis']} | {r['description_vi']} | {r['description_en']} |"
        )
    lines += [
        "",
        "## Expressions",
        "",
        "| rule | part | context | form | left | comparison | right | upper | scope |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for e in exprs:
        cells = [
            e[k].replace("|", "\\|")
            for k in ("rule_id", "part", "context", "form_code", "lhs", "comparison", "rhs", "rhs_high", "scope")
        ]
        lines.append("| " + " | ".join(f"`{c}`" if c and i >= 4 else c for i, c in enumerate(cells)) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
