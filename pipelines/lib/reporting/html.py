"""The validation report as self-contained HTML pages (no network at view time), Vietnamese first.

Pages are Jinja2 templates (templates/) with autoescaping: every value from the warehouse is
escaped by the template engine, never by hand. The style and the language switch are static files
(static/) inlined into each page, so a page opened alone still renders. Every page carries both
languages; a button (or ?lang=en) switches. Charts are inline SVG drawn at build time (charts.py).

    index.html                       provinces, rates vs targets, findings, quarantine, value contracts
    tinh_<province>_<yyyy-mm>.html   one province and period: units reported / missing / late, charts
    don_vi/<unit>_<yyyy-mm>.html     one unit and period: each finding with both sides, hint, history
    quy_tac/<rule>.html              one rule: items, passes, fails, NA over time
    .trang_da_viet.json              what each page was rendered from (pages.PageMemo)
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..vietnamese import format_vi_number
from . import columns
from .charts import Label, line_chart, rate_bars, stacked_bars
from .pages import PageMemo, active_memo, code_version, fingerprint, write_if_changed
from .views import ReportData, in_province, province_rows, unit_rows_flat

HERE = Path(__file__).parent


def t(vi: str, en: str) -> Markup:
    return Markup('<span class="vi">{}</span><span class="en">{}</span>').format(vi, en)


def num(v, decimals: int | None = None) -> str:
    """Both languages; decimals=None shows two decimals only when the value has a fraction."""
    if v is None:
        return "—"
    v = Decimal(str(v))
    if decimals is None:
        decimals = 0 if v == v.to_integral_value() else 2
    return Markup('<span class="vi">{}</span><span class="en">{}</span>').format(
        format_vi_number(v, decimals), f"{v:,.{decimals}f}"
    )


def pct(v) -> str:
    if v is None:
        return "—"
    v = Decimal(str(v))
    return Markup('<span class="vi">{}%</span><span class="en">{}%</span>').format(format_vi_number(v, 2), f"{v:,.2f}")


def points(v) -> str:
    if v is None:
        return "—"
    v = Decimal(str(v))
    cls = "ok" if v >= 0 else "bad"
    sign = "+" if v >= 0 else "−"
    return Markup('<span class="{}"><span class="vi">{}{} điểm</span><span class="en">{}{} pts</span></span>').format(
        cls, sign, format_vi_number(abs(v), 2), sign, f"{abs(v):,.2f}"
    )


def fmt_pct_label(v: float) -> Label:
    d = Decimal(str(round(v, 2)))
    return Label(format_vi_number(d, 2) + "%", f"{d:,.2f}%")


def fmt_int_label(v: float) -> Label:
    d = Decimal(round(v))
    return Label(format_vi_number(d), f"{d:,}")


def period_key(d: date) -> str:
    return f"{d:%Y-%m}"


def unit_page_name(unit: str, period: date) -> str:
    return f"don_vi/{unit}_{period_key(period)}.html"


def province_page_name(province: str, period: date) -> str:
    return f"tinh_{province}_{period_key(period)}.html"


def rule_page_name(rule_id: str) -> str:
    return f"quy_tac/{rule_id}.html"


def _label(kind: str, code: str | bool | None) -> Markup:
    key = "" if code is None else code  # False is a code (yes / no), not a missing one
    shown = "—" if code is None or code == "" else str(code)
    vi, en = columns.LABELS[kind].get(key, (shown, shown))
    return t(vi, en)


def _open_by_family(causes: list[dict]) -> list[tuple[str, dict]]:
    """Open and explained root causes by rule family (its Vietnamese name) and severity."""
    fam: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in causes:
        if f["status"] in ("open", "explained"):
            fam[f.get("family_name_vi") or f["family"]][f["severity"]] += 1
    return sorted(fam.items())


def _finding_columns(with_unit: bool = True) -> list[columns.Column]:
    cols = columns.html_columns(columns.FINDINGS)
    return cols if with_unit else [c for c in cols if c.key not in ("unit_code", "unit_name", "period_end")]


# On a unit's page each finding is shown with its place in the report, not its rank or unit.
FINDING_DETAIL = [
    c
    for c in columns.html_columns(columns.FINDINGS)
    if c.key
    in (
        "form_code",
        "part",
        "row_code",
        "column_label_vi",
        "lhs_value",
        "rhs_value",
        "imbalance",
        "hint_text_vi",
        "explanation_vi",
    )
]


@functools.cache
def _static(name: str) -> Markup:
    # our own files, inlined as they are (they are not input data)
    return Markup((HERE / "static" / name).read_text(encoding="utf-8"))


def _macro(name: str):
    return getattr(environment().get_template("macros.html.j2").module, name)


def _kept(render, *what) -> Markup:
    """render(), or the HTML it gave last refresh for the same `what` (see pages.PageMemo)."""
    memo = active_memo()
    if memo is None:
        return render()
    return Markup(memo.fragment(fingerprint(*what), lambda: str(render())))


def _cause_rows(cause: dict, up: str = "") -> Markup:
    """The two rows of one root cause (every page that lists causes shows them alike)."""
    return _kept(lambda: _macro("cause_rows_uncached")(cause, up), "cause_rows", up, cause)


def _kept_table(all_columns: list[columns.Column], records: list[dict], up: str = "") -> Markup:
    """table(all_columns, records), kept (the index's list of late reports grows with every year loaded
    and rarely changes)."""
    return _kept(lambda: _macro("table")(all_columns, records, up), "table", all_columns, up, records)


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.globals.update(
        t=t,
        num=num,
        pct=pct,
        points=points,
        label=_label,
        static=_static,
        columns=columns,
        unit_page=unit_page_name,
        province_page=province_page_name,
        rule_page=rule_page_name,
        day=lambda d: f"{d:%d/%m/%Y}" if d else "—",
        month=lambda d: f"{d:%m/%Y}" if d else "—",
        open_by_family=_open_by_family,
        finding_columns=_finding_columns,
        cause_columns=lambda: columns.html_columns(columns.ROOT_CAUSES),
        cause_rows=_cause_rows,
        kept_table=_kept_table,
        finding_detail_columns=FINDING_DETAIL,
    )
    return env


@dataclass
class Page:
    """One page: where it goes, its template and what the template is given. Only the index is given the
    whole ReportData; any other page is given its own rows, so what they hold says whether it changed."""

    path: str  # relative to the report folder
    template: str
    title_vi: str
    title_en: str
    depth: int
    context: dict = field(default_factory=dict)


def _render(page: Page, data: ReportData) -> str:
    stamp = f"{data.generated_at:%d/%m/%Y %H:%M %Z}".strip()
    return (
        environment()
        .get_template(page.template)
        .render(
            title_vi=page.title_vi,
            title_en=page.title_en,
            up="../" * page.depth,
            generated=stamp,
            **page.context,
        )
    )


def _rates_charts(units: list[dict], title_suffix: tuple[str, str]) -> Markup:
    def rows_for(kind: str):
        return [
            (
                u["unit_code"],
                float(u[f"{kind}_rate_pct"]) if u[f"{kind}_rate_pct"] is not None else None,
                float(u[f"{kind}_target_pct"]) if u[f"{kind}_target_pct"] is not None else None,
            )
            for u in units
        ]

    return Markup(
        '<div class="charts">'
        + rate_bars(
            Label(
                f"Tỷ lệ thi hành xong về việc so với chỉ tiêu — {title_suffix[0]}",
                f"Case completion rate vs target — {title_suffix[1]}",
            ),
            rows_for("case"),
            fmt_pct_label,
        )
        + rate_bars(
            Label(
                f"Tỷ lệ thi hành xong về tiền so với chỉ tiêu — {title_suffix[0]}",
                f"Money completion rate vs target — {title_suffix[1]}",
            ),
            rows_for("money"),
            fmt_pct_label,
        )
        + "</div>"
    )


def _findings_chart(by_period: list[dict], title: Label) -> Markup:
    periods = sorted({r["period_end"] for r in by_period})
    counts: dict[tuple, int] = defaultdict(int)
    for r in by_period:
        counts[(r["period_end"], r["severity"])] += r["n"]
    return Markup(
        stacked_bars(
            title,
            [f"{p:%m/%Y}" for p in periods],
            [
                ("error", Label("Lỗi", "Errors"), [counts[(p, "error")] for p in periods]),
                ("warning", Label("Cảnh báo", "Warnings"), [counts[(p, "warning")] for p in periods]),
            ],
        )
    )


def index_page(data: ReportData, data_docs: str | None, root: str = "", dbt_docs: str | None = None) -> Page:
    short = [
        {
            **p,
            "unit_code": p["unit_code"]
            + " "
            + p["name_vi"].replace("Cục Thi hành án dân sự ", "").replace("Thi hành án dân sự ", ""),
        }
        for p in data.provinces
    ]
    suites: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for e in data.expectations:
        suites[(e["rule_id"], e["suite_name"])][e["outcome"]] += 1
    return Page(
        "index.html",
        "index.html.j2",
        "Báo cáo kiểm tra số liệu",
        "Validation report",
        0,
        dict(
            data=data,
            root=root,
            data_docs=data_docs,
            dbt_docs=dbt_docs,
            provinces=province_rows(data),
            province_charts=_rates_charts(short, ("các tỉnh, kỳ gần nhất", "provinces, latest period")),
            findings_chart=_findings_chart(
                data.findings_by_period,
                Label("Phát hiện chưa xử lý theo kỳ báo cáo", "Open findings by reporting period"),
            ),
            active=[c for c in data.root_causes if c["status"] in ("open", "explained")],
            closed=[c for c in data.root_causes if c["status"] not in ("open", "explained")],
            suites=sorted(suites.items()),
            failing_expectations=[e for e in data.expectations if e["outcome"] in ("fail", "error")],
        ),
    )


def province_page(data: ReportData, p: dict) -> Page:
    units = [u for u in unit_rows_flat(data) if (u["province"], u["period_end"]) == (p["unit_code"], p["period_end"])]
    trend = data.province_trends.get(p["unit_code"], [])[-36:]
    labels = [f"{r['period_end']:%m/%Y}" for r in trend]
    prov_findings = [c for c in data.root_causes if in_province(c["unit_code"], p["unit_code"])]
    charts = _rates_charts(
        [u for u in units if u["received"]], (p["period_label_vi"] or "", p["period_label_en"] or "")
    )
    charts += Markup('<div class="charts">') + Markup(
        line_chart(
            Label("Số việc chuyển kỳ sau (tồn đọng)", "Cases carried forward (backlog)"),
            labels,
            [(Label("Số việc chuyển kỳ sau", "Cases carried forward"), [r["carried_out_cases"] for r in trend])],
            fmt_int_label,
        )
    )
    charts += Markup(
        line_chart(
            Label("Tỷ lệ thi hành xong theo kỳ (%)", "Completion rate by period (%)"),
            labels,
            [
                (
                    Label("Về việc", "Cases"),
                    [float(r["case_rate_pct"]) if r["case_rate_pct"] is not None else None for r in trend],
                ),
                (
                    Label("Về tiền", "Money"),
                    [float(r["money_rate_pct"]) if r["money_rate_pct"] is not None else None for r in trend],
                ),
            ],
            fmt_pct_label,
        )
    )
    charts += _findings_chart(
        [
            {"period_end": f["period_end"], "severity": f["severity"], "n": 1}
            for f in prov_findings
            if f["status"] in ("open", "explained")
        ],
        Label("Phát hiện chưa xử lý theo kỳ", "Open findings by period"),
    ) + Markup("</div>")
    return Page(
        province_page_name(p["unit_code"], p["period_end"]),
        "province.html.j2",
        f"{p['name_vi']} — {p['period_label_vi']}",
        f"{p['name_vi']} — {p['period_label_en']}",
        0,
        dict(
            p=p,
            units=units,
            charts=charts,
            province_findings=prov_findings,
            here=[f for f in prov_findings if f["period_end"] == p["period_end"]],
        ),
    )


def _collapse(history: list[dict]) -> list[dict]:
    """Consecutive runs that saw the same submission, outcome and sides become one line."""
    out: list[dict] = []
    for h in history:
        same = ("submission_no", "outcome", "lhs_value", "rhs_value", "imbalance")
        if out and all(out[-1][k] == h[k] for k in same):
            out[-1]["last"] = h["evaluated_at"]
            out[-1]["runs"] += 1
        else:
            out.append({**h, "first": h["evaluated_at"], "last": h["evaluated_at"], "runs": 1})
    return out


def unit_page(data: ReportData, unit: str, period: date, info: dict | None, causes: list[dict]) -> Page:
    name = (info or {}).get("name_vi") or (causes[0]["unit_name"] if causes else unit)
    title = f"{name} ({unit}) — {period:%m/%Y}"
    revisions = [r for r in data.revisions if (r["unit_code"], r["period_end"]) == (unit, period)]
    history = {f["finding_key"]: _collapse(data.history.get(f["finding_key"], [])) for c in causes for f in c["items"]}
    return Page(
        unit_page_name(unit, period),
        "unit.html.j2",
        title,
        title,
        1,
        dict(info=info, causes=causes, revisions=revisions, history=history),
    )


def rule_page(data: ReportData, rule: dict) -> Page:
    all_periods = data.rule_periods.get(rule["rule_id"], [])
    per = [r for r in all_periods if r["period_end"] is not None]  # value contracts are not per period
    chart = None
    if per:
        chart = Markup(
            stacked_bars(
                Label(f"{rule['rule_id']}: kết quả theo kỳ", f"{rule['rule_id']}: outcomes by period"),
                [f"{r['period_end']:%m/%Y}" for r in per],
                [
                    ("pass", Label("Đạt", "Pass"), [r["passes"] for r in per]),
                    ("fail", Label("Không đạt", "Fail"), [r["fails"] for r in per]),
                    ("na", Label("Không áp dụng", "NA"), [r["nas"] for r in per]),
                    ("eval_error", Label("Lỗi đánh giá", "Evaluation error"), [r["errors"] for r in per]),
                ],
            )
        )
    return Page(
        rule_page_name(rule["rule_id"]),
        "rule.html.j2",
        f"Quy tắc {rule['rule_id']}",
        f"Rule {rule['rule_id']}",
        1,
        dict(
            rule=rule,
            chart=chart,
            periods=list(reversed(all_periods)),
            findings=[f for f in data.findings if f["rule_id"] == rule["rule_id"]],
            expectations=[e for e in data.expectations if e["rule_id"] == rule["rule_id"]],
        ),
    )


def write_html(
    data: ReportData,
    out_dir: Path,
    unit_info: dict[tuple[str, date], dict],
    data_docs: str | None,
    root: str = "",
    dbt_docs: str | None = None,
) -> list[Path]:
    """Write every page whose content changed; returns the paths of every page (index first).

    A page other than the index is rendered only when what it is given differs from what it was given
    when its file was written (PageMemo); the index, which sums up everything, is rendered every time,
    from the kept rows of the causes that did not change (cause_rows)."""
    (out_dir / "don_vi").mkdir(parents=True, exist_ok=True)
    (out_dir / "quy_tac").mkdir(parents=True, exist_ok=True)
    memo = PageMemo.load(out_dir, code_version(HERE))
    written = []

    def put(page: Page, memoised: bool = True) -> None:
        path = out_dir / page.path
        key = fingerprint(page.template, page.title_vi, page.title_en, page.depth, page.context) if memoised else None
        if key is None or not memo.unchanged(page.path, key, path):
            with memo.fragments_in_use():
                write_if_changed(path, _render(page, data))
        memo.remember(page.path, key, path)
        written.append(path)

    put(index_page(data, data_docs, root, dbt_docs), memoised=False)
    for p in data.provinces:
        put(province_page(data, p))
    by_unit: dict[tuple, list[dict]] = defaultdict(list)
    for c in data.root_causes:
        if c["unit_code"] and c["period_end"]:
            by_unit[(c["unit_code"], c["period_end"])].append(c)
    for r in data.revisions:
        by_unit.setdefault((r["unit_code"], r["period_end"]), [])
    for key in sorted(set(by_unit) | set(unit_info)):
        put(unit_page(data, key[0], key[1], unit_info.get(key), by_unit.get(key, [])))
    for r in data.rules:
        put(rule_page(data, r))
    memo.save()
    return written


__all__ = ["escape", "fmt_pct_label", "num", "pct", "points", "write_html"]
