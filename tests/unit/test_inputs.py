"""The fingerprint of what a publication was built from (pipelines/lib/warehouse/inputs.py)."""

import os
import stat
from datetime import date
from pathlib import Path

from pipelines.lib.ingest.load import NOISE, list_raw
from pipelines.lib.warehouse.inputs import code_digest, current_units, raw_listing_digest


def _tree(root):
    (root / "pipelines" / "__pycache__").mkdir(parents=True)
    (root / "pipelines" / "rules.py").write_text("RULES = 1\n", encoding="utf-8")
    (root / "pipelines" / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\x00")
    (root / "dbt_project" / "seeds").mkdir(parents=True)
    (root / "dbt_project" / "seeds" / "ref_targets.csv").write_text("year,target\n2024,85\n", encoding="utf-8")
    (root / "dbt_project" / "target").mkdir()
    (root / "dbt_project" / "dbt_project.yml").write_text("name: thads\n", encoding="utf-8")


def test_the_code_digest_follows_code_and_reference_data_not_caches(tmp_path):
    _tree(tmp_path)
    first = code_digest(tmp_path)
    (tmp_path / "pipelines" / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\x01")
    (tmp_path / "dbt_project" / "target" / "manifest.json").write_text("{}", encoding="utf-8")
    assert code_digest(tmp_path) == first
    (tmp_path / "dbt_project" / "seeds" / "ref_targets.csv").write_text("year,target\n2024,86\n", encoding="utf-8")
    second = code_digest(tmp_path)
    assert second != first
    (tmp_path / "pipelines" / "new_rule.py").write_text("", encoding="utf-8")
    assert code_digest(tmp_path) != second


def test_the_listing_digest_sees_new_renamed_and_rewritten_files(tmp_path):
    a = tmp_path / "2024-08" / "P08-D070_lan1.xlsx"
    a.parent.mkdir()
    a.write_bytes(b"one")
    first = raw_listing_digest(list_raw(tmp_path))
    assert raw_listing_digest(list_raw(tmp_path)) == first
    a.write_bytes(b"two")  # same size, written again
    rewritten = raw_listing_digest(list_raw(tmp_path))
    assert rewritten != first
    a.rename(a.with_name("P08-D070_lan2.xlsx"))
    renamed = raw_listing_digest(list_raw(tmp_path))
    assert renamed != rewritten
    (tmp_path / "2024-08" / "P08-D071_lan1.xlsx").write_bytes(b"")
    assert raw_listing_digest(list_raw(tmp_path)) != renamed


def test_the_listing_is_the_walk_it_replaces(tmp_path):
    """list_raw gives the files os.walk gave, in its order (a folder's files, then its subfolders), so a
    drop zone's fingerprint does not change with the code that lists it; noise, hidden folders and links
    to folders are left out, a link to a file is listed by its own entry."""
    for rel in [
        "b.xlsx",
        "a.csv",
        "2024-08/z.xlsx",
        "2024-08/~$z.xlsx",
        "2024-08/sub/x.csv",
        "2024-07/y.csv",
        ".git/config",
        "Thumbs.db",
        "2024-08/.DS_Store",
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    (tmp_path / "linked").symlink_to(tmp_path / "2024-07", target_is_directory=True)
    (tmp_path / "2024-08" / "link.csv").symlink_to(tmp_path / "elsewhere.csv")
    walked = []
    for root, dirs, files in os.walk(tmp_path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        walked += [Path(root) / n for n in sorted(files) if n.lower() not in NOISE and not n.startswith("~$")]
    listed = list_raw(tmp_path)
    assert [f.path for f in listed] == walked
    assert [f.rel for f in listed] == [
        "a.csv",
        "b.xlsx",
        "2024-07/y.csv",
        "2024-08/link.csv",
        "2024-08/z.xlsx",
        "2024-08/sub/x.csv",
    ]
    assert stat.S_ISLNK(listed[3].stat.st_mode)


def test_current_units_change_only_at_a_validity_date(tmp_path):
    units = tmp_path / "ref_units.csv"
    units.write_text(
        "unit_code,valid_from,valid_to,name_vi,level,parent_code,province_code\n"
        "P08,2009-07-01,2025-06-30,Cục Tuyên Quang,province,VN,08\n"
        "P08N,2025-07-01,,Tuyên Quang (mới),province,VN,08\n",
        encoding="utf-8",
    )
    assert current_units(date(2025, 6, 30), units) == ["P08"]
    assert current_units(date(2025, 7, 1), units) == current_units(date(2026, 12, 3), units) == ["P08N"]
