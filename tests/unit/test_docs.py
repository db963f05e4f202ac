import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load(script: str):
    spec = importlib.util.spec_from_file_location(script, ROOT / "scripts" / f"{script}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reason_code_docs_are_current():
    module = _load("write_reason_docs")
    assert module.OUT.read_text(encoding="utf-8") == module.render(), "run scripts/write_reason_docs.py"


def test_rule_docs_are_current():
    module = _load("write_rule_docs")
    assert module.OUT.read_text(encoding="utf-8") == module.render(), "run scripts/write_rule_docs.py"


def test_every_registry_rule_has_expressions_in_a_known_context():
    import csv

    import yaml

    seeds = ROOT / "dbt_project" / "seeds"
    rules = {r["rule_id"] for r in csv.DictReader(open(seeds / "ref_rules.csv", encoding="utf-8"))}
    exprs = list(csv.DictReader(open(seeds / "ref_rule_expressions.csv", encoding="utf-8")))
    contexts = set(yaml.safe_load(open(ROOT / "dbt_project" / "dbt_project.yml"))["vars"]["validation_contexts"])
    assert rules == {e["rule_id"] for e in exprs}
    assert {e["context"] for e in exprs} <= contexts


def test_mart_and_validation_model_yaml_is_current_with_the_glossary():
    module = _load("write_marts_yaml")
    stale = [
        str(p.relative_to(ROOT))
        for p, text in module.render().items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run `make docs`: {stale}"


def test_every_mart_has_its_yaml_beside_its_sql_and_every_form_column_its_label():
    from pipelines.lib.glossary import terms
    from pipelines.lib.ingest.layouts import load_registry

    marts = ROOT / "dbt_project" / "models" / "marts"
    for sql in marts.rglob("*.sql"):
        assert sql.with_suffix(".yml").exists(), f"{sql.relative_to(ROOT)} has no YAML beside it"
    for layout in load_registry():
        for sheet in layout.sheets:
            for column in sheet.columns:
                assert terms()[column.name].vi, column.name


def test_public_holidays_seed_is_current_with_the_holidays_package():
    module = _load("write_holidays_seed")
    assert module.OUT.read_text(encoding="utf-8") == module.render(), "run `make docs` (scripts/write_holidays_seed.py)"


def test_every_rule_says_what_to_do_and_where_its_sides_come_from():
    import csv

    seeds = ROOT / "dbt_project" / "seeds"
    rules = list(csv.DictReader(open(seeds / "ref_rules.csv", encoding="utf-8")))
    actions = {r["rule_id"]: r for r in csv.DictReader(open(seeds / "ref_rule_actions.csv", encoding="utf-8"))}
    families = {r["family"] for r in csv.DictReader(open(seeds / "ref_rule_families.csv", encoding="utf-8"))}
    for rule in rules:
        a = actions[rule["rule_id"]]
        assert all(a[k] for k in ("action_vi", "action_en", "lhs_label_vi", "rhs_label_vi")), rule["rule_id"]
        assert rule["family"] in families
