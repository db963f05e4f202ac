"""Writes dbt_project/models/marts/_marts__models.yml from one glossary, so every mart
column carries its Vietnamese term and its contract type exactly once.
Run: python scripts/write_marts_yaml.py (the YAML is committed; rerun after editing)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

GLOSSARY = {
    "unit_code": ("varchar", "Mã đơn vị (unit code: P08 tỉnh, P08-VP văn phòng, P08-D070 chi cục, P08-KV01 phòng khu vực)"),
    "period_end": ("date", "Đến ngày — ngày cuối kỳ báo cáo (period end)"),
    "unit_level": ("varchar", "Cấp đơn vị (level: province, office, district, region)"),
    "province_code": ("varchar", "Mã tỉnh (official province code)"),
    "stat_year": ("integer", "Năm báo cáo thống kê (1/10 – 30/9, named by the year it ends)"),
    "period_months": ("integer", "Số tháng của kỳ (1–12, cumulative from 1 October)"),
    "report_kind": ("varchar", "Loại báo cáo (unit = Đơn vị, province = Toàn tỉnh)"),
    "submission_no": ("integer", "Lần gửi của phiên bản hiện hành (current submission number)"),
    "file_sha256": ("varchar", "Mã băm tệp nguồn (source file hash)"),
    "file_path": ("varchar", "Đường dẫn tệp nguồn trong data/raw (source file)"),
    "sheet_row": ("integer", "Dòng trong trang tính nguồn (row in the source sheet)"),
    "n_versions": ("bigint", "Số lần gửi đã nhận cho báo cáo này (versions received)"),
    "prepared_on": ("date", "Ngày lập (date prepared)"),
}
for suffix, unit in (("cases", "việc"), ("kvnd", "nghìn đồng")):
    GLOSSARY.update({
        f"carried_in_{suffix}": ("bigint", f"Năm trước chuyển sang ({unit}) — carried in"),
        f"new_{suffix}": ("bigint", f"Thụ lý mới ({unit}) — new"),
        f"delegated_out_{suffix}": ("bigint", f"Ủy thác ({unit}) — delegated out"),
        f"withdrawn_{suffix}": ("bigint", f"Thu hồi, hủy quyết định thi hành án ({unit}) — withdrawn"),
        f"terminated_{suffix}": ("bigint", f"Đình chỉ thi hành án ({unit}) — terminated"),
        f"in_progress_{suffix}": ("bigint", f"Đang thi hành ({unit}) — in progress"),
        f"postponed_agreed_{suffix}": ("bigint", f"Hoãn thi hành án theo điểm c khoản 1 Điều 48 ({unit})"),
        f"other_enforceable_{suffix}": ("bigint", f"Trường hợp khác ({unit}) — other enforceable"),
        f"not_enforceable_{suffix}": ("bigint", f"Chưa có điều kiện thi hành ({unit}) — not enforceable"),
        f"total_accepted_{suffix}": ("bigint", f"Tổng số thụ lý ({unit}) — total accepted"),
        f"to_enforce_{suffix}": ("bigint", f"Tổng số phải thi hành ({unit}) — to enforce"),
        f"enforceable_{suffix}": ("bigint", f"Có điều kiện thi hành ({unit}) — enforceable"),
        f"carried_out_{suffix}": ("bigint", f"Chuyển kỳ sau ({unit}) — carried out (backlog)"),
        f"carried_out_enforceable_{suffix}": ("bigint", f"Chuyển kỳ sau, trong đó có điều kiện ({unit})"),
        f"total_accepted_{suffix}_reported": ("bigint", f"Tổng số thụ lý như báo cáo ({unit})"),
        f"total_accepted_{suffix}_calc": ("bigint", f"Tổng số thụ lý tính lại = (2)+(3) (I-01, {unit})"),
        f"to_enforce_{suffix}_reported": ("bigint", f"Tổng số phải thi hành như báo cáo ({unit})"),
        f"to_enforce_{suffix}_calc": ("bigint", f"Tổng số phải thi hành tính lại = (1)−(4)−(5) (I-02, {unit})"),
        f"enforceable_{suffix}_reported": ("bigint", f"Có điều kiện thi hành như báo cáo ({unit})"),
        f"enforceable_{suffix}_calc": ("bigint", f"Có điều kiện thi hành tính lại = tổng các cột con (I-04, {unit})"),
        f"completed_for_rate_{suffix}": ("bigint", f"Số thi hành xong tính tỷ lệ (I-05, {unit})"),
        f"carried_out_{suffix}_reported": ("bigint", f"Chuyển kỳ sau như báo cáo ({unit})"),
        f"carried_out_{suffix}_calc": ("bigint", f"Chuyển kỳ sau tính lại = phải thi hành − thi hành xong (I-06, {unit})"),
        f"carried_out_enforceable_{suffix}_reported": ("bigint", f"Chuyển kỳ sau có điều kiện như báo cáo ({unit})"),
        f"carried_out_enforceable_{suffix}_calc": ("bigint", f"Chuyển kỳ sau có điều kiện tính lại (I-07, {unit})"),
    })
GLOSSARY.update({
    "executed_cases": ("bigint", "Thi hành xong (việc) — executed"),
    "collected_kvnd": ("bigint", "Thi hành xong, thu được (nghìn đồng) — collected"),
    "reduced_kvnd": ("bigint", "Giảm thi hành án (nghìn đồng) — reduced"),
    "completion_rate_pct_reported": ("decimal(9,2)", "Tỷ lệ thi hành xong (%) như báo cáo (reported rate)"),
    "completion_rate_pct": ("decimal(9,2)", "Tỷ lệ thi hành xong (%) tính lại từ tử số và mẫu số (I-09); trống khi không có việc có điều kiện"),
    "case_completion_rate_pct": ("decimal(9,2)", "Tỷ lệ thi hành xong về việc (%), tính lại (I-09)"),
    "money_completion_rate_pct": ("decimal(9,2)", "Tỷ lệ thi hành xong về tiền (%), tính lại (I-09)"),
    "executor_code": ("varchar", "Mã chấp hành viên (executor code)"),
    "executor_name": ("varchar", "Họ tên chấp hành viên (executor name)"),
    # dim_unit
    "valid_from": ("date", "Hiệu lực từ ngày (valid from)"),
    "valid_to": ("date", "Hiệu lực đến ngày (valid to; 9999-12-31 = còn hoạt động)"),
    "name_vi": ("varchar", "Tên đơn vị (Vietnamese name)"),
    "level": ("varchar", "Cấp: nation, province, office (văn phòng Cục/THADS tỉnh), district (Chi cục), region (Phòng khu vực)"),
    "parent_code": ("varchar", "Mã đơn vị cấp trên (parent unit)"),
    "is_current": ("boolean", "Đang hoạt động hôm nay (valid today)"),
    # succession
    "predecessor_code": ("varchar", "Mã đơn vị trước sắp xếp (predecessor)"),
    "successor_code": ("varchar", "Mã đơn vị sau sắp xếp (successor)"),
    "effective_date": ("date", "Ngày hiệu lực của sắp xếp (effective date)"),
    "share": ("decimal(5,4)", "Tỷ lệ chuyển sang (share of the predecessor; 1 = whole)"),
    "old_province_code": ("varchar", "Mã tỉnh trước 1/7/2025 (pre-merger province code)"),
    "old_name_vi": ("varchar", "Tên tỉnh trước sáp nhập"),
    "new_province_code": ("varchar", "Mã tỉnh sau sáp nhập (post-merger province code)"),
    "new_name_vi": ("varchar", "Tên tỉnh sau sáp nhập"),
    "ward_share_in_successor": ("decimal(5,4)", "Tỷ lệ mã xã/phường của tỉnh cũ nằm trong tỉnh mới"),
    # dim_period
    "period_start": ("date", "Từ ngày — luôn là 01/10 (period start)"),
    "period_label_vi": ("varchar", "Tên kỳ, ví dụ \"11 tháng năm 2023\""),
    "period_label_en": ("varchar", "Period name in English"),
    "same_period_prev_year_end": ("date", "Cuối kỳ cùng kỳ năm trước (same period last year)"),
    "prev_period_end": ("date", "Cuối kỳ trước trong cùng năm (previous period; trống ở kỳ 1 tháng)"),
    "regime_code": ("varchar", "Chế độ báo cáo áp dụng (TT01_2013, TT06_2019, TT05_2024)"),
    "regime_name_vi": ("varchar", "Tên văn bản quy định chế độ báo cáo"),
    "deadline_rule_vi": ("varchar", "Thời hạn gửi báo cáo theo chế độ"),
    "unit_deadline": ("date", "Hạn lập báo cáo của Chi cục / Phòng khu vực (unit report deadline: 2 working days after the period end since 2020; the 3rd of the next month before)"),
    "province_deadline": ("date", "Hạn lập báo cáo của Cục / THADS tỉnh (province report deadline: 4 working days after the period end since 2020; the 6th of the next month before)"),
    # quarantine
    "file_name": ("varchar", "Tên tệp (file name)"),
    "reason_code": ("varchar", "Mã lý do cách ly (reason code, docs/reason-codes.md)"),
    "sheet": ("varchar", "Trang tính (sheet)"),
    "cell_ref": ("varchar", "Ô (cell; L<n> = dòng n của tệp CSV)"),
    "expected": ("varchar", "Giá trị mong đợi (expected)"),
    "found": ("varchar", "Giá trị tìm thấy (found)"),
    "message_vi": ("varchar", "Thông báo bằng tiếng Việt"),
    "message_en": ("varchar", "Message in English"),
    "run_id": ("varchar", "Lần chạy phát hiện (run id)"),
    "quarantined_at": ("timestamp", "Thời điểm cách ly (UTC)"),
    # targets
    "case_target_pct": ("decimal(5,2)", "Chỉ tiêu tỷ lệ thi hành xong về việc (%)"),
    "money_target_pct": ("decimal(5,2)", "Chỉ tiêu tỷ lệ thi hành xong về tiền (%)"),
    "source_vi": ("varchar", "Nguồn của chỉ tiêu"),
})

GLOSSARY.update({
    # flows
    "flow_name": ("varchar", "Tên chỉ tiêu dòng (flow measure: new_cases, executed_cases, collected_kvnd, …)"),
    "measure": ("varchar", "Đơn vị đo: cases (việc) hoặc money (nghìn đồng)"),
    "cumulative_value": ("bigint", "Giá trị lũy kế từ 01/10 đến cuối kỳ (cumulative)"),
    "previous_cumulative_value": ("bigint", "Giá trị lũy kế kỳ trước (previous cumulative; predecessors' sum for a successor's first month)"),
    "monthly_flow": ("bigint", "Phát sinh trong tháng = lũy kế kỳ này − lũy kế kỳ trước (I-15); trống khi thiếu kỳ trước"),
    "flow_status": ("varchar", "first_month | derived | derived_from_predecessors | decrease (đính chính làm giảm lũy kế) | previous_missing"),
    # backlog
    "carried_out_not_enforceable_cases": ("bigint", "Chuyển kỳ sau, phần chưa có điều kiện (việc) (I-08)"),
    "carried_out_not_enforceable_kvnd": ("bigint", "Chuyển kỳ sau, phần chưa có điều kiện (nghìn đồng) (I-08)"),
    "prev_carried_out_cases": ("bigint", "Chuyển kỳ sau cùng kỳ năm trước (việc)"),
    "prev_carried_out_enforceable_cases": ("bigint", "Chuyển kỳ sau có điều kiện cùng kỳ năm trước (việc)"),
    "prev_carried_out_kvnd": ("bigint", "Chuyển kỳ sau cùng kỳ năm trước (nghìn đồng)"),
    "prev_carried_out_enforceable_kvnd": ("bigint", "Chuyển kỳ sau có điều kiện cùng kỳ năm trước (nghìn đồng)"),
    "carried_out_cases_change_pct": ("decimal(9,2)", "Tăng/giảm số việc chuyển kỳ sau so với cùng kỳ (%, tương đối)"),
    "carried_out_enforceable_cases_change_pct": ("decimal(9,2)", "Tăng/giảm việc có điều kiện chuyển kỳ sau so với cùng kỳ (%)"),
    "carried_out_kvnd_change_pct": ("decimal(9,2)", "Tăng/giảm số tiền chuyển kỳ sau so với cùng kỳ (%, tương đối)"),
    "carried_out_enforceable_kvnd_change_pct": ("decimal(9,2)", "Tăng/giảm tiền có điều kiện chuyển kỳ sau so với cùng kỳ (%)"),
    "prev_year_end_carried_out_cases": ("bigint", "Chuyển kỳ sau của báo cáo 12 tháng năm trước (việc) (I-13)"),
    "prev_year_end_not_enforceable_cases": ("bigint", "Chưa có điều kiện của báo cáo 12 tháng năm trước (việc)"),
    "carried_in_gap_cases": ("bigint", "Chuyển kỳ sau năm trước − năm trước chuyển sang năm nay (việc; ≥ 0: chuyển sổ theo dõi riêng)"),
    "prev_year_end_carried_out_kvnd": ("bigint", "Chuyển kỳ sau của báo cáo 12 tháng năm trước (nghìn đồng) (I-13)"),
    "prev_year_end_not_enforceable_kvnd": ("bigint", "Chưa có điều kiện của báo cáo 12 tháng năm trước (nghìn đồng)"),
    "carried_in_gap_kvnd": ("bigint", "Chuyển kỳ sau năm trước − năm trước chuyển sang năm nay (nghìn đồng)"),
    "compared_with_predecessors": ("boolean", "So sánh với tổng các đơn vị trước sắp xếp 2025 (compared with predecessors)"),
    "n_reports_summed": ("bigint", "Số báo cáo được cộng (number of reports summed, >1 before the reorganisation)"),
    # indicators
    "completed_cases": ("bigint", "Số việc thi hành xong (thi hành xong + đình chỉ, I-05)"),
    "enforceable_cases": ("bigint", "Số việc có điều kiện thi hành"),
    "completed_kvnd": ("bigint", "Số tiền thi hành xong (thu được + đình chỉ + giảm, nghìn đồng)"),
    "enforceable_kvnd": ("bigint", "Số tiền có điều kiện thi hành (nghìn đồng)"),
    "case_rate_pct": ("decimal(9,2)", "Tỷ lệ thi hành xong về việc (%)"),
    "money_rate_pct": ("decimal(9,2)", "Tỷ lệ thi hành xong về tiền (%)"),
    "enforceable_share_pct": ("decimal(9,2)", "Tỷ lệ có điều kiện thi hành về việc (%, I-10)"),
    "enforceable_share_kvnd_pct": ("decimal(9,2)", "Tỷ lệ có điều kiện thi hành về tiền (%, I-10)"),
    "prev_completed_cases": ("bigint", "Số việc thi hành xong cùng kỳ năm trước"),
    "prev_enforceable_cases": ("bigint", "Số việc có điều kiện cùng kỳ năm trước"),
    "prev_case_rate_pct": ("decimal(9,2)", "Tỷ lệ về việc cùng kỳ năm trước (%)"),
    "prev_completed_kvnd": ("bigint", "Số tiền thi hành xong cùng kỳ năm trước (nghìn đồng)"),
    "prev_enforceable_kvnd": ("bigint", "Số tiền có điều kiện cùng kỳ năm trước (nghìn đồng)"),
    "prev_money_rate_pct": ("decimal(9,2)", "Tỷ lệ về tiền cùng kỳ năm trước (%)"),
    "completed_cases_change": ("bigint", "Tăng/giảm số việc thi hành xong so với cùng kỳ (việc)"),
    "completed_cases_change_pct": ("decimal(9,2)", "Tăng/giảm số việc thi hành xong so với cùng kỳ (%, tương đối)"),
    "completed_kvnd_change": ("bigint", "Tăng/giảm số tiền thi hành xong so với cùng kỳ (nghìn đồng)"),
    "completed_kvnd_change_pct": ("decimal(9,2)", "Tăng/giảm số tiền thi hành xong so với cùng kỳ (%, tương đối)"),
    "case_rate_change_points": ("decimal(9,2)", "Tỷ lệ về việc tăng/giảm so với cùng kỳ (điểm phần trăm)"),
    "money_rate_change_points": ("decimal(9,2)", "Tỷ lệ về tiền tăng/giảm so với cùng kỳ (điểm phần trăm)"),
    "target_unit_code": ("varchar", "Chỉ tiêu lấy từ đơn vị nào (own unit, its province, or VN)"),
    "case_target_gap_points": ("decimal(9,2)", "Vượt (+) / thấp hơn (−) chỉ tiêu về việc (điểm phần trăm, T-01)"),
    "money_target_gap_points": ("decimal(9,2)", "Vượt (+) / thấp hơn (−) chỉ tiêu về tiền (điểm phần trăm, T-01)"),
    "carried_out_cases": ("bigint", "Chuyển kỳ sau (việc)"),
    "carried_out_kvnd": ("bigint", "Chuyển kỳ sau (nghìn đồng)"),
})

GLOSSARY.update({
    # rules and results
    "rule_id": ("varchar", "Mã quy tắc kiểm tra (rule id: R-, F-, P-, H-, C-, T-; domain.md §6)"),
    "family": ("varchar", "Nhóm quy tắc (within_report, cross_form, cross_period, plausibility, hierarchy, completeness, targets, self_score)"),
    "ess_level": ("integer", "Mức kiểm tra theo ESS (0–5: trong một biểu, cùng đơn vị, giữa các đơn vị, …)"),
    "severity": ("varchar", "Mức độ: error (sai), warning (cần giải trình), information (thông tin)"),
    "tolerance": ("decimal(38,6)", "Sai số cho phép (tolerance; 0 cho số việc và tiền)"),
    "missing_mode": ("varchar", "Xử lý thiếu số liệu (VTL): non_null = chỉ đánh giá khi đủ; always_zero = thiếu coi là 0"),
    "basis": ("varchar", "Căn cứ (identity id or source)"),
    "description_vi": ("varchar", "Mô tả quy tắc"),
    "description_en": ("varchar", "Rule description in English"),
    "form_code": ("varchar", "Mẫu số: 01/TK-THADS (việc), 02/TK-THADS (tiền), * (cả hai)"),
    "finding_key": ("varchar", "Khóa phát hiện: quy tắc × đơn vị × kỳ × biểu × dòng × cột, không phụ thuộc lần gửi"),
    "part": ("varchar", "Phần của quy tắc (identity id, column or criterion)"),
    "column_name": ("varchar", "Cột được kiểm tra (canonical column)"),
    "row_kind": ("varchar", "Loại dòng: total (Tổng cộng), detail (chấp hành viên/đơn vị), claim (tự chấm điểm)"),
    "row_code": ("varchar", "Mã dòng (executor code, unit code or criterion code; empty for the total row)"),
    "is_current_version": ("boolean", "Thuộc lần gửi hiện hành (current submission)"),
    "outcome": ("varchar", "Kết quả: pass (đạt), fail (không đạt), na (không đánh giá được), error (lỗi quy tắc)"),
    "comparison": ("varchar", "Phép so sánh (=, <=, >=, <, between, rate)"),
    "lhs_value": ("decimal(38,6)", "Vế trái (left side, as reported)"),
    "rhs_value": ("decimal(38,6)", "Vế phải (right side, recomputed or from the other report)"),
    "rhs_high_value": ("decimal(38,6)", "Cận trên của vế phải (upper bound, for between)"),
    "imbalance": ("decimal(38,6)", "Chênh lệch (imbalance: lhs − rhs, or the distance outside the allowed range)"),
    "note": ("varchar", "Ghi chú (why NA or error)"),
    "evaluated_at": ("timestamp", "Thời điểm đánh giá (UTC)"),
    "items": ("bigint", "Số mục được đánh giá"),
    "passes": ("bigint", "Số mục đạt"),
    "fails": ("bigint", "Số mục không đạt"),
    "nas": ("bigint", "Số mục không đánh giá được (NA)"),
    "errors": ("bigint", "Số mục lỗi quy tắc"),
    # findings
    "status": ("varchar", "Trạng thái: open, explained/accepted (đã giải trình), resolved_by_resubmission, resolved, superseded"),
    "current_outcome": ("varchar", "Kết quả ở lần chạy này trên lần gửi hiện hành"),
    "current_submission_no": ("integer", "Lần gửi hiện hành"),
    "failed_submission_no": ("integer", "Lần gửi trước đã sai (nếu có)"),
    "hint_cells": ("varchar", "Ô có khả năng sai (likely-wrong cell, Fellegi–Holt; gợi ý, không sửa số liệu)"),
    "hint_text": ("varchar", "Gợi ý: ô, số báo cáo → số phù hợp (kiểu lỗi)"),
    "hint_pattern": ("varchar", "Kiểu lỗi: transposition (đảo chữ số), digit, magnitude, shifted_column, swapped_columns, rate_recomputed, other"),
    "hint_identifiable": ("boolean", "Xác định được một ô duy nhất"),
    "money_imbalance_kvnd": ("decimal(38,6)", "Chênh lệch tiền (nghìn đồng, giá trị tuyệt đối)"),
    "rate_effect_points": ("decimal(18,2)", "Ảnh hưởng tối đa tới tỷ lệ thi hành xong của đơn vị (điểm)"),
    "may_flip_target": ("boolean", "Có thể làm thay đổi việc đạt/không đạt chỉ tiêu"),
    "impact_score": ("decimal(18,2)", "Điểm ưu tiên kiểm tra (severity, target flip, rate effect)"),
    "priority_rank": ("bigint", "Thứ tự ưu tiên kiểm tra (1 = xem trước)"),
    "explanation_status": ("varchar", "Trạng thái giải trình (operator file seeds/ref_explanations.csv)"),
    "explanation_vi": ("varchar", "Nội dung giải trình"),
    "explanation_en": ("varchar", "Explanation in English"),
    "reviewed_by": ("varchar", "Người xem xét"),
    "reviewed_on": ("date", "Ngày xem xét"),
    "first_seen_at": ("timestamp", "Lần đầu phát hiện (UTC)"),
    "last_seen_at": ("timestamp", "Lần gần nhất còn sai (UTC)"),
    "n_runs_failed": ("bigint", "Số lần chạy phát hiện sai"),
})

CASE_COLS = ["total_accepted_cases", "carried_in_cases", "new_cases", "delegated_out_cases", "withdrawn_cases",
             "to_enforce_cases", "enforceable_cases", "executed_cases", "terminated_cases", "in_progress_cases",
             "postponed_agreed_cases", "other_enforceable_cases", "not_enforceable_cases", "carried_out_cases",
             "carried_out_enforceable_cases"]
MONEY_COLS = [c.replace("_cases", "_kvnd") for c in CASE_COLS if c != "executed_cases"]
MONEY_COLS.insert(7, "collected_kvnd")
MONEY_COLS.insert(9, "reduced_kvnd")


def results_columns(s: str) -> list[str]:
    base = ["carried_in", "new", "delegated_out", "withdrawn"]
    parts = (["executed", "terminated"] if s == "cases" else ["collected", "terminated", "reduced"]) + [
        "in_progress", "postponed_agreed", "other_enforceable", "not_enforceable"]
    cols = ["unit_code", "period_end", "unit_level", "province_code", "stat_year", "period_months", "report_kind",
            "submission_no"]
    cols += [f"{c}_{s}" for c in base + parts]
    for d in ("total_accepted", "to_enforce", "enforceable"):
        cols += [f"{d}_{s}_reported", f"{d}_{s}_calc"]
    cols += [f"completed_for_rate_{s}", "completion_rate_pct_reported", "completion_rate_pct"]
    for d in ("carried_out", "carried_out_enforceable"):
        cols += [f"{d}_{s}_reported", f"{d}_{s}_calc"]
    cols += ["file_sha256", "file_path", "sheet_row", "n_versions", "prepared_on"]
    return cols


def col(name: str, tests=None) -> dict:
    dtype, desc = GLOSSARY[name]
    out = {"name": name, "data_type": dtype, "description": desc}
    if tests:
        out["data_tests"] = tests
    return out


def results_model(name: str, s: str, form: str) -> dict:
    measure_vi = "việc" if s == "cases" else "tiền (nghìn đồng)"
    return {
        "name": name,
        "description": (
            f"Kết quả thi hành án dân sự tính bằng {measure_vi} (biểu {form}). Grain — one row per unit and period "
            "(current submission): the Tổng cộng row of the unit's own report, or of the province-wide report "
            "for a province. *_reported is what the unit wrote; *_calc is what the identity gives (I-01…I-09)."
        ),
        "data_tests": [
            {"unique_combination_of_columns": {"arguments": {"combination_of_columns": ["unit_code", "period_end"]}}},
        ],
        "columns": [
            col(c, ([
                "not_null",
                {"relationships": {"arguments": {"to": "ref('dim_period')", "field": "period_end"}}},
            ] if c == "period_end" else ["not_null"] if c in ("unit_code", "unit_level", "stat_year") else
                [{"non_negative": {}}] if c.endswith(f"_{s}") or c.endswith(f"_{s}_reported") else None))
            for c in results_columns(s)
        ],
    }


models = [
    results_model("fct_case_results", "cases", "01/TK-THADS"),
    results_model("fct_money_results", "kvnd", "02/TK-THADS"),
    {
        "name": "fct_executor_results",
        "description": "Kết quả theo chấp hành viên (executor rows of the current unit reports). Grain — one row per "
                       "unit, period and executor.",
        "data_tests": [{"unique_combination_of_columns": {
            "arguments": {"combination_of_columns": ["unit_code", "period_end", "executor_code"]}}}],
        "columns": [col("unit_code", ["not_null"]), col("period_end", ["not_null"]), col("executor_code", ["not_null"]),
                    col("executor_name")]
                   + [col(c) for c in CASE_COLS + MONEY_COLS]
                   + [col("case_completion_rate_pct"), col("money_completion_rate_pct"), col("file_sha256"),
                      col("sheet_row")],
    },
    {
        "name": "fct_monthly_flows",
        "description": "Phát sinh theo tháng (monthly flows) derived from the cumulative reports, flow measures only "
                       "(I-15). Grain — one row per unit, period and flow measure.",
        "data_tests": [{"unique_combination_of_columns": {
            "arguments": {"combination_of_columns": ["unit_code", "period_end", "flow_name"]}}}],
        "columns": [col(c, ["not_null"] if c in ("unit_code", "period_end", "flow_name", "flow_status") else None)
                    for c in ("unit_code", "period_end", "flow_name", "measure", "unit_level", "province_code",
                              "stat_year", "period_months", "cumulative_value", "previous_cumulative_value",
                              "monthly_flow", "flow_status")],
    },
    {
        "name": "fct_backlog",
        "description": "Số chuyển kỳ sau (backlog) per unit and period, as reported, with the same period of the "
                       "previous year and carried-in against last year's 12-month carried-out (I-06…I-08, I-13). "
                       "Grain — one row per unit and period.",
        "data_tests": [{"unique_combination_of_columns": {
            "arguments": {"combination_of_columns": ["unit_code", "period_end"]}}}],
        "columns": [col(c, ["not_null"] if c in ("unit_code", "period_end") else None) for c in (
            "unit_code", "period_end", "unit_level", "province_code", "stat_year", "period_months",
            "carried_out_cases", "carried_out_enforceable_cases", "carried_out_not_enforceable_cases",
            "carried_out_kvnd", "carried_out_enforceable_kvnd", "carried_out_not_enforceable_kvnd",
            "prev_carried_out_cases", "prev_carried_out_enforceable_cases", "prev_carried_out_kvnd",
            "prev_carried_out_enforceable_kvnd", "carried_out_cases_change_pct",
            "carried_out_enforceable_cases_change_pct", "carried_out_kvnd_change_pct",
            "carried_out_enforceable_kvnd_change_pct", "carried_in_cases", "prev_year_end_carried_out_cases",
            "carried_in_gap_cases", "prev_year_end_not_enforceable_cases", "carried_in_kvnd",
            "prev_year_end_carried_out_kvnd", "carried_in_gap_kvnd", "prev_year_end_not_enforceable_kvnd",
            "compared_with_predecessors")],
    },
    {
        "name": "rpt_backlog_current_units",
        "description": "Số chuyển kỳ sau theo đơn vị hiện nay (as the units are today): reports from before "
                       "1/7/2025 are summed under their successors. Grain — one row per today's unit and period.",
        "data_tests": [{"unique_combination_of_columns": {
            "arguments": {"combination_of_columns": ["unit_code", "period_end"]}}}],
        "columns": [col(c, ["not_null"] if c in ("unit_code", "period_end") else None) for c in (
            "unit_code", "period_end", "name_vi", "unit_level", "province_code", "stat_year", "period_months",
            "n_reports_summed", "carried_out_cases", "carried_out_enforceable_cases",
            "carried_out_not_enforceable_cases", "carried_out_kvnd", "carried_out_enforceable_kvnd",
            "carried_out_not_enforceable_kvnd", "completed_for_rate_cases", "enforceable_cases", "case_rate_pct",
            "completed_for_rate_kvnd", "enforceable_kvnd", "money_rate_pct")],
    },
    {
        "name": "rpt_indicators",
        "description": "Chỉ tiêu kết quả THADS (headline indicators) per unit, province and nation and period, with the "
                       "same period of the previous year, targets (unit → province → national) and backlog change. "
                       "Rates are recomputed from numerators and denominators at every level. Grain — one row per "
                       "unit (VN = nation) and period.",
        "data_tests": [{"unique_combination_of_columns": {
            "arguments": {"combination_of_columns": ["unit_code", "period_end"]}}}],
        "columns": [col(c, ["not_null"] if c in ("unit_code", "period_end", "unit_level") else None) for c in (
            "unit_code", "period_end", "unit_level", "province_code", "stat_year", "period_months",
            "completed_cases", "enforceable_cases", "case_rate_pct", "completed_kvnd", "enforceable_kvnd",
            "money_rate_pct", "enforceable_share_pct", "enforceable_share_kvnd_pct", "prev_completed_cases",
            "prev_enforceable_cases", "prev_case_rate_pct", "prev_completed_kvnd", "prev_enforceable_kvnd",
            "prev_money_rate_pct", "completed_cases_change", "completed_cases_change_pct", "completed_kvnd_change",
            "completed_kvnd_change_pct", "case_rate_change_points", "money_rate_change_points", "target_unit_code",
            "case_target_pct", "money_target_pct", "case_target_gap_points", "money_target_gap_points",
            "carried_out_cases", "prev_carried_out_cases", "carried_out_cases_change_pct", "carried_out_kvnd",
            "prev_carried_out_kvnd", "carried_out_kvnd_change_pct")],
    },
    {
        "name": "dim_rule",
        "description": "Danh mục quy tắc kiểm tra (rule registry, seeds/ref_rules.csv; expressions in "
                       "seeds/ref_rule_expressions.csv). Grain — one row per rule.",
        "columns": [col("rule_id", ["unique", "not_null"]), col("family", ["not_null"]), col("ess_level"),
                    col("severity", [{"accepted_values": {"arguments": {"values": ["error", "warning", "information"]}}}]),
                    col("tolerance"),
                    col("missing_mode", [{"accepted_values": {"arguments": {"values": ["non_null", "always_zero"]}}}]),
                    col("basis"), col("valid_from"), col("valid_to"), col("description_vi"), col("description_en")],
    },
    {
        "name": "fct_validation_result",
        "description": "Kết quả kiểm tra (validation results) of this run. Grain — one row per rule part and evaluated "
                       "item (unit, period, form, row, column, submission). A rule that cannot be evaluated is na or "
                       "error, never pass.",
        "data_tests": [{"unique_combination_of_columns": {"arguments": {
            "combination_of_columns": ["finding_key", "file_sha256", "submission_no"]}}}],
        "columns": [col(c, ["not_null"] if c in ("finding_key", "rule_id", "outcome", "severity") else
                        [{"accepted_values": {"arguments": {"values": ["pass", "fail", "na", "error"]}}}]
                        if c == "outcome" else None) for c in (
            "finding_key", "rule_id", "part", "form_code", "column_name", "unit_code", "report_kind", "period_end",
            "row_kind", "row_code", "file_sha256", "submission_no", "is_current_version", "family", "ess_level",
            "severity", "outcome", "comparison", "lhs_value", "rhs_value", "rhs_high_value", "imbalance", "tolerance",
            "missing_mode", "note", "run_id", "evaluated_at")],
    },
    {
        "name": "fct_validation_summary",
        "description": "Tổng hợp kết quả kiểm tra: items, passes, fails, NA and errors per rule and period (current "
                       "submissions). Grain — one row per rule and period.",
        "data_tests": [{"unique_combination_of_columns": {"arguments": {
            "combination_of_columns": ["rule_id", "period_end"]}}}],
        "columns": [col(c) for c in ("rule_id", "period_end", "family", "severity", "items", "passes", "fails",
                                     "nas", "errors")],
    },
    {
        "name": "fct_validation_history",
        "description": "Lịch sử các mục không đạt qua các lần chạy (append-only). Grain — one row per failed item, "
                       "submission and run.",
        "columns": [col(c) for c in (
            "finding_key", "rule_id", "part", "form_code", "column_name", "unit_code", "report_kind", "period_end",
            "row_code", "family", "severity", "outcome", "is_current_version", "file_sha256", "submission_no",
            "lhs_value", "rhs_value", "imbalance", "run_id", "evaluated_at")],
    },
    {
        "name": "fct_finding",
        "description": "Phát hiện (findings) for auditors: every item of an error or warning rule that failed in any "
                       "run, with status, both sides, imbalance, likely-wrong cell, explanation and priority. "
                       "Grain — one row per finding key.",
        "columns": [col(c, ["unique", "not_null"] if c == "finding_key" else
                        [{"accepted_values": {"arguments": {"values": ["open", "explained", "accepted",
                                                                        "resolved_by_resubmission", "resolved",
                                                                        "superseded"]}}}]
                        if c == "status" else None) for c in (
            "finding_key", "rule_id", "part", "family", "severity", "status", "unit_code", "report_kind",
            "period_end", "form_code", "row_code", "column_name", "current_outcome", "current_submission_no",
            "failed_submission_no", "lhs_value", "rhs_value", "imbalance", "tolerance", "hint_cells", "hint_text",
            "hint_pattern", "hint_identifiable", "money_imbalance_kvnd", "rate_effect_points", "may_flip_target",
            "impact_score", "priority_rank", "explanation_status", "explanation_vi", "explanation_en",
            "reviewed_by", "reviewed_on", "first_seen_at", "last_seen_at", "n_runs_failed", "file_sha256")],
    },
    {
        "name": "dim_unit",
        "description": "Cây đơn vị theo thời gian (dated unit tree). Grain — one row per unit code and validity "
                       "interval. Facts join on unit_code and period_end between valid_from and valid_to.",
        "data_tests": [{"unique_combination_of_columns": {
            "arguments": {"combination_of_columns": ["unit_code", "valid_from"]}}}],
        "columns": [col("unit_code", ["not_null"]), col("valid_from", ["not_null"]), col("valid_to", ["not_null"]),
                    col("name_vi", ["not_null"]),
                    col("level", [{"accepted_values": {"arguments": {
                        "values": ["nation", "province", "office", "district", "region"]}}}]),
                    col("parent_code"), col("province_code"), col("is_current")],
    },
    {
        "name": "map_unit_succession",
        "description": "Bảng kế thừa đơn vị khi sắp xếp 1/7/2025 (63 Cục + 693 Chi cục → 34 THADS tỉnh + 355 "
                       "Phòng khu vực). Grain — one row per predecessor and successor.",
        "data_tests": [{"unique_combination_of_columns": {
            "arguments": {"combination_of_columns": ["predecessor_code", "successor_code"]}}}],
        "columns": [col("predecessor_code", ["not_null"]), col("successor_code", ["not_null"]),
                    col("effective_date", ["not_null"]), col("share", ["not_null"])],
    },
    {
        "name": "map_province_succession",
        "description": "Sáp nhập tỉnh 1/7/2025 (63 → 34, Nghị quyết 202/2025/QH15). Grain — one row per pre-2025 "
                       "province.",
        "columns": [col("old_province_code", ["unique", "not_null"]), col("old_name_vi"),
                    col("new_province_code", ["not_null"]), col("new_name_vi"), col("effective_date"),
                    col("ward_share_in_successor")],
    },
    {
        "name": "dim_period",
        "description": "Kỳ báo cáo thống kê. Grain — one row per period end (month end), Oct 2009 – Sep 2031.",
        "columns": [col("period_end", ["unique", "not_null"]), col("stat_year", ["not_null"]),
                    col("period_months", [{"accepted_values": {"arguments": {"values": list(range(1, 13)),
                                                                             "quote": False}}}]),
                    col("period_start"), col("period_label_vi"), col("period_label_en"),
                    col("same_period_prev_year_end"), col("prev_period_end"), col("regime_code"),
                    col("regime_name_vi"), col("deadline_rule_vi"), col("unit_deadline"), col("province_deadline")],
    },
    {
        "name": "dim_target",
        "description": "Chỉ tiêu được giao (targets) per unit and statistical year (operator file seeds/ref_targets.csv).",
        "data_tests": [{"unique_combination_of_columns": {
            "arguments": {"combination_of_columns": ["unit_code", "stat_year"]}}}],
        "columns": [col("unit_code", ["not_null"]), col("stat_year", ["not_null"]), col("case_target_pct"),
                    col("money_target_pct"), col("source_vi")],
    },
    {
        "name": "quarantine",
        "description": "Tệp bị cách ly và lý do (refused files). Grain — one row per defect found in a file. "
                       "Messages name the file, sheet and cell.",
        "columns": [col(c, ["not_null"] if c in ("file_sha256", "reason_code", "message_vi", "message_en") else None)
                    for c in ("file_sha256", "file_path", "file_name", "reason_code", "sheet", "cell_ref", "expected",
                              "found", "message_vi", "message_en", "run_id", "quarantined_at")],
    },
]


def main() -> None:
    doc = {"version": 2, "models": models}
    out = ROOT / "dbt_project/models/marts/_marts__models.yml"
    header = "# Generated by scripts/write_marts_yaml.py from one glossary; edit the script, not this file.\n"
    out.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
