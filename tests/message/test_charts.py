"""The chart block: its JSON as Slack's reference draws it, and every limit one over."""

from __future__ import annotations

import math
from typing import Any

import pytest
from slack_sdk.errors import SlackObjectFormationError

from bot.message import charts
from bot.message.charts import (
    AxisConfig,
    ChartType,
    DataPoint,
    DataSeries,
    DataVisualizationBlock,
    PieChart,
    Segment,
    Series,
    XYChart,
    chart_label,
    fits_chart,
    xy_chart,
)
from bot.message.slack import SlackMessage


def _line(**changes: Any) -> DataVisualizationBlock:
    given: dict[str, Any] = {
        "title": "Recipients per day",
        "categories": ["Nov 1", "Nov 2", "Nov 3"],
        "series": [Series("Recipients", [120, 0, 75.5])],
        "x_label": "Day",
        "y_label": "Recipients",
    }
    given.update(changes)
    return xy_chart(
        ChartType.LINE,
        given["title"],
        given["categories"],
        given["series"],
        x_label=given["x_label"],
        y_label=given["y_label"],
    )


def _categories(n: int) -> list[str]:
    return [f"d{i}" for i in range(n)]


def test_a_line_chart_is_the_json_slack_documents() -> None:
    assert _line().to_dict() == {
        "type": "data_visualization",
        "title": "Recipients per day",
        "chart": {
            "type": "line",
            "series": [
                {
                    "name": "Recipients",
                    "data": [
                        {"label": "Nov 1", "value": 120},
                        {"label": "Nov 2", "value": 0},
                        {"label": "Nov 3", "value": 75.5},
                    ],
                }
            ],
            "axis_config": {
                "categories": ["Nov 1", "Nov 2", "Nov 3"],
                "x_label": "Day",
                "y_label": "Recipients",
            },
        },
    }


def test_axis_titles_are_optional() -> None:
    chart = _line(x_label=None, y_label=None).to_dict()["chart"]
    assert chart["axis_config"] == {"categories": ["Nov 1", "Nov 2", "Nov 3"]}


def test_a_pie_is_slices() -> None:
    block = DataVisualizationBlock(
        title="Statuses", chart=PieChart(segments=[Segment(label="Failed", value=3)])
    )
    assert block.to_dict()["chart"] == {
        "type": "pie",
        "segments": [{"label": "Failed", "value": 3}],
    }


def test_what_is_written_reads_back_the_same() -> None:
    written = _line().to_dict()
    assert DataVisualizationBlock.from_json(written).to_dict() == written
    pie = DataVisualizationBlock(
        title="t", chart=PieChart(segments=[Segment(label="a", value=1)])
    ).to_dict()
    assert DataVisualizationBlock.from_json(pie).to_dict() == pie


@pytest.mark.parametrize(
    "broken",
    [{}, {"title": "t"}, {"title": "t", "chart": {"type": "radar"}}, {"title": "t", "chart": []}],
)
def test_what_is_no_chart_is_refused_when_read(broken: dict[str, Any]) -> None:
    with pytest.raises(SlackObjectFormationError):
        DataVisualizationBlock.from_json(broken)


# --- Every limit: at it, then one over ---------------------------------------------------


def test_title_limit() -> None:
    _line(title="t" * charts.MAX_TITLE).to_dict()
    with pytest.raises(SlackObjectFormationError, match="title"):
        _line(title="t" * (charts.MAX_TITLE + 1)).to_dict()
    with pytest.raises(SlackObjectFormationError, match="title"):
        _line(title=" ").to_dict()


def test_series_count_limit() -> None:
    def series(n: int) -> list[Series]:
        return [Series(f"s{i}", [1, 2, 3]) for i in range(n)]

    _line(series=series(charts.MAX_SERIES)).to_dict()
    with pytest.raises(SlackObjectFormationError, match="series"):
        _line(series=series(charts.MAX_SERIES + 1)).to_dict()
    with pytest.raises(SlackObjectFormationError, match="series"):
        _line(series=[]).to_dict()


def test_points_limit() -> None:
    at = _categories(charts.MAX_POINTS)
    _line(categories=at, series=[Series("s", [1] * len(at))]).to_dict()
    over = _categories(charts.MAX_POINTS + 1)
    with pytest.raises(SlackObjectFormationError):
        _line(categories=over, series=[Series("s", [1] * len(over))]).to_dict()


def test_label_limits() -> None:
    longest = "x" * charts.MAX_LABEL
    _line(categories=[longest, "b", "c"], series=[Series(longest, [1, 2, 3])]).to_dict()
    too_long = "x" * (charts.MAX_LABEL + 1)
    with pytest.raises(SlackObjectFormationError, match="categories"):
        _line(categories=[too_long, "b", "c"]).to_dict()
    with pytest.raises(SlackObjectFormationError, match="name"):
        _line(series=[Series(too_long, [1, 2, 3])]).to_dict()


def test_axis_title_limit() -> None:
    _line(y_label="y" * charts.MAX_AXIS_LABEL).to_dict()
    with pytest.raises(SlackObjectFormationError, match="axis titles"):
        _line(y_label="y" * (charts.MAX_AXIS_LABEL + 1)).to_dict()


def test_segment_limits() -> None:
    def pie(n: int, value: float = 1) -> DataVisualizationBlock:
        segments = [Segment(label=f"s{i}", value=value) for i in range(n)]
        return DataVisualizationBlock(title="t", chart=PieChart(segments=segments))

    pie(charts.MAX_SEGMENTS).to_dict()
    with pytest.raises(SlackObjectFormationError, match="slices"):
        pie(charts.MAX_SEGMENTS + 1).to_dict()
    with pytest.raises(SlackObjectFormationError, match="above zero"):
        pie(1, value=0).to_dict()
    label = "x" * (charts.MAX_LABEL + 1)
    with pytest.raises(SlackObjectFormationError, match="label"):
        DataVisualizationBlock(
            title="t", chart=PieChart(segments=[Segment(label=label, value=1)])
        ).to_dict()


@pytest.mark.parametrize("value", [math.nan, math.inf, True])
def test_a_value_is_a_finite_number(value: Any) -> None:
    with pytest.raises(SlackObjectFormationError, match="finite"):
        _line(series=[Series("s", [1, value, 3])]).to_dict()


def test_series_names_are_distinct_and_points_follow_the_axis() -> None:
    with pytest.raises(SlackObjectFormationError, match="distinct names"):
        _line(series=[Series("s", [1, 2, 3]), Series("s", [3, 2, 1])]).to_dict()
    shuffled = XYChart(
        type=ChartType.BAR,
        series=[DataSeries(name="s", data=[DataPoint(label="b", value=1)])],
        axis_config=AxisConfig(categories=["a"]),
    )
    with pytest.raises(SlackObjectFormationError, match="one value per category"):
        DataVisualizationBlock(title="t", chart=shuffled).to_dict()
    with pytest.raises(SlackObjectFormationError, match="distinct categories"):
        _line(categories=["a", "a", "b"]).to_dict()
    with pytest.raises(ValueError, match="3 categories"):
        _line(series=[Series("s", [1, 2])])


def test_a_message_holds_two_charts_at_most() -> None:
    SlackMessage(text="two", blocks=(_line(), _line())).to_dict()
    with pytest.raises(SlackObjectFormationError, match="data_visualization"):
        SlackMessage(text="three", blocks=(_line(), _line(), _line())).to_dict()


def test_fits_chart_and_labels() -> None:
    assert fits_chart(charts.MAX_POINTS, charts.MAX_SERIES)
    assert not fits_chart(charts.MAX_POINTS + 1)
    assert not fits_chart(1, charts.MAX_SERIES + 1)
    assert not fits_chart(0)
    assert chart_label("order_confirmation_v2_extra") == "order_confirmation_…"
    assert len(chart_label("x" * 100)) == charts.MAX_LABEL
    assert chart_label("  short \n name ") == "short name"
