"""A refresh reads a file of data/raw only when its listing (path, size, modification time) is not that of
a file an earlier refresh settled: a night's cost does not grow with every file ever received."""

import os
from datetime import date

import duckdb
import pytest

from pipelines.lib.ingest import load
from pipelines.settings import Settings
from tests.fixtures.builders import tiny_report, write_tiny_xlsx

pytestmark = pytest.mark.integration


def test_only_files_whose_listing_changed_are_read_to_be_hashed(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    first = write_tiny_xlsx(raw / "2023-07" / "P08-D070_lan1.xlsx", tiny_report(period_end=date(2023, 7, 31)))
    write_tiny_xlsx(raw / "2023-08" / "P08-D070_lan1.xlsx", tiny_report(period_end=date(2023, 8, 31)))
    settings = Settings(raw_dir=raw, marts_dir=tmp_path / "marts", today=date(2026, 11, 22), settle_seconds=0)
    hashed: list[str] = []
    real = load.sha256_of

    def counting(path):
        hashed.append(path.relative_to(raw).as_posix())
        return real(path)

    monkeypatch.setattr(load, "sha256_of", counting)
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    try:
        assert len(load.ingest(con, settings, run_id="1").loaded) == 2
        assert len(hashed) == 2

        hashed.clear()  # nothing changed: no file is read
        summary = load.ingest(con, settings, run_id="2")
        assert (hashed, summary.already_known, summary.loaded) == ([], 2, [])

        hashed.clear()  # touched, same content: read again, and known by its hash
        stat = first.stat()
        os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        summary = load.ingest(con, settings, run_id="3")
        assert (hashed, summary.already_known, summary.loaded) == (["2023-07/P08-D070_lan1.xlsx"], 2, [])

        hashed.clear()  # rewritten in place with other content: read and loaded as the new submission
        write_tiny_xlsx(first, tiny_report(period_end=date(2023, 7, 31), submission_no=2))
        os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2 * 10**9))
        summary = load.ingest(con, settings, run_id="4")
        assert hashed == ["2023-07/P08-D070_lan1.xlsx"]
        assert summary.loaded == ["2023-07/P08-D070_lan1.xlsx"]
        assert con.execute("select submission_no from raw.report_files where run_id = '4'").fetchall() == [(2,)]
    finally:
        con.close()
