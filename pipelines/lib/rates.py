"""Rates and relative changes as the warehouse computes them (dbt macro `rate_pct`, macros/rates.sql):
100 × numerator / denominator to 2 decimals, rounded half away from zero, exactly (Decimal), so that
a decrease of 3,045% reads −3,05% like an increase reads +3,05%."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")


def rate_pct(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """100 × numerator / denominator, 2 decimals, half away from zero; None when the denominator is 0."""
    if denominator == 0:
        return None
    # Decimal's ROUND_HALF_UP rounds ties away from zero for both signs
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def change_pct(new: int | Decimal, old: int | Decimal) -> Decimal | None:
    """Relative change in percent (P-05, domain §5.1): 100 × (new − old) / old."""
    return rate_pct(Decimal(new) - Decimal(old), old)
