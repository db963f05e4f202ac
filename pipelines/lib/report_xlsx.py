"""The validation report as an Excel workbook: the same views as the HTML pages, one sheet each.

Headers are Vietnamese (English in a second header row); both rows are frozen and filtered.
Number formats are stored in Excel's invariant notation (`#,##0`, `0.00%`), which Excel shows with
the reader's separators: 4.132 and 86,32% on a Vietnamese system. Every text that comes from input
(unit names, file names, notes, explanations) goes through escape_formula and is written as a
string, so nothing starting with =, +, -, @ can run as a formula.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from .export import escape_formula
from .report_data import ReportData

# column kinds: text, int (counts, thousand VND), pct (a percentage given in points, 86.32),
# dec (imbalances that may be fractional), date
Column = tuple[str, str, str, str]  # (key, Vietnamese header, English header, kind)


def _sheets(data: ReportData) -> list[tuple[str, list[Column], list[dict]]]:
    provinces = [{**p, "units_missing_n": len(p["units_missing"]), "units_late_n": len(p["units_late"])}
                 for p in data.provinces]
    units = [{**u, "province": prov, "period_end": end,
              "status": "Thiếu" if not u["received"] else "Chậm" if u["late"] else "Đúng hạn"}
             for (prov, end), us in data.units.items() for u in us]
    history = [{"finding_key": k, **h} for k, hs in data.history.items() for h in hs]
    rule_periods = [r for rs in data.rule_periods.values() for r in rs]
    return [
        ("Tong_quan", [
            ("unit_code", "Mã tỉnh", "Province code", "text"), ("name_vi", "Tỉnh", "Province", "text"),
            ("period_end", "Đến ngày", "Period end", "date"), ("period_label_vi", "Kỳ", "Period", "text"),
            ("units_expected", "Đơn vị phải báo cáo", "Units expected", "int"),
            ("units_received", "Đã báo cáo", "Reported", "int"), ("units_missing_n", "Thiếu", "Missing", "int"),
            ("units_late_n", "Chậm", "Late", "int"),
            ("completed_cases", "Thi hành xong (việc)", "Completed (cases)", "int"),
            ("enforceable_cases", "Có điều kiện (việc)", "Enforceable (cases)", "int"),
            ("case_rate_pct", "Tỷ lệ về việc", "Case rate", "pct"),
            ("case_target_pct", "Chỉ tiêu về việc", "Case target", "pct"),
            ("case_target_gap_points", "So với chỉ tiêu (điểm)", "Gap (points)", "dec"),
            ("completed_kvnd", "Thi hành xong (nghìn đồng)", "Completed (k VND)", "int"),
            ("enforceable_kvnd", "Có điều kiện (nghìn đồng)", "Enforceable (k VND)", "int"),
            ("money_rate_pct", "Tỷ lệ về tiền", "Money rate", "pct"),
            ("money_target_pct", "Chỉ tiêu về tiền", "Money target", "pct"),
            ("money_target_gap_points", "So với chỉ tiêu (điểm)", "Gap (points)", "dec"),
            ("carried_out_cases", "Chuyển kỳ sau (việc)", "Carried forward (cases)", "int"),
            ("carried_out_kvnd", "Chuyển kỳ sau (nghìn đồng)", "Carried forward (k VND)", "int"),
        ], provinces),
        ("Don_vi", [
            ("province", "Tỉnh", "Province", "text"), ("period_end", "Đến ngày", "Period end", "date"),
            ("unit_code", "Mã đơn vị", "Unit code", "text"), ("name_vi", "Đơn vị", "Unit", "text"),
            ("status", "Tình trạng", "Status", "text"), ("submission_no", "Lần gửi", "Submission", "int"),
            ("prepared_on", "Ngày lập", "Prepared on", "date"), ("deadline", "Hạn", "Deadline", "date"),
            ("completed_cases", "Thi hành xong (việc)", "Completed (cases)", "int"),
            ("enforceable_cases", "Có điều kiện (việc)", "Enforceable (cases)", "int"),
            ("case_rate_pct", "Tỷ lệ về việc", "Case rate", "pct"),
            ("case_target_pct", "Chỉ tiêu về việc", "Case target", "pct"),
            ("completed_kvnd", "Thi hành xong (nghìn đồng)", "Completed (k VND)", "int"),
            ("enforceable_kvnd", "Có điều kiện (nghìn đồng)", "Enforceable (k VND)", "int"),
            ("money_rate_pct", "Tỷ lệ về tiền", "Money rate", "pct"),
            ("money_target_pct", "Chỉ tiêu về tiền", "Money target", "pct"),
            ("open_errors", "Lỗi chưa xử lý", "Open errors", "int"),
            ("open_warnings", "Cảnh báo chưa xử lý", "Open warnings", "int"),
            ("file_path", "Tệp", "File", "text"),
        ], units),
        ("Phat_hien", [
            ("priority_rank", "Ưu tiên", "Priority", "int"), ("rule_id", "Quy tắc", "Rule", "text"),
            ("family", "Nhóm", "Family", "text"), ("severity", "Mức", "Severity", "text"),
            ("status", "Trạng thái", "Status", "text"), ("unit_code", "Mã đơn vị", "Unit code", "text"),
            ("unit_name", "Đơn vị", "Unit", "text"), ("period_end", "Đến ngày", "Period end", "date"),
            ("form_code", "Mẫu", "Form", "text"), ("part", "Phần", "Part", "text"), ("row_code", "Dòng", "Row", "text"),
            ("column_name", "Cột", "Column", "text"), ("lhs_value", "Vế trái", "Left side", "dec"),
            ("rhs_value", "Vế phải", "Right side", "dec"), ("imbalance", "Chênh lệch", "Imbalance", "dec"),
            ("hint_text", "Ô có thể sai", "Likely-wrong cell", "text"),
            ("explanation_status", "Giải trình", "Explanation status", "text"),
            ("explanation_vi", "Nội dung giải trình", "Explanation (vi)", "text"),
            ("explanation_en", "Explanation", "Explanation (en)", "text"),
            ("reviewed_by", "Người xem xét", "Reviewed by", "text"),
            ("first_seen_at", "Thấy lần đầu", "First seen", "date"), ("n_runs_failed", "Số lần không đạt", "Runs failed", "int"),
            ("description_vi", "Mô tả quy tắc", "Rule (vi)", "text"),
            ("finding_key", "Mã phát hiện", "Finding key", "text"),
        ], data.findings),
        ("Lich_su", [
            ("finding_key", "Mã phát hiện", "Finding key", "text"), ("evaluated_at", "Thời điểm", "At", "date"),
            ("run_id", "Lần làm mới", "Run", "text"), ("submission_no", "Lần gửi", "Submission", "int"),
            ("outcome", "Kết quả", "Outcome", "text"), ("lhs_value", "Vế trái", "Left side", "dec"),
            ("rhs_value", "Vế phải", "Right side", "dec"), ("imbalance", "Chênh lệch", "Imbalance", "dec"),
        ], history),
        ("Quy_tac", [
            ("rule_id", "Quy tắc", "Rule", "text"), ("family", "Nhóm", "Family", "text"),
            ("severity", "Mức", "Severity", "text"), ("basis", "Căn cứ", "Basis", "text"),
            ("description_vi", "Mô tả", "Description (vi)", "text"),
            ("description_en", "Description", "Description (en)", "text"),
            ("items", "Mục", "Items", "int"), ("passes", "Đạt", "Pass", "int"), ("fails", "Không đạt", "Fail", "int"),
            ("nas", "Không áp dụng", "NA", "int"), ("errors", "Lỗi", "Error", "int"),
        ], data.rules),
        ("Quy_tac_theo_ky", [
            ("rule_id", "Quy tắc", "Rule", "text"), ("period_end", "Đến ngày", "Period end", "date"),
            ("items", "Mục", "Items", "int"), ("passes", "Đạt", "Pass", "int"), ("fails", "Không đạt", "Fail", "int"),
            ("nas", "Không áp dụng", "NA", "int"), ("errors", "Lỗi", "Error", "int"),
        ], rule_periods),
        ("Cach_ly", [
            ("file_path", "Tệp", "File", "text"), ("reason_code", "Mã lý do", "Reason", "text"),
            ("sheet", "Trang", "Sheet", "text"), ("cell_ref", "Ô", "Cell", "text"),
            ("expected", "Mong đợi", "Expected", "text"), ("found", "Tìm thấy", "Found", "text"),
            ("message_vi", "Thông báo", "Message (vi)", "text"), ("message_en", "Message", "Message (en)", "text"),
            ("file_sha256", "SHA-256", "SHA-256", "text"),
        ], data.quarantine),
        ("Hop_dong_GX", [
            ("rule_id", "Quy tắc", "Rule", "text"), ("suite_name", "Bộ kiểm tra", "Suite", "text"),
            ("expectation", "Kỳ vọng", "Expectation", "text"), ("column_name", "Cột", "Column", "text"),
            ("outcome", "Kết quả", "Outcome", "text"), ("unexpected", "Số dòng không đạt", "Rows failing", "int"),
            ("note", "Ghi chú", "Note", "text"),
        ], data.expectations),
    ]


def write_xlsx(data: ReportData, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    head_vi = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    head_en = wb.add_format({"italic": True, "bg_color": "#F2F2F2", "border": 1, "font_color": "#555555"})
    formats = {"int": wb.add_format({"num_format": "#,##0"}), "pct": wb.add_format({"num_format": "0.00%"}),
               "dec": wb.add_format({"num_format": "#,##0.##"}), "date": wb.add_format({"num_format": "dd/mm/yyyy"}),
               "text": None}
    for name, columns, records in _sheets(data):
        ws = wb.add_worksheet(name)
        for c, (_, vi, en, kind) in enumerate(columns):
            ws.write_string(0, c, vi, head_vi)
            ws.write_string(1, c, en, head_en)
            ws.set_column(c, c, 14 if kind != "text" else 22, formats[kind])
        for r, rec in enumerate(records, start=2):
            for c, (key, _, _, kind) in enumerate(columns):
                v = rec.get(key)
                if v is None:
                    continue
                if kind == "text":
                    ws.write_string(r, c, escape_formula(str(v)))
                elif kind == "date":
                    v = v if isinstance(v, datetime) else datetime(v.year, v.month, v.day) if isinstance(v, date) else v
                    ws.write_datetime(r, c, v, formats["date"])
                elif kind == "pct":
                    ws.write_number(r, c, float(Decimal(str(v)) / 100), formats["pct"])
                elif kind == "int":
                    ws.write_number(r, c, int(v), formats["int"])
                else:
                    ws.write_number(r, c, float(v), formats["dec"])
        ws.freeze_panes(2, 0)
        ws.autofilter(1, 0, max(len(records) + 1, 2), len(columns) - 1)
        if name == "Tong_quan" and records:
            _rates_chart(wb, ws, columns, len(records))
    wb.close()
    return path


def _rates_chart(wb, ws, columns: list[Column], n: int) -> None:
    """Rates against targets by province, as a native Excel chart beside the overview table."""
    col = {key: i for i, (key, *_rest) in enumerate(columns)}
    for kind, title in (("case", "Tỷ lệ thi hành xong về việc so với chỉ tiêu"),
                        ("money", "Tỷ lệ thi hành xong về tiền so với chỉ tiêu")):
        chart = wb.add_chart({"type": "column"})
        for key, label in ((f"{kind}_rate_pct", "Tỷ lệ"), (f"{kind}_target_pct", "Chỉ tiêu")):
            chart.add_series({"name": label, "categories": [ws.name, 2, col["name_vi"], n + 1, col["name_vi"]],
                              "values": [ws.name, 2, col[key], n + 1, col[key]],
                              "data_labels": {"value": True, "num_format": "0.00%"}})
        chart.set_title({"name": title, "name_font": {"size": 11}})
        chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 620, "height": 300})
        ws.insert_chart(n + 4, 1 if kind == "case" else 9, chart)
