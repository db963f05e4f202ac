"""The national unit register: its default is complete and consistent, a broken replacement is refused."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.lib.register import (
    NATIONAL_OFFICES,
    check_register,
    contiguous_groups,
    office_counts,
    register_counts,
)
from pipelines.settings import SEEDS_DIR

UNITS, SUCCESSION = SEEDS_DIR / "ref_units.csv", SEEDS_DIR / "ref_unit_succession.csv"


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def test_the_seed_is_the_whole_country_before_and_after_the_merger():
    c = register_counts(UNITS)
    assert (c[("before", "province")], c[("before", "office")]) == (63, 63)
    assert c[("before", "district")] == 692  # 696 districts less four island districts without a court
    assert (c[("after", "province")], c[("after", "region")]) == (34, NATIONAL_OFFICES)
    assert check_register(UNITS, SUCCESSION) == []


def test_every_pre_2025_district_maps_to_exactly_one_office_of_its_successor_province():
    units = _rows(UNITS)
    province_after = {
        r["old_province_code"]: r["new_province_code"] for r in _rows(SEEDS_DIR / "ref_province_succession.csv")
    }
    districts = {u["unit_code"]: u["province_code"] for u in units if u["level"] == "district"}
    maps: dict[str, list[str]] = {}
    for s in _rows(SUCCESSION):
        maps.setdefault(s["predecessor_code"], []).append(s["successor_code"])
    for code, province in districts.items():
        assert len(maps[code]) == 1, code
        assert maps[code][0].startswith(f"P{province_after[province]}-KV"), (code, maps[code])


def test_a_rename_is_a_dated_row_of_the_same_code():
    versions = [u for u in _rows(UNITS) if u["unit_code"] == "P74-D724"]
    assert [(v["valid_to"], v["name_vi"]) for v in versions] == [
        ("2020-01-31", "Chi cục Thi hành án dân sự thị xã Dĩ An"),
        ("2025-06-30", "Chi cục Thi hành án dân sự thành phố Dĩ An"),
    ]


def test_offices_are_shared_out_in_proportion_and_add_up():
    counts = office_counts({"a": 10, "b": 30, "c": 3, "s": 18}, 20, {"s": 2})
    assert counts["s"] == 9 and sum(counts.values()) == 20
    assert counts["b"] > counts["a"] >= counts["c"] >= 1
    assert contiguous_groups(list("abcde"), 2) == [["a", "b", "c"], ["d", "e"]]


@pytest.mark.parametrize(
    ("break_it", "file", "code"),
    [
        # a district left out of the succession map: an orphan
        (lambda u, s: (u, [r for r in s if r["predecessor_code"] != "P01-D001"]), "ref_units.csv", "NO_SUCCESSOR"),
        # a district sent to an office of another province
        (
            lambda u, s: (
                u,
                [dict(r, successor_code="P79-KV01") if r["predecessor_code"] == "P01-D001" else r for r in s],
            ),
            "ref_unit_succession.csv",
            "WRONG_PROVINCE",
        ),
        # the same code twice over the same dates
        (lambda u, s: ([*u, dict(u[5])], s), "ref_units.csv", "DUPLICATE"),
        # an office nobody maps to
        (
            lambda u, s: ([*u, dict(u[-1], unit_code="P01-KV99", name_vi="Phòng thừa")], s),
            "ref_units.csv",
            "EMPTY_OFFICE",
        ),
        # a successor that starts a day late
        (
            lambda u, s: ([dict(r, valid_from="2025-07-02") if r["unit_code"] == "P01-KV01" else r for r in u], s),
            "ref_unit_succession.csv",
            "SUCCESSOR",
        ),
        # a district whose province does not exist then
        (
            lambda u, s: ([dict(r, parent_code="P99") if r["unit_code"] == "P01-D001" else r for r in u], s),
            "ref_units.csv",
            "ORPHAN",
        ),
    ],
)
def test_a_broken_replacement_is_refused_with_file_line_and_reason(tmp_path, capsys, break_it, file, code):
    units, succession = break_it(_rows(UNITS), _rows(SUCCESSION))
    u = _write(tmp_path / "ref_units.csv", units)
    s = _write(tmp_path / "ref_unit_succession.csv", succession)
    problems = check_register(u, s)
    assert code in {p.code for p in problems}
    hit = next(p for p in problems if p.code == code)
    assert hit.file == file and hit.line and hit.line > 1
    assert main(["units", "check", "--units", str(u), "--succession", str(s)]) == 1
    err = capsys.readouterr().err
    assert f"{file}:{hit.line}: [{code}]" in err


def test_the_check_command_accepts_the_seed(capsys):
    assert main(["units", "check"]) == 0
    assert "63 tỉnh, 692 chi cục" in capsys.readouterr().out
