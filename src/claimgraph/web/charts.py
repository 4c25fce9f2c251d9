"""Charts as server-side SVG: geometry here, markup in templates/_charts.html.

No JavaScript and no library: each chart is a few ``<rect>`` in an SVG whose labels are
HTML around it (so text stays readable at phone width and is escaped by Jinja like the rest
of the page), and each chart carries its data as a table (and a CSV link where the API has
one). Two kinds serve every page:

- :func:`time_chart`: counts over time, one row per series on a shared time axis and scale
  (statements of a speaker per outlet, of an outlet, of a claim per outlet);
- :func:`share_chart`: 100 % stacked bars, one per row (who each outlet quotes, cue classes
  by side).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

MAX_PERIODS = 120


@dataclass
class Bar:
    x: float
    width: float
    height: float  # 0..100, share of the chart's largest count
    period: str
    count: int


@dataclass
class TimeRow:
    label: str
    total: int
    bars: list[Bar]
    link: str | None = None


@dataclass
class Table:
    header: list[str]
    rows: list[list[Any]]


@dataclass
class TimeChart:
    id: str
    title: str
    period: str  # day | month | year
    rows: list[TimeRow]
    ticks: list[str]  # first, middle and last period
    max: int
    table: Table
    csv: str | None = None
    hidden_rows: int = 0  # series left out of the chart (they are in the table)


def _periods(first: date, last: date, period: str) -> list[str]:
    """Every period from ``first`` to ``last``: no gaps, so the time axis is linear."""
    out: list[str] = []
    if period == "day":
        day = first
        while day <= last:
            out.append(day.isoformat())
            day += timedelta(days=1)
    elif period == "month":
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        out = [f"{y:04d}" for y in range(first.year, last.year + 1)]
    return out


def _period_for(first: date, last: date) -> str:
    days = (last - first).days
    if days <= 62:
        return "day"
    if days <= MAX_PERIODS * 30:
        return "month"
    return "year"


def _key(day: str, period: str) -> str:
    return day[: {"day": 10, "month": 7, "year": 4}[period]]


def time_chart(
    chart_id: str,
    title: str,
    points: Iterable[dict[str, Any]],
    series: str | None = None,
    link: Callable[[str], str | None] | None = None,
    csv: str | None = None,
    max_rows: int = 10,
    label: str = "All",
) -> TimeChart | None:
    """A chart of ``points`` (``{"period": "YYYY-MM-DD", series: name, "count": n}``, as
    ``Store.timeline(period="day")`` gives them) by day, month or year, whichever fits the
    span; one row per value of ``series`` (the ``max_rows`` largest), else one row. None
    without dated points."""
    by_series: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    days: list[date] = []
    for point in points:
        try:
            day = date.fromisoformat(str(point["period"])[:10])
        except ValueError:
            continue
        days.append(day)
        name = str(point.get(series) or label) if series else label
        by_series[name][day.isoformat()] += int(point["count"])
    if not days:
        return None
    period = _period_for(min(days), max(days))
    periods = _periods(min(days), max(days), period)
    counts = {
        name: _bucket(per_day, period) for name, per_day in by_series.items()
    }
    order = sorted(counts, key=lambda n: (-sum(counts[n].values()), n))
    shown = order[:max_rows]
    top = max((c for name in shown for c in counts[name].values()), default=0) or 1
    width = 100 / len(periods)
    rows = []
    for name in shown:
        bars = [
            Bar(
                x=round(i * width + width * 0.1, 3),
                width=round(width * 0.8, 3),
                height=round(100 * counts[name][p] / top, 2),
                period=p,
                count=counts[name][p],
            )
            for i, p in enumerate(periods)
            if counts[name].get(p)
        ]
        rows.append(TimeRow(name, sum(counts[name].values()), bars, link(name) if link else None))
    ticks = [periods[0], periods[len(periods) // 2], periods[-1]] if len(periods) > 2 else periods
    header = [period] + order
    table_rows = [
        [p] + [counts[name].get(p, 0) for name in order]
        for p in periods
        if any(counts[name].get(p) for name in order)
    ]
    return TimeChart(
        chart_id, title, period, rows, ticks, top, Table(header, table_rows), csv, len(order) - len(shown)
    )


def _bucket(per_day: dict[str, int], period: str) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for day, n in per_day.items():
        out[_key(day, period)] += n
    return dict(out)


@dataclass
class Piece:
    key: str
    label: str
    count: int
    x: float
    width: float
    css: str


@dataclass
class ShareRow:
    label: str
    total: int
    pieces: list[Piece]
    link: str | None = None


@dataclass
class LegendItem:
    key: str
    label: str
    css: str


@dataclass
class ShareChart:
    id: str
    title: str
    rows: list[ShareRow]
    legend: list[LegendItem]
    table: Table
    csv: str | None = None
    note: str | None = None
    unit: str = "statements"
    extra: dict[str, Any] = field(default_factory=dict)


def share_chart(
    chart_id: str,
    title: str,
    rows: list[tuple[str, str | None, dict[str, int]]],
    order: list[str],
    labels: dict[str, str] | None = None,
    css: Callable[[str, int], str] | None = None,
    csv: str | None = None,
    note: str | None = None,
) -> ShareChart | None:
    """100 % stacked bars: ``rows`` are (label, link, {key: count}); ``order`` is the order
    of the pieces (and of the legend); ``css(key, index)`` gives each piece's class."""
    labels = labels or {}
    css = css or (lambda key, i: f"c-{i}")
    keys = [k for k in order if any(counts.get(k) for _, _, counts in rows)]
    if not keys:
        return None
    legend = [LegendItem(k, labels.get(k, k), css(k, i)) for i, k in enumerate(keys)]
    classes = {item.key: item.css for item in legend}
    out = []
    for label, link, counts in rows:
        total = sum(counts.get(k, 0) for k in keys)
        pieces, x = [], 0.0
        for k in keys:
            n = counts.get(k, 0)
            if not n or not total:
                continue
            share = 100 * n / total
            pieces.append(Piece(k, labels.get(k, k), n, round(x, 3), round(share, 3), classes[k]))
            x += share
        out.append(ShareRow(label, total, pieces, link))
    table = Table(
        [""] + [labels.get(k, k) for k in keys] + ["total"],
        [[label] + [counts.get(k, 0) for k in keys] + [sum(counts.get(k, 0) for k in keys)]
         for label, _, counts in rows],
    )
    return ShareChart(chart_id, title, out, legend, table, csv, note)
