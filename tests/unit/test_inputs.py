"""The fingerprint of what a publication was built from (pipelines/lib/warehouse/inputs.py)."""

from datetime import date

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
    first = raw_listing_digest(tmp_path, [a])
    assert raw_listing_digest(tmp_path, [a]) == first
    a.write_bytes(b"two")  # same size, written again
    rewritten = raw_listing_digest(tmp_path, [a])
    assert rewritten != first
    b = a.rename(a.with_name("P08-D070_lan2.xlsx"))
    assert raw_listing_digest(tmp_path, [b]) != rewritten
    c = tmp_path / "2024-08" / "P08-D071_lan1.xlsx"
    c.write_bytes(b"")
    assert raw_listing_digest(tmp_path, [b, c]) != raw_listing_digest(tmp_path, [b])


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
