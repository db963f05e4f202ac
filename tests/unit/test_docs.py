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
