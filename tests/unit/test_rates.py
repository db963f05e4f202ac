"""The rate macro (dbt_project/macros/rates.sql) rounds like Decimal, for both signs (issue: negative
percentages were truncated toward zero: −3,04% where −3,05% is right)."""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import jinja2
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.lib.rates import change_pct, rate_pct

MACROS = Path(__file__).resolve().parents[2] / "dbt_project" / "macros" / "rates.sql"


def _macro(name: str):
    """The dbt macro itself, rendered with plain Jinja (it uses nothing of dbt's)."""
    module = jinja2.Environment().from_string(MACROS.read_text(encoding="utf-8")).module
    return getattr(module, name)


def _sql_rates(pairs: list[tuple[int, int]], macro: str = "rate_pct") -> list[Decimal | None]:
    expr = _macro(macro)("n", "d")
    con = duckdb.connect()
    con.execute("create table t (i integer, n bigint, d bigint)")
    con.executemany("insert into t values (?, ?, ?)", [(i, n, d) for i, (n, d) in enumerate(pairs)])
    return [r[0] for r in con.execute(f"select {expr} from t order by i").fetchall()]


def _decimal(n: int, d: int) -> Decimal | None:
    return None if d == 0 else (Decimal(n) * 100 / Decimal(d)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_decreases_round_half_away_from_zero_like_increases():
    # carried-out 4.000 -> 3.878 is −3,05% (exactly); 100.000.000 -> 95.100.000 is −4,90%
    assert _sql_rates([(3878 - 4000, 4000), (95_100_000 - 100_000_000, 100_000_000), (122, 4000)]) == [
        Decimal("-3.05"),
        Decimal("-4.90"),
        Decimal("3.05"),
    ]
    assert change_pct(3878, 4000) == Decimal("-3.05") and change_pct(95_100_000, 100_000_000) == Decimal("-4.90")


def _pair(max_ratio: int = 10**4):
    """A numerator and denominator whose rate fits the marts' decimal(9, 2) (|rate| < 10^7 %)."""
    return st.integers(-(10**9), 10**9).flatmap(
        lambda d: st.tuples(st.integers(-max_ratio * max(abs(d), 1), max_ratio * max(abs(d), 1)), st.just(d))
    )


@settings(max_examples=120, deadline=None)
@given(st.lists(_pair(), min_size=1, max_size=40))
def test_the_macro_agrees_with_decimal_on_both_signs(pairs):
    assert _sql_rates(pairs) == [_decimal(n, d) for n, d in pairs]
    assert [rate_pct(n, d) for n, d in pairs] == [_decimal(n, d) for n, d in pairs]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 10**12).flatmap(lambda old: st.tuples(st.integers(0, old * 1000), st.just(old))))
def test_change_macro_is_the_rate_of_the_difference(pair):
    new, old = pair
    expr = _macro("change_pct")("a", "b")
    value = (
        duckdb.connect().execute(f"select {expr} from (select ?::bigint as a, ?::bigint as b)", [new, old]).fetchall()
    )
    assert value[0][0] == _decimal(new - old, old) == change_pct(new, old)
