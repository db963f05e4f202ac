"""Audit fidelity, round 2: the figures, groupings and words an inspector acts on, on the whole
sample (planted defects D1–D8 and late reports L1–L4, docs/sample-data.md) and on small scenarios."""

import dataclasses
import os
import time
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from pipelines.cli import main
from pipelines.lib.rates import change_pct
from tests.fixtures.builders import tiny_report, write_tiny_xlsx
from tests.fixtures.warehouse import query

pytestmark = pytest.mark.integration


# ------------------------------------------------------------------ 1. rounding of decreases


def test_every_decrease_in_the_marts_rounds_half_away_from_zero(full_sample):
    rows = query(
        full_sample["db"],
        "select carried_out_cases, prev_carried_out_cases, carried_out_cases_change_pct from marts.rpt_indicators "
        "where prev_carried_out_cases > 0 and carried_out_cases < prev_carried_out_cases",
    )
    assert rows, "the sample has decreases"
    assert all(pct == change_pct(new, old) for new, old, pct in rows)


# ------------------------------------------------------------------ 2. lateness on arrival, with holidays


def test_deadlines_skip_public_holidays(full_sample):
    rows = dict(
        query(
            full_sample["db"],
            "select period_end, unit_deadline from marts.dim_period "
            "where period_end in (date '2023-12-31', date '2025-01-31', date '2024-04-30')",
        )
    )
    assert rows[date(2023, 12, 31)] == date(2024, 1, 3)  # 1/1 is a holiday
    assert rows[date(2025, 1, 31)] == date(2025, 2, 4)  # Tết: 1/2/2025 is a day off
    assert rows[date(2024, 4, 30)] == date(2024, 5, 3)  # 30/4 and 1/5


def test_only_the_planted_reports_are_late_by_their_working_days(full_sample):
    late = query(
        full_sample["db"],
        "select unit_code, period_end, working_days_late, arrival_basis from marts.fct_report_arrival "
        "where is_first_submission and working_days_late > 0 order by unit_code",
    )
    assert [(u, p, n) for u, p, n, _ in late] == [
        ("P02", date(2024, 3, 31), 1),  # L4
        ("P08-D071", date(2024, 1, 31), 3),  # L1, the eve of Tết
        ("P10-D083", date(2023, 12, 31), 1),  # L2
        ("P10-D085", date(2024, 8, 31), 3),  # D5: the refused submission does not count as received
        ("P15-D136", date(2025, 1, 31), 2),  # L3, after Tết
    ]
    assert {b for *_, b in late} == {"file_modified"}  # the first refresh: the files predate the pipeline
    reports = full_sample["marts"] / "reports"
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "Báo cáo đến chậm" in index and "P08-D071" in index


def test_a_file_that_arrives_after_the_first_refresh_arrives_when_first_seen(tmp_path):
    raw, marts = tmp_path / "raw", tmp_path / "marts"
    old = write_tiny_xlsx(raw / "a.xlsx", tiny_report(period_end=date(2023, 7, 31)))
    os.utime(old, (datetime(2023, 8, 2, 9).timestamp(),) * 2)
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    write_tiny_xlsx(raw / "b.xlsx", tiny_report(period_end=date(2023, 8, 31)))
    started = time.time()
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    rows = query(
        marts / "warehouse.duckdb",
        "select period_end, arrival_basis, arrived_at, working_days_late from marts.fct_report_arrival order by 1",
    )
    assert [(p, b) for p, b, _, _ in rows] == [(date(2023, 7, 31), "file_modified"), (date(2023, 8, 31), "first_seen")]
    assert rows[0][3] == 0  # modified 2/8/2023, due 2/8/2023
    arrived_utc = rows[1][2].timestamp() - 7 * 3600 - (datetime.now().astimezone().utcoffset().total_seconds())
    assert abs(arrived_utc - started) < 600 and rows[1][3] > 100  # first seen now: years late


# ------------------------------------------------------------------ 3. selective editing, like with like


def test_planted_defects_are_ranked_by_what_they_change(full_sample):
    causes = query(
        full_sample["db"],
        "select lead_rule_id, unit_code, period_end, may_flip_target, money_impact_kvnd from marts.fct_finding_root_cause "
        "where status = 'open' and severity = 'error' order by priority_rank",
    )
    order = [(rule, unit, period) for rule, unit, period, *_ in causes]
    assert order == [
        ("T-03", "P15", date(2025, 9, 30)),  # D8: a claimed backlog fall that is a rise (flips what is claimed)
        ("T-03", "P08", date(2024, 9, 30)),  # D7: 5% more money claimed, thousands of millions of đồng
        ("H-01", "P02", date(2023, 6, 30)),  # D3: a stale row, money columns off
        ("P-03", "P15-D136", date(2023, 10, 31)),  # D2: 150 cases carried in too many
        ("R-06", "P10-D082", date(2024, 3, 31)),  # D1: a transposition in a unit's cases
        ("T-03", "P10", date(2023, 9, 30)),  # D6: a case rate claimed 1,5 points too high
    ]
    d7 = causes[1]
    assert d7[3] is False and d7[4] > 5_000_000  # compared with the money target, not the case target


# ------------------------------------------------------------------ 4. reliability


def test_figures_from_a_report_with_an_open_error_are_flagged_with_the_implied_value(full_sample):
    db = full_sample["db"]
    d1 = query(
        db,
        "select is_reliable, case_rate_pct, implied_case_rate_pct, open_error_rules from marts.rpt_indicators "
        "where unit_code = 'P10-D082' and period_end = date '2024-03-31'",
    )[0]
    assert d1[0] is False and d1[1] == Decimal("54.48") and d1[2] == Decimal("74.63") and "R-04" in d1[3]
    rollups = dict(
        query(
            db,
            "select unit_code, is_reliable from marts.rpt_indicators where period_end = date '2024-03-31' "
            "and unit_code in ('P10', 'VN', 'P08', 'P10-D080')",
        )
    )
    assert rollups == {"P10": False, "VN": False, "P08": True, "P10-D080": True}
    assert query(
        db,
        "select is_reliable from marts.fct_case_results where unit_code = 'P10-D082' "
        "and period_end = date '2024-03-31'",
    ) == [(False,)]
    as_today = query(
        db,
        "select count(*) filter (where not is_reliable) from marts.rpt_backlog_current_units "
        "where period_end = date '2024-03-31'",
    )[0][0]
    assert as_today >= 2  # the region succeeding P10-D082 and the merged Lào Cai look back on it
    page = (full_sample["marts"] / "reports" / "don_vi" / "P10-D082_2024-03.html").read_text(encoding="utf-8")
    assert "Số liệu chưa tin cậy" in page and "74,63%" in page
    assert main(["bulletin", "--unit", "P10-D082", "--period", "2024-03", "--marts", str(full_sample["marts"])]) == 0


def test_the_bulletin_warns_when_the_figures_are_not_reliable(full_sample, capsys):
    assert main(["bulletin", "--unit", "P10-D082", "--period", "2024-03", "--marts", str(full_sample["marts"])]) == 0
    out = capsys.readouterr().out
    assert "số liệu chưa tin cậy" in out and "74,63%" in out


# ------------------------------------------------------------------ 5, 6. one finding per root cause, H-01 hints


def test_one_root_cause_per_mistake_with_its_items(full_sample):
    db = full_sample["db"]
    d1 = query(
        db,
        "select n_items, rule_ids, hint_cells, likely_wrong_side from marts.fct_finding_root_cause "
        "where unit_code = 'P10-D082' and period_end = date '2024-03-31' and lead_rule_id like 'R-%'",
    )
    assert len(d1) == 1 and d1[0][0] >= 6 and "H-01" in d1[0][1] and d1[0][2] == "K16"
    d3 = query(
        db,
        "select n_items, likely_wrong_side, side_hint_vi from marts.fct_finding_root_cause "
        "where unit_code = 'P02' and period_end = date '2023-06-30' and lead_rule_id = 'H-01'",
    )
    assert len(d3) == 1 and d3[0][0] == 44 and d3[0][1] == "province_row" and "05/2023" in d3[0][2]
    assert query(
        db,
        "select failed_root_causes, fails from marts.fct_validation_summary "
        "where rule_id = 'H-01' and period_end = date '2023-06-30'",
    ) == [(1, 44)]
    d1_side = query(
        db,
        "select distinct likely_wrong_side from marts.fct_finding where rule_id = 'H-01' "
        "and unit_code = 'P10' and period_end = date '2024-03-31'",
    )
    assert d1_side == [("unit_report",)]


# ------------------------------------------------------------------ 7. restatements


def test_every_changed_cell_of_a_resubmission_is_listed(full_sample):
    rows = query(
        full_sample["db"],
        "select unit_code, from_submission_no, to_submission_no, column_name, old_value, new_value, change_kind "
        "from marts.fct_report_revision order by unit_code",
    )
    assert rows == [("P08-D073", 1, 2, "in_progress_cases", Decimal("20.00"), Decimal("8.00"), "changed")]
    page = (full_sample["marts"] / "reports" / "don_vi" / "P08-D073_2023-05.html").read_text(encoding="utf-8")
    assert "Đính chính qua các lần gửi" in page


def test_a_resubmission_without_changes_is_listed_as_such(tmp_path):
    raw, marts = tmp_path / "raw", tmp_path / "marts"
    first = tiny_report(period_end=date(2023, 8, 31))
    write_tiny_xlsx(raw / "lan1.xlsx", first)
    write_tiny_xlsx(raw / "lan2.xlsx", dataclasses.replace(first, submission_no=2, prepared_on=date(2023, 9, 5)))
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    assert query(
        marts / "warehouse.duckdb",
        "select change_kind, from_submission_no, to_submission_no from marts.fct_report_revision",
    ) == [("no_change", 1, 2)]


# ------------------------------------------------------------------ 8, 9. Vietnamese, and what to do


def test_the_workbook_speaks_vietnamese(full_sample):
    wb = openpyxl.load_workbook(full_sample["marts"] / "reports" / "bao_cao_kiem_tra.xlsx")
    ws = wb["Phat_hien"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, r)) for r in ws.iter_rows(min_row=3, values_only=True)]
    d1 = [r for r in rows if r["Mã đơn vị"] == "P10-D082" and r["Quy tắc"] == "R-09"][0]
    assert d1["Mức"] == "Lỗi" and d1["Trạng thái"] == "Chưa xử lý" and d1["Nhóm"] == "Trong một báo cáo"
    assert d1["Ô hoặc bên có thể sai"] == "K16: 69 → 96 (đảo chữ số)" and d1["Cột"] == "Thi hành xong (việc)"
    assert "Nguyen_nhan" in wb.sheetnames and "Bao_cao_cham" in wb.sheetnames


def test_the_report_names_sides_actions_and_merged_provinces(full_sample):
    reports = full_sample["marts"] / "reports"
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "đã hợp nhất vào tỉnh Tuyên Quang (P08) từ 01/07/2025" in index
    assert "+07" in index  # Vietnam time
    unit = (reports / "don_vi" / "P10-D082_2024-03.html").read_text(encoding="utf-8")
    assert "Việc cần làm" in unit and "Điều 11 Thông tư 05/2024/TT-BTP" in unit
    assert "Dòng trong báo cáo toàn tỉnh" in unit and "Báo cáo riêng của đơn vị" in unit
    assert "(đảo chữ số)" in unit
    assert all(r[0] for r in query(full_sample["db"], "select action_vi from marts.dim_rule"))


def test_p05_says_which_way(full_sample):
    index = (full_sample["marts"] / "reports" / "index.html").read_text(encoding="utf-8")
    assert "so với cùng kỳ" in index and ("tăng " in index or "giảm " in index)
