"""Numbers as Vietnamese readers write them (4.132 ; 86,32%) and as English readers do (4,132 ;
86.32%): one place for the report, the workbook, the bulletin, the CLI and the sample writers."""

from __future__ import annotations

from decimal import Decimal


def format_vi_number(value: int | Decimal, decimals: int = 0) -> str:
    """4132 -> '4.132'; 86.3171 with decimals=2 -> '86,32'."""
    q = Decimal(value).quantize(Decimal(1).scaleb(-decimals)) if decimals else Decimal(value).quantize(Decimal(1))
    sign = "-" if q < 0 else ""
    q = abs(q)
    whole, _, frac = f"{q:f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    out = ".".join(groups) or "0"
    return sign + out + ("," + frac if decimals else "")


def format_en_number(value: int | Decimal, decimals: int = 0) -> str:
    """4132 -> '4,132'; 86.3171 with decimals=2 -> '86.32'."""
    return f"{Decimal(value):,.{decimals}f}"


def format_number(value: int | Decimal, lang: str = "vi", decimals: int = 0) -> str:
    return format_vi_number(value, decimals) if lang == "vi" else format_en_number(value, decimals)
