"""Read a list document of the emulation work — registrations or award decisions — from its sheet.

The layout (header fields, columns with their kinds) is a `document: emulation_registration` or
`document: award_decision` entry of the layout registry; this reader has no layout of its own.
Column kinds: text, code (upper-cased identifier), choice (a label of the layout's `choices`),
title (a code of seeds/ref_emulation_titles.csv), date.
"""

from __future__ import annotations

from ..reference import load_titles
from .grid import Grid
from .layouts import cell_ref, col_index
from .normalise import clean_text, label_key, parse_date
from .parsed import DefectCollector, ParsedEmulationList
from .read_self_score import check_column_labels, read_document_header


def read_emulation_list(wb, layout: dict) -> ParsedEmulationList:
    defects = DefectCollector()
    sheet = layout["sheet"]
    grid = Grid(wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
    header = read_document_header(grid, layout, defects)
    columns = layout["table"]["columns"]
    header_r0 = layout["table"]["header_row"] - 1
    check_column_labels(grid, sheet, header_r0, {col_index(c["col"]): c["label"] for c in columns.values()}, defects)
    titles = load_titles()
    key_c0 = col_index(columns[layout["table"]["key"]]["col"])
    rows = []
    for r0 in range(header_r0 + 1, grid.height):
        if clean_text(grid.get(r0, key_c0)) == "":
            continue  # blank rows and the signature block
        row: dict[str, object] = {"sheet": sheet, "cell_ref": cell_ref(r0, key_c0), "row_number": r0 + 1}
        for name, spec in columns.items():
            c0 = col_index(spec["col"])
            raw = grid.get(r0, c0)
            text = clean_text(raw)
            where = {"sheet": sheet, "cell": cell_ref(r0, c0)}
            if text == "":
                if not spec.get("optional") and spec["kind"] != "text":
                    defects.add("CELL_EMPTY", **where, expected=spec["label"])
                row[name] = None
                continue
            kind = spec["kind"]
            if kind == "code":
                row[name] = text.upper()
            elif kind == "choice":
                choices = {label_key(k): v for k, v in spec["choices"].items()}
                if label_key(text) not in choices:
                    defects.add("VALUE_NOT_ALLOWED", **where, expected=", ".join(spec["choices"]), found=text)
                row[name] = choices.get(label_key(text))
            elif kind == "title":
                if text.upper() not in titles:
                    defects.add("TITLE_UNKNOWN", **where, expected=", ".join(titles), found=text)
                row[name] = text.upper()
            elif kind == "date":
                try:
                    row[name] = parse_date(raw)
                except ValueError:
                    defects.add("DATE_INVALID", **where, found=text)
                    row[name] = None
            else:
                row[name] = text
        rows.append(row)
    if not rows:
        defects.add("NO_DATA_ROWS", sheet=sheet)
    defects.raise_if_any()
    assert header is not None  # a missing header field is a defect, raised above
    return ParsedEmulationList(document=layout["document"], header=header, rows=rows)
