"""The columns of each report view, defined once for the HTML pages and the Excel workbook.

A column's header comes from the glossary (pipelines/lib/glossary.yaml) unless the view names
it differently (a unit code that is a province's, say). `kind` is how the value is written:
text, int (counts and thousand VND), pct (a percentage in points, 86.32), dec (a figure that may
be fractional), points (a gap in percentage points), date, month. `show` is how an HTML cell
presents it beyond its kind (a link, a translated code); `html` / `xlsx` say where it appears.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..glossary import term


@dataclass(frozen=True)
class Column:
    key: str
    kind: str
    vi: str
    en: str
    show: str | None = None
    html: bool = True
    xlsx: bool = True


def col(key: str, kind: str = "text", vi: str | None = None, en: str | None = None, **kw) -> Column:
    t = term(key)
    return Column(key, kind, vi or t.label("vi"), en or t.label("en"), **kw)


# Codes shown in Vietnamese (English behind the switch)
STATUS = {
    "open": ("Chưa xử lý", "Open"),
    "explained": ("Đã giải trình", "Explained"),
    "accepted": ("Đã chấp nhận", "Accepted"),
    "resolved_by_resubmission": ("Đã sửa bằng báo cáo gửi lại", "Resolved by resubmission"),
    "resolved": ("Đã hết", "Resolved"),
    "superseded": ("Không còn áp dụng", "Superseded"),
}
SEVERITY = {"error": ("Lỗi", "Error"), "warning": ("Cảnh báo", "Warning"), "information": ("Thông tin", "Information")}
OUTCOME = {
    "pass": ("Đạt", "Pass"),
    "fail": ("Không đạt", "Fail"),
    "na": ("Không áp dụng", "NA"),
    "error": ("Lỗi đánh giá", "Error"),
}
UNIT_STATUS = {"missing": ("Thiếu", "Missing"), "late": ("Chậm", "Late"), "on_time": ("Đúng hạn", "On time")}
LABELS = {"status": STATUS, "severity": SEVERITY, "outcome": OUTCOME, "unit_status": UNIT_STATUS}

PROVINCES = [
    col("unit_code", vi="Mã tỉnh", en="Province code", html=False),
    col("name_vi", vi="Tỉnh", en="Province", show="province_link"),
    col("period_end", "date", html=False),
    col("period_label_vi", show="period"),
    col("units_expected", "int"),
    col("units_received", "int"),
    col("units_missing_n", "int"),
    col("units_late_n", "int"),
    col("open_errors", "int", xlsx=False),
    col("completed_cases", "int", html=False),
    col("enforceable_cases", "int", html=False),
    col("case_rate_pct", "pct"),
    col("case_target_pct", "pct"),
    col("case_target_gap_points", "points"),
    col("completed_kvnd", "int", html=False),
    col("enforceable_kvnd", "int", html=False),
    col("money_rate_pct", "pct"),
    col("money_target_pct", "pct"),
    col("money_target_gap_points", "points"),
    col("carried_out_cases", "int", html=False),
    col("carried_out_kvnd", "int", html=False),
]

UNITS = [
    col("province", html=False),
    col("period_end", "date", html=False),
    col("unit_code", show="unit_link"),
    col("name_vi"),
    col("status", vi="Tình trạng", en="Status", show="unit_status"),
    col("submission_no", "int"),
    col("prepared_on", "date"),
    col("deadline", "date"),
    col("completed_cases", "int"),
    col("enforceable_cases", "int"),
    col("case_rate_pct", "pct"),
    col("case_target_pct", "pct", html=False),
    col("case_target_gap_points", "points", xlsx=False),
    col("completed_kvnd", "int"),
    col("enforceable_kvnd", "int"),
    col("money_rate_pct", "pct"),
    col("money_target_pct", "pct", html=False),
    col("money_target_gap_points", "points", xlsx=False),
    col("open_errors", "int"),
    col("open_warnings", "int"),
    col("file_path", html=False),
]

FINDINGS = [
    col("priority_rank", "int"),
    col("rule_id", show="rule_link"),
    col("family", html=False),
    col("severity", show="severity"),
    col("status", show="status"),
    col("unit_code", show="unit_link"),
    col("unit_name"),
    col("period_end", "month"),
    col("form_code"),
    col("part"),
    col("row_code"),
    col("column_name"),
    col("lhs_value", "dec"),
    col("rhs_value", "dec"),
    col("imbalance", "dec"),
    col("hint_text", show="hint"),
    col("explanation_status", html=False),
    col("explanation_vi", show="explanation"),
    col("explanation_en", html=False),
    col("reviewed_by", html=False),
    col("first_seen_at", "date", html=False),
    col("n_runs_failed", "int", html=False),
    col("description_vi", vi="Mô tả quy tắc", en="Rule (vi)", html=False),
    col("finding_key", html=False),
]

HISTORY = [
    col("finding_key"),
    col("evaluated_at", "date"),
    col("run_id"),
    col("submission_no", "int"),
    col("outcome", show="outcome"),
    col("lhs_value", "dec"),
    col("rhs_value", "dec"),
    col("imbalance", "dec"),
]

RULES = [
    col("rule_id", show="rule_link"),
    col("family"),
    col("severity", show="severity"),
    col("basis", html=False),
    col("description_vi", show="description"),
    col("description_en", html=False),
    col("items", "int"),
    col("passes", "int"),
    col("fails", "int"),
    col("nas", "int"),
    col("errors", "int"),
]

RULE_PERIODS = [
    col("rule_id", html=False),
    col("period_end", "month"),
    col("items", "int"),
    col("passes", "int"),
    col("fails", "int"),
    col("nas", "int"),
    col("errors", "int"),
]

QUARANTINE = [
    col("file_path"),
    col("reason_code"),
    col("sheet"),
    col("cell_ref"),
    col("expected"),
    col("found"),
    col("message_vi", show="message"),
    col("message_en", html=False),
    col("file_sha256", html=False),
]

EXPECTATIONS = [
    col("rule_id"),
    col("suite_name"),
    col("expectation"),
    col("column_name"),
    col("outcome", show="outcome"),
    col("unexpected", "int"),
    col("note"),
]

# The workbook: one sheet per view, in this order.
SHEETS = [
    ("Tong_quan", PROVINCES),
    ("Don_vi", UNITS),
    ("Phat_hien", FINDINGS),
    ("Lich_su", HISTORY),
    ("Quy_tac", RULES),
    ("Quy_tac_theo_ky", RULE_PERIODS),
    ("Cach_ly", QUARANTINE),
    ("Hop_dong_GX", EXPECTATIONS),
]


def html_columns(columns: list[Column]) -> list[Column]:
    return [c for c in columns if c.html]


def xlsx_columns(columns: list[Column]) -> list[Column]:
    return [c for c in columns if c.xlsx]
