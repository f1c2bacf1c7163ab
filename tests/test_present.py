"""Tables for people: headers with units, rounded numbers, "no data" never "None" or "nan", short
citations; CSVs at full precision with human headers, a header block and no formula anywhere."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd

from dashboard import citations, export, filters, metrics, present
from dashboard.charts import REGISTRY, chart_for


def test_a_metric_table_gets_headers_with_units_names_and_short_citations(ds):
    profile = metrics.stage_profile(ds, "cobalt", partners=frozenset({"IDN"}))
    people = present.table(profile, ds.sources, labels={"partner_share_pct": "Indonesia, % of world"})
    headers = list(people.shown.columns)
    assert "HHI (0-10,000)" in headers and "largest supplier, % of world" in headers
    assert "Indonesia, % of world" in headers and "China, % of world" in headers
    assert not [h for h in headers if re.search(r"[a-z]_[a-z]", h)]  # no snake_case header
    assert "DR Congo" in list(people.shown["largest supplier"])
    citation = citations.short_citation(ds.sources, str(profile["source_ids"].iloc[0]).split(";")[0])
    assert any(citation in str(cell) for cell in people.shown["sources"])


def test_numbers_are_rounded_on_screen_but_stay_numbers_and_notes_are_never_no_data():
    frame = pd.DataFrame({"stage": ["mine", "refinery"], "share_pct": [65.04999, None],
                          "hhi": [4049.6, float("nan")], "reason": [None, "the source gives no figure"],
                          "end_date": [pd.NaT, pd.Timestamp("2026-02-04")]})
    people = present.table(frame)
    shown = people.shown
    assert shown["share, %"].iloc[0] == 65.0 and shown["HHI (0-10,000)"].iloc[0] == 4050.0  # sortable numbers
    assert people.formats == {"share, %": "%.1f", "HHI (0-10,000)": "localized"}
    # a missing figure stays missing: the grid writes its placeholder, "no data"
    assert shown["share, %"].isna().iloc[1] and present.NO_DATA == "no data"
    # a reason with nothing to say and an initiative not ended are empty, not "no data"
    assert list(shown["why no data"]) == ["", "the source gives no figure"]
    assert list(shown["ended"]) == ["", "2026-02-04"]
    assert people.csv["share, %"].iloc[0] == 65.04999  # the CSV keeps full precision


def test_the_csv_keeps_full_precision_codes_and_ids_under_human_headers(ds):
    frame = pd.DataFrame({"country_iso3": ["COD", "OTH"], "share_pct": [74.19354838709677, None],
                          "source_id": ["usgs_mcs2026_commodities", "usgs_mcs2026_commodities"]})
    people = present.table(frame, ds.sources)
    assert list(people.csv.columns) == ["country", "country (ISO3 code)", "share, %",
                                        "source (ids, cited in full above)"]
    text = export.safe_csv(people.csv).decode()
    assert "74.19354838709677" in text and "COD" in text and "DR Congo" in text


def test_a_csv_download_starts_with_a_header_block_pandas_can_skip(ds):
    selection = filters.resolve(ds, filters.Filters(minerals=("cobalt",), partner="IND"))
    context = export.make_context(selection, {"cobalt": "Cobalt"}, page="minerals", today=dt.date(2026, 2, 4))
    chart = chart_for(ds, "concentration", selection, "cobalt")
    people = present.table(chart.rows, ds.sources)
    preamble = export.table_preamble(chart.title, context, citations.citations(ds.sources, people.source_ids))
    text = export.safe_csv(people.csv, preamble).decode()
    lines = text.splitlines()
    assert lines[0] == f"# {chart.title}"
    assert "# Filters: Minerals: Cobalt · Partner: India · Year: latest · Stage: mine" in lines
    assert "# Exported: 2026-02-04" in lines and any(line.startswith("# View: http") for line in lines)
    first_id = people.source_ids[0]
    assert any(line.startswith(f"# [{first_id}] ") for line in lines)  # every source in full
    back = pd.read_csv(io.StringIO(text), comment="#")
    assert len(back) == len(chart.rows) and "HHI (0-10,000)" in back.columns


def test_headers_and_header_lines_are_neutralised_for_spreadsheets():
    frame = pd.DataFrame({"=cmd|' /C calc'!A0": ["@SUM(1)"], "share_pct": [-1.5]})
    text = export.safe_csv(frame, ["Filters: a, =HYPERLINK(\"http://x\"), +1\nnext"]).decode()
    lines = text.splitlines()
    assert lines[0] == "# Filters: a, '=HYPERLINK(\"http://x\"), '+1 next"
    header = lines[1]
    assert header.startswith("'=cmd") and header.endswith(",share_pct")
    assert lines[2] == "'@SUM(1),-1.5"  # numbers stay numbers


def test_every_column_a_registered_chart_downloads_has_a_readable_header(ds):
    selection = filters.resolve(ds, filters.Filters(partner="IND"))
    for chart_id in REGISTRY:
        chart = chart_for(ds, chart_id, selection, "lithium")
        people = present.table(chart.rows, ds.sources)
        snake = [c for c in people.csv.columns if re.search(r"[a-z0-9]_[a-z]", str(c))]
        assert not snake, (chart_id, snake)


def test_the_four_mission_minerals_have_two_sourced_measures_for_every_theme(ds):
    """With the data package as shipped: every theme says something sourced about each default mineral."""
    for theme_id in metrics.THEME_SPECS:
        for mineral in ds.vocabulary.default_minerals:
            given = [measure for measure, value in metrics.theme_measures(ds, theme_id, mineral)
                     if value is not None and not value.empty and citations.ids_in(value)]
            assert len(given) >= 2, (theme_id, mineral, [g.measure_id for g in given])
