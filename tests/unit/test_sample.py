"""The sample generator keeps every identity of the input contract, except where a defect
is planted on purpose, and reproduces Tuyên Quang's published figures."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from pipelines.lib.ingest.load import candidate_files
from pipelines.lib.ingest.parsed import ParsedEmulationList
from pipelines.lib.ingest.readers import ParsedReport, read_report
from pipelines.lib.sample import PLANTED_DEFECTS, PLANTED_EMULATION, generate_sample
from pipelines.lib.sample.simulation import rate_pct

# D4 (resubmission) puts a wrong 'in progress' into submission 1 of this report on purpose
KNOWN_BAD = {("P08-D073", date(2023, 5, 31), 1)}


@pytest.fixture(scope="module")
def parsed(sample_tq):
    """The statistical reports of the sample (the self-scoring tables are tested elsewhere)."""
    return [r for r in (read_report(p) for p in candidate_files(sample_tq)) if isinstance(r, ParsedReport)]


def rows_of(report):
    rows = defaultdict(dict)
    for c in report.cells:
        rows[(c["sheet"], c["row_kind"], c["row_code"])][c["column_name"]] = c["value"]
    return rows


def identity_failures(v: dict, sheet: str) -> list[str]:
    s = "_cases" if sheet == "01_VIEC" else "_kvnd"
    done = (
        ["executed_cases", "terminated_cases"]
        if s == "_cases"
        else ["collected_kvnd", "terminated_kvnd", "reduced_kvnd"]
    )
    parts = done + [f"in_progress{s}", f"postponed_agreed{s}", f"other_enforceable{s}"]
    completed = sum(v[c] for c in done)
    checks = {
        "I-01": v[f"total_accepted{s}"] == v[f"carried_in{s}"] + v[f"new{s}"],
        "I-02": v[f"to_enforce{s}"] == v[f"total_accepted{s}"] - v[f"delegated_out{s}"] - v[f"withdrawn{s}"],
        "I-03": v[f"to_enforce{s}"] == v[f"enforceable{s}"] + v[f"not_enforceable{s}"],
        "I-04": v[f"enforceable{s}"] == sum(v[c] for c in parts),
        "I-06": v[f"carried_out{s}"] == v[f"to_enforce{s}"] - completed,
        "I-07": v[f"carried_out_enforceable{s}"] == v[f"enforceable{s}"] - completed,
        "I-09": (v["completion_rate_pct"] is None and v[f"enforceable{s}"] == 0)
        or v["completion_rate_pct"] == Decimal(rate_pct(int(completed), int(v[f"enforceable{s}"]))),
    }
    return [k for k, ok in checks.items() if not ok]


def test_every_row_of_every_report_satisfies_the_identities(parsed):
    failures = []
    for report in parsed:
        h = report.header
        if (h.unit_code, h.period_end, h.submission_no) in KNOWN_BAD:
            continue
        rows = rows_of(report)
        for (sheet, kind, code), values in rows.items():
            bad = identity_failures(values, sheet)
            if bad:
                failures.append((h.unit_code, h.period_end, sheet, code, bad))
            if kind == "total":  # I-16: total = sum of the rows
                details = [v for (s, k, _), v in rows.items() if s == sheet and k == "detail"]
                for col, total in values.items():
                    if col != "completion_rate_pct" and total != sum(d[col] for d in details):
                        failures.append((h.unit_code, h.period_end, sheet, "total", col))
    assert failures == []


def test_the_planted_resubmission_breaks_an_identity_in_submission_1_only(parsed):
    versions = {
        r.header.submission_no: r
        for r in parsed
        if (r.header.unit_code, r.header.period_end) == ("P08-D073", date(2023, 5, 31))
    }
    assert sorted(versions) == [1, 2]
    first = rows_of(versions[1])[("01_VIEC", "detail", "CHV-D073-01")]
    assert "I-04" in identity_failures(first, "01_VIEC")


def test_carried_in_is_constant_within_a_year_and_flows_only_grow(parsed):
    series = defaultdict(list)
    for r in parsed:
        h = r.header
        if h.submission_no != max(
            x.header.submission_no
            for x in parsed
            if (x.header.unit_code, x.header.report_kind, x.header.period_end)
            == (h.unit_code, h.report_kind, h.period_end)
        ):
            continue
        total = rows_of(r)[("01_VIEC", "total", "")]
        series[(h.unit_code, h.report_kind, h.period_start)].append((h.period_end, total))
    for key, points in series.items():
        points.sort()
        assert len({p[1]["carried_in_cases"] for p in points}) == 1, key  # I-11
        for (_, a), (_, b) in zip(points, points[1:]):  # I-12
            for col in ("new_cases", "executed_cases", "terminated_cases", "delegated_out_cases"):
                assert b[col] >= a[col], (key, col)


def test_next_year_carried_in_is_last_years_carried_out_less_the_separate_book(parsed):
    by = {
        (r.header.unit_code, r.header.report_kind, r.header.period_end): rows_of(r)[("01_VIEC", "total", "")]
        for r in parsed
        if r.header.submission_no == 1
    }
    for (code, kind, end), v in by.items():
        if end != date(2023, 9, 30):
            continue
        prev = by[(code, kind, date(2022, 9, 30))]
        moved = prev["carried_out_cases"] - v["carried_in_cases"]
        assert 0 <= moved <= prev["not_enforceable_cases"], code  # I-13


def test_tuyen_quang_11_months_2023_matches_the_published_figures(parsed):
    def province_total(end):
        r = next(
            x
            for x in parsed
            if (x.header.unit_code, x.header.report_kind, x.header.period_end) == ("P08", "province", end)
        )
        rows = rows_of(r)
        return rows[("01_VIEC", "total", "")], rows[("02_TIEN", "total", "")]

    cases, money = province_total(date(2023, 8, 31))
    assert cases["executed_cases"] + cases["terminated_cases"] == 4132
    assert cases["enforceable_cases"] == 4787
    assert str(cases["completion_rate_pct"]) == "86.32"
    assert money["collected_kvnd"] + money["terminated_kvnd"] + money["reduced_kvnd"] == 69_647_668
    assert money["enforceable_kvnd"] == 116_404_270
    cases22, money22 = province_total(date(2022, 8, 31))
    assert cases22["executed_cases"] + cases22["terminated_cases"] == 3433
    assert money22["collected_kvnd"] + money22["terminated_kvnd"] + money22["reduced_kvnd"] == 63_822_721


def test_the_generator_is_deterministic(tmp_path, sample_tq):
    generate_sample(tmp_path, provinces=("08",), first_year=2022, last_year=2023)

    def content(folder):
        out = {}
        for p in candidate_files(folder):
            r = read_report(p)
            items = (
                r.cells if isinstance(r, ParsedReport) else r.rows if isinstance(r, ParsedEmulationList) else r.claims
            )
            out[p.relative_to(folder).as_posix()] = sorted(
                tuple(
                    str(c.get(k))
                    for k in (
                        "sheet",
                        "row_code",
                        "column_number",
                        "value",
                        "criterion_code",
                        "claimed_value",
                        "points",
                        "registrant_code",
                        "title_code",
                    )
                )
                for c in items
            )
        return out

    assert content(tmp_path) == content(sample_tq)


def test_planted_defects_are_documented():
    doc = (__import__("pathlib").Path(__file__).parents[2] / "docs" / "sample-data.md").read_text(encoding="utf-8")
    for d in PLANTED_DEFECTS + PLANTED_EMULATION:
        assert d["id"] in doc and d["unit"] in doc
