"""The sample's split of an executor's figures into the two forms of TT 01/2013 (property-based)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.lib.sample.simulation import part_values


def _case_row(ci, outcome_parts):
    dele, wd, exe, term, inprog, post, other, ne = outcome_parts
    comp, coe = exe + term, inprog + post + other
    new = comp + coe + ne + dele + wd - ci
    return {
        "carried_in_cases": ci, "new_cases": new, "delegated_out_cases": dele, "withdrawn_cases": wd,
        "executed_cases": exe, "terminated_cases": term, "in_progress_cases": inprog,
        "postponed_agreed_cases": post, "other_enforceable_cases": other, "not_enforceable_cases": ne,
        "total_accepted_cases": ci + new, "to_enforce_cases": comp + coe + ne, "enforceable_cases": comp + coe,
        "carried_out_cases": coe + ne, "carried_out_enforceable_cases": coe,
    }  # fmt: skip


def _identities_hold(r: dict) -> bool:
    return (
        r["total_accepted_cases"] == r["carried_in_cases"] + r["new_cases"]
        and r["to_enforce_cases"] == r["total_accepted_cases"] - r["delegated_out_cases"] - r["withdrawn_cases"]
        and r["to_enforce_cases"] == r["enforceable_cases"] + r["not_enforceable_cases"]
        and r["enforceable_cases"]
        == r["executed_cases"]
        + r["terminated_cases"]
        + r["in_progress_cases"]
        + r["postponed_agreed_cases"]
        + r["other_enforceable_cases"]
        and r["carried_out_cases"] == r["to_enforce_cases"] - r["executed_cases"] - r["terminated_cases"]
        and r["carried_out_enforceable_cases"] == r["enforceable_cases"] - r["executed_cases"] - r["terminated_cases"]
    )


counts = st.integers(min_value=0, max_value=5_000)


@settings(max_examples=200, deadline=None)
@given(ci=counts, outcome=st.tuples(*[counts] * 8), share=st.floats(min_value=0.05, max_value=0.95))
def test_the_two_forms_add_up_to_the_total_and_each_keeps_the_identities(ci, outcome, share):
    total = _case_row(ci, outcome)
    if total["new_cases"] < 0:
        return  # not a row the simulation makes
    ex_officio = part_values(total, "cases", "chu_dong", share)
    on_request = part_values(total, "cases", "theo_yeu_cau", share)
    for name, value in total.items():
        assert ex_officio[name] + on_request[name] == value, name
    assert _identities_hold(ex_officio) and _identities_hold(on_request)


@settings(max_examples=100, deadline=None)
@given(a=counts, b=counts, share=st.floats(min_value=0.05, max_value=0.95))
def test_a_cumulative_flow_never_falls_in_either_form(a, b, share):
    low, high = sorted((a, b))
    row = _case_row(0, (0, 0, 0, 0, 0, 0, 0, 0))
    for part in ("chu_dong", "theo_yeu_cau"):
        before = part_values(dict(row, executed_cases=low), "cases", part, share)["executed_cases"]
        after = part_values(dict(row, executed_cases=high), "cases", part, share)["executed_cases"]
        assert after >= before
