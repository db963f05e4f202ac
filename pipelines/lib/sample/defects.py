"""The planted defects of the sample (docs/sample-data.md): realistic mistakes on top of reports
that add up by construction, each with the rule that must find it. D2 is planted in the
simulation itself (a carried-in figure); the others are applied to the built reports here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..working_days import nth_working_day_after
from .simulation import ARRIVAL_WORKING_DAYS, Report, _sum_rows, _with_rate

PLANTED_DEFECTS = [
    {
        "id": "D1",
        "unit": "P10-D082",
        "period_end": date(2024, 3, 31),
        "kind": "total_row_transposed",
        "rule": "R-04, R-09",
        "vi": 'Dòng Tổng cộng biểu 01 có số "Thi hành xong" bị đảo chữ số nên không bằng tổng các chấp hành viên',
        "en": "The total row of form 01 has its 'executed' figure with two digits swapped, so it does not add up",
    },
    {
        "id": "D2",
        "unit": "P15-D136",
        "year": 2024,
        "kind": "carried_in_too_high",
        "rule": "P-03",
        "vi": "Số năm trước chuyển sang năm 2024 cao hơn số chuyển kỳ sau 12 tháng năm 2023 (thêm 150 việc)",
        "en": "Carried-in cases of 2024 exceed the carried-out cases of the 12-month 2023 report (150 cases added)",
    },
    {
        "id": "D3",
        "unit": "P02",
        "row": "P02-D026",
        "period_end": date(2023, 6, 30),
        "kind": "province_row_stale",
        "rule": "H-01",
        "vi": "Báo cáo toàn tỉnh Hà Giang 9 tháng 2023 ghi số liệu của Chi cục Đồng Văn theo kỳ 8 tháng (số cũ)",
        "en": "Hà Giang's province-wide 9-month 2023 report carries the Đồng Văn unit's 8-month figures (stale row)",
    },
    {
        "id": "D4",
        "unit": "P08-D073",
        "period_end": date(2023, 5, 31),
        "kind": "resubmission",
        "rule": "R-04, R-09 on submission 1; none on submission 2",
        "vi": 'Chi cục Chiêm Hóa gửi lại báo cáo 8 tháng 2023 (lần 2) để sửa số "Đang thi hành" của một chấp hành viên',
        "en": "The Chiêm Hóa unit resubmitted its 8-month 2023 report (submission 2) to correct one executor's 'in progress'",
    },
    {
        "id": "D5",
        "unit": "P10-D085",
        "period_end": date(2024, 8, 31),
        "kind": "quarantined_then_resent",
        "rule": "quarantine CELL_NOT_NUMBER",
        "vi": "Lần gửi 1 của Chi cục Bắc Hà (11 tháng 2024) có chữ trong ô số và bị cách ly; lần 2 đúng",
        "en": "Submission 1 of the Bắc Hà unit (11 months 2024) has text in a number cell and is quarantined; submission 2 is clean",
    },
]

# The emulation work (thi đua) the reports do not support: points claimed, a title registered whose
# conditions are not met, an award without a registration (marts.fct_emulation_score,
# marts.fct_award_eligibility, marts.rpt_emulation_registrations; thads inspect)
PLANTED_EMULATION: list[dict[str, Any]] = [
    {
        "id": "E1",
        "unit": "P08",
        "as_of": date(2023, 8, 31),
        "kind": "points_overclaimed",
        "criterion": "carried_out_cases_change_pct",
        "claimed_points": "10",
        "vi": "Bảng tự chấm điểm 31/8/2023 của Cục THADS Tuyên Quang cho đủ 10 điểm giảm số việc chuyển kỳ sau, "
        "trong khi số việc chuyển kỳ sau tăng 19,73% so với cùng kỳ (0 điểm)",
        "en": "Tuyên Quang's self-scoring table of 31/8/2023 gives itself the full 10 points for reducing the case "
        "backlog, although the backlog grew 19.73% on the same period last year (0 points)",
    },
    {
        "id": "E2",
        "unit": "P08",
        "year": 2023,
        "kind": "title_conditions_not_met",
        "title": "CO_THI_DUA_CHINH_PHU",
        "vi": "Cục THADS Tuyên Quang đăng ký Cờ thi đua của Chính phủ năm 2023; tổng điểm thẩm định dưới 180",
        "en": "Tuyên Quang registers for the Government Emulation Flag 2023; its reviewed score is below 180",
    },
    {
        "id": "E3",
        "unit": "P08-D070",
        "year": 2023,
        "kind": "executor_conditions_not_met",
        "title": "CSTD_CO_SO",
        "vi": "Chấp hành viên có tỷ lệ thi hành xong về việc thấp nhất của Chi cục TP Tuyên Quang đăng ký Chiến sĩ "
        "thi đua cơ sở năm 2023",
        "en": "The executor with the lowest case completion rate of the Tuyên Quang city office registers as "
        "Grassroots Emulation Fighter 2023",
    },
    {
        "id": "E4",
        "unit": "P02-D030",
        "year": 2023,
        "kind": "awarded_not_registered",
        "title": "GIAY_KHEN",
        "vi": "Chi cục Vị Xuyên (P02-D030) được Giấy khen năm 2023 mà không đăng ký thi đua",
        "en": "The Vị Xuyên office (P02-D030) is awarded a Commendation for 2023 without having registered",
    },
]

# Self-scoring tables whose claims the reports do not support (rule T-03)
PLANTED_SELF_SCORE = {
    ("P10", 2023): ("case_rate_pct", "add", 1.5, "D6"),
    ("P08", 2024): ("completed_kvnd", "times", 1.05, "D7"),
    ("P15", 2025): ("carried_out_cases_change_pct", "negate", None, "D8"),
}
PLANTED_DEFECTS += [
    {
        "id": "D6",
        "unit": "P10",
        "year": 2023,
        "kind": "self_score_rate",
        "rule": "T-03",
        "vi": "Bảng tự chấm điểm 2023 của Cục THADS Lào Cai ghi tỷ lệ thi hành xong về việc cao hơn báo cáo 12 tháng 1,5 điểm",
        "en": "Lào Cai's 2023 self-scoring table claims a case completion rate 1.5 points above its 12-month report",
    },
    {
        "id": "D7",
        "unit": "P08",
        "year": 2024,
        "kind": "self_score_money",
        "rule": "T-03",
        "vi": "Bảng tự chấm điểm 2024 của Cục THADS Tuyên Quang ghi số tiền thi hành xong cao hơn báo cáo 5%",
        "en": "Tuyên Quang's 2024 self-scoring table claims 5% more money completed than its 12-month report",
    },
    {
        "id": "D8",
        "unit": "P15",
        "year": 2025,
        "kind": "self_score_backlog",
        "rule": "T-03",
        "vi": "Bảng tự chấm điểm 2025 của THADS tỉnh Lào Cai ghi số việc chuyển kỳ sau giảm, trong khi báo cáo cho thấy tăng (đổi dấu)",
        "en": "Lào Cai's (merged) 2025 self-scoring table claims the backlog fell where the reports show it rose (sign flipped)",
    },
]


# Reports that reach the province late, by a known number of working days (holidays included): the
# validation report shows them as "Chậm" with that number (docs/sample-data.md). Every other report
# arrives on time.
PLANTED_LATE = [
    ("P08-D071", "unit", date(2024, 1, 31), 3),  # due Fri 2/2/2024, arrived Wed 7/2, the eve of Tết
    ("P10-D083", "unit", date(2023, 12, 31), 1),  # due 3/1/2024 (1/1 is a holiday), arrived 4/1
    ("P15-D136", "unit", date(2025, 1, 31), 2),  # due 4/2/2025 (after Tết), arrived 6/2
    ("P02", "province", date(2024, 3, 31), 1),  # the province-wide report, due 4/4/2024, arrived 5/4
]
PLANTED_DEFECTS += [
    {
        "id": f"L{i}",
        "unit": code,
        "period_end": pe,
        "kind": "late",
        "rule": f"fct_report_arrival: {days} ngày làm việc chậm",
        "vi": f"Báo cáo {'toàn tỉnh' if kind == 'province' else 'của đơn vị'} kỳ {pe:%m/%Y} đến chậm {days} ngày làm việc",
        "en": f"The {'province-wide' if kind == 'province' else 'unit'} report of {pe:%m/%Y} arrived {days} working days late",
    }
    for i, (code, kind, pe, days) in enumerate(PLANTED_LATE, start=1)
]


def _transpose_digits(n: int) -> int:
    s = str(n)
    for i in range(len(s) - 1, 0, -1):
        if s[i] != s[i - 1]:
            return int(s[: i - 1] + s[i] + s[i - 1] + s[i + 1 :])
    return n + 9


def plant_defects(reports: list[Report]) -> list[Report]:
    """Apply the planted defects D1, D3, D4, D5 (D2 is planted in the simulation)."""
    by_key = {(r.unit_code, r.kind, r.period_end, r.submission_no): r for r in reports}
    extra: list[Report] = []
    d1 = by_key.get(("P10-D082", "unit", date(2024, 3, 31), 1))
    if d1:
        total = d1.rows["01_VIEC"][-1]["values"]
        total["executed_cases"] = _transpose_digits(total["executed_cases"])
    d3 = by_key.get(("P02", "province", date(2023, 6, 30), 1))
    before = by_key.get(("P02-D026", "unit", date(2023, 5, 31), 1))
    if d3 and before:
        for sheet, rows in d3.rows.items():
            stale = dict(before.rows[sheet][-1]["values"])
            for row in rows:
                if row["code"] == "P02-D026":
                    row["values"] = stale
            cols = [c for c in stale if c != "completion_rate_pct"]
            measure = "cases" if sheet == "01_VIEC" else "money"
            rows[-1]["values"] = _with_rate(_sum_rows([r["values"] for r in rows[:-1]], cols), measure)
    for code, pe, how in (("P08-D073", date(2023, 5, 31), "in_progress"), ("P10-D085", date(2024, 8, 31), "text")):
        good = by_key.get((code, "unit", pe, 1))
        if not good:
            continue
        bad = Report(
            good.unit_code,
            good.unit_name,
            good.kind,
            good.period_end,
            good.stat_year,
            good.months,
            1,
            good.prepared_on,
            {s: [dict(r, values=dict(r["values"])) for r in rows] for s, rows in good.rows.items()},
            arrived_at=good.arrived_at,
        )
        if how == "in_progress":
            bad.rows["01_VIEC"][0]["values"]["in_progress_cases"] += 12
        else:
            bad.rows["01_VIEC"][1]["values"]["new_cases"] = f"{bad.rows['01_VIEC'][1]['values']['new_cases']}a"
        good.submission_no = 2
        resent = nth_working_day_after(good.prepared_on, 3)  # the corrected report, three working days later
        good.prepared_on = resent
        good.arrived_at = datetime(resent.year, resent.month, resent.day, 10, 30)
        extra.append(bad)
    for code, kind, pe, days_late in PLANTED_LATE:
        late = by_key.get((code, kind, pe, 1))
        if late:
            deadline = nth_working_day_after(pe, ARRIVAL_WORKING_DAYS[kind][1])
            day = nth_working_day_after(deadline, days_late)
            late.prepared_on = day
            late.arrived_at = datetime(day.year, day.month, day.day, 15, 10)
    return reports + extra
