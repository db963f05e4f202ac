"""Two reporting regimes: statistical year 2019 under TT 01/2013 (chủ động and theo yêu cầu forms),
2020 under TT 06/2019, through the real sample generator, readers, dbt and rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipelines.cli import main
from pipelines.lib.ingest.layouts import template_by_id
from pipelines.lib.sample import generate_sample
from pipelines.lib.sample.simulation import build_reports, simulate
from pipelines.lib.sample.writers import write_workbook
from tests.fixtures.warehouse import query

WRONG_RATE = "12.34"


@pytest.fixture(scope="module")
def regimes(tmp_path_factory) -> dict:
    raw = tmp_path_factory.mktemp("raw_regimes")
    marts = tmp_path_factory.mktemp("marts_regimes")
    until = date(2019, 11, 30)
    generate_sample(raw, provinces=("08",), first_year=2019, last_year=2020, until=until, defects=False)
    # one defect: the ex-officio cases form of P08-D070 for 03/2019 states a rate its figures do not give
    reports = build_reports(simulate(2026, ("08",), 2019, 2020), ("08",), 2019, 2020, until)
    bad = next(r for r in reports if r.unit_code == "P08-D070" and r.period_end == date(2019, 3, 31))
    bad.rows["VIEC_CHU_DONG"][-1]["values"]["completion_rate_pct"] = WRONG_RATE
    write_workbook(bad, raw / "2019-03" / "P08-D070_lan1.xlsx", template_by_id(bad.layout))
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    return {"raw": raw, "db": marts / "warehouse.duckdb"}


def test_both_layouts_load_from_workbooks_and_csv_with_nothing_refused(regimes):
    assert query(regimes["db"], "select count(*) from marts.quarantine") == [(0,)]
    kinds = {p.suffix for p in (regimes["raw"] / "2019-05").iterdir()}
    assert kinds == {".xlsx", ".csv"}
    parts = query(
        regimes["db"],
        "select year(period_end) < 2019 or period_end < date '2019-10-01', enforcement_part, count(*) "
        "from marts.fct_results_by_part group by all order by all",
    )
    assert [(old, part) for old, part, _ in parts] == [(False, None), (True, "chu_dong"), (True, "theo_yeu_cau")]


def test_the_parts_add_up_to_the_facts(regimes):
    mismatches = query(
        regimes["db"],
        """
        with parts as (
            select unit_code, period_end, sum(carried_in_cases) as ci, sum(completed_cases) as done,
                   sum(carried_out_kvnd) as co_k, count(*) as n
            from marts.fct_results_by_part group by all
        )
        select p.unit_code, p.period_end
        from parts as p
        join marts.fct_case_results as c using (unit_code, period_end)
        join marts.fct_money_results as m using (unit_code, period_end)
        where p.ci <> c.carried_in_cases or p.done <> c.completed_for_rate_cases
           or p.co_k <> m.carried_out_kvnd_reported
           or p.n <> case when p.period_end < date '2019-10-01' then 2 else 1 end
        """,
    )
    assert mismatches == []
    n = query(regimes["db"], "select count(*) from marts.fct_case_results where period_end < date '2019-10-01'")
    assert n[0][0] > 0


def test_a_rate_is_checked_on_the_form_that_states_it(regimes):
    outcomes = dict(
        query(
            regimes["db"],
            "select form_code || ' ' || outcome, count(*) from marts.fct_validation_result "
            "where rule_id = 'R-07' group by all",
        )
    )
    # under TT 01/2013 the total row has no rate of its own: no R-07 item on the summed forms then
    assert outcomes["01a/TK-THA fail"] == 1 and outcomes["02b/TK-THA pass"] > 0
    assert not any(k.endswith(("error", "na")) for k in outcomes if k.startswith("01a") or k.startswith("02"))
    hit = query(
        regimes["db"],
        "select unit_code, period_end, form_code, row_code, lhs_value from marts.fct_finding where rule_id = 'R-07'",
    )
    assert hit == [("P08-D070", date(2019, 3, 31), "01a/TK-THA", "", Decimal(WRONG_RATE))]


def test_carried_in_of_2020_is_checked_against_carried_out_of_2019_across_the_regime_change(regimes):
    rows = query(
        regimes["db"],
        "select outcome, count(*) from marts.fct_validation_result "
        "where rule_id = 'P-03' and period_end = date '2019-10-31' group by all",
    )
    assert dict(rows) == {"pass": 2 * 9}  # cases and money of the province, its office and 7 districts
