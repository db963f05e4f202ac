"""The likely-wrong cell: on generated single-cell errors the suggested cell is right."""

import random

import pytest

from pipelines.lib.ingest.load import candidate_files
from pipelines.lib.ingest.readers import ParsedReport, read_report
from pipelines.lib.validation.locate import classify, hints_for_report, locate, row_identities


def _transpose(n: int, rng: random.Random) -> int | None:
    s = str(n)
    pairs = [i for i in range(len(s) - 1) if s[i] != s[i + 1]]
    if not pairs:
        return None
    i = rng.choice(pairs)
    return int(s[:i] + s[i + 1] + s[i] + s[i + 2 :])


def _corrupt(value: int, rng: random.Random) -> int | None:
    kind = rng.choice(["transposition", "digit", "delta", "shift"])
    if kind == "transposition":
        return _transpose(value, rng)
    if kind == "digit" and value >= 10:
        s = list(str(value))
        i = rng.randrange(len(s))
        s[i] = str((int(s[i]) + rng.randint(1, 9)) % 10)
        out = int("".join(s))
        return out if out != value else None
    if kind == "shift":
        return value * 10
    return value + rng.choice([-1, 1]) * rng.randint(1, 50) if value > 50 else value + rng.randint(1, 50)


@pytest.fixture(scope="module")
def reports(sample_tq) -> list[ParsedReport]:
    return [r for r in (read_report(p) for p in candidate_files(sample_tq)) if isinstance(r, ParsedReport)][:120]


def test_clean_reports_need_no_hint(reports):
    clean = [r for r in reports if not (r.header.unit_code == "P08-D073" and r.header.submission_no == 1)]
    assert all(hints_for_report(r.cells) == [] for r in clean[:60])


def test_single_cell_errors_are_located(reports, capsys):
    rng = random.Random(20261122)
    identities = row_identities()
    trials = identifiable = right = 0
    for _ in range(400):
        report = rng.choice(reports)
        form = rng.choice(["01/TK-THADS", "02/TK-THADS"])
        values = {}
        for c in report.cells:
            if c["form_code"] == form and c["column_name"] != "completion_rate_pct":
                values[("#total" if c["row_kind"] == "total" else c["row_code"], c["column_name"])] = int(c["value"])
        cell = rng.choice(sorted(values))
        bad = _corrupt(values[cell], rng)
        if bad is None or bad == values[cell] or bad < 0:
            continue
        trials += 1
        corrupted = dict(values)
        corrupted[cell] = bad
        solutions = locate(corrupted, identities[form])
        if len(solutions) == 1:
            identifiable += 1
            right += solutions[0].cells == (cell,) and solutions[0].suggested == (values[cell],)
    rate = right / identifiable
    with capsys.disabled():
        print(
            f"\nlikely-wrong cell: {trials} single-cell errors, {identifiable} identifiable, "
            f"{right} located with the right value = {rate:.1%}"
        )
    assert trials > 300 and identifiable / trials > 0.9
    assert rate >= 0.9


def test_slips_are_named():
    assert classify(1324, 1234) == "transposition"
    assert classify(69, 96) == "transposition"
    assert classify(1284, 1234) == "digit"
    assert classify(12340, 1234) == "magnitude"
    assert classify(55, 12, neighbours=(55, 3)) == "shifted_column"


def test_two_swapped_columns_are_found_as_a_pair(reports):
    report = reports[0]
    values = {
        ("#total" if c["row_kind"] == "total" else c["row_code"], c["column_name"]): int(c["value"])
        for c in report.cells
        if c["form_code"] == "01/TK-THADS" and c["column_name"] != "completion_rate_pct"
    }
    row = next(r for r, _ in values if r != "#total")
    a, b = values[(row, "executed_cases")], values[(row, "in_progress_cases")]
    if a == b:
        pytest.skip("equal values cannot show a swap")
    corrupted = dict(values)
    corrupted[(row, "executed_cases")], corrupted[(row, "in_progress_cases")] = b, a
    solutions = locate(corrupted, row_identities()["01/TK-THADS"])
    assert any(set(s.cells) == {(row, "executed_cases"), (row, "in_progress_cases")} for s in solutions)
