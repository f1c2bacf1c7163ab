"""Charts are built from data with titles, units and derived source lines; CSVs are spreadsheet-safe."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from dashboard import charts, citations, data, filters, metrics
from dashboard.charts import figures
from dashboard.export import safe_csv


@pytest.fixture(scope="module")
def ds() -> data.Datasets:
    return data.load()


def annotations(chart: charts.Chart) -> list[str]:
    return [a.text for a in chart.figure.layout.annotations]


def test_a_producers_chart_has_title_units_source_and_marks_no_data(ds):
    shares = metrics.stage_shares(ds, "lithium", "mine", 2025)
    line = citations.source_line(ds.sources, shares.source_ids)
    chart = figures.producers_bar(shares.table, chart_id="x", title="Lithium mine production, 2025 (t)",
                                 source_line=line, source_ids=shares.source_ids, unit_label="t")
    layout = chart.figure.layout
    assert "Lithium mine production, 2025 (t)" in layout.title.text
    assert layout.xaxis.title.text == "t"
    assert chart.source_line.startswith("Source: USGS, Mineral Commodity Summaries 2026 Data Release (MCS 2026)")
    assert not any("Source" in str(a) for a in annotations(chart))  # the figure itself carries no source line
    # the US figure is withheld: it is named as 'no data', not drawn as a zero-length bar
    assert "United States" not in list(chart.figure.data[0].y)
    assert "No data: United States (withheld" in layout.title.text
    assert chart.key_number.startswith("Australia is the largest producer with 92,000 t")
    assert "#000001" not in json.dumps(chart.figure.to_plotly_json(), default=str)


def test_an_empty_selection_says_no_data_instead_of_drawing_zeros():
    chart = figures.producers_bar(pd.DataFrame(columns=["country_iso3", "value", "share_pct"]), chart_id="x",
                                 title="t", source_line="Source: none", source_ids=(), unit_label="t")
    assert chart.empty and chart.figure.data == ()
    assert any("No data" in a for a in annotations(chart))
    assert chart.notes == ("the source lists no country for this selection",)


def test_the_world_map_does_not_fit_to_the_data_and_uses_iso3(ds):
    shares = metrics.stage_shares(ds, "cobalt", "mine", 2025)
    chart = figures.world_map(shares.table, chart_id="m", title="Cobalt", source_line="Source: x",
                             source_ids=shares.source_ids)
    geo = chart.figure.layout.geo
    assert geo.fitbounds is False and geo.projection.type == "natural earth"
    trace = chart.figure.data[0]
    assert trace.locationmode == "ISO-3" and "COD" in list(trace.locations) and "OTH" not in list(trace.locations)
    # a fixed 0-100 % scale: one listed country is not stretched over the whole colour range
    assert (trace.zmin, trace.zmax) == (0, 100)


def test_every_registered_chart_gives_title_source_line_and_rows_for_every_mineral(ds):
    selection = filters.resolve(ds, filters.Filters(partner="IND"))
    for chart_id in charts.REGISTRY:
        for mineral in ds.vocabulary.mineral_ids:
            chart = charts.chart_for(ds, chart_id, selection, mineral)
            assert chart.title and chart.source_line.startswith("Source"), (chart_id, mineral)
            assert chart.empty or not chart.rows.empty, (chart_id, mineral)
            assert chart.empty == bool(chart.notes) or not chart.empty
            assert "#000001" not in json.dumps(chart.figure.to_plotly_json(), default=str)


def test_a_chart_is_built_once_for_what_it_depends_on(ds):
    mine = filters.resolve(ds, filters.Filters(minerals=("cobalt",), stage="mine"))
    refinery = filters.resolve(ds, filters.Filters(minerals=("cobalt",), stage="refinery"))
    # the trend does not depend on the stage: the same object for both selections
    assert charts.chart_for(ds, "trend", mine, "cobalt") is charts.chart_for(ds, "trend", refinery, "cobalt")
    # the producers chart does
    assert charts.chart_for(ds, "production", mine, "cobalt").title != \
        charts.chart_for(ds, "production", refinery, "cobalt").title


def test_charts_are_frozen(ds):
    chart = charts.chart_for(ds, "trend", filters.resolve(ds, filters.Filters()), "lithium")
    with pytest.raises(AttributeError):
        chart.title = "changed"  # type: ignore[misc]


def test_source_lines_are_derived_and_capped_with_a_count(ds):
    ids = list(ds.sources["source_id"][:7])
    line = citations.source_line(ds.sources, ids)
    assert line.startswith("Sources: ") and line.endswith("and 3 more (listed in the data download and on the "
                                                           "Sources page)")
    assert citations.source_line(ds.sources, ids, max_items=None).count(";") == 6


def test_secondary_sources_are_marked_in_the_source_line(ds):
    secondary = ds.sources[ds.sources["kind"] == "secondary"]["source_id"].iloc[0]
    assert citations.source_line(ds.sources, [secondary]).endswith("[secondary]")


def test_csv_downloads_neutralise_formulas_and_keep_numbers_numbers():
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "+1", "-cmd", "@SUM(A1)", "plain"],
                          "share_pct": [1.5, -2.0, 3.0, 4.0, 5.0]})
    text = safe_csv(frame).decode("utf-8")
    back = pd.read_csv(io.StringIO(text))
    assert list(back["name"]) == ["'=HYPERLINK(\"http://x\")", "'+1", "'-cmd", "'@SUM(A1)", "plain"]
    assert list(back["share_pct"]) == [1.5, -2.0, 3.0, 4.0, 5.0]
