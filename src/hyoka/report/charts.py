"""Charts drawn on the server as SVG: no script, nothing loaded from elsewhere, and they print as
sharply as the text around them. Each chart comes with the numbers it draws (the pages show them
as a table beside it), and every label is escaped, since labels are document text.

Two shapes are enough for the pages: a line chart of results against a target's trajectory
over fiscal years, and a horizontal bar chart for comparisons across agencies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

_WIDTH = 640
_HEIGHT = 260
_LEFT = 64
_RIGHT = 48
_TOP = 16
_BOTTOM = 40
_BAR_HEIGHT = 22
_BAR_GAP = 8
_LABEL_WIDTH = 220


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    points: Sequence[tuple[str, float | None]]  # (x label, value); None: no value that year
    dashed: bool = False


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _bounds(values: Sequence[float]) -> tuple[float, float]:
    low, high = min([0.0, *values]), max([0.0, *values])
    if high == low:
        high = low + 1.0
    return low, high + (high - low) * 0.08


@dataclass(frozen=True, slots=True)
class _Frame:
    """Where a value and an x label go in the plot area."""

    labels: Sequence[str]
    low: float
    high: float

    def x(self, i: int) -> float:
        inner = _WIDTH - _LEFT - _RIGHT
        return _LEFT + (i * inner / (len(self.labels) - 1) if len(self.labels) > 1 else inner / 2)

    def y(self, value: float) -> float:
        inner = _HEIGHT - _TOP - _BOTTOM
        return _TOP + inner - (value - self.low) / (self.high - self.low) * inner


def line_chart(title: str, series: Sequence[Series], *, unit: str = "") -> str:
    """Lines over shared x labels (the first series' order); gaps where a value is missing."""
    labels = [label for label, _ in series[0].points] if series else []
    values = [v for s in series for _, v in s.points if v is not None]
    if not labels or not values:
        return ""
    frame = _Frame(labels, *_bounds(values))
    parts = [_svg_open(title, _WIDTH, _HEIGHT), _axes(frame, unit)]
    parts.extend(_polyline(line, frame, number) for number, line in enumerate(series))
    parts.append(_legend(series))
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(title: str, width: int, height: int) -> str:
    safe = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{safe}"><title>{safe}</title>'
    )


def _axes(frame: _Frame, unit: str) -> str:
    base = frame.y(frame.low)
    out = [f'<line class="axis" x1="{_LEFT}" y1="{base:.1f}" x2="{_WIDTH - _RIGHT}" y2="{base:.1f}"/>']
    for k in range(5):
        value = frame.low + (frame.high - frame.low) * k / 4
        at = frame.y(value)
        out.append(
            f'<line class="grid" x1="{_LEFT}" y1="{at:.1f}" x2="{_WIDTH - _RIGHT}" y2="{at:.1f}"/>'
            f'<text class="tick" x="{_LEFT - 6}" y="{at + 4:.1f}" text-anchor="end">'
            f"{escape(_number(value))}{escape(unit) if k == 4 else ''}</text>"
        )
    bottom = _HEIGHT - _BOTTOM + 18
    for i, label in enumerate(frame.labels):
        out.append(f'<text class="tick" x="{frame.x(i):.1f}" y="{bottom}" text-anchor="middle">{escape(label)}</text>')
    return "".join(out)


def _polyline(line: Series, frame: _Frame, number: int) -> str:
    at = dict(line.points)
    runs: list[list[str]] = [[]]
    dots = []
    for i, label in enumerate(frame.labels):
        value = at.get(label)
        if value is None:
            runs.append([])
            continue
        x, y = frame.x(i), frame.y(value)
        runs[-1].append(f"{x:.1f},{y:.1f}")
        dots.append(
            f'<circle class="dot s{number}" cx="{x:.1f}" cy="{y:.1f}" r="3.5">'
            f"<title>{escape(line.name)} {escape(label)}: {escape(_number(value))}</title></circle>"
        )
    dash = ' stroke-dasharray="6 4"' if line.dashed else ""
    paths = "".join(
        f'<polyline class="line s{number}" fill="none" points="{" ".join(run)}"{dash}/>' for run in runs if len(run) > 1
    )
    return paths + "".join(dots)


def _legend(series: Sequence[Series]) -> str:
    out = []
    for number, line in enumerate(series):
        left = _LEFT + number * 170
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        out.append(
            f'<line class="line s{number}" x1="{left}" y1="{_HEIGHT - 8}" x2="{left + 24}" y2="{_HEIGHT - 8}"{dash}/>'
            f'<text class="legend" x="{left + 30}" y="{_HEIGHT - 4}">{escape(line.name)}</text>'
        )
    return "".join(out)


def bar_chart(title: str, bars: Sequence[tuple[str, float]], *, unit: str = "") -> str:
    """Horizontal bars, one per (label, value), longest label cut to fit."""
    if not bars:
        return ""
    height = _TOP + len(bars) * (_BAR_HEIGHT + _BAR_GAP) + _BOTTOM // 2
    high = max([abs(value) for _, value in bars] + [1e-9])
    room = _WIDTH - _LABEL_WIDTH - _RIGHT - 70
    parts = [_svg_open(title, _WIDTH, height)]
    for i, (label, value) in enumerate(bars):
        top = _TOP + i * (_BAR_HEIGHT + _BAR_GAP)
        length = abs(value) / high * room
        short = label if len(label) <= 16 else label[:15] + "…"
        parts.append(
            f'<text class="tick" x="{_LABEL_WIDTH - 8}" y="{top + 15}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
            f'<rect class="bar" x="{_LABEL_WIDTH}" y="{top}" width="{length:.1f}" height="{_BAR_HEIGHT}"/>'
            f'<text class="value" x="{_LABEL_WIDTH + length + 6:.1f}" y="{top + 15}">'
            f"{escape(_number(value))}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
