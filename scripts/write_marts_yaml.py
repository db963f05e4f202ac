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
    # dim_period
    "period_start": ("date", "Từ ngày — luôn là 01/10 (period start)"),
    "period_label_vi": ("varchar", "Tên kỳ, ví dụ \"11 tháng năm 2023\""),
    "period_label_en": ("varchar", "Period name in English"),
    "same_period_prev_year_end": ("date", "Cuối kỳ cùng kỳ năm trước (same period last year)"),
    "prev_period_end": ("date", "Cuối kỳ trước trong cùng năm (previous period; trống ở kỳ 1 tháng)"),
    "regime_code": ("varchar", "Chế độ báo cáo áp dụng (TT01_2013, TT06_2019, TT05_2024)"),
    "regime_name_vi": ("varchar", "Tên văn bản quy định chế độ báo cáo"),
    "deadline_rule_vi": ("varchar", "Thời hạn gửi báo cáo theo chế độ"),
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
    identities = [
        (f"total_accepted_{s}_reported >= 0", None),
    ]
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
        "name": "dim_period",
        "description": "Kỳ báo cáo thống kê. Grain — one row per period end (month end), Oct 2009 – Sep 2031.",
        "columns": [col("period_end", ["unique", "not_null"]), col("stat_year", ["not_null"]),
                    col("period_months", [{"accepted_values": {"arguments": {"values": list(range(1, 13)),
                                                                             "quote": False}}}]),
                    col("period_start"), col("period_label_vi"), col("period_label_en"),
                    col("same_period_prev_year_end"), col("prev_period_end"), col("regime_code"),
                    col("regime_name_vi"), col("deadline_rule_vi")],
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
