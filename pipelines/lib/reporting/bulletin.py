"""The bulletin: the headline figures of a unit and period as the ministry's news writes them.

    Số việc thi hành xong: 4.132/4.787 việc có điều kiện thi hành, tăng 699 việc (20,36%) so với
    cùng kỳ năm 2022, đạt tỷ lệ 86,32%, vượt 2,32% chỉ tiêu được giao cả năm 2023.

Every figure comes from marts.rpt_indicators (rates recomputed from numerators and denominators;
changes in counts and money relative, changes in rates and gaps to target in points).
Money is thousand VND in the warehouse and written in đồng, as the bulletins do.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb

from ..vietnamese import format_vi_number
from .pages import write_if_changed


def _n(x: int | None) -> str:
    return format_vi_number(x) if x is not None else "—"


def _pct(x: Decimal | None) -> str:
    return format_vi_number(abs(x), 2) + "%" if x is not None else "—"


def _en(x: int | Decimal | None, decimals: int = 0) -> str:
    return "—" if x is None else f"{abs(x):,.{decimals}f}" if decimals else f"{x:,}"


def indicators(con: duckdb.DuckDBPyConnection, unit_code: str, period_end: date) -> dict | None:
    rel = con.execute(
        """
        select i.*, coalesce(u.name_vi, i.unit_code) as name_vi, p.period_label_vi, p.period_label_en
        from marts.rpt_indicators i
        left join marts.dim_unit u on u.unit_code = i.unit_code and i.period_end between u.valid_from and u.valid_to
        left join marts.dim_period p on p.period_end = i.period_end
        where i.unit_code = ? and i.period_end = ?
        """,
        [unit_code, period_end],
    )
    names = [d[0] for d in rel.description]
    rows = rel.fetchall()
    return dict(zip(names, rows[0])) if rows else None


def _fields(kind: str, r: dict) -> tuple:
    """(completed, enforceable, change, change %, rate, gap to target) of cases or money."""
    if kind == "cases":
        return (
            r["completed_cases"],
            r["enforceable_cases"],
            r["completed_cases_change"],
            r["completed_cases_change_pct"],
            r["case_rate_pct"],
            r["case_target_gap_points"],
        )
    return (
        r["completed_kvnd"],
        r["enforceable_kvnd"],
        r["completed_kvnd_change"],
        r["completed_kvnd_change_pct"],
        r["money_rate_pct"],
        r["money_target_gap_points"],
    )


def _measure_vi(kind: str, r: dict) -> str:
    cases = kind == "cases"
    done, base, change, change_pct, rate, gap = _fields(kind, r)
    unit = "việc" if cases else "đ"
    scale = 1 if cases else 1000  # thousand VND -> đồng
    head = "Số việc thi hành xong" if cases else "Số tiền thi hành xong"
    text = f"{head}: {_n(done * scale if done is not None else None)}"
    text += (
        f"/{_n(base * scale if base is not None else None)} {unit} có điều kiện thi hành"
        if cases
        else f" {unit}/{_n(base * scale if base is not None else None)} {unit} có điều kiện thi hành"
    )
    if change is not None:
        verb = "tăng" if change >= 0 else "giảm"
        text += (
            f", {verb} {_n(abs(change) * scale)} {unit} ({_pct(change_pct)}) so với cùng kỳ năm {r['stat_year'] - 1}"
        )
    text += f", đạt tỷ lệ {_pct(rate)}"
    if gap is not None:
        text += f", {'vượt' if gap >= 0 else 'thấp hơn'} {_pct(gap)} chỉ tiêu được giao cả năm {r['stat_year']}"
    return text + "."


def _measure_en(kind: str, r: dict) -> str:
    cases = kind == "cases"
    done, base, change, change_pct, rate, gap = _fields(kind, r)
    what = "cases" if cases else "thousand VND"
    text = f"{'Cases' if cases else 'Money'} completed: {_en(done)} of {_en(base)} enforceable {what}"
    if change is not None:
        text += (
            f", {'up' if change >= 0 else 'down'} {_en(abs(change))} ({_en(change_pct, 2)}%) on the same period "
            f"of {r['stat_year'] - 1}"
        )
    text += f", a rate of {_en(rate, 2)}%"
    if gap is not None:
        text += f", {_en(gap, 2)} points {'above' if gap >= 0 else 'below'} the {r['stat_year']} target"
    return text + "."


def _seed_pct(x: Decimal) -> str:
    """A percentage as the ministry's bulletins write it: 3,05% ; 4,9% (no trailing zero)."""
    text = format_vi_number(abs(x), 2).rstrip("0").rstrip(",")
    return f"{text}%"


def _rate_change_vi(r: dict) -> str | None:
    """The rates against the same period: "Tỷ lệ thi hành xong về việc tăng 1,07% so với cùng kỳ năm 2022 …"."""
    parts = []
    for label, key in (("về việc", "case_rate_change_points"), ("về tiền", "money_rate_change_points")):
        change = r.get(key)
        if change is not None:
            parts.append(f"{label} {'tăng' if change >= 0 else 'giảm'} {_seed_pct(change)}")
    if not parts:
        return None
    return f"Tỷ lệ thi hành xong {' và '.join(parts)} so với cùng kỳ năm {r['stat_year'] - 1}."


def _backlog_vi(r: dict) -> str | None:
    """The seed's sentence: "Số chuyển kỳ sau giảm 3,05% về việc và giảm 4,9% về tiền so với cùng kỳ năm 2022"."""
    parts = []
    for label, key in (("về việc", "carried_out_cases_change_pct"), ("về tiền", "carried_out_kvnd_change_pct")):
        change = r.get(key)
        if change is not None:
            parts.append(f"{'tăng' if change >= 0 else 'giảm'} {_seed_pct(change)} {label}")
    if not parts:
        return None
    return f"Số chuyển kỳ sau {' và '.join(parts)} so với cùng kỳ năm {r['stat_year'] - 1}."


def _reliability_vi(r: dict) -> str | None:
    if r.get("is_reliable", True):
        return None
    text = "Lưu ý: số liệu chưa tin cậy — có báo cáo trong số liệu này còn lỗi chưa xử lý"
    implied = [
        (label, r.get(key))
        for label, key in (("về việc", "implied_case_rate_pct"), ("về tiền", "implied_money_rate_pct"))
    ]
    shown = [f"{label} {_pct(value)}" for label, value in implied if value is not None]
    if shown:
        text += f"; theo ô có thể sai, tỷ lệ thi hành xong {', '.join(shown)}"
    return text + "."


def _reliability_en(r: dict) -> str | None:
    if r.get("is_reliable", True):
        return None
    text = "Note: not reliable — a report behind these figures has an open error"
    shown = [
        f"{label} {_en(r.get(key), 2)}%"
        for label, key in (("cases", "implied_case_rate_pct"), ("money", "implied_money_rate_pct"))
        if r.get(key) is not None
    ]
    if shown:
        text += f"; with the likely-wrong cell corrected the completion rate would be {', '.join(shown)}"
    return text + "."


def bulletin(con: duckdb.DuckDBPyConnection, unit_code: str, period_end: date, lang: str = "vi") -> list[str]:
    """The headline paragraph of a unit (or province) and period, every element of the ministry's: cases and
    money completed of enforceable, the change on the same period (count and %), the rate and its change,
    the target exceeded or missed, and the backlog; with a note when the figures are not reliable."""
    r = indicators(con, unit_code, period_end)
    if r is None:
        raise LookupError(f"no indicators for {unit_code} at {period_end:%d/%m/%Y} in marts.rpt_indicators")
    if lang == "en":
        lines = [
            f"{r['name_vi']} ({unit_code}), {r['period_label_en']} (to {period_end:%d/%m/%Y})",
            _measure_en("cases", r),
            _measure_en("money", r),
        ]
        changes = [
            f"{label} {'up' if r[key] >= 0 else 'down'} {_en(r[key], 2)} points"
            for label, key in (("cases", "case_rate_change_points"), ("money", "money_rate_change_points"))
            if r.get(key) is not None
        ]
        if changes:
            lines.append(f"Completion rate on the same period of {r['stat_year'] - 1}: {'; '.join(changes)}.")
        backlog = [
            f"{'up' if r[key] >= 0 else 'down'} {_en(r[key], 2)}% in {label}"
            for label, key in (("cases", "carried_out_cases_change_pct"), ("money", "carried_out_kvnd_change_pct"))
            if r.get(key) is not None
        ]
        if backlog:
            lines.append(
                f"Carried forward: {_en(r['carried_out_cases'])} cases, "
                f"{' and '.join(backlog)} on the same period of {r['stat_year'] - 1}."
            )
        note = _reliability_en(r)
        return lines + ([note] if note else [])
    lines = [
        f"{r['name_vi']}, kết quả {r['period_label_vi']} (đến ngày {period_end:%d/%m/%Y})",
        _measure_vi("cases", r),
        _measure_vi("money", r),
    ]
    for extra in (_rate_change_vi(r), _backlog_vi(r), _reliability_vi(r)):
        if extra:
            lines.append(extra)
    return lines


def write_province_bulletins(db, out_dir) -> list:
    """One bulletin per province for its latest period, in Vietnamese and English."""
    from pathlib import Path

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    written = []
    try:
        latest = con.execute(
            "select unit_code, max(period_end) from marts.rpt_indicators where unit_level = 'province' group by 1 "
            "order by 1"
        ).fetchall()
        for unit, end in latest:
            for lang, suffix in (("vi", ""), ("en", ".en")):
                path = out_dir / f"ban_tin_{unit}_{end:%Y-%m}{suffix}.txt"
                write_if_changed(path, "\n".join(bulletin(con, unit, end, lang)) + "\n")
                written.append(path)
    finally:
        con.close()
    return written
