"""The warehouse model on sample data: what analysts ask, one SQL query each (issue 3)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pytest

pytestmark = pytest.mark.integration


def rows(db, sql, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        rel = con.execute(sql, params or [])
        names = [d[0] for d in rel.description]
        return [dict(zip(names, r)) for r in rel.fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="module")
def tq_warehouse(sample_tq, tmp_path_factory):
    from pipelines.cli import main

    marts = tmp_path_factory.mktemp("marts_tq")
    assert main(["refresh", "--raw", str(sample_tq), "--marts", str(marts)]) == 0
    return marts / "warehouse.duckdb"


def test_tuyen_quang_11_months_2023_reproduces_the_published_bulletin(tq_warehouse):
    [r] = rows(
        tq_warehouse,
        "select * from marts.rpt_indicators where unit_code = 'P08' and period_end = ?",
        [date(2023, 8, 31)],
    )
    assert (r["completed_cases"], r["enforceable_cases"], r["case_rate_pct"]) == (4132, 4787, Decimal("86.32"))
    assert (r["completed_kvnd"], r["enforceable_kvnd"], r["money_rate_pct"]) == (
        69_647_668,
        116_404_270,
        Decimal("59.83"),
    )
    assert (r["completed_cases_change"], r["completed_cases_change_pct"]) == (699, Decimal("20.36"))
    assert (r["completed_kvnd_change"], r["completed_kvnd_change_pct"]) == (5_824_947, Decimal("9.13"))
    assert (r["case_target_pct"], r["money_target_pct"], r["target_unit_code"]) == (
        Decimal("84.00"),
        Decimal("48.50"),
        "P08",
    )
    assert (r["case_target_gap_points"], r["money_target_gap_points"]) == (Decimal("2.32"), Decimal("11.33"))


def test_rates_of_every_province_this_month_against_targets(merger_warehouse):
    got = rows(
        merger_warehouse,
        """
        select unit_code, case_rate_pct, case_target_pct, case_target_gap_points, target_unit_code
        from marts.rpt_indicators
        where unit_level = 'province' and period_end = (select max(period_end) from marts.rpt_indicators)
        order by unit_code""",
    )
    assert [r["unit_code"] for r in got] == ["P08"]  # Hà Giang reports as part of Tuyên Quang since 7/2025
    [p08] = got
    assert p08["target_unit_code"] == "VN" and p08["case_target_pct"] == Decimal("83.90")  # no provincial 2025 target
    assert p08["case_target_gap_points"] == p08["case_rate_pct"] - Decimal("83.90")


def test_backlog_trend_of_a_regional_office_runs_back_through_its_predecessors(merger_warehouse):
    series = rows(
        merger_warehouse,
        """
        select period_end, carried_out_cases, n_reports_summed
        from marts.rpt_backlog_current_units where unit_code = 'P08-KV01' order by period_end""",
    )
    assert len(series) == 24  # every month of 2024 and 2025, not only those since 7/2025
    assert {r["n_reports_summed"] for r in series if r["period_end"] < date(2025, 7, 1)} == {2}
    assert {r["n_reports_summed"] for r in series if r["period_end"] >= date(2025, 7, 1)} == {1}
    predecessors = rows(
        merger_warehouse,
        """
        select sum(carried_out_cases) as s from marts.fct_backlog
        where unit_code in ('P08-D070', 'P08-D071') and period_end = date '2025-06-30'""",
    )[0]["s"]
    assert next(r for r in series if r["period_end"] == date(2025, 6, 30))["carried_out_cases"] == predecessors


def test_a_successors_cumulative_figures_carry_over_its_predecessors(merger_warehouse):
    """H-05 on clean data: carried-in of the successor's 10-month report = Σ predecessors' 9-month carried-in."""
    [r] = rows(
        merger_warehouse,
        """
        select
            (select carried_in_cases from marts.fct_case_results where unit_code = 'P08' and period_end = date '2025-07-31') as successor,
            (select sum(carried_in_cases) from marts.fct_case_results
             where unit_code in ('P08', 'P02') and period_end = date '2025-06-30') as predecessors""",
    )
    assert r["successor"] == r["predecessors"]


def test_last_months_flows_per_unit(merger_warehouse):
    got = rows(
        merger_warehouse,
        """
        select unit_code, monthly_flow, flow_status from marts.fct_monthly_flows
        where flow_name = 'new_cases' and period_end = (select max(period_end) from marts.fct_monthly_flows)
        order by unit_code""",
    )
    assert len(got) == 9 + 2  # 9 regional offices, the agency's office and the province
    assert all(r["flow_status"] == "derived" and r["monthly_flow"] >= 0 for r in got)
    first_months = rows(
        merger_warehouse,
        """
        select distinct flow_status from marts.fct_monthly_flows
        where unit_code = 'P08-KV01' and period_end = date '2025-07-31'""",
    )
    assert first_months == [{"flow_status": "derived_from_predecessors"}]


def test_nation_is_the_sum_of_provinces_with_its_rate_recomputed(merger_warehouse):
    [r] = rows(
        merger_warehouse,
        """
        select n.completed_cases, n.enforceable_cases, n.case_rate_pct,
               (select sum(completed_cases) from marts.rpt_indicators p
                where p.unit_level = 'province' and p.period_end = n.period_end) as sum_completed,
               (select sum(enforceable_cases) from marts.rpt_indicators p
                where p.unit_level = 'province' and p.period_end = n.period_end) as sum_enforceable
        from marts.rpt_indicators n where n.unit_code = 'VN' and n.period_end = date '2025-03-31'""",
    )
    assert (r["completed_cases"], r["enforceable_cases"]) == (r["sum_completed"], r["sum_enforceable"])
    expected = (Decimal(r["sum_completed"]) * 100 / Decimal(r["sum_enforceable"])).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    assert r["case_rate_pct"] == expected


def test_the_bulletin_reproduces_the_ministrys_sentence(tq_warehouse, capsys):
    from pipelines.cli import main

    assert main(["bulletin", "--unit", "P08", "--period", "2023-08", "--marts", str(tq_warehouse.parent)]) == 0
    out = capsys.readouterr().out
    assert (
        "Số việc thi hành xong: 4.132/4.787 việc có điều kiện thi hành, tăng 699 việc (20,36%) so với cùng kỳ "
        "năm 2022, đạt tỷ lệ 86,32%, vượt 2,32% chỉ tiêu được giao cả năm 2023."
    ) in out
    assert (
        "Số tiền thi hành xong: 69.647.668.000 đ/116.404.270.000 đ có điều kiện thi hành, tăng 5.824.947.000 đ "
        "(9,13%) so với cùng kỳ năm 2022, đạt tỷ lệ 59,83%, vượt 11,33% chỉ tiêu được giao cả năm 2023."
    ) in out
    assert (
        main(["bulletin", "--unit", "08", "--period", "2023-08", "--marts", str(tq_warehouse.parent), "--lang", "en"])
        == 0
    )
    assert "4,132 of 4,787 enforceable cases, up 699 (20.36%)" in capsys.readouterr().out
    assert main(["bulletin", "--unit", "P99", "--period", "2023-08", "--marts", str(tq_warehouse.parent)]) == 2
    assert (tq_warehouse.parent / "reports" / "ban_tin_P08_2023-09.txt").exists()
