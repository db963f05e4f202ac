"""The columns of each report view, defined once for the HTML pages and the Excel workbook.

A column's header comes from the glossary (pipelines/lib/glossary.yaml) unless the view names
it differently (a unit code that is a province's, say). `kind` is how the value is written:
text, int (counts and thousand VND), pct (a percentage in points, 86.32), dec (a figure that may
be fractional), points (a gap in percentage points), date, datetime, month. `show` is how an HTML cell
presents it beyond its kind (a link, a translated code); `html` / `xlsx` say where it appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    """A column whose header is the glossary's unless the view names it (vi and en)."""
    if vi is None or en is None:
        t = term(key)
        vi, en = vi or t.label("vi"), en or t.label("en")
    return Column(key, kind, vi, en, **kw)


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
YES_NO = {True: ("Có", "Yes"), False: ("Không", "No")}
RELIABLE = {True: ("Tin cậy", "Reliable"), False: ("Chưa tin cậy (còn lỗi chưa xử lý)", "Not reliable (open errors)")}
CHANGE_KIND = {
    "changed": ("Sửa", "Changed"),
    "added": ("Thêm", "Added"),
    "removed": ("Bỏ", "Removed"),
    "no_change": ("Gửi lại, không thay đổi số liệu", "Resent without a change"),
}
UNIT_STATUS = {"missing": ("Thiếu", "Missing"), "late": ("Chậm", "Late"), "on_time": ("Đúng hạn", "On time")}
REPORT_KIND = {"unit": ("Đơn vị", "Unit"), "province": ("Toàn tỉnh", "Province-wide")}
ARRIVAL_BASIS = {
    "first_seen": ("Lần đầu hệ thống thấy tệp", "First seen by the pipeline"),
    "file_modified": (
        "Thời điểm sửa tệp (tệp có trước khi hệ thống vận hành)",
        "File modification time (the file predates the pipeline)",
    ),
}
# The kinds of slip a likely-wrong cell is named by (pipelines/lib/validation/locate.py)
HINT_PATTERNS = {
    "transposition": ("đảo chữ số", "transposition"),
    "digit": ("sai một chữ số", "digit"),
    "magnitude": ("sai hàng đơn vị (×10)", "magnitude"),
    "shifted_column": ("ghi lệch cột", "shifted column"),
    "swapped_columns": ("đổi chỗ hai cột", "swapped columns"),
    "rate_recomputed": ("tỷ lệ tính lại", "rate recomputed"),
    "other": ("khác", "other"),
}


def translate_hint(text: str) -> str:
    """'K16: 69 → 96 (transposition)' -> 'K16: 69 → 96 (đảo chữ số)'."""
    for code, (vi, _) in HINT_PATTERNS.items():
        text = text.replace(f"({code})", f"({vi})")
    return text


CLAIM_STATUS = {
    "match": ("Khớp", "Matches"),
    "overclaimed": ("Tự chấm cao hơn báo cáo", "Claimed above the reports"),
    "underclaimed": ("Tự chấm thấp hơn báo cáo", "Claimed below the reports"),
    "not_claimed": ("Chưa tự chấm", "Not claimed"),
    "not_computable": ("Không tính được từ báo cáo (chấp nhận điểm tự chấm)", "Not scored by the reports (claim kept)"),
    "no_figure": ("Thiếu số liệu để tính (ví dụ chưa có chỉ tiêu)", "A figure is missing (e.g. no target)"),
    "error": ("Lỗi biểu thức tiêu chí", "Criterion expression error"),
}
ELIGIBLE = {True: ("Đủ điều kiện", "Eligible"), False: ("Không đủ điều kiện", "Not eligible")}

LABELS: dict[str, dict[Any, tuple[str, str]]] = {
    "status": STATUS,
    "severity": SEVERITY,
    "outcome": OUTCOME,
    "unit_status": UNIT_STATUS,
    "report_kind": REPORT_KIND,
    "arrival_basis": ARRIVAL_BASIS,
    "yes_no": YES_NO,
    "reliable": RELIABLE,
    "change_kind": CHANGE_KIND,
    "claim_status": CLAIM_STATUS,
    "eligible": ELIGIBLE,
}

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
    col("is_reliable", show="reliable"),
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
    col("prepared_on", "date", html=False),
    col("deadline", "date"),
    col("arrived_on", "date"),
    col("working_days_late", "int"),
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
    col("is_reliable", show="reliable"),
    col("implied_case_rate_pct", "pct"),
    col("implied_money_rate_pct", "pct"),
    col("file_path", html=False),
]

FINDINGS = [
    col("priority_rank", "int"),
    col("rule_id", show="rule_link"),
    col("family_name_vi", vi="Nhóm", en="Family", show="family"),
    col("severity", show="severity"),
    col("status", show="status"),
    col("unit_code", show="unit_link"),
    col("unit_name"),
    col("period_end", "month"),
    col("form_code"),
    col("part"),
    col("row_code"),
    col("column_label_vi", vi="Cột", en="Column", show="column"),
    col("lhs_value", "dec", show="lhs"),
    col("rhs_value", "dec", show="rhs"),
    col("imbalance", "dec"),
    col("hint_text_vi", vi="Ô hoặc bên có thể sai", en="Likely-wrong cell or side", show="hint"),
    col("explanation_status", html=False),
    col("explanation_vi", show="explanation"),
    col("explanation_en", html=False),
    col("reviewed_by", html=False),
    col("first_seen_at", "datetime", html=False),
    col("n_runs_failed", "int", html=False),
    col("description_vi", vi="Mô tả quy tắc", en="Rule (vi)", html=False),
    col("action_vi", html=False),
    col("root_cause_key", html=False),
    col("hint_text_en", vi="Ô hoặc bên có thể sai (tiếng Anh)", en="Likely-wrong cell or side (en)", html=False),
    col("finding_key", html=False),
]

ROOT_CAUSES = [
    col("priority_rank", "int"),
    col("rule_ids", show="rule_links"),
    col("family_name_vi", vi="Nhóm", en="Family", show="family"),
    col("severity", show="severity"),
    col("status", show="status"),
    col("unit_code", show="unit_link"),
    col("unit_name"),
    col("period_end", "month"),
    col("n_items", "int"),
    col("hint_text_vi", vi="Ô hoặc bên có thể sai", en="Likely-wrong cell or side", show="hint"),
    col("money_impact_kvnd", "int"),
    col("may_flip_target", vi="Có thể đổi kết quả so với chỉ tiêu", en="May flip a target", show="yes_no"),
    col("action_vi", show="action"),
    col("hint_text_en", vi="Ô hoặc bên có thể sai (tiếng Anh)", en="Likely-wrong cell or side (en)", html=False),
    col("action_en", html=False),
    col("root_cause_key", html=False),
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
    col("family_name_vi", vi="Nhóm", en="Family", show="family"),
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

LATE_REPORTS = [
    col("unit_code", show="unit_link"),
    col("name_vi"),
    col("period_end", "month"),
    col("report_kind", show="report_kind"),
    col("deadline", "date"),
    col("arrived_at", "datetime"),
    col("arrival_basis", show="arrival_basis"),
    col("working_days_late", "int"),
    col("file_path", html=False),
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

REVISIONS = [
    col("unit_code", show="unit_link"),
    col("period_end", "month"),
    col("report_kind", show="report_kind"),
    col("from_submission_no", "int"),
    col("to_submission_no", "int"),
    col("form_code"),
    col("row_code"),
    col("column_label_vi", vi="Cột", en="Column", show="column"),
    col("old_value", "dec"),
    col("new_value", "dec"),
    col("change", "dec"),
    col("new_cell_ref"),
    col("change_kind", show="change_kind"),
]

# The inspection pack of the emulation work (thads inspect)
EMULATION_CRITERIA = [
    col("part_code", vi="Phần", en="Part"),
    col("criterion_name_vi", show="criterion"),
    col("criterion_name_en", html=False),
    col("max_points", "points2"),
    col("claimed_value", "dec"),
    col("figure_value", "dec"),
    col("comparison_value", "dec", vi="Giá trị so sánh", en="Compared with"),
    col("comparison_basis", vi="So với", en="Against", show="comparison_basis", xlsx=False),
    col("claimed_points", "points2"),
    col("computed_points", "points2"),
    col("points_difference", "points2"),
    col("claim_status", show="claim_status"),
    col("report_cells_vi", vi="Ô báo cáo làm căn cứ", en="Report cells behind it", show="evidence"),
    col("claimed_cell"),
    col("report_cells_en", vi="Ô báo cáo làm căn cứ (tiếng Anh)", en="Report cells (en)", html=False),
]

EMULATION_RANKING = [
    col("zone_name_vi", vi="Khu vực / khối thi đua", en="Zone or block", show="zone"),
    col("unit_code"),
    col("reviewed_points", "points2"),
    col("rank_reviewed", "int"),
    col("claimed_points", "points2"),
    col("rank_claimed", "int"),
    col("n_members", "int", vi="Số đơn vị", en="Members"),
]

AWARD_ELIGIBILITY = [
    col("registrant_code"),
    col("registrant_name"),
    col("title_name_vi", show="title"),
    col("level_vi"),
    col("as_of_period_end", "date"),
    col("is_eligible", show="eligible"),
    col("failed_conditions_vi", show="failed_conditions"),
    col("failed_conditions_en", html=False),
    col("is_awarded", show="yes_no"),
    col("decision_no"),
]

# The workbook: one sheet per view, in this order.
SHEETS = [
    ("Tong_quan", PROVINCES),
    ("Don_vi", UNITS),
    ("Nguyen_nhan", ROOT_CAUSES),
    ("Phat_hien", FINDINGS),
    ("Lich_su", HISTORY),
    ("Quy_tac", RULES),
    ("Quy_tac_theo_ky", RULE_PERIODS),
    ("Cach_ly", QUARANTINE),
    ("Hop_dong_GX", EXPECTATIONS),
    ("Bao_cao_cham", LATE_REPORTS),
    ("Dinh_chinh", REVISIONS),
]


def html_columns(columns: list[Column]) -> list[Column]:
    return [c for c in columns if c.html]


def xlsx_columns(columns: list[Column]) -> list[Column]:
    return [c for c in columns if c.xlsx]
