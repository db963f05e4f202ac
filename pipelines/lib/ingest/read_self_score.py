"""Read a self-scoring table (Bảng tự chấm điểm thi đua) from its workbook sheet.

The layout (header fields, table columns, criteria) is a `document: self_score` entry of the
layout registry.
"""

from __future__ import annotations

from .grid import Grid
from .layouts import cell_ref, col_index
from .normalise import NumberError, as_written, check_kind, clean_text, label_key, parse_date, parse_number
from .parsed import DefectCollector, ParsedSelfScore, SelfScoreHeader


class _NoFigure(Exception):
    pass


def read_document_header(grid: Grid, layout: dict, defects: DefectCollector) -> SelfScoreHeader | None:
    """The header fields every emulation document has (unit, year, reference date, submission)."""
    sheet = layout["sheet"]
    values: dict[str, tuple[object, str]] = {}
    for name, f in layout["header"]["fields"].items():
        r0, lc, vc = f["row"] - 1, col_index(f["label_col"]), col_index(f["value_col"])
        label = grid.get(r0, lc)
        if label_key(label) != label_key(f["label"]):
            defects.add(
                "HEADER_LABEL_MISMATCH",
                sheet=sheet,
                cell=cell_ref(r0, lc),
                expected=f["label"],
                found=clean_text(label),
            )
            continue
        raw = grid.get(r0, vc)
        if raw is None or clean_text(raw) == "":
            defects.add("HEADER_VALUE_MISSING", sheet=sheet, cell=cell_ref(r0, vc), expected=f["label"])
            continue
        values[name] = (raw, cell_ref(r0, vc))
    if len(values) == len(layout["header"]["fields"]):
        try:
            ref_date = parse_date(values["reference_date"][0])
        except ValueError:
            defects.add(
                "DATE_INVALID",
                sheet=sheet,
                cell=values["reference_date"][1],
                found=clean_text(values["reference_date"][0]),
            )
            ref_date = None
        numbers = {}
        for name, code in (("stat_year", "CELL_NOT_INTEGER"), ("submission_no", "SUBMISSION_NO_INVALID")):
            try:
                n = parse_number(values[name][0])
                if n <= 0 or n != n.to_integral_value():
                    raise NumberError(code)
                numbers[name] = int(n)
            except NumberError:
                defects.add(
                    code if name == "submission_no" else "CELL_NOT_INTEGER",
                    sheet=sheet,
                    cell=values[name][1],
                    expected=name,
                    found=clean_text(values[name][0]),
                )
        if ref_date and len(numbers) == 2:
            return SelfScoreHeader(
                template_id=layout["id"],
                unit_code=clean_text(values["unit_code"][0]).upper(),
                unit_name=clean_text(values["unit_name"][0]),
                stat_year=numbers["stat_year"],
                reference_date=ref_date,
                submission_no=numbers["submission_no"],
            )
    return None


def check_column_labels(grid: Grid, sheet: str, row0: int, labels: dict[int, str], defects: DefectCollector) -> None:
    """Each table column carries its label on the header row (column index -> label)."""
    for c0, label in labels.items():
        found = grid.get(row0, c0)
        if label_key(found) != label_key(label):
            defects.add(
                "COLUMN_LABEL_MISMATCH", sheet=sheet, cell=cell_ref(row0, c0), expected=label, found=clean_text(found)
            )


def read_self_score(wb, layout: dict) -> ParsedSelfScore:
    defects = DefectCollector()
    sheet = layout["sheet"]
    grid = Grid(wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
    header = read_document_header(grid, layout, defects)
    cols = {k: col_index(v) for k, v in layout["table"]["columns"].items()}
    header_r0 = layout["table"]["header_row"] - 1
    check_column_labels(
        grid, sheet, header_r0, {cols[k]: label for k, label in layout["table"]["labels"].items()}, defects
    )
    criteria = layout["criteria"]
    claims = []
    for r0 in range(header_r0 + 1, grid.height):
        code = clean_text(grid.get(r0, cols["criterion_code"]))
        if not code:
            continue
        if code not in criteria:
            defects.add(
                "CRITERION_UNKNOWN",
                sheet=sheet,
                cell=cell_ref(r0, cols["criterion_code"]),
                found=code,
                expected=", ".join(criteria),
            )
            continue
        kind = criteria[code]["kind"]
        claimed = None
        raw_claim = grid.get(r0, cols["claimed_value"])
        try:
            if criteria[code].get("optional") and clean_text(raw_claim) == "":
                raise _NoFigure
            claimed = parse_number(raw_claim)
            if kind in ("count", "money", "rate"):
                check_kind(claimed, kind)
        except _NoFigure:
            pass  # a criterion scored without a figure of the unit's own
        except NumberError as err:
            defects.add(
                err.code,
                sheet=sheet,
                cell=cell_ref(r0, cols["claimed_value"]),
                expected=criteria[code]["vi"],
                found=as_written(grid.get(r0, cols["claimed_value"])) or "",
            )
        points = None
        if grid.get(r0, cols["points"]) is not None:
            try:
                points = parse_number(grid.get(r0, cols["points"]))
            except NumberError as err:
                defects.add(
                    err.code,
                    sheet=sheet,
                    cell=cell_ref(r0, cols["points"]),
                    expected="điểm / points",
                    found=as_written(grid.get(r0, cols["points"])) or "",
                )
        claims.append(
            {
                "criterion_code": code,
                "criterion_name": clean_text(grid.get(r0, cols["criterion_name"])),
                "claimed_value": claimed,
                "points": points,
                "cell_ref": cell_ref(r0, cols["claimed_value"]),
                "sheet": sheet,
            }
        )
    if not claims:
        defects.add("NO_DATA_ROWS", sheet=sheet)
    defects.raise_if_any()
    assert header is not None  # a missing header field is a defect, raised above
    return ParsedSelfScore(header=header, claims=claims)
