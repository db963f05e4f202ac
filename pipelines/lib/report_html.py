"""The validation report as self-contained HTML pages (no network at view time), Vietnamese first.

Every page carries both languages; a button (or ?lang=en) switches, and the choice is remembered.
Charts are inline SVG drawn at build time (svg_charts.py). Pages:

    index.html                       provinces, rates vs targets, findings, quarantine, value contracts
    tinh_<province>_<yyyy-mm>.html   one province and period: units reported / missing / late, charts
    don_vi/<unit>_<yyyy-mm>.html     one unit and period: each finding with both sides, hint, history
    quy_tac/<rule>.html              one rule: items, passes, fails, NA over time
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path

from .normalise import format_vi_number
from .report_data import ReportData, in_province
from .svg_charts import Label, line_chart, rate_bars, stacked_bars

CSS = """
body{font-family:"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f4e79;color:#fff;padding:10px 24px;display:flex;justify-content:space-between;align-items:center}
header a{color:#fff}
main{padding:12px 24px;max-width:1400px}
h1{font-size:20px;margin:0}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccc}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0;font-size:13px;background:#fff}
th,td{border:1px solid #ccc;padding:3px 7px;vertical-align:top}th{background:#ddebf7;text-align:left}
td.n{text-align:right;white-space:nowrap}
.sev-error{color:#c0392b;font-weight:bold}.sev-warning{color:#d35400}.ok{color:#27ae60}.bad{color:#c0392b}
.hint{background:#fff3cd;padding:1px 4px;font-family:monospace}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #ddd}
button.lang{background:#fff;color:#1f4e79;border:0;padding:4px 10px;cursor:pointer;font-weight:bold}
html[lang=vi] .en{display:none} html[lang=en] .vi{display:none}
.muted{color:#777;font-size:12px}
"""

# The language is kept across pages through ?lang=en on the links: pages opened from disk do not
# share localStorage (each file is its own origin), so the choice cannot live there alone.
SCRIPT = """
(function(){var q=new URLSearchParams(location.search).get('lang');var s=null;try{s=localStorage.getItem('thads-lang')}catch(e){}
var l=q||s||'vi';document.documentElement.lang=l;
function links(){var en=document.documentElement.lang==='en';document.querySelectorAll('a[href]').forEach(function(a){
var h=a.getAttribute('href');var m=h.match(/^([^?#]*\\.html)(\\?[^#]*)?(#.*)?$/);if(!m||/^[a-z]+:/i.test(h))return;
a.setAttribute('href',m[1]+(en?'?lang=en':'')+(m[3]||''));});}
document.addEventListener('DOMContentLoaded',links);
window.thadsLang=function(){var n=document.documentElement.lang==='vi'?'en':'vi';document.documentElement.lang=n;
try{localStorage.setItem('thads-lang',n)}catch(e){}links();};})();
"""

STATUS = {"open": ("Chưa xử lý", "Open"), "explained": ("Đã giải trình", "Explained"),
          "accepted": ("Đã chấp nhận", "Accepted"),
          "resolved_by_resubmission": ("Đã sửa bằng báo cáo gửi lại", "Resolved by resubmission"),
          "resolved": ("Đã hết", "Resolved"), "superseded": ("Không còn áp dụng", "Superseded")}
SEVERITY = {"error": ("Lỗi", "Error"), "warning": ("Cảnh báo", "Warning"), "information": ("Thông tin", "Information")}
OUTCOME = {"pass": ("Đạt", "Pass"), "fail": ("Không đạt", "Fail"), "na": ("Không áp dụng", "NA"),
           "error": ("Lỗi đánh giá", "Error")}


def t(vi: str, en: str) -> str:
    return f'<span class="vi">{escape(vi)}</span><span class="en">{escape(en)}</span>'


def num(v, decimals: int | None = None) -> str:
    """Both languages; decimals=None shows two decimals only when the value has a fraction."""
    if v is None:
        return "—"
    v = Decimal(str(v))
    if decimals is None:
        decimals = 0 if v == v.to_integral_value() else 2
    en = f"{v:,.{decimals}f}"
    return f'<span class="vi">{format_vi_number(v, decimals)}</span><span class="en">{en}</span>'


def pct(v) -> str:
    if v is None:
        return "—"
    v = Decimal(str(v))
    return f'<span class="vi">{format_vi_number(v, 2)}%</span><span class="en">{v:,.2f}%</span>'


def points(v) -> str:
    if v is None:
        return "—"
    v = Decimal(str(v))
    cls = "ok" if v >= 0 else "bad"
    sign = "+" if v >= 0 else "−"
    return (f'<span class="{cls}"><span class="vi">{sign}{format_vi_number(abs(v), 2)} điểm</span>'
            f'<span class="en">{sign}{abs(v):,.2f} pts</span></span>')


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


def _stamp(data: ReportData) -> str:
    return f"{data.generated_at:%d/%m/%Y %H:%M %Z}".strip()


def _page(title_vi: str, title_en: str, body: str, depth: int, generated: str) -> str:
    up = "../" * depth
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{escape(title_vi)} — THADS</title><style>{CSS}</style><script>{SCRIPT}</script></head>
<body><header><div><h1>{t(title_vi, title_en)}</h1>
<div class="muted" style="color:#dde">{t("Báo cáo kiểm tra số liệu thống kê THADS", "THADS statistics validation report")}
 · {escape(generated)}</div></div>
<div><a href="{up}index.html">{t("Trang chính", "Overview")}</a>
 <button class="lang" onclick="thadsLang()">{t("English", "Tiếng Việt")}</button></div></header>
<main>{body}</main></body></html>
"""


def _table(head: list[str], body_rows: list[list[str]], numeric: set[int] = frozenset(), cls: str = "") -> str:
    h = "".join(f"<th>{c}</th>" for c in head)
    rows = "".join("<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in body_rows)
    return f'<table class="{cls}"><thead><tr>{h}</tr></thead><tbody>{rows}</tbody></table>'


def _label(d: dict, vi_key: str = "period_label_vi") -> str:
    return escape(d.get(vi_key) or "")


def _finding_rows(findings: list[dict], depth: int, with_unit: bool = True) -> str:
    up = "../" * depth
    head = [t("Ưu tiên", "Priority"), t("Quy tắc", "Rule"), t("Mức", "Severity"), t("Trạng thái", "Status")]
    if with_unit:
        head += [t("Đơn vị", "Unit"), t("Kỳ", "Period")]
    head += [t("Vị trí", "Where"), t("Vế trái", "Left side"), t("Vế phải", "Right side"),
             t("Chênh lệch", "Imbalance"), t("Ô có thể sai", "Likely-wrong cell"), t("Giải trình", "Explanation")]
    body = []
    for f in findings:
        sev = SEVERITY.get(f["severity"], (f["severity"], f["severity"]))
        st = STATUS.get(f["status"], (f["status"], f["status"]))
        where = " · ".join(escape(str(x)) for x in dict.fromkeys(
            p for p in (f["form_code"], *str(f["part"] or "").split(" "), f["row_code"], f["column_name"]) if p and p != "*"))
        row = [num(f["priority_rank"]),
               f'<a href="{up}{rule_page_name(f["rule_id"])}">{escape(f["rule_id"])}</a>',
               f'<span class="sev-{escape(f["severity"])}">{t(*sev)}</span>', t(*st)]
        if with_unit:
            if f["unit_code"] and f["period_end"]:
                link = f'<a href="{up}{unit_page_name(f["unit_code"], f["period_end"])}">{escape(f["unit_code"])}</a>'
                row += [f'{link}<br><span class="muted">{escape(f["unit_name"] or "")}</span>',
                        f"{f['period_end']:%m/%Y}"]
            else:
                row += [t("Toàn kho dữ liệu", "Whole warehouse"), "—"]
        hint = (f'<span class="hint">{escape(f["hint_text"])}</span>' if f.get("hint_text") else "—")
        explanation = t(f["explanation_vi"] or "", f["explanation_en"] or "") if f.get("explanation_vi") else "—"
        row += [where or "—", num(f["lhs_value"]), num(f["rhs_value"]), num(f["imbalance"]), hint, explanation]
        body.append(row)
    n = 1 + (2 if with_unit else 0)
    return _table(head, body, numeric={0, n + 4, n + 5, n + 6})


def _rates_charts(units: list[dict], title_suffix: tuple[str, str]) -> str:
    def rows_for(kind: str):
        return [(u["unit_code"], float(u[f"{kind}_rate_pct"]) if u[f"{kind}_rate_pct"] is not None else None,
                 float(u[f"{kind}_target_pct"]) if u[f"{kind}_target_pct"] is not None else None) for u in units]
    return ('<div class="charts">'
            + rate_bars(Label(f"Tỷ lệ thi hành xong về việc so với chỉ tiêu — {title_suffix[0]}",
                              f"Case completion rate vs target — {title_suffix[1]}"), rows_for("case"), fmt_pct_label)
            + rate_bars(Label(f"Tỷ lệ thi hành xong về tiền so với chỉ tiêu — {title_suffix[0]}",
                              f"Money completion rate vs target — {title_suffix[1]}"), rows_for("money"),
                        fmt_pct_label)
            + "</div>")


def _findings_chart(by_period: list[dict], title: Label) -> str:
    periods = sorted({r["period_end"] for r in by_period})
    counts = defaultdict(int)
    for r in by_period:
        counts[(r["period_end"], r["severity"])] += r["n"]
    return stacked_bars(title, [f"{p:%m/%Y}" for p in periods], [
        ("error", Label("Lỗi", "Errors"), [counts[(p, "error")] for p in periods]),
        ("warning", Label("Cảnh báo", "Warnings"), [counts[(p, "warning")] for p in periods]),
    ])


def _family_table(findings: list[dict]) -> str:
    """Open and explained findings by rule family and severity."""
    fam = defaultdict(lambda: defaultdict(int))
    for f in findings:
        if f["status"] in ("open", "explained"):
            fam[f["family"]][f["severity"]] += 1
    if not fam:
        return f"<p>{t('Không có phát hiện nào chưa xử lý.', 'No open finding.')}</p>"
    return _table([t("Nhóm quy tắc", "Rule family"), t("Lỗi", "Errors"), t("Cảnh báo", "Warnings")],
                  [[escape(k), num(v.get("error", 0)), num(v.get("warning", 0))] for k, v in sorted(fam.items())],
                  numeric={1, 2})


def index_page(data: ReportData, data_docs: str | None, root: str = "") -> str:
    gen = _stamp(data)
    prov_rows = []
    for p in data.provinces:
        open_err = sum(1 for f in data.findings if f["status"] in ("open", "explained") and f["severity"] == "error"
                       and in_province(f["unit_code"], p["unit_code"]))
        prov_rows.append([
            f'<a href="{province_page_name(p["unit_code"], p["period_end"])}">{escape(p["name_vi"])}</a>',
            t(p["period_label_vi"] or "", p["period_label_en"] or "") + f' <span class="muted">({p["period_end"]:%d/%m/%Y})</span>',
            num(p["units_expected"]), num(p["units_received"]), num(len(p["units_missing"])),
            num(len(p["units_late"])), num(open_err),
            pct(p["case_rate_pct"]), pct(p["case_target_pct"]), points(p["case_target_gap_points"]),
            pct(p["money_rate_pct"]), pct(p["money_target_pct"]), points(p["money_target_gap_points"]),
        ])
    provinces = _table([t("Tỉnh", "Province"), t("Kỳ", "Period"), t("Đơn vị phải báo cáo", "Units expected"),
                        t("Đã báo cáo", "Reported"), t("Thiếu", "Missing"), t("Chậm", "Late"),
                        t("Lỗi chưa xử lý", "Open errors"), t("Tỷ lệ việc", "Case rate"), t("Chỉ tiêu", "Target"),
                        t("So với chỉ tiêu", "Gap"), t("Tỷ lệ tiền", "Money rate"), t("Chỉ tiêu", "Target"),
                        t("So với chỉ tiêu", "Gap")], prov_rows, numeric=set(range(2, 13)))
    charts = _rates_charts([{**p, "unit_code": p["unit_code"] + " " + p["name_vi"].replace("Cục Thi hành án dân sự ", "")
                             .replace("Thi hành án dân sự ", "")} for p in data.provinces],
                           ("các tỉnh, kỳ gần nhất", "provinces, latest period"))
    charts += '<div class="charts">' + _findings_chart(
        data.findings_by_period, Label("Phát hiện chưa xử lý theo kỳ báo cáo", "Open findings by reporting period"))
    charts += "</div>"
    fam_table = _family_table(data.findings)
    active = [f for f in data.findings if f["status"] in ("open", "explained")]
    closed = [f for f in data.findings if f["status"] not in ("open", "explained")]
    body = [f'<p class="muted">{t("Lần làm mới", "Refresh run")} {escape(data.run_id or "—")}. '
            + t("Tỷ lệ tính lại từ tử số và mẫu số (marts.rpt_indicators); chậm = ngày lập báo cáo sau hạn của "
                "chế độ báo cáo (marts.dim_period; ngày làm việc, chưa tính ngày lễ).",
                "Rates recomputed from numerators and denominators (marts.rpt_indicators); late = prepared after "
                "the deadline of the reporting regime (marts.dim_period; working days, public holidays not known).")
            + "</p>",
            f"<h2>{t('Các tỉnh', 'Provinces')}</h2>", provinces, charts,
            f"<h2>{t('Phát hiện theo nhóm quy tắc', 'Findings by rule family')}</h2>", fam_table,
            f"<h2>{t('Phát hiện cần xử lý', 'Findings to act on')} ({len(active)})</h2>",
            _finding_rows(active, 0)]
    if closed:
        body += [f"<h2>{t('Phát hiện đã xử lý', 'Findings dealt with')} ({len(closed)})</h2>", _finding_rows(closed, 0)]
    body += [f"<h2>{t('Tệp bị cách ly', 'Quarantined files')} ({len(data.quarantine)})</h2>", _quarantine(data, root)]
    body += [f"<h2>{t('Hợp đồng giá trị (Great Expectations)', 'Value contracts (Great Expectations)')}</h2>",
             _expectations(data, data_docs)]
    body += [f"<h2>{t('Quy tắc', 'Rules')}</h2>", _rules_table(data, 0)]
    return _page("Báo cáo kiểm tra số liệu", "Validation report", "\n".join(body), 0, gen)


def _quarantine(data: ReportData, root: str) -> str:
    if not data.quarantine:
        return f"<p>{t('Không có tệp nào bị cách ly.', 'No file is quarantined.')}</p>"
    return _table([t("Tệp", "File"), t("Lý do", "Reason"), t("Trang", "Sheet"), t("Ô", "Cell"),
                   t("Mong đợi", "Expected"), t("Tìm thấy", "Found"), t("Thông báo", "Message")],
                  [[escape(q["file_path"]), escape(q["reason_code"]), escape(q["sheet"] or ""),
                    escape(q["cell_ref"] or ""), escape(q["expected"] or ""), escape(q["found"] or ""),
                    t(q["message_vi"] or "", q["message_en"] or "")] for q in data.quarantine]) + \
        f'<p class="muted">{t("Tải về:", "Download:")} <a href="{root}quarantine.xlsx">quarantine.xlsx</a> · ' \
        f'<a href="{root}quarantine.csv">quarantine.csv</a></p>'


def _expectations(data: ReportData, data_docs: str | None) -> str:
    by_suite = defaultdict(lambda: defaultdict(int))
    for e in data.expectations:
        by_suite[(e["rule_id"], e["suite_name"])][e["outcome"]] += 1
    rows = [[f'<a href="{rule_page_name(r)}">{escape(r)}</a>', escape(s), num(v.get("pass", 0)),
             num(v.get("fail", 0)), num(v.get("na", 0)), num(v.get("error", 0))] for (r, s), v in sorted(by_suite.items())]
    link = (f'<p><a href="{escape(data_docs)}">{t("Mở Data Docs của Great Expectations", "Open the Great Expectations Data Docs")}</a></p>'
            if data_docs else "")
    failing = [e for e in data.expectations if e["outcome"] in ("fail", "error")]
    extra = ""
    if failing:
        extra = _table([t("Quy tắc", "Rule"), t("Bộ kiểm tra", "Suite"), t("Kỳ vọng", "Expectation"),
                        t("Cột", "Column"), t("Kết quả", "Outcome"), t("Ghi chú", "Note")],
                       [[escape(e["rule_id"]), escape(e["suite_name"]), escape(e["expectation"]),
                         escape(e["column_name"] or ""), t(*OUTCOME[e["outcome"]]), escape(e["note"] or "")]
                        for e in failing])
    return _table([t("Quy tắc", "Rule"), t("Bộ kiểm tra", "Suite"), t("Đạt", "Pass"), t("Không đạt", "Fail"),
                   t("Không áp dụng", "NA"), t("Lỗi", "Error")], rows, numeric={2, 3, 4, 5}) + extra + link


def _rules_table(data: ReportData, depth: int) -> str:
    up = "../" * depth
    return _table([t("Quy tắc", "Rule"), t("Nhóm", "Family"), t("Mức", "Severity"), t("Mô tả", "Description"),
                   t("Mục", "Items"), t("Đạt", "Pass"), t("Không đạt", "Fail"), t("Không áp dụng", "NA"),
                   t("Lỗi", "Error")],
                  [[f'<a href="{up}{rule_page_name(r["rule_id"])}">{escape(r["rule_id"])}</a>', escape(r["family"]),
                    t(*SEVERITY.get(r["severity"], (r["severity"], r["severity"]))),
                    t(r["description_vi"], r["description_en"]), num(r["items"]), num(r["passes"]), num(r["fails"]),
                    num(r["nas"]), num(r["errors"])] for r in data.rules], numeric={4, 5, 6, 7, 8})


def province_page(data: ReportData, p: dict) -> str:
    units = data.units[(p["unit_code"], p["period_end"])]
    rows = []
    for u in units:
        status = (t("Thiếu", "Missing") if not u["received"]
                  else t("Chậm", "Late") if u["late"] else t("Đúng hạn", "On time"))
        rows.append([
            f'<a href="{unit_page_name(u["unit_code"], p["period_end"])}">{escape(u["unit_code"])}</a>',
            escape(u["name_vi"]), status, num(u["submission_no"]),
            f"{u['prepared_on']:%d/%m/%Y}" if u["prepared_on"] else "—", f"{u['deadline']:%d/%m/%Y}",
            num(u["completed_cases"]), num(u["enforceable_cases"]), pct(u["case_rate_pct"]),
            points(u["case_target_gap_points"]), num(u["completed_kvnd"]), num(u["enforceable_kvnd"]),
            pct(u["money_rate_pct"]), points(u["money_target_gap_points"]),
            num(u["open_errors"]), num(u["open_warnings"])])
    table = _table([t("Mã", "Code"), t("Đơn vị", "Unit"), t("Tình trạng", "Status"), t("Lần gửi", "Submission"),
                    t("Ngày lập", "Prepared"), t("Hạn", "Deadline"), t("Xong (việc)", "Completed (cases)"),
                    t("Có điều kiện (việc)", "Enforceable (cases)"), t("Tỷ lệ việc", "Case rate"),
                    t("So với chỉ tiêu", "Gap"), t("Xong (nghìn đồng)", "Completed (k VND)"),
                    t("Có điều kiện (nghìn đồng)", "Enforceable (k VND)"), t("Tỷ lệ tiền", "Money rate"),
                    t("So với chỉ tiêu", "Gap"), t("Lỗi", "Errors"), t("Cảnh báo", "Warnings")],
                   rows, numeric={3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    trend = data.province_trends.get(p["unit_code"], [])[-36:]
    labels = [f"{r['period_end']:%m/%Y}" for r in trend]
    charts = _rates_charts([u for u in units if u["received"]], (p["period_label_vi"] or "", p["period_label_en"] or ""))
    charts += '<div class="charts">' + line_chart(
        Label("Số việc chuyển kỳ sau (tồn đọng)", "Cases carried forward (backlog)"), labels,
        [(Label("Số việc chuyển kỳ sau", "Cases carried forward"),
          [r["carried_out_cases"] for r in trend])], fmt_int_label)
    charts += line_chart(Label("Tỷ lệ thi hành xong theo kỳ (%)", "Completion rate by period (%)"), labels,
                         [(Label("Về việc", "Cases"), [float(r["case_rate_pct"]) if r["case_rate_pct"] is not None
                                                       else None for r in trend]),
                          (Label("Về tiền", "Money"), [float(r["money_rate_pct"]) if r["money_rate_pct"] is not None
                                                       else None for r in trend])], fmt_pct_label)
    prov_findings = [f for f in data.findings if in_province(f["unit_code"], p["unit_code"])]
    charts += _findings_chart([{"period_end": f["period_end"], "severity": f["severity"], "n": 1}
                               for f in prov_findings if f["status"] in ("open", "explained")],
                              Label("Phát hiện chưa xử lý theo kỳ", "Open findings by period")) + "</div>"
    here = [f for f in prov_findings if f["period_end"] == p["period_end"]]
    summary = (f"<p>{t('Đơn vị phải báo cáo', 'Units expected')}: {num(p['units_expected'])} · "
               f"{t('đã báo cáo', 'reported')}: {num(p['units_received'])} · "
               f"{t('thiếu', 'missing')}: {num(len(p['units_missing']))} "
               f"{escape(', '.join(p['units_missing']))} · {t('chậm', 'late')}: {num(len(p['units_late']))}</p>"
               f"<p>{t('Tỷ lệ về việc', 'Case rate')} {pct(p['case_rate_pct'])} "
               f"({t('chỉ tiêu', 'target')} {pct(p['case_target_pct'])}, {points(p['case_target_gap_points'])}) · "
               f"{t('về tiền', 'money')} {pct(p['money_rate_pct'])} "
               f"({t('chỉ tiêu', 'target')} {pct(p['money_target_pct'])}, {points(p['money_target_gap_points'])})</p>")
    body = [summary, f"<h2>{t('Các đơn vị', 'Units')}</h2>", table, charts,
            f"<h2>{t('Phát hiện chưa xử lý theo nhóm quy tắc', 'Open findings by rule family')}</h2>",
            _family_table(prov_findings),
            f"<h2>{t('Phát hiện của kỳ này', 'Findings of this period')} ({len(here)})</h2>",
            _finding_rows(here, 0) if here else f"<p>{t('Không có.', 'None.')}</p>",
            f"<h2>{t('Mọi phát hiện của tỉnh', 'All findings of the province')} ({len(prov_findings)})</h2>",
            _finding_rows(prov_findings, 0)]
    return _page(f"{p['name_vi']} — {p['period_label_vi']}", f"{p['name_vi']} — {p['period_label_en']}",
                 "\n".join(body), 0, _stamp(data))


def unit_page(data: ReportData, unit: str, period: date, info: dict | None, findings: list[dict]) -> str:
    name = (info or {}).get("name_vi") or (findings[0]["unit_name"] if findings else unit)
    parts = []
    if info:
        parts.append(_table([t("Chỉ tiêu", "Measure"), t("Về việc", "Cases"), t("Về tiền (nghìn đồng)", "Money (k VND)")], [
            [t("Thi hành xong", "Completed"), num(info["completed_cases"]), num(info["completed_kvnd"])],
            [t("Có điều kiện thi hành", "Enforceable"), num(info["enforceable_cases"]), num(info["enforceable_kvnd"])],
            [t("Tỷ lệ thi hành xong", "Completion rate"), pct(info["case_rate_pct"]), pct(info["money_rate_pct"])],
            [t("Chỉ tiêu được giao", "Target"), pct(info["case_target_pct"]), pct(info["money_target_pct"])],
            [t("So với chỉ tiêu", "Gap to target"), points(info["case_target_gap_points"]),
             points(info["money_target_gap_points"])],
            [t("Chuyển kỳ sau", "Carried forward"), num(info["carried_out_cases"]), num(info["carried_out_kvnd"])],
        ], numeric={1, 2}))
        if info.get("file_path"):
            parts.append(f'<p class="muted">{t("Tệp", "File")}: {escape(info["file_path"])} · '
                         f'{t("lần gửi", "submission")} {num(info["submission_no"])}</p>')
    parts.append(f"<h2>{t('Phát hiện', 'Findings')} ({len(findings)})</h2>")
    for f in findings:
        sev = SEVERITY.get(f["severity"], (f["severity"], f["severity"]))
        st = STATUS.get(f["status"], (f["status"], f["status"]))
        dec = None
        parts.append(
            f'<h3><a href="../{rule_page_name(f["rule_id"])}">{escape(f["rule_id"])}</a> · '
            f'<span class="sev-{escape(f["severity"])}">{t(*sev)}</span> · {t(*st)}</h3>'
            f"<p>{t(f['description_vi'] or '', f['description_en'] or '')}</p>"
            + _table([t("Mẫu", "Form"), t("Phần", "Part"), t("Dòng", "Row"), t("Cột", "Column"),
                      t("Vế trái", "Left side"), t("Vế phải", "Right side"), t("Chênh lệch", "Imbalance"),
                      t("Ô có thể sai", "Likely-wrong cell"), t("Giải trình", "Explanation")],
                     [[escape(f["form_code"] or ""), escape(f["part"] or ""), escape(f["row_code"] or ""),
                       escape(f["column_name"] or ""), num(f["lhs_value"], dec), num(f["rhs_value"], dec),
                       num(f["imbalance"], dec),
                       f'<span class="hint">{escape(f["hint_text"])}</span>' if f.get("hint_text") else "—",
                       (t(f["explanation_vi"] or "", f["explanation_en"] or "") + f' <span class="muted">'
                        f'{escape(f["reviewed_by"] or "")}</span>') if f.get("explanation_vi") else "—"]],
                     numeric={4, 5, 6}))
        hist = _collapse(data.history.get(f["finding_key"], []))
        if hist:
            parts.append(f"<p class='muted'>{t('Lịch sử qua các lần làm mới', 'History over refresh runs')}</p>"
                         + _table([t("Từ", "From"), t("Đến", "To"), t("Số lần làm mới", "Runs"),
                                   t("Lần gửi", "Submission"), t("Kết quả", "Outcome"),
                                   t("Vế trái", "Left"), t("Vế phải", "Right"), t("Chênh lệch", "Imbalance")],
                                  [[f"{h['first']:%d/%m/%Y %H:%M}", f"{h['last']:%d/%m/%Y %H:%M}", num(h["runs"]),
                                    num(h["submission_no"]),
                                    t(*OUTCOME.get(h["outcome"], (h["outcome"], h["outcome"]))),
                                    num(h["lhs_value"], dec), num(h["rhs_value"], dec), num(h["imbalance"], dec)]
                                   for h in hist], numeric={2, 3, 5, 6, 7}))
    if not findings:
        parts.append(f"<p>{t('Báo cáo này không có phát hiện nào.', 'This report has no findings.')}</p>")
    label = f"{period:%m/%Y}"
    return _page(f"{name} ({unit}) — {label}", f"{name} ({unit}) — {label}", "\n".join(parts), 1,
                 _stamp(data))


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


def rule_page(data: ReportData, rule: dict) -> str:
    all_periods = data.rule_periods.get(rule["rule_id"], [])
    per = [r for r in all_periods if r["period_end"] is not None]  # value contracts are not per period
    labels = [f"{r['period_end']:%m/%Y}" for r in per]
    chart = stacked_bars(Label(f"{rule['rule_id']}: kết quả theo kỳ", f"{rule['rule_id']}: outcomes by period"), labels, [
        ("pass", Label("Đạt", "Pass"), [r["passes"] for r in per]),
        ("fail", Label("Không đạt", "Fail"), [r["fails"] for r in per]),
        ("na", Label("Không áp dụng", "NA"), [r["nas"] for r in per]),
        ("eval_error", Label("Lỗi đánh giá", "Evaluation error"), [r["errors"] for r in per]),
    ])
    table = _table([t("Kỳ", "Period"), t("Mục", "Items"), t("Đạt", "Pass"), t("Không đạt", "Fail"),
                    t("Không áp dụng", "NA"), t("Lỗi", "Error")],
                   [[f"{r['period_end']:%m/%Y}" if r["period_end"] else "—", num(r["items"]), num(r["passes"]),
                     num(r["fails"]), num(r["nas"]), num(r["errors"])] for r in reversed(all_periods)],
                   numeric={1, 2, 3, 4, 5})
    findings = [f for f in data.findings if f["rule_id"] == rule["rule_id"]]
    expectations = [e for e in data.expectations if e["rule_id"] == rule["rule_id"]]
    body = [f"<p>{t(rule['description_vi'], rule['description_en'])}</p>",
            f"<p class='muted'>{t('Nhóm', 'Family')}: {escape(rule['family'])} · {t('Căn cứ', 'Basis')}: "
            f"{escape(rule['basis'] or '')} · {t('Mục hiện hành', 'Current items')}: {num(rule['items'])} · "
            f"{t('đạt', 'pass')} {num(rule['passes'])} · {t('không đạt', 'fail')} {num(rule['fails'])} · "
            f"{t('không áp dụng', 'NA')} {num(rule['nas'])} · {t('lỗi', 'error')} {num(rule['errors'])}</p>"]
    if per:
        body.append('<div class="charts">' + chart + "</div>")
    if all_periods:
        body.append(table)
    if expectations:
        body.append(_table([t("Kỳ vọng", "Expectation"), t("Cột", "Column"), t("Kết quả", "Outcome"),
                            t("Số dòng không đạt", "Rows failing"), t("Ghi chú", "Note")],
                           [[escape(e["expectation"]), escape(e["column_name"] or ""), t(*OUTCOME[e["outcome"]]),
                             num(e["unexpected"]), escape(e["note"] or "")] for e in expectations], numeric={3}))
    body += [f"<h2>{t('Phát hiện', 'Findings')} ({len(findings)})</h2>",
             _finding_rows(findings, 1) if findings else f"<p>{t('Không có.', 'None.')}</p>"]
    return _page(f"Quy tắc {rule['rule_id']}", f"Rule {rule['rule_id']}", "\n".join(body), 1,
                 _stamp(data))


def write_html(data: ReportData, out_dir: Path, unit_info: dict[tuple[str, date], dict],
               data_docs: str | None, root: str = "") -> list[Path]:
    """Write every page; returns the paths written (index first)."""
    (out_dir / "don_vi").mkdir(parents=True, exist_ok=True)
    (out_dir / "quy_tac").mkdir(parents=True, exist_ok=True)
    written = []

    def put(rel: str, html: str) -> None:
        path = out_dir / rel
        path.write_text(html, encoding="utf-8")
        written.append(path)

    put("index.html", index_page(data, data_docs, root))
    for p in data.provinces:
        put(province_page_name(p["unit_code"], p["period_end"]), province_page(data, p))
    by_unit = defaultdict(list)
    for f in data.findings:
        if f["unit_code"] and f["period_end"]:
            by_unit[(f["unit_code"], f["period_end"])].append(f)
    for key in sorted(set(by_unit) | set(unit_info)):
        put(unit_page_name(*key), unit_page(data, key[0], key[1], unit_info.get(key), by_unit.get(key, [])))
    for r in data.rules:
        put(rule_page_name(r["rule_id"]), rule_page(data, r))
    return written
