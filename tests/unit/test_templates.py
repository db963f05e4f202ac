from pipelines.lib.ingest.layouts import (
    cell_ref,
    col_index,
    col_letter,
    default_template,
    load_registry,
    match_template,
    template_by_form,
    template_for_year,
)


def test_registry_holds_the_reference_layout():
    templates = load_registry()
    assert [t.id for t in templates] == ["thads_ref_2024", "thads_tt01_2013"]
    t = default_template()
    cases, money = t.sheet("01_VIEC"), t.sheet("02_TIEN")
    assert cases.form_code == "01/TK-THADS" and money.form_code == "02/TK-THADS"
    assert [c.number for c in cases.columns] == list(range(1, 17))
    assert [c.number for c in money.columns] == list(range(1, 18))
    assert cases.column(8).name == "executed_cases"
    assert money.column(10).name == "reduced_kvnd"
    assert {c.kind for c in money.columns} == {"money", "rate"}


def test_layout_is_chosen_by_sheet_names():
    assert match_template(["01_VIEC", "02_TIEN", "Ghi chú"]).id == "thads_ref_2024"
    assert match_template(["01_VIEC"]) is None


def test_the_2013_layout_splits_each_measure_in_two_forms_of_the_same_logical_columns():
    old, new = template_for_year(2019), template_for_year(2020)
    assert (old.id, new.id) == ("thads_tt01_2013", "thads_ref_2024")
    assert [(s.measure, s.part) for s in old.sheets] == [
        ("cases", "chu_dong"),
        ("cases", "theo_yeu_cau"),
        ("money", "chu_dong"),
        ("money", "theo_yeu_cau"),
    ]
    assert {s.part for s in new.sheets} == {None}
    for measure in ("cases", "money"):
        names_old = {c.name for s in old.sheets if s.measure == measure for c in s.columns}
        names_new = {c.name for s in new.sheets if s.measure == measure for c in s.columns}
        assert names_old == names_new
    assert old.sheet("VIEC_CHU_DONG").column(16).name == "completion_rate_pct"  # its own numbering
    assert template_by_form("02b/TK-THA").id == "thads_tt01_2013"
    assert template_by_form("02/TK-THADS").id == "thads_ref_2024"
    assert match_template(["VIEC_CHU_DONG", "VIEC_THEO_YEU_CAU", "TIEN_CHU_DONG", "TIEN_THEO_YEU_CAU"]) == old


def test_cell_addresses():
    assert col_index("A") == 0 and col_index("AA") == 26
    assert col_letter(0) == "A" and col_letter(26) == "AA"
    assert cell_ref(12, 3) == "D13"
