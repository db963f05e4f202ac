"""The pieces of the validation report that people read: charts and Vietnamese number formats."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from pipelines.lib.reporting.charts import Label, _shown_ticks, line_chart, rate_bars, stacked_bars
from pipelines.lib.reporting.html import fmt_pct_label, num, pct, points


def test_numbers_read_as_vietnamese_with_english_beside():
    assert num(4132) == '<span class="vi">4.132</span><span class="en">4,132</span>'
    assert num(Decimal("69647668")) == '<span class="vi">69.647.668</span><span class="en">69,647,668</span>'
    assert num(Decimal("20.15")) == '<span class="vi">20,15</span><span class="en">20.15</span>'
    assert pct(Decimal("86.32")) == '<span class="vi">86,32%</span><span class="en">86.32%</span>'
    assert "+2,32 điểm" in points(Decimal("2.32")) and 'class="ok"' in points(Decimal("2.32"))
    assert "−1,77 điểm" in points(Decimal("-1.77")) and 'class="bad"' in points(Decimal("-1.77"))
    assert num(None) == pct(None) == points(None) == "—"


def test_rate_bars_mark_units_below_their_target():
    svg = rate_bars(
        Label("Tỷ lệ", "Rate"),
        [("P08-D070", 86.4, 84.0), ("P10-D082", 54.48, 83.25), ("P08-D071", None, 84.0)],
        fmt_pct_label,
    )
    ET.fromstring(svg)  # well-formed, inline in the page
    bars = re.findall(r'<rect class="bar( below)?"', svg)
    assert bars == ["", " below"]
    assert svg.count('class="target"') == 2
    assert "86,40%" in svg and "86.40%" in svg and "không có số liệu" in svg


def test_line_and_stacked_charts_draw_what_they_are_given():
    svg = line_chart(
        Label("Tồn", "Backlog"),
        ["10/2023", "11/2023", "12/2023"],
        [(Label("Việc", "Cases"), [100, None, 120])],
        fmt_pct_label,
    )
    assert svg.count("<polyline") == 2  # the missing month breaks the line, it is not drawn as zero
    empty = stacked_bars(Label("Phát hiện", "Findings"), [], [])
    assert "không có phát hiện nào" in empty and "<rect class" not in empty
    bars = stacked_bars(
        Label("Phát hiện", "Findings"),
        ["01/2024", "02/2024"],
        [("error", Label("Lỗi", "Errors"), [2, 0]), ("warning", Label("Cảnh báo", "Warnings"), [1, 3])],
    )
    assert len(re.findall(r'<rect class="bar (error|warning)"', bars)) == 3


def test_axis_labels_never_crowd_the_last_one():
    assert _shown_ticks(60) == {0, 7, 14, 21, 28, 35, 42, 49, 59}
    assert _shown_ticks(3) == {0, 1, 2} and _shown_ticks(0) == set()
