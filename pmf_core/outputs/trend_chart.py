"""A static trend chart's geometry, drawn by chart_svg (pages) and chart_png (Word).

Reports, the public site and the drill-down need charts without plotly.js: the layout is computed
here once and painted by two small renderers. The x axis is time: each period sits at its end
month, so a gap is drawn to scale and every line breaks across it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from pmf_core.outputs import chart_legend as legend
from pmf_core.outputs.chart_legend import CHAR_WIDTH, LEGEND_LEFT, LEGEND_ROW, LegendItem
from pmf_core.outputs.chart_marks import SPC_MARKERS
from pmf_core.rules import rag, spc
from pmf_core.rules.periods import POSITION_STEP, at_position, key_frequency, parse_period

Run = list[tuple[float, float]]


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    status: str


@dataclass(frozen=True)
class Ring:
    """A special-cause point, ringed by its SPC kind's shape."""

    x: float
    y: float
    kind: str


@dataclass
class Chart:
    """Pixel geometry of one chart. Each line is a list of runs: a missing period breaks it."""

    width: int
    height: int
    box: tuple[float, float, float, float]  # left, top, right, bottom
    line: list[Run] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    target: list[Run] = field(default_factory=list)  # stepped: level across each period
    band: list[Run] = field(default_factory=list)  # closed outlines, one per run
    last_year: list[Run] = field(default_factory=list)
    mean: list[Run] = field(default_factory=list)
    limits: list[Run] = field(default_factory=list)  # upper and lower, dotted
    rings: list[Ring] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    y_title: str = ""
    sparkline: bool = False

    @property
    def statuses(self) -> list[str]:
        """The statuses the legend names, in the RAG order."""
        return [item.key for item in self.legend if item.kind == "status"]


class Scale:
    """Month index to x (half a period's slot inset at each end) and value to y."""

    def __init__(self, box, ends: list[int], low: float, high: float):
        self.box, self.low, self.high = box, low, high
        self.first, self.step = ends[0], (ends[1] - ends[0] if len(ends) > 1 else 1)
        self.slots = (ends[-1] - ends[0]) / self.step + 1
        self.half = (box[2] - box[0]) / (2 * self.slots)

    def x(self, end: int) -> float:
        return self.box[0] + self.half * (1 + 2 * (end - self.first) / self.step)

    def y(self, value: float) -> float:
        top, bottom = self.box[1], self.box[3]
        return bottom - (value - self.low) / (self.high - self.low) * (bottom - top)


def frequency_of(key: str) -> str:
    """A canonical period key's frequency: 2020-10 monthly, 2020/21 Q2 quarterly, 2020-W42 weekly,
    2020/21 H1 six-monthly, 2020/21 annual."""
    return key_frequency(key)


def time_axis(points: pd.DataFrame) -> pd.DataFrame:
    """The points with ``end``, each period's place on the time axis (Period.position: the end
    month index, or the week), and a row of no values (its label filled in) for every missing
    period of the frequency. Without a ``period`` column the rows are taken as consecutive
    periods."""
    if "period" not in points:
        return points.reset_index(drop=True).assign(end=range(len(points)))
    if points.empty:
        return points.assign(end=pd.Series(dtype="int64"))
    frequency = frequency_of(str(points["period"].iloc[0]))
    ends = [parse_period(str(key), frequency).position for key in points["period"]]
    frame = points.assign(end=ends).drop_duplicates("end").set_index("end", drop=False)
    frame = frame.reindex(range(min(ends), max(ends) + 1, POSITION_STEP[frequency]))
    frame["end"] = frame.index
    frame["label"] = frame["label"].fillna(
        pd.Series([at_position(end, frequency).label for end in frame.index], index=frame.index)
    )
    return frame.reset_index(drop=True)


def layout(
    points: pd.DataFrame,
    fmt,
    *,
    width: int = 640,
    height: int = 260,
    sparkline: bool = False,
    spc_table: pd.DataFrame | None = None,
    unit: str = "",
) -> Chart:
    """Place a series (columns period, label, value; optionally target, rag, band_low,
    band_high, last_year) in a width x height picture, with SPC lines if a table is given.

    ``fmt`` writes a number as the axis shows it. A sparkline has no axes, legend or layers
    beyond the value and target. ``unit`` is written above the value axis.
    """
    frame = _with_spc(time_axis(points), None if sparkline else spc_table)
    known = [v for name in _SCALED for v in _numbers(frame, name) if not math.isnan(v)]
    entries = [] if sparkline or not known else _legend_entries(frame)
    rows = legend.rows(entries, width - 2 * LEGEND_LEFT)
    unit = "" if sparkline else unit or ""
    chart = Chart(
        width,
        height,
        _box(width, height, sparkline, len(rows), bool(unit)),
        y_title=unit,
        sparkline=sparkline,
    )
    if not known:
        return chart
    low, high, step = nice_range(min(known), max(known))
    scale = Scale(chart.box, frame["end"].tolist(), low, high)
    _place_series(chart, frame, scale)
    if not sparkline:
        _place_layers(chart, frame, scale)
        ticks = [low + i * step for i in range(round((high - low) / step) + 1)]
        chart.y_ticks = [(scale.y(t), fmt(t)) for t in ticks]
        # A slot of 90 px for each label, wider for long ones ("w/e 25 Oct 2026").
        longest = max((len(str(label)) for label in frame["label"]), default=0)
        slot = max(90.0, CHAR_WIDTH * longest + 16)
        most = max(2, min(6, int((chart.box[2] - chart.box[0]) // slot)))
        chart.x_labels = _x_labels(frame, scale, most, width)
        chart.legend = legend.place(rows, height)
    return chart


# A chart's points need this many px each to be told apart (markers may overlap, a smudge may
# not); a chart too narrow for its points shows only its latest periods, as PHONE_POINTS says.
MIN_SPACING = 4
PHONE_POINTS = {"weekly": 26, "monthly": 24, "quarterly": 12, "six_monthly": 8, "annual": 8}
PERIOD_WORDS = {
    "weekly": "weeks",
    "monthly": "months",
    "quarterly": "quarters",
    "six_monthly": "half-years",
    "annual": "years",
}


def narrowed(points: pd.DataFrame, frequency: str, width: int) -> tuple[pd.DataFrame, str]:
    """The points a chart ``width`` px wide can show apart, and words saying what was left out
    ("" when all fit): 187 weeks on a phone are a smudge, the last 26 a trend."""
    room = _box(width, 0, False, 1, False)[2] - 64.0
    keep = PHONE_POINTS.get(frequency, len(points))
    if len(points) * MIN_SPACING <= room or len(points) <= keep:
        return points, ""
    words = PERIOD_WORDS.get(frequency, "periods")
    return points.tail(keep).reset_index(drop=True), (
        f"This chart shows the last {keep} {words}; a wider screen shows all {len(points)}."
    )


_SCALED = (
    "value",
    "target",
    "target_upper",
    "band_low",
    "band_high",
    "last_year",
    "mean",
    "upper_limit",
    "lower_limit",
)


def _with_spc(frame: pd.DataFrame, table: pd.DataFrame | None) -> pd.DataFrame:
    """The SPC table's lines and point types beside each period (a missing period has none)."""
    if table is None or table.empty or "period" not in frame:
        return frame
    wanted = table[["period", "mean", "upper_limit", "lower_limit", "point_type"]]
    return frame.merge(wanted.drop_duplicates("period"), on="period", how="left")


def _numbers(frame: pd.DataFrame, name: str) -> list[float]:
    """A column as floats with NaN for a gap (None too); empty if the column is absent."""
    if name not in frame:
        return []
    return pd.to_numeric(frame[name], errors="coerce").astype(float).tolist()


def _box(width: int, height: int, sparkline: bool, rows: int, titled: bool):
    """The plot area: room left for value labels, below for period labels and the legend."""
    if sparkline:
        return (2.0, 4.0, width - 6.0, height - 4.0)
    return (
        64.0,
        30.0 if titled else 12.0,
        width - 16.0,
        height - 58.0 - LEGEND_ROW * (max(rows, 1) - 1),
    )


def _place_series(chart: Chart, frame: pd.DataFrame, scale: Scale) -> None:
    """The value line and its status markers, and the target's steps."""
    ends, values = frame["end"].tolist(), _numbers(frame, "value")
    statuses = frame["rag"].tolist() if "rag" in frame else [rag.NOT_RATED] * len(values)
    starts = _year_starts(frame)
    chart.line = _runs(ends, values, scale, starts)
    chart.markers = [
        Marker(scale.x(e), scale.y(v), s)
        for e, v, s in zip(ends, values, statuses)
        if not math.isnan(v)
    ]
    # A range's upper bound is drawn as a target line of its own.
    chart.target = [
        _stepped(run, scale)
        for name in ("target", "target_upper")
        for run in _spans(ends, _numbers(frame, name), starts)
    ]


def _year_starts(frame: pd.DataFrame) -> frozenset[int]:
    """The periods a new line starts at: each April of a running total (``new_year``)."""
    if "new_year" not in frame:
        return frozenset()
    marked = frame["new_year"].astype(object).fillna(False).astype(bool)
    return frozenset(frame.loc[marked, "end"].tolist())


def _place_layers(chart: Chart, frame: pd.DataFrame, scale: Scale) -> None:
    """What only the full chart shows: the amber band, last year's line, SPC lines and rings."""
    ends = frame["end"].tolist()
    for low_name, high_name in band_strips(frame):
        lows, highs = _numbers(frame, low_name), _numbers(frame, high_name)
        if not (lows and highs):
            continue
        both = [math.nan if math.isnan(a) else b for a, b in zip(lows, highs)]
        low_of = dict(zip(ends, lows))
        for run in _spans(ends, both):
            upper = _stepped(run, scale)
            lower = _stepped([(e, low_of[e]) for e, _ in run], scale)
            chart.band.append(upper + lower[::-1])
    chart.last_year = _runs(ends, _numbers(frame, "last_year"), scale, _year_starts(frame))
    chart.mean = _runs(ends, _numbers(frame, "mean"), scale)
    chart.limits = [
        run
        for name in ("upper_limit", "lower_limit")
        for run in _runs(ends, _numbers(frame, name), scale)
    ]
    if "point_type" in frame:
        chart.rings = [
            Ring(scale.x(e), scale.y(v), kind)
            for e, v, kind in zip(ends, _numbers(frame, "value"), frame["point_type"])
            if kind in SPC_MARKERS and not math.isnan(v)
        ]


def band_strips(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """The columns bounding each amber strip: one beside a target; for a range, one below its
    lower bound and one above its upper bound, so no point inside the range (Green) sits in
    the amber."""
    if "target_upper" in frame and frame["target_upper"].notna().any():
        return [("band_low", "target"), ("target_upper", "band_high")]
    return [("band_low", "band_high")]


def _spans(
    ends: list[int], values: list[float], starts: frozenset[int] = frozenset()
) -> list[list[tuple[int, float]]]:
    """Runs of consecutive periods with a value: a missing one ends a run, and a period in
    ``starts`` begins a new one."""
    runs: list[list[tuple[int, float]]] = [[]]
    for end, value in zip(ends, values):
        if end in starts:
            runs.append([])
        if math.isnan(value):
            runs.append([])
        else:
            runs[-1].append((end, value))
    return [run for run in runs if run]


def _runs(
    ends: list[int], values: list[float], scale: Scale, starts: frozenset[int] = frozenset()
) -> list[Run]:
    return [[(scale.x(e), scale.y(v)) for e, v in run] for run in _spans(ends, values, starts)]


def _stepped(run: list[tuple[int, float]], scale: Scale) -> Run:
    """A level across each period's whole slot, rising or falling at the boundary."""
    return [(scale.x(e) + side * scale.half, scale.y(v)) for e, v in run for side in (-1, 1)]


def _legend_entries(frame: pd.DataFrame) -> list[LegendItem]:
    """The legend of what this frame draws: its lines and bands, its points' statuses and kinds."""
    drawn = {name: any(not math.isnan(v) for v in _numbers(frame, name)) for name in _SCALED}
    valued = frame[[not math.isnan(v) for v in _numbers(frame, "value")]]
    statuses = set(valued["rag"]) if "rag" in valued else {rag.NOT_RATED}
    kinds = set(valued["point_type"]) if "point_type" in valued else set()
    return legend.entries(drawn, statuses, kinds)


MARGIN = 0.08  # of the span, each side: no line drawn on the frame of the plot


def padded_span(values, margin: float = MARGIN) -> tuple[float, float] | None:
    """The lowest and highest of the values drawn, each pushed out by a margin of the span (of
    the value itself when all are equal), so a target at the edge stays in sight."""
    known = [float(v) for v in values if v is not None and v == v]
    if not known:
        return None
    low, high = min(known), max(known)
    pad = (high - low) * margin or abs(high) * margin or 1.0
    return low - pad, high + pad


def isolated(values: list[float | None]) -> list[bool]:
    """Which values have no value in the period before or after: a line cannot draw them, so
    they need a mark of their own."""
    there = [v is not None and v == v for v in values]
    return [
        here and not (i > 0 and there[i - 1]) and not (i + 1 < len(there) and there[i + 1])
        for i, here in enumerate(there)
    ]


def tick_indices(count: int, most: int) -> list[int]:
    """At most ``most`` of ``count`` periods to label, evenly spaced, always the latest."""
    every = max(1, math.ceil(count / most))
    return sorted({*range(count - 1, -1, -every)})


def nice_range(low: float, high: float, ticks: int = 4) -> tuple[float, float, float]:
    """Round axis ends and a step of 1, 2 or 5 times a power of ten covering low..high."""
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _x_labels(frame: pd.DataFrame, scale: Scale, most: int, width: int) -> list[tuple[float, str]]:
    """At most ``most`` period labels, evenly spaced in time, always the latest; each centred
    under its period but kept inside the picture."""
    labels, ends = frame["label"].tolist(), frame["end"].tolist()
    chosen = tick_indices(len(labels), most)
    half_widths = [CHAR_WIDTH * len(str(labels[i])) / 2 + 2 for i in chosen]
    return [
        (min(max(scale.x(ends[i]), half), width - half), str(labels[i]))
        for i, half in zip(chosen, half_widths)
    ]


def describe(points: pd.DataFrame, figure, spc_table: pd.DataFrame | None = None) -> str:
    """Alt text: the span, the latest value, the lowest and highest, the latest target, the
    periods with no value, and (if shown) the SPC limits and the latest point's variation."""
    shown = points.dropna(subset=["value"])
    if shown.empty:
        return "Trend chart: no values to show yet."
    first, last = shown.iloc[0], shown.iloc[-1]
    text = (
        f"Trend from {first['label']} to {last['label']}: latest {figure(last['value'])}, "
        f"lowest {figure(shown['value'].min())}, highest {figure(shown['value'].max())}"
    )
    target = last.get("target")
    if target is not None and target == target:
        text += f"; target {figure(target)}"
    missing = len(time_axis(points)) - len(shown)
    if missing and "period" in points:
        text += f"; no value for {missing} period{'s' if missing > 1 else ''}"
    return text + "." + _describe_spc(spc_table, figure)


def _describe_spc(table: pd.DataFrame | None, figure) -> str:
    """The last limits and mean, the latest point's variation, how many points are flagged."""
    if table is None or table.empty:
        return ""
    last = table.iloc[-1]
    flagged = int(table["point_type"].isin(list(SPC_MARKERS)).sum())
    return (
        f" Process limits {figure(last['lower_limit'])} to {figure(last['upper_limit'])} "
        f"around a mean of {figure(last['mean'])}; latest point: "
        f"{spc.VARIATION_WORDS[last['point_type']].lower()}; {flagged or 'no'} "
        f"special-cause point{'' if flagged == 1 else 's'}."
    )
