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
