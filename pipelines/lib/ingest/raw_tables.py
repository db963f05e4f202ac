"""The raw tables of the build file, each defined once: the DDL, the polars schema of the frames
written into it and the description Dagster shows are all derived from the definitions below.

Money and counts arrive as DECIMAL(38, 4) (as written, before the staging models cast them);
dates and times are naive UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

# DuckDB type -> polars type of the frame that is inserted `by name`
_POLARS: dict[str, Any] = {
    "varchar": pl.String,
    "integer": pl.Int32,
    "bigint": pl.Int64,
    "date": pl.Date,
    "timestamp": pl.Datetime("us"),
    "decimal(38, 4)": pl.Decimal(38, 4),
    "decimal(18, 2)": pl.Decimal(18, 2),
}


@dataclass(frozen=True)
class RawColumn:
    name: str
    type: str
    not_null: bool = False
    primary_key: bool = False
    comment: str = ""


@dataclass(frozen=True)
class RawTable:
    name: str
    description: str
    columns: tuple[RawColumn, ...]

    @property
    def qualified(self) -> str:
        return f"raw.{self.name}"

    def ddl(self) -> str:
        lines = []
        for c in self.columns:
            line = f"    {c.name} {c.type}"
            if c.primary_key:
                line += " primary key"
            elif c.not_null:
                line += " not null"
            lines.append(line)
        create = f"create table if not exists {self.qualified} (\n" + ",\n".join(lines) + "\n);"
        # a warehouse published before a nullable column was added gets it (NULL in its old rows)
        added = "".join(
            f"\nalter table {self.qualified} add column if not exists {c.name} {c.type};"
            for c in self.columns
            if not (c.primary_key or c.not_null)
        )
        return create + added

    def polars_schema(self) -> dict[str, Any]:
        return {c.name: _POLARS[c.type] for c in self.columns}

    def frame(self, rows: list[dict]) -> pl.DataFrame:
        """Rows (dicts, extra keys ignored) as a frame of exactly this table's columns and types."""
        schema = self.polars_schema()
        return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)


def _c(name: str, type_: str, *flags: str, comment: str = "") -> RawColumn:
    return RawColumn(name, type_, not_null="nn" in flags, primary_key="pk" in flags, comment=comment)


REPORT_FILES = RawTable(
    "report_files",
    "File manifest: one row per distinct file (sha256).",
    (
        _c("file_sha256", "varchar", "pk"),
        _c("file_path", "varchar", "nn"),
        _c("file_name", "varchar", "nn"),
        _c("file_size_bytes", "bigint", "nn"),
        _c("file_modified_at", "timestamp"),
        _c("received_at", "timestamp", "nn"),
        _c("run_id", "varchar", "nn"),
        _c("status", "varchar", "nn", comment="loaded | quarantined | deferred (retried next refresh)"),
        _c("file_format", "varchar"),
        _c("template_id", "varchar"),
        _c("unit_code", "varchar"),
        _c("unit_name", "varchar"),
        _c("report_kind", "varchar", comment="unit | province | self_score | emulation_registration | award_decision"),
        _c("period_start", "date"),
        _c("period_end", "date"),
        _c("submission_no", "integer"),
        _c("prepared_on", "date"),
        _c("n_cells", "integer"),
    ),
)

REPORT_CELLS = RawTable(
    "report_cells",
    "Report cells in long format with cell provenance.",
    (
        _c("file_sha256", "varchar", "nn"),
        _c("sheet", "varchar", "nn"),
        _c("form_code", "varchar", "nn"),
        _c("measure", "varchar", "nn"),
        _c("part", "varchar", comment="chu_dong | theo_yeu_cau where the layout splits a measure; NULL otherwise"),
        _c("cell_ref", "varchar", "nn"),
        _c("row_number", "integer", "nn"),
        _c("row_kind", "varchar", "nn", comment="detail | total"),
        _c("row_stt", "varchar"),
        _c("row_name", "varchar"),
        _c("row_code", "varchar", "nn"),
        _c("column_number", "integer", "nn"),
        _c("column_name", "varchar", "nn"),
        _c("value_text", "varchar"),
        _c("value", "decimal(38, 4)"),
    ),
)

QUARANTINE = RawTable(
    "quarantine",
    "Refused files with reasons in Vietnamese and English.",
    (
        _c("file_sha256", "varchar", "nn"),
        _c("file_path", "varchar", "nn"),
        _c("file_name", "varchar", "nn"),
        _c("reason_code", "varchar", "nn"),
        _c("sheet", "varchar"),
        _c("cell_ref", "varchar"),
        _c("expected", "varchar"),
        _c("found", "varchar"),
        _c("message_vi", "varchar", "nn"),
        _c("message_en", "varchar", "nn"),
        _c("run_id", "varchar", "nn"),
        _c("quarantined_at", "timestamp", "nn"),
    ),
)

CELL_HINTS = RawTable(
    "cell_hints",
    "Likely-wrong cells of reports that do not add up (Fellegi–Holt), never corrections.",
    (
        _c("file_sha256", "varchar", "nn"),
        _c("sheet", "varchar", "nn"),
        _c("form_code", "varchar", "nn"),
        _c("solution_no", "integer", "nn"),
        _c("n_solutions", "integer", "nn"),
        _c("n_cells", "integer", "nn"),
        _c("cell_ref", "varchar", "nn"),
        _c("row_kind", "varchar", "nn"),
        _c("row_code", "varchar", "nn"),
        _c("column_name", "varchar", "nn"),
        _c("reported_value", "decimal(38, 4)"),
        _c("suggested_value", "decimal(38, 4)"),
        _c("pattern", "varchar", "nn"),
    ),
)

SELF_SCORE_CLAIMS = RawTable(
    "self_score_claims",
    "Figures claimed in the self-scoring tables (Bảng tự chấm điểm thi đua).",
    (
        _c("file_sha256", "varchar", "nn"),
        _c("unit_code", "varchar", "nn"),
        _c("stat_year", "integer", "nn"),
        _c("reference_date", "date", "nn"),
        _c("submission_no", "integer", "nn"),
        _c("criterion_code", "varchar", "nn"),
        _c("criterion_name", "varchar"),
        _c("claimed_value", "decimal(38, 4)"),
        _c("points", "decimal(18, 2)"),
        _c("sheet", "varchar", "nn"),
        _c("cell_ref", "varchar", "nn"),
    ),
)

EMULATION_ENTRIES = RawTable(
    "emulation_entries",
    "Rows of the emulation registrations (đăng ký thi đua) and award decisions (quyết định khen thưởng).",
    (
        _c("file_sha256", "varchar", "nn"),
        _c("document", "varchar", "nn", comment="emulation_registration | award_decision"),
        _c("unit_code", "varchar", "nn", comment="the provincial agency that sent the list"),
        _c("stat_year", "integer", "nn"),
        _c("reference_date", "date", "nn"),
        _c("submission_no", "integer", "nn"),
        _c("row_number", "integer", "nn"),
        _c("registrant_code", "varchar", "nn"),
        _c("registrant_name", "varchar"),
        _c("registrant_kind", "varchar", "nn", comment="collective | individual"),
        _c("title_code", "varchar", "nn"),
        _c("decision_no", "varchar"),
        _c("decision_date", "date"),
        _c("decided_by", "varchar"),
        _c("sheet", "varchar", "nn"),
        _c("cell_ref", "varchar", "nn"),
    ),
)

GX_RESULTS = RawTable(
    "gx_results",
    "Great Expectations outcomes, one row per expectation and run (kept across runs).",
    (
        _c("run_id", "varchar", "nn"),
        _c("suite_name", "varchar", "nn"),
        _c("suite_version", "integer", "nn"),
        _c("rule_id", "varchar", "nn"),
        _c("expectation_no", "integer", "nn"),
        _c("expectation_type", "varchar", "nn"),
        _c("column_name", "varchar"),
        _c("description_vi", "varchar"),
        _c("description_en", "varchar"),
        _c("outcome", "varchar", "nn"),
        _c("element_count", "bigint"),
        _c("unexpected_count", "bigint"),
        _c("failing_keys", "varchar"),
        _c("note", "varchar"),
        _c("data_docs_page", "varchar"),
        _c("evaluated_at", "timestamp", "nn"),
    ),
)

FILE_ARRIVALS = RawTable(
    "file_arrivals",
    "When each file arrived: first seen by the pipeline, or — for the files already in data/raw at the first "
    "refresh — its modification time, stated as such. Kept across rebuilds.",
    (
        _c("file_sha256", "varchar", "pk"),
        _c("file_path", "varchar", "nn"),
        _c("first_seen_at", "timestamp", "nn"),
        _c("file_modified_at", "timestamp"),
        _c("arrived_at", "timestamp", "nn"),
        _c("arrival_basis", "varchar", "nn", comment="first_seen | file_modified"),
        _c("run_id", "varchar", "nn"),
    ),
)

# Written by ingestion (Dagster asset raw_reports) ...
INGESTED_TABLES = (
    REPORT_FILES,
    REPORT_CELLS,
    QUARANTINE,
    CELL_HINTS,
    SELF_SCORE_CLAIMS,
    EMULATION_ENTRIES,
    FILE_ARRIVALS,
)
# ... and by the value contracts (asset raw/gx_results).
RAW_TABLES = (*INGESTED_TABLES, GX_RESULTS)


def raw_ddl() -> str:
    return "create schema if not exists raw;\n" + "\n".join(t.ddl() for t in RAW_TABLES)
