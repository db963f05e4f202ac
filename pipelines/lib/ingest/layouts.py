"""Layout registry: report layouts as data (one YAML file per layout under `layouts/`).

The readers ask the registry which layout a workbook follows (by its sheet names) and then read
cells by the positions the layout gives; the sample writers put them there. Adding a layout
means adding a YAML file, not code. Column labels come from the glossary unless a layout
overrides one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..glossary import term

LAYOUTS_DIR = Path(__file__).with_name("layouts")


def col_index(letter: str) -> int:
    """Excel column letter -> 0-based index ('A' -> 0, 'AA' -> 26)."""
    n = 0
    for ch in letter.upper():
        n = n * 26 + (ord(ch) - ord("A") + 1)
    return n - 1


def col_letter(index: int) -> str:
    """0-based index -> Excel column letter."""
    s = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(ord("A") + rem) + s
    return s


def cell_ref(row0: int, col0: int) -> str:
    """0-based row/column -> 'D12'."""
    return f"{col_letter(col0)}{row0 + 1}"


@dataclass(frozen=True)
class ColumnSpec:
    number: int
    name: str
    kind: str  # count | money | rate
    label: str


@dataclass(frozen=True)
class SheetSpec:
    name: str
    form_code: str
    measure: str  # cases | money
    title: str
    unit_of_measure: str
    columns: tuple[ColumnSpec, ...]
    part: str | None = None  # chu_dong | theo_yeu_cau where the regime splits a measure in two forms

    def column(self, number: int) -> ColumnSpec | None:
        for c in self.columns:
            if c.number == number:
                return c
        return None


@dataclass(frozen=True)
class HeaderField:
    name: str
    row: int  # 1-based
    label_col: str
    label: str
    value_col: str


@dataclass(frozen=True)
class ColumnGroup:
    label: str
    first: int  # column numbers (n) the heading spans
    last: int | None  # None: to the last column


@dataclass(frozen=True)
class WriterSpec:
    """Where a writer puts what the readers search for (1-based rows)."""

    unit_of_measure_row: int
    unit_of_measure_label: str
    number_row: int
    column_groups: tuple[ColumnGroup, ...]
    stt_label: str
    row_label_unit: str
    row_label_province: str
    code_label: str
    signature_left: str
    signature_right: str


@dataclass(frozen=True)
class Template:
    id: str
    description_vi: str
    description_en: str
    header_fields: tuple[HeaderField, ...]
    report_kinds: dict[str, str]
    number_row_search: tuple[int, int]
    stt_col: str
    name_col: str
    code_col: str
    total_label: str
    sheets: tuple[SheetSpec, ...]
    csv_columns: tuple[str, ...]
    csv_encodings: tuple[str, ...]
    writer: WriterSpec
    stat_years: tuple[int, int] = (0, 9999)  # the statistical years this layout was the form of

    def sheet(self, name: str) -> SheetSpec | None:
        for s in self.sheets:
            if s.name == name:
                return s
        return None

    def sheet_by_form(self, form_code: str) -> SheetSpec | None:
        for s in self.sheets:
            if s.form_code == form_code:
                return s
        return None


def _form_label(name: str) -> str:
    label = term(name).vi
    if not label:
        raise ValueError(f"the glossary has no Vietnamese label for form column '{name}'")
    return label


def _writer(doc: dict) -> WriterSpec:
    groups = tuple(ColumnGroup(g["label"], g["first"], g.get("last")) for g in doc.pop("column_groups"))
    return WriterSpec(column_groups=groups, **doc)


def _load(path: Path) -> Template:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = tuple(
        HeaderField(name=k, row=v["row"], label_col=v["label_col"], label=v["label"], value_col=v["value_col"])
        for k, v in doc["header"]["fields"].items()
    )
    sheets = tuple(
        SheetSpec(
            name=s["name"],
            form_code=s["form_code"],
            measure=s["measure"],
            title=s["title"],
            unit_of_measure=s["unit_of_measure"],
            part=s.get("part"),
            columns=tuple(
                ColumnSpec(
                    number=int(n), name=c["name"], kind=c["kind"], label=c.get("label") or _form_label(c["name"])
                )
                for n, c in sorted(s["columns"].items(), key=lambda kv: int(kv[0]))
            ),
        )
        for s in doc["sheets"]
    )
    t = doc["table"]
    return Template(
        id=doc["id"],
        description_vi=doc["description_vi"],
        description_en=doc["description_en"],
        header_fields=fields,
        report_kinds=dict(doc["header"]["report_kinds"]),
        number_row_search=tuple(t["number_row_search"]),
        stt_col=t["stt_col"],
        name_col=t["name_col"],
        code_col=t["code_col"],
        total_label=t["total_label"],
        sheets=sheets,
        csv_columns=tuple(doc["csv"]["columns"]),
        csv_encodings=tuple(doc["csv"]["encodings"]),
        writer=_writer(dict(doc["writer"])),
        stat_years=tuple(doc.get("stat_years", (0, 9999))),
    )


def _documents(directory: Path, kind: str) -> list[Path]:
    return [
        p
        for p in sorted(directory.glob("*.yaml"))
        if yaml.safe_load(p.read_text(encoding="utf-8")).get("document", "report") == kind
    ]


@functools.cache
def load_registry(directory: Path = LAYOUTS_DIR) -> tuple[Template, ...]:
    """The report layouts (document: report)."""
    return tuple(_load(p) for p in _documents(directory, "report"))


@functools.cache
def self_score_layouts(directory: Path = LAYOUTS_DIR) -> tuple[dict, ...]:
    """The self-scoring table layouts (document: self_score), as plain dictionaries."""
    return tuple(yaml.safe_load(p.read_text(encoding="utf-8")) for p in _documents(directory, "self_score"))


EMULATION_LIST_DOCUMENTS = ("emulation_registration", "award_decision")


@functools.cache
def emulation_list_layouts(directory: Path = LAYOUTS_DIR) -> tuple[dict, ...]:
    """The list documents of the emulation work (registrations, award decisions), as dictionaries."""
    return tuple(
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for kind in EMULATION_LIST_DOCUMENTS
        for p in _documents(directory, kind)
    )


DEFAULT_LAYOUT = "thads_ref_2024"


def default_template() -> Template:
    """The current layout (what a writer uses unless told otherwise, what an error message expects)."""
    return next(t for t in load_registry() if t.id == DEFAULT_LAYOUT)


def template_by_id(layout_id: str) -> Template:
    return next(t for t in load_registry() if t.id == layout_id)


def template_for_year(stat_year: int) -> Template:
    """The layout units used in a statistical year."""
    for template in load_registry():
        first, last = template.stat_years
        if first <= stat_year <= last:
            return template
    return default_template()


def template_by_form(form_code: str) -> Template | None:
    """The layout one of whose forms has this code (a CSV export names its form on every line)."""
    return next((t for t in load_registry() if t.sheet_by_form(form_code)), None)


def match_template(sheet_names: list[str]) -> Template | None:
    """The first layout whose sheets are all present in the workbook."""
    for template in load_registry():
        if all(s.name in sheet_names for s in template.sheets):
            return template
    return None
