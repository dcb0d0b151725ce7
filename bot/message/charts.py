"""Slack's native charts (the ``data_visualization`` block), typed and checked on output.

slack_sdk has no model for this block yet, so this is a small one in its manner: typed
objects whose limits are named constants, checked when serialised (``to_dict()`` raises
``SlackObjectFormationError``), and ``from_json`` for reading one back (the fake Slack does).
Slack's reference: https://docs.slack.dev/reference/block-kit/blocks/data-visualization-block

Line, bar and area charts share one shape: up to six series, each with one value for
every category of the x axis, in the axis' order. Slack draws what it gets and answers
``invalid_blocks`` for anything it does not take, so builders ask ``fits_chart`` before
choosing a chart, and ``bot.message.newer`` says what stands in when a workspace refuses
charts altogether.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.basic_objects import JsonObject, JsonValidator
from slack_sdk.models.blocks import Block

#: The chart's title, above it.
MAX_TITLE = 50
#: Series in one line, bar or area chart; slices of a pie.
MAX_SERIES = 6
MAX_SEGMENTS = 6
#: Points in one series (one per category).
MAX_POINTS = 20
#: A series' name, a category, a slice's label.
MAX_LABEL = 20
#: The axis titles.
MAX_AXIS_LABEL = 50
#: Charts in one message.
MAX_CHARTS_PER_MESSAGE = 2

BLOCK_TYPE = "data_visualization"


class ChartType(StrEnum):
    LINE = "line"
    BAR = "bar"
    AREA = "area"
    PIE = "pie"


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _text_fits(text: object, limit: int) -> bool:
    return isinstance(text, str) and 0 < len(text) <= limit and bool(text.strip())


class DataPoint(JsonObject):
    """One value, at one category of the x axis."""

    @property
    def attributes(self) -> set[str]:
        return {"label", "value"}

    def __init__(self, *, label: str, value: float) -> None:
        self.label = label
        self.value = value

    @JsonValidator(f"a data point's label must be 1 to {MAX_LABEL} characters")
    def _validate_label(self) -> bool:
        return _text_fits(self.label, MAX_LABEL)

    @JsonValidator("a data point's value must be a finite number")
    def _validate_value(self) -> bool:
        return _is_number(self.value)

    def get_non_null_attributes(self) -> dict[str, Any]:
        # A zero is a value, not an absence (slack_sdk leaves out only None).
        return {"label": self.label, "value": self.value}


class DataSeries(JsonObject):
    """One named line (or bar colour): its values, one per category."""

    @property
    def attributes(self) -> set[str]:
        return {"name", "data"}

    def __init__(self, *, name: str, data: Sequence[DataPoint]) -> None:
        self.name = name
        self.data = list(data)

    @JsonValidator(f"a series' name must be 1 to {MAX_LABEL} characters")
    def _validate_name(self) -> bool:
        return _text_fits(self.name, MAX_LABEL)

    @JsonValidator(f"a series holds 1 to {MAX_POINTS} data points")
    def _validate_data(self) -> bool:
        return 1 <= len(self.data) <= MAX_POINTS


class AxisConfig(JsonObject):
    """The x axis' categories, in order, and the axes' titles."""

    @property
    def attributes(self) -> set[str]:
        return {"categories", "x_label", "y_label"}

    def __init__(
        self, *, categories: Sequence[str], x_label: str | None = None, y_label: str | None = None
    ) -> None:
        self.categories = list(categories)
        self.x_label = x_label
        self.y_label = y_label

    @JsonValidator(
        f"an axis has 1 to {MAX_POINTS} distinct categories of 1 to {MAX_LABEL} characters"
    )
    def _validate_categories(self) -> bool:
        return (
            1 <= len(self.categories) <= MAX_POINTS
            and len(set(self.categories)) == len(self.categories)
            and all(_text_fits(c, MAX_LABEL) for c in self.categories)
        )

    @JsonValidator(f"axis titles must be 1 to {MAX_AXIS_LABEL} characters")
    def _validate_labels(self) -> bool:
        return all(
            label is None or _text_fits(label, MAX_AXIS_LABEL)
            for label in (self.x_label, self.y_label)
        )


class XYChart(JsonObject):
    """A line, bar or area chart: series over the categories of one x axis."""

    @property
    def attributes(self) -> set[str]:
        return {"type", "series", "axis_config"}

    def __init__(
        self, *, type: ChartType, series: Sequence[DataSeries], axis_config: AxisConfig
    ) -> None:
        self.type = type
        self.series = list(series)
        self.axis_config = axis_config

    @JsonValidator("an x/y chart is a line, bar or area chart")
    def _validate_type(self) -> bool:
        return self.type in (ChartType.LINE, ChartType.BAR, ChartType.AREA)

    @JsonValidator(f"a chart has 1 to {MAX_SERIES} series with distinct names")
    def _validate_series(self) -> bool:
        names = [s.name for s in self.series]
        return 1 <= len(self.series) <= MAX_SERIES and len(set(names)) == len(names)

    @JsonValidator("every series has one value per category, in the axis' order")
    def _validate_labels(self) -> bool:
        categories = self.axis_config.categories
        return all([p.label for p in s.data] == categories for s in self.series)

    def get_non_null_attributes(self) -> dict[str, Any]:
        data = super().get_non_null_attributes()
        data["type"] = str(self.type)
        return data


class Segment(JsonObject):
    """One slice of a pie."""

    @property
    def attributes(self) -> set[str]:
        return {"label", "value"}

    def __init__(self, *, label: str, value: float) -> None:
        self.label = label
        self.value = value

    @JsonValidator(f"a slice's label must be 1 to {MAX_LABEL} characters")
    def _validate_label(self) -> bool:
        return _text_fits(self.label, MAX_LABEL)

    @JsonValidator("a slice's value must be a finite number above zero")
    def _validate_value(self) -> bool:
        return _is_number(self.value) and self.value > 0


class PieChart(JsonObject):
    @property
    def attributes(self) -> set[str]:
        return {"type", "segments"}

    def __init__(self, *, segments: Sequence[Segment]) -> None:
        self.type = ChartType.PIE
        self.segments = list(segments)

    @JsonValidator(f"a pie has 1 to {MAX_SEGMENTS} slices")
    def _validate_segments(self) -> bool:
        return 1 <= len(self.segments) <= MAX_SEGMENTS

    def get_non_null_attributes(self) -> dict[str, Any]:
        data = super().get_non_null_attributes()
        data["type"] = str(self.type)
        return data


Chart = XYChart | PieChart


class DataVisualizationBlock(Block):
    """A titled chart: https://docs.slack.dev/reference/block-kit/blocks/data-visualization-block"""

    type = BLOCK_TYPE

    @property
    def attributes(self) -> set[str]:  # type: ignore[override]
        return {"block_id", "type", "title", "chart"}

    def __init__(self, *, title: str, chart: Chart, block_id: str | None = None) -> None:
        super().__init__(type=self.type, block_id=block_id)
        self.title = title
        self.chart = chart

    @JsonValidator(f"a chart's title must be 1 to {MAX_TITLE} characters")
    def _validate_title(self) -> bool:
        return _text_fits(self.title, MAX_TITLE)

    @JsonValidator("a chart must be a line, bar, area or pie chart")
    def _validate_chart(self) -> bool:
        return isinstance(self.chart, XYChart | PieChart)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DataVisualizationBlock:
        """A block as JSON (Slack's, or ours sent back) → the typed block; then ``to_dict()``
        checks it. ``SlackObjectFormationError`` for a shape that is no chart at all."""
        try:
            chart = data["chart"]
            kind = ChartType(chart["type"])
            parsed: Chart
            if kind is ChartType.PIE:
                parsed = PieChart(
                    segments=[
                        Segment(label=s["label"], value=s["value"]) for s in chart["segments"]
                    ]
                )
            else:
                axis = chart["axis_config"]
                parsed = XYChart(
                    type=kind,
                    series=[
                        DataSeries(
                            name=s["name"],
                            data=[DataPoint(label=p["label"], value=p["value"]) for p in s["data"]],
                        )
                        for s in chart["series"]
                    ],
                    axis_config=AxisConfig(
                        categories=axis["categories"],
                        x_label=axis.get("x_label"),
                        y_label=axis.get("y_label"),
                    ),
                )
            return cls(title=data["title"], chart=parsed, block_id=data.get("block_id"))
        except (KeyError, TypeError, ValueError) as error:
            raise SlackObjectFormationError(f"not a data_visualization block: {error}") from None


@dataclass(frozen=True)
class Series:
    """One series to draw: its name and one value per category."""

    name: str
    values: Sequence[float]


def fits_chart(categories: int, series: int = 1) -> bool:
    """Whether that many categories and series can be one chart."""
    return 1 <= categories <= MAX_POINTS and 1 <= series <= MAX_SERIES


def xy_chart(
    kind: ChartType,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    x_label: str | None = None,
    y_label: str | None = None,
) -> DataVisualizationBlock:
    """A line, bar or area chart; each series has one value per category, in order.

    Nothing is cut here: text too long or too many points fail in ``to_dict()``, so a
    builder decides (with ``fits_chart`` and ``chart_label``) what to draw.
    """
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(
                f"series {one.name!r} has {len(one.values)} values for {len(categories)} categories"
            )
    return DataVisualizationBlock(
        title=title,
        chart=XYChart(
            type=kind,
            series=[
                DataSeries(
                    name=one.name,
                    data=[
                        DataPoint(label=c, value=v)
                        for c, v in zip(categories, one.values, strict=True)
                    ],
                )
                for one in series
            ],
            axis_config=AxisConfig(categories=categories, x_label=x_label, y_label=y_label),
        ),
    )


def chart_label(text: str, limit: int = MAX_LABEL) -> str:
    """A label cut to ``limit`` characters with "…" (categories and names may be long)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
