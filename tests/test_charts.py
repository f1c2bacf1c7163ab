"""Charts are built from data with titles, units and derived source lines; CSVs are spreadsheet-safe."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from dashboard import charts, citations, filters, metrics
from dashboard.charts import events as events_chart
from dashboard.charts import figures, style
from dashboard.export import safe_csv


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


def test_the_screen_draws_the_title_above_the_figure_and_keeps_room_for_the_toolbar_over_the_legend(ds):
    selection = filters.resolve(ds, filters.Filters(minerals=("cobalt",), partner="IDN"))
    chart = charts.chart_for(ds, "partner_share", selection, "cobalt")
    assert charts.chart_heading(chart.figure) == (chart.title, chart.figure.layout.meta["subtitle"])
    screen = charts.screen_figure(chart.figure)
    assert not screen.layout.title.text and chart.figure.layout.title.text  # the export keeps its title
    legend_lines = sum(1 for t in screen.data if t.showlegend is not False)
    assert legend_lines == 3  # China, Indonesia, the 65 % line
    assert screen.layout.margin.t == style.TOOLBAR_ROOM + style.LEGEND_LINE * legend_lines + 6
    assert screen.layout.legend.orientation == "v"
    # the plot area is as tall on screen as in the export
    assert screen.layout.height - screen.layout.margin.t == chart.figure.layout.height - chart.figure.layout.margin.t


@pytest.mark.parametrize("chart_id", ["partner_share", "concentration"])
def test_reference_lines_are_explained_in_the_legend_not_labelled_over_the_bars(ds, chart_id):
    selection = filters.resolve(ds, filters.Filters(partner="IDN"))
    for mineral in ds.vocabulary.mineral_ids:
        chart = charts.chart_for(ds, chart_id, selection, mineral)
        if chart.empty:
            continue
        assert not chart.figure.layout.annotations  # no label on the plot that could cover a bar's value
        lines = [s for s in chart.figure.layout.shapes if s.type == "line"]
        assert lines and all(s.layer == "below" for s in lines)
        keyed = [t.name for t in chart.figure.data if t.type == "scatter" and t.mode == "lines" and t.x == (None,)]
        assert len(keyed) == len(lines)


def test_the_producers_chart_has_a_legend_for_its_colours(ds):
    selection = filters.resolve(ds, filters.Filters(minerals=("cobalt",), partner="IDN"))
    chart = charts.chart_for(ds, "production", selection, "cobalt")
    names = [t.name for t in chart.figure.data if t.showlegend is not False]
    assert names == ["China", "Indonesia", "other listed countries", "other countries (not itemised)"]
    colours = {t.name: t.marker.color for t in chart.figure.data if t.name in names}
    bars = chart.figure.data[0]
    by_country = dict(zip(bars.y, bars.marker.color, strict=True))
    assert by_country["China"] == colours["China"] and by_country["Indonesia"] == colours["Indonesia"]


def test_events_are_grouped_by_year_and_kind_and_numbered_with_a_key_for_exports(ds):
    chart = charts.chart_for(ds, "trend", filters.resolve(ds, filters.Filters()), "lithium")
    events = metrics.events_by_year(ds.events, "lithium")
    grouped = events_chart.group_events(events)
    groups = grouped.groupby(["year", "kind"]).ngroups
    assert grouped["group"].nunique() == groups < len(events)
    strip = [t for t in chart.figure.data if t.yaxis == "y3"]
    assert sum(len(t.x) for t in strip) == groups  # one marker per group, not one line per event
    assert sorted(int(n) for t in strip for n in t.text) == list(range(1, groups + 1))
    assert not chart.figure.layout.shapes  # no vertical line per event
    key = [a for a in chart.figure.layout.annotations if a.name == style.EXPORT_ONLY]
    assert len(key) == 1 and all(f"<b>{n}</b>" in key[0].text for n in range(1, groups + 1))
    screen = charts.screen_figure(chart.figure)
    assert not [a for a in screen.layout.annotations if a.name == style.EXPORT_ONLY]
    assert screen.layout.margin.r < chart.figure.layout.margin.r  # the key's room is not kept on screen


def test_the_landing_chart_shows_china_and_the_partner_for_every_mineral_and_stage_with_years(ds):
    selection = filters.resolve(ds, filters.Filters(partner="IND"))
    chart = charts.chart_for(ds, "china_grip", selection, selection.minerals[0])
    heatmap = chart.figure.data[0]
    rows = [y.replace("<br>", " ") for y in heatmap.y]  # names wrap to fit a phone
    assert rows == [ds.vocabulary.mineral_name(m) for m in selection.minerals]
    assert list(heatmap.x) == ["Mine", "Refinery", "Reserves"]
    profile = metrics.stage_profile(ds, "rare_earths", partners=frozenset({"IND"}))
    mine = profile[profile["stage"] == "mine"].iloc[0]
    cell = heatmap.text[rows.index("Rare earths")][0]
    assert f"China {mine['concern_share_pct']:.0f} %" in cell and f"({int(mine['year'])})" in cell
    assert "India" in cell
    assert chart.key_number.startswith("China's largest share is in ")
    assert charts.REGISTRY["china_grip"].in_pack is False


def test_the_landing_key_number_prints_a_bound_as_the_source_gives_it(ds):
    profile = metrics.stage_profile(ds, "cobalt")
    bounds = profile[profile["concern_qualifier"] == ">"]
    assert not bounds.empty  # cobalt refining is published as a bound ('more than ...')
    top = profile.sort_values("concern_share_pct", ascending=False).iloc[0]
    assert top["concern_qualifier"] == ">"
    selection = filters.resolve(ds, filters.Filters(minerals=("cobalt",)))
    chart = charts.chart_for(ds, "china_grip", selection, "cobalt")
    assert f": >{top['concern_share_pct']:g} % ({int(top['year'])})" in chart.key_number
    assert ".0 %" not in chart.key_number  # across minerals: not repeated per mineral in packs
