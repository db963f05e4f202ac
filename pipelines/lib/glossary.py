"""The glossary (glossary.yaml): each term's Vietnamese and English label, unit, contract type and
description, read by the layouts, the marts documentation, the report and its workbook."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

GLOSSARY_PATH = Path(__file__).with_name("glossary.yaml")


@dataclass(frozen=True)
class Term:
    name: str
    type: str | None
    vi: str | None
    en: str | None
    unit: str | None  # a key of `units` (cases, kvnd) for counts and money
    description: str | None

    def label(self, lang: str = "vi", with_unit: bool = True) -> str:
        """The header a reader sees, e.g. "Chuyển kỳ sau (việc)" / "Carried forward (cases)"."""
        text = (self.vi if lang == "vi" else self.en) or self.name
        if with_unit and self.unit:
            text = f"{text} ({unit_label(self.unit, lang)})"
        return text


@functools.cache
def _document() -> dict:
    return yaml.safe_load(GLOSSARY_PATH.read_text(encoding="utf-8"))


@functools.cache
def terms() -> dict[str, Term]:
    return {
        name: Term(name, t.get("type"), t.get("vi"), t.get("en"), t.get("unit"), t.get("description"))
        for name, t in _document()["terms"].items()
    }


def term(name: str) -> Term:
    try:
        return terms()[name]
    except KeyError:
        raise KeyError(f"'{name}' is not in the glossary ({GLOSSARY_PATH.name}); add it there") from None


def unit_label(unit: str, lang: str = "vi") -> str:
    return _document()["units"][unit][lang]
