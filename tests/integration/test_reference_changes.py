"""A change of reference data reaches files the warehouse already refused: a report of a unit the register
did not know is loaded once the operator adds the unit (as a rebuild would load it), and only then."""

from datetime import date

import duckdb
import pytest

from pipelines.lib.ingest.load import ingest
from pipelines.lib.reference import UnitRegister, load_units
from pipelines.settings import Settings
from tests.fixtures.builders import tiny_report, write_tiny_xlsx

pytestmark = pytest.mark.integration
UNIT = "P08-D070"


def _statuses(con) -> list[tuple]:
    return con.execute(
        "select f.status, q.reason_code from raw.report_files f "
        "left join raw.quarantine q using (file_sha256) order by all"
    ).fetchall()


def test_a_file_refused_for_an_unknown_unit_is_loaded_once_the_unit_is_registered(tmp_path):
    raw = tmp_path / "raw"
    write_tiny_xlsx(raw / f"{UNIT}_7.xlsx", tiny_report(period_end=date(2023, 7, 31)))
    settings = Settings(raw_dir=raw, marts_dir=tmp_path / "marts", today=date(2026, 11, 22))
    known = UnitRegister()
    without = UnitRegister(tuple(u for u in load_units() if u.unit_code != UNIT))
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    try:
        ingest(con, settings, run_id="1", register=without)
        (refusal,) = _statuses(con)
        assert refusal == ("quarantined", "UNIT_UNKNOWN")
        # the same register and nothing else changed: a refused file stays refused, read once
        ingest(con, settings, run_id="2", register=without, reexamine_quarantined=True)
        assert _statuses(con) == [refusal]
        # the register now knows the unit, but the refresh was not told the reference data changed
        ingest(con, settings, run_id="3", register=known)
        assert _statuses(con) == [refusal]
        ingest(con, settings, run_id="4", register=known, reexamine_quarantined=True)
        assert _statuses(con) == [("loaded", None)]
        assert con.execute("select count(*) from raw.report_cells").fetchall()[0][0] > 0
        assert con.execute("select count(*) from raw.file_arrivals").fetchall()[0][0] == 1  # arrived once
    finally:
        con.close()


def test_the_register_is_read_again_when_its_file_changes(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    units = list(load_units())
    header = "unit_code,valid_from,valid_to,name_vi,level,parent_code,province_code\n"

    def write(rows):
        lines = [f"{u.unit_code},{u.valid_from},,{u.name_vi},{u.level},{u.parent_code},{u.province_code}" for u in rows]
        (seeds / "ref_units.csv").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")

    write(units[:3])
    assert len(load_units(seeds)) == 3
    write(units[:4])
    assert len(load_units(seeds)) == 4  # a code server that lives across refreshes sees the operator's edit
