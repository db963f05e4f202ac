from pipelines.lib.ingest.layouts import (
    cell_ref,
    col_index,
    col_letter,
    default_template,
    load_registry,
    match_template,
)


def test_registry_holds_the_reference_layout():
    templates = load_registry()
    assert [t.id for t in templates] == ["thads_ref_2024"]
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


def test_cell_addresses():
    assert col_index("A") == 0 and col_index("AA") == 26
    assert col_letter(0) == "A" and col_letter(26) == "AA"
    assert cell_ref(12, 3) == "D13"
