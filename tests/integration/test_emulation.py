"""Emulation (thi đua) on the whole sample: scores recomputed from the reports beside the claims,
rankings in the zones, award eligibility, registrations against awards, the campaign, and the
inspection pack — with the planted discrepancies E1–E4 of docs/sample-data.md."""

from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from pipelines.cli import main
from tests.fixtures.warehouse import query

pytestmark = pytest.mark.integration


def test_tuyen_quang_claims_96_of_200_at_31_august_2023(full_sample):
    [(claimed, reviewed, max_points, rank_reviewed, rank_claimed)] = query(
        full_sample["db"],
        "select claimed_points, reviewed_points, max_points, rank_reviewed, rank_claimed "
        "from marts.rpt_emulation_ranking where zone_code = 'KV-TDMNPB' and unit_code = 'P08' "
        "and period_end = date '2023-08-31'",
    )
    assert (claimed, max_points) == (Decimal("96.00"), Decimal("200.00"))
    assert reviewed == claimed - 10  # E1: ten points the reports do not support
    assert rank_reviewed >= rank_claimed


def test_every_difference_of_points_is_a_planted_or_derived_one(full_sample):
    differing = query(
        full_sample["db"],
        "select unit_code, period_end, criterion_code, claim_status from marts.fct_emulation_score "
        "where claim_status in ('overclaimed', 'underclaimed', 'error') order by all",
    )
    keys = {(u, p, c) for u, p, c, _ in differing}
    # E1: claimed points that the reports do not support
    assert ("P08", date(2023, 8, 31), "carried_out_cases_change_pct") in keys
    # D6 and D8 (T-03) claimed figures carry their points with them
    assert ("P10", date(2023, 9, 30), "case_rate_pct") in keys
    assert ("P15", date(2025, 9, 30), "carried_out_cases_change_pct") in keys
    # full points claimed for timeliness and correctness where the reports were late (L1–L4, D5) or
    # still have an open error (D1–D3): nothing else differs
    others = {(u, p, c) for u, p, c in keys if c not in ("n_late_reports", "n_open_errors")}
    assert others == {
        ("P08", date(2023, 8, 31), "carried_out_cases_change_pct"),
        ("P10", date(2023, 9, 30), "case_rate_pct"),
        ("P15", date(2025, 9, 30), "carried_out_cases_change_pct"),
    }
    late_or_error = {u for u, _, c in keys if c in ("n_late_reports", "n_open_errors")}
    assert late_or_error <= {"P02", "P08", "P10", "P15", "P08-D071", "P10-D082"}
    assert all(status == "overclaimed" for *_, status in differing)


def test_points_follow_the_criteria_table(full_sample):
    rows = dict(
        query(
            full_sample["db"],
            "select criterion_code, computed_points from marts.fct_emulation_score "
            "where unit_code = 'P08' and period_end = date '2023-08-31'",
        )
    )
    assert rows["case_rate_pct"] == Decimal("22.32")  # 86,32% vs target 84,00%: 20 + 2,32
    assert rows["money_rate_pct"] == Decimal("25.00")  # 59,83% vs 48,50%: capped at 25
    assert rows["carried_out_cases_change_pct"] == Decimal("0.00")  # backlog +19,73%
    assert rows["carried_out_kvnd_change_pct"] == Decimal("1.44")  # 10 − 8,56
    assert rows["other_criteria"] is None  # the reports cannot score it


def test_registrations_whose_conditions_are_not_met(full_sample):
    failing = query(
        full_sample["db"],
        "select registrant_code, title_code, is_eligible, failed_conditions_vi, is_awarded "
        "from marts.fct_award_eligibility where stat_year = 2023 and sender_unit_code = 'P08' and not is_eligible "
        "order by registrant_code",
    )
    by_title = {t: (code, text, awarded) for code, t, _, text, awarded in failing}
    code, text, awarded = by_title["CO_THI_DUA_CHINH_PHU"]  # E2
    assert code == "P08" and "Tổng điểm thi đua" in text and "cần >= 180" in text and not awarded
    code, text, awarded = by_title["CSTD_CO_SO"]  # E3
    assert code.startswith("CHV-D070-") and "chấp hành viên" in text and not awarded
    eligible = query(
        full_sample["db"],
        "select count(*) from marts.fct_award_eligibility where stat_year = 2023 and sender_unit_code = 'P08' "
        "and is_eligible and is_awarded",
    )[0][0]
    assert eligible >= 3  # the two offices and the best executor


def test_registered_against_achieved(full_sample):
    [(registered, awarded, not_registered)] = query(
        full_sample["db"],
        "select n_registered, n_awarded, n_awarded_not_registered from marts.rpt_emulation_registrations "
        "where province_unit_code = 'P02' and stat_year = 2023 and title_code = 'GIAY_KHEN'",
    )
    assert (registered, awarded, not_registered) == (2, 3, 1)  # E4


def test_campaign_compares_30_june_with_30_september(full_sample):
    [(start, end, change, goal_met)] = query(
        full_sample["db"],
        "select start_value, end_value, change_value, goal_met from marts.fct_campaign_result "
        "where campaign_code = 'CD-2023-Q4' and unit_code = 'P08'",
    )
    [(june,)] = query(
        full_sample["db"],
        "select carried_out_cases from marts.rpt_indicators where unit_code = 'P08' and period_end = date '2023-06-30'",
    )
    [(september,)] = query(
        full_sample["db"],
        "select carried_out_cases from marts.rpt_indicators where unit_code = 'P08' and period_end = date '2023-09-30'",
    )
    assert (start, end, change) == (june, september, september - june)
    assert goal_met is (Decimal(100) * (september - june) / june <= -5)


def test_executor_results_carry_the_units_targets(full_sample):
    rows = query(
        full_sample["db"],
        "select case_rate_pct, case_target_pct, executor_case_target_gap_points from marts.rpt_executor_results "
        "where unit_code = 'P08-D070' and period_end = date '2023-09-30'",
    )
    assert rows and all(gap == rate - target for rate, target, gap in rows)


def test_inspection_pack_flags_the_planted_discrepancies(full_sample, capsys):
    marts = full_sample["marts"]
    assert main(["inspect", "--unit", "P08", "--as-of", "2023-08", "--marts", str(marts)]) == 0
    assert "chênh lệch / criteria that differ: 1" in capsys.readouterr().out
    folder = marts / "reports" / "kiem_tra_thi_dua" / "P08_2023-08"
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "96,00/200,00" in html and "86,00/200,00" in html  # claimed and reviewed totals
    assert "Tự chấm cao hơn báo cáo" in html  # E1
    assert "Thi hành xong (8) + Đình chỉ thi hành án (9) / Có điều kiện thi hành (7)" in html  # the cells behind it
    assert "Cờ thi đua của Chính phủ" in html and "thiếu" in html  # E2
    assert "Chiến sĩ thi đua cơ sở" in html  # E3
    assert 'class="en"' in html  # English behind the switch
    wb = openpyxl.load_workbook(folder / "kiem_tra.xlsx")
    assert wb.sheetnames == ["Tieu_chi", "Xep_hang", "Bao_cao_cham", "Loi_chua_xu_ly", "Danh_hieu"]
    criteria = wb["Tieu_chi"]
    headers = [c.value for c in criteria[1]]
    status_col = headers.index("Kết quả đối chiếu") + 1
    statuses = [criteria.cell(r, status_col).value for r in range(3, criteria.max_row + 1)]
    assert statuses.count("Tự chấm cao hơn báo cáo") == 1


def test_inspection_pack_of_a_district_office(full_sample):
    marts = full_sample["marts"]
    assert main(["inspect", "--unit", "P08-D070", "--as-of", "2023-09", "--marts", str(marts)]) == 0
    html = (marts / "reports" / "kiem_tra_thi_dua" / "P08-D070_2023-09" / "index.html").read_text(encoding="utf-8")
    assert "Khối các Chi cục" in html and "Giấy khen" in html


def test_inspection_of_an_unknown_unit_is_a_clear_error(full_sample, capsys):
    assert main(["inspect", "--unit", "P99", "--as-of", "2023-08", "--marts", str(full_sample["marts"])]) == 2
    assert "no figures for P99" in capsys.readouterr().err


def test_a_campaign_reached_by_some_units_only_in_its_provinces(full_sample):
    rows = query(
        full_sample["db"],
        "select province_code, goal_met, change_pct from marts.fct_campaign_result where campaign_code = 'CD-2024-Q4-TL'",
    )
    assert {p for p, _, _ in rows} == {"08", "10"}
    assert all(met is (pct >= Decimal("4.50")) for _, met, pct in rows if met is not None)
    assert {met for _, met, _ in rows} >= {True, False}


def test_titles_awarded_that_the_reports_do_not_support(full_sample):
    rows = query(
        full_sample["db"],
        "select registrant_code, stat_year, title_code, failed_conditions_vi from marts.fct_award_eligibility "
        "where is_awarded and not is_eligible order by all",
    )
    assert [(c, y, t) for c, y, t, _ in rows] == [
        ("P02", 2023, "TAP_THE_LDXS"),  # D3 still open at 30/9/2023
        ("P10", 2024, "TAP_THE_LDXS"),  # D1 open; late reports L2, D5
        ("P15", 2024, "TAP_THE_LDXS"),  # D2 open
    ]
    # a condition on one criterion's points (points_n_open_errors)
    assert all("không còn sai sót" in text for *_, text in rows)


def test_ranks_by_the_reviewed_score_the_computed_part_and_the_claims(full_sample):
    rows = query(
        full_sample["db"],
        "select unit_code, rank_reviewed, rank_computed, rank_claimed, n_members from marts.rpt_emulation_ranking "
        "where zone_code = 'KV-TDMNPB' and period_end = date '2023-08-31' order by rank_reviewed",
    )
    assert len(rows) == 4 and all(n == 4 for *_, n in rows)
    assert sorted(r[1] for r in rows) == sorted(r[2] for r in rows) == sorted(r[3] for r in rows) == [1, 2, 3, 4]
