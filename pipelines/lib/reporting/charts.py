"""Charts drawn at build time as inline SVG: nothing is fetched when a report is opened.

Labels come in both languages (`<g class="vi">` / `<g class="en">`); the page's language switch
hides one. Numbers on the charts are formatted by the caller's formatter pair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

PALETTE = {
    "bar": "#2f6fa7",
    "below": "#c0392b",
    "target": "#222",
    "grid": "#ddd",
    "text": "#333",
    "error": "#c0392b",
    "warning": "#e67e22",
    "information": "#7f8c8d",
    "pass": "#27ae60",
    "fail": "#c0392b",
    "na": "#bdc3c7",
    "eval_error": "#6c3483",
    "line2": "#8e44ad",
}


@dataclass(frozen=True)
class Label:
    vi: str
    en: str


def _shown_ticks(n: int) -> set[int]:
    """Indexes of the x labels to draw: about eight, always the last, none crowding it."""
    step = max(1, n // 8)
    ticks = {i for i in range(0, n, step) if n - 1 - i >= step / 2 or i == n - 1}
    return ticks | ({n - 1} if n else set())


def _text(
    x: float,
    y: float,
    label: Label | str,
    anchor: str = "start",
    size: int = 11,
    weight: str = "normal",
    fill: str = PALETTE["text"],
) -> str:
    attrs = f'x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" fill="{fill}"'
    if isinstance(label, str):
        return f"<text {attrs}>{escape(label)}</text>"
    return f'<text class="vi" {attrs}>{escape(label.vi)}</text><text class="en" {attrs}>{escape(label.en)}</text>'


def _svg(width: int, height: int, title: Label, body: list[str]) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title.vi)}">'
        f"<title>{escape(title.vi)} / {escape(title.en)}</title>"
        + _text(8, 18, title, size=13, weight="bold")
        + "".join(body)
        + "</svg>"
    )


Fmt = Callable[[float], Label]


def rate_bars(title: Label, rows: Sequence[tuple[str, float | None, float | None]], fmt: Fmt, width: int = 640) -> str:
    """Horizontal bars: (label, rate %, target %) per unit; a bar below its target is red."""
    bar_h, gap, left, right, top = 16, 6, 190, 70, 34
    height = top + len(rows) * (bar_h + gap) + 24
    scale = (width - left - right) / 100.0
    body = []
    for tick in range(0, 101, 20):
        x = left + tick * scale
        body.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 20}" stroke="{PALETTE["grid"]}"/>')
        body.append(_text(x, height - 6, f"{tick}%", anchor="middle", size=10))
    for i, (label, rate, target) in enumerate(rows):
        y = top + i * (bar_h + gap)
        body.append(_text(left - 6, y + bar_h - 4, label, anchor="end", size=11))
        if rate is None:
            body.append(_text(left + 4, y + bar_h - 4, Label("không có số liệu", "no data"), size=10))
            continue
        below = target is not None and rate < target
        colour = PALETTE["below"] if below else PALETTE["bar"]
        body.append(
            f'<rect class="bar{" below" if below else ""}" x="{left}" y="{y}" '
            f'width="{max(rate, 0) * scale:.1f}" height="{bar_h}" fill="{colour}"/>'
        )
        body.append(_text(left + max(rate, 0) * scale + 4, y + bar_h - 4, fmt(rate), size=10))
        if target is not None:
            x = left + target * scale
            body.append(
                f'<line class="target" x1="{x:.1f}" y1="{y - 2}" x2="{x:.1f}" y2="{y + bar_h + 2}" '
                f'stroke="{PALETTE["target"]}" stroke-width="2"/>'
            )
    legend_y = top - 12
    body.append(
        f'<line x1="{width - 150}" y1="{legend_y - 8}" x2="{width - 150}" y2="{legend_y + 2}" '
        f'stroke="{PALETTE["target"]}" stroke-width="2"/>'
    )
    body.append(_text(width - 144, legend_y, Label("chỉ tiêu được giao", "assigned target"), size=10))
    return _svg(width, height, title, body)


def line_chart(
    title: Label,
    x_labels: Sequence[str],
    series: Sequence[tuple[Label, Sequence[float | None]]],
    fmt: Fmt,
    width: int = 640,
    height: int = 240,
) -> str:
    """One or more lines over periods (e.g. backlog carried forward); gaps where a value is missing."""
    left, right, top, bottom = 70, 20, 34, 40
    values = [v for _, s in series for v in s if v is not None]
    body = []
    if not values:
        body.append(_text(left, top + 30, Label("không có số liệu", "no data")))
        return _svg(width, height, title, body)
    lo, hi = min(0, min(values)), max(values) or 1
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(x_labels) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * plot_w / n, top + plot_h - (v - lo) / (hi - lo) * plot_h

    for k in range(5):
        v = lo + (hi - lo) * k / 4
        _, y = xy(0, v)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{PALETTE["grid"]}"/>')
        body.append(_text(left - 4, y + 4, fmt(v), anchor="end", size=10))
    ticks = _shown_ticks(len(x_labels))
    for i, lab in enumerate(x_labels):
        if i in ticks:
            x, _ = xy(i, lo)
            body.append(_text(x, height - bottom + 16, lab, anchor="middle", size=10))
    colours = [PALETTE["bar"], PALETTE["line2"], PALETTE["warning"]]
    for j, (name, s) in enumerate(series):
        colour = colours[j % len(colours)]
        segments: list[list[tuple[float, float]]] = []
        current: list[tuple[float, float]] = []
        for i, point in enumerate(s):
            if point is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(xy(i, point))
        if current:
            segments.append(current)
        for seg in segments:
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
            body.append(f'<polyline class="series" points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body.append(f'<rect x="{left + 10 + j * 200}" y="{height - 14}" width="10" height="10" fill="{colour}"/>')
        body.append(_text(left + 24 + j * 200, height - 5, name, size=10))
    return _svg(width, height, title, body)


def stacked_bars(
    title: Label,
    x_labels: Sequence[str],
    stacks: Sequence[tuple[str, Label, Sequence[int]]],
    width: int = 640,
    height: int = 240,
) -> str:
    """Counts per period stacked by category (severity, or outcome); stacks: (colour key, name, counts)."""
    left, right, top, bottom = 50, 20, 34, 44
    totals = [sum(s[2][i] for s in stacks) for i in range(len(x_labels))]
    body = []
    if not x_labels or not any(totals):
        body.append(_text(left, top + 30, Label("không có phát hiện nào", "nothing found")))
        return _svg(width, height, title, body)
    hi = max(totals)
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(x_labels)
    bar_w = max(2.0, slot * 0.7)
    for k in range(5):
        v = hi * k / 4
        y = top + plot_h - v / hi * plot_h
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{PALETTE["grid"]}"/>')
        body.append(_text(left - 4, y + 4, f"{v:.0f}", anchor="end", size=10))
    ticks = _shown_ticks(len(x_labels))
    for i, lab in enumerate(x_labels):
        base = float(top + plot_h)
        x = left + i * slot + (slot - bar_w) / 2
        for key, _, counts in stacks:
            h = counts[i] / hi * plot_h
            if h > 0:
                base -= h
                body.append(
                    f'<rect class="bar {key}" x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" '
                    f'height="{h:.1f}" fill="{PALETTE.get(key, PALETTE["bar"])}"/>'
                )
        if i in ticks:
            body.append(_text(x + bar_w / 2, height - bottom + 16, lab, anchor="middle", size=10))
    for j, (key, name, _) in enumerate(stacks):
        body.append(
            f'<rect x="{left + j * 130}" y="{height - 14}" width="10" height="10" '
            f'fill="{PALETTE.get(key, PALETTE["bar"])}"/>'
        )
        body.append(_text(left + 14 + j * 130, height - 5, name, size=10))
    return _svg(width, height, title, body)
