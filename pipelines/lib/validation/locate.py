"""The likely-wrong cell (Fellegi–Holt error localisation) for a report that fails its identities.

For one form of one report, the system is: every linear identity of the rule registry on every
row (R-01…R-06: lhs − rhs = 0) and every column sum (the Tổng cộng row = the sum of the other
rows, R-09). We search for the smallest set of cells whose change satisfies the whole system —
one cell, then two — exactly, with fractions. A single solution is a hint an auditor can act
on ("cell F14 should probably read 1.243: two digits swapped"); several equally small solutions
mean the cell cannot be identified from the report alone. The reported data are never changed.
"""

from __future__ import annotations

import csv
import functools
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from ...settings import SEEDS_DIR

ROW_RULES = ("R-01", "R-02", "R-03", "R-04", "R-06")
RATE_TOLERANCE = Decimal("0.005")
_TERM = re.compile(r"\s*([+-]?)\s*([a-z_][a-z0-9_]*)\s*")


@dataclass(frozen=True)
class Identity:
    rule_id: str
    part: str
    form_code: str
    coefs: tuple[tuple[str, int], ...]  # lhs − rhs = 0


def _linear(expr: str) -> dict[str, int] | None:
    """'a + b - c' -> {a: 1, b: 1, c: -1}; None if the expression is not a plain sum of columns."""
    out: dict[str, int] = {}
    pos = 0
    text = expr.strip()
    first = True
    while pos < len(text):
        m = _TERM.match(text, pos)
        if not m or (not first and not m.group(1)):
            return None
        sign = -1 if m.group(1) == "-" else 1
        out[m.group(2)] = out.get(m.group(2), 0) + sign
        pos = m.end()
        first = False
    return out or None


@functools.cache
def row_identities(seeds_dir: Path = SEEDS_DIR) -> dict[str, tuple[Identity, ...]]:
    """The linear row identities of the registry, per form code."""
    by_form: dict[str, list[Identity]] = {}
    with open(seeds_dir / "ref_rule_expressions.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["rule_id"] not in ROW_RULES or r["comparison"] != "=":
                continue
            lhs, rhs = _linear(r["lhs"]), _linear(r["rhs"])
            if lhs is None or rhs is None:
                continue
            coefs = dict(lhs)
            for k, v in rhs.items():
                coefs[k] = coefs.get(k, 0) - v
            by_form.setdefault(r["form_code"], []).append(
                Identity(r["rule_id"], r["part"], r["form_code"], tuple(sorted((k, v) for k, v in coefs.items() if v)))
            )
    return {k: tuple(v) for k, v in by_form.items()}


Cell = tuple[str, str]  # (row key, column name); the total row's key is "#total"


@dataclass
class Equation:
    name: str
    coefs: dict[Cell, int]


def build_system(values: dict[Cell, int], identities: tuple[Identity, ...]) -> list[Equation]:
    rows = sorted({r for r, _ in values})
    columns = sorted({c for _, c in values})
    eqs = []
    for row in rows:
        for ident in identities:
            if all((row, col) in values for col, _ in ident.coefs):
                eqs.append(Equation(f"{ident.rule_id} {ident.part} [{row}]", {(row, c): a for c, a in ident.coefs}))
    details = [r for r in rows if r != "#total"]
    if "#total" in rows and details:
        for col in columns:
            if ("#total", col) in values and all((r, col) in values for r in details):
                coefs = {("#total", col): 1}
                coefs.update({(r, col): -1 for r in details})
                eqs.append(Equation(f"R-09 {col}", coefs))
    return eqs


def residuals(values: dict[Cell, int], eqs: list[Equation]) -> list[int]:
    return [sum(a * values[c] for c, a in e.coefs.items()) for e in eqs]


def _solve(unknowns: list[Cell], eqs: list[Equation], res: list[int]) -> list[Fraction] | None:
    """Changes δ for the unknowns with Σ a·δ = −residual on every equation, if exactly determined."""
    rows = [[Fraction(e.coefs.get(u, 0)) for u in unknowns] + [Fraction(-r)] for e, r in zip(eqs, res)]
    n = len(unknowns)
    pivots = []
    r0 = 0
    for col in range(n):
        pivot = next((i for i in range(r0, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            return None  # a free unknown: the change is not determined
        rows[r0], rows[pivot] = rows[pivot], rows[r0]
        p = rows[r0][col]
        rows[r0] = [x / p for x in rows[r0]]
        for i in range(len(rows)):
            if i != r0 and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r0])]
        pivots.append(col)
        r0 += 1
    if any(all(x == 0 for x in row[:n]) and row[n] != 0 for row in rows[r0:]):
        return None  # inconsistent
    return [rows[i][n] for i in range(n)]


@dataclass
class Solution:
    cells: tuple[Cell, ...]
    suggested: tuple[int, ...]


def locate(values: dict[Cell, int], identities: tuple[Identity, ...], max_cells: int = 2) -> list[Solution]:
    """All smallest sets of cells (up to max_cells) whose change satisfies every equation."""
    eqs = build_system(values, identities)
    res = residuals(values, eqs)
    if not any(res):
        return []
    violated_cells = sorted({c for e, r in zip(eqs, res) if r for c in e.coefs})
    for size in range(1, max_cells + 1):
        found = []
        for combo in itertools.combinations(violated_cells, size):
            involved = [i for i, e in enumerate(eqs) if any(c in e.coefs for c in combo)]
            if any(res[i] for i in range(len(eqs)) if i not in set(involved)):
                continue
            deltas = _solve(list(combo), [eqs[i] for i in involved], [res[i] for i in involved])
            if deltas is None or any(d == 0 or d.denominator != 1 for d in deltas):
                continue
            suggested = tuple(values[c] + int(d) for c, d in zip(combo, deltas))
            if any(s < 0 for s in suggested):
                continue
            found.append(Solution(cells=combo, suggested=suggested))
        if found:
            return found
    return []


def classify(reported: int, suggested: int, neighbours: tuple[int | None, int | None] = (None, None)) -> str:
    """What kind of slip turns `suggested` into `reported`?"""
    a, b = str(reported), str(suggested)
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return "transposition"
        if len(diff) == 1:
            return "digit"
    if suggested and reported and (reported / suggested in (10, 100, 1000) or suggested / reported in (10, 100, 1000)):
        return "magnitude"
    if reported in [n for n in neighbours if n is not None]:
        return "shifted_column"
    return "other"


def classify_pair(sol: Solution, values: dict[Cell, int], column_order: list[str]) -> str:
    (r1, c1), (r2, c2) = sol.cells
    if r1 == r2 and abs(column_order.index(c1) - column_order.index(c2)) == 1:
        if values[(r1, c1)] == sol.suggested[1] and values[(r2, c2)] == sol.suggested[0]:
            return "swapped_columns"
    return "other"


def hints_for_report(cells: list[dict]) -> list[dict]:
    """Hints for every form of one parsed report: rows for raw.cell_hints (empty when it adds up)."""
    identities = row_identities()
    out: list[dict] = []
    by_form: dict[str, list[dict]] = {}
    for c in cells:
        by_form.setdefault(c["form_code"], []).append(c)
    for form_code, form_cells in by_form.items():
        idents = identities.get(form_code, ())
        values: dict[Cell, int] = {}
        where: dict[Cell, dict] = {}
        column_order: list[str] = []
        rates: dict[str, dict] = {}
        for c in form_cells:
            key = "#total" if c["row_kind"] == "total" else c["row_code"]
            if c["column_name"] == "completion_rate_pct":
                rates[key] = c
                continue
            if c["value"] is None:
                continue
            values[(key, c["column_name"])] = int(c["value"])
            where[(key, c["column_name"])] = c
            if c["column_name"] not in column_order:
                column_order.append(c["column_name"])
        solutions = locate(values, idents)
        for n, sol in enumerate(solutions, start=1):
            for cell, suggested in zip(sol.cells, sol.suggested):
                row, col = cell
                idx = column_order.index(col)
                left, right = (
                    values.get((row, column_order[j])) if 0 <= j < len(column_order) else None
                    for j in (idx - 1, idx + 1)
                )
                neighbours = (left, right)
                pattern = (
                    classify(values[cell], suggested, neighbours)
                    if len(sol.cells) == 1
                    else classify_pair(sol, values, column_order)
                )
                src = where[cell]
                out.append(
                    {
                        "sheet": src["sheet"],
                        "form_code": form_code,
                        "solution_no": n,
                        "n_solutions": len(solutions),
                        "n_cells": len(sol.cells),
                        "cell_ref": src["cell_ref"],
                        "row_kind": src["row_kind"],
                        "row_code": src["row_code"],
                        "column_name": col,
                        "reported_value": values[cell],
                        "suggested_value": suggested,
                        "pattern": pattern,
                    }
                )
        if not solutions:
            out.extend(_rate_hints(form_code, values, rates))
    return out


def _rate_hints(form_code: str, values: dict[Cell, int], rates: dict[str, dict]) -> list[dict]:
    """Identities hold but a reported rate does not: the rate cell itself is the hint (R-07)."""
    out = []
    money = form_code.startswith("02")
    done = ("collected_kvnd", "terminated_kvnd", "reduced_kvnd") if money else ("executed_cases", "terminated_cases")
    den = "enforceable_kvnd" if money else "enforceable_cases"
    for key, c in rates.items():
        try:
            num = sum(values[(key, d)] for d in done)
            denominator = values[(key, den)]
        except KeyError:
            continue
        if denominator == 0:
            continue
        exact = Decimal(100 * num) / Decimal(denominator)
        reported = c["value"]
        if reported is None or abs(reported - exact) > RATE_TOLERANCE:
            suggested = exact.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
            out.append(
                {
                    "sheet": c["sheet"],
                    "form_code": form_code,
                    "solution_no": 1,
                    "n_solutions": 1,
                    "n_cells": 1,
                    "cell_ref": c["cell_ref"],
                    "row_kind": c["row_kind"],
                    "row_code": c["row_code"],
                    "column_name": "completion_rate_pct",
                    "reported_value": reported,
                    "suggested_value": suggested,
                    "pattern": "rate_recomputed",
                }
            )
    return out
