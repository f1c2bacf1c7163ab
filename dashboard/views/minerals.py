"""Minerals: producers and the world map, mine vs refinery concentration with the bottleneck, the trend to
2029 with events, reserves vs production, imports, end uses and prices, for one of the selected minerals.
The mineral shown and the open section are in the URL (``focus``, ``tab``).

Sections are lazy tabs: only the open one is computed and drawn, so a filter change redraws two or three
charts, not nine.
"""

from __future__ import annotations

import streamlit as st

from dashboard import metrics, page_state, present, ui
from dashboard.charts.events import group_events, kind_words
from dashboard.text import md

ds = ui.datasets()
chosen = ui.selection()

#: The sections (tabs), by the id a link uses.
SECTIONS = {"producers": "Producers", "mine-vs-refinery": "Mine vs refinery", "trend": "Trend to 2029",
            "reserves": "Reserves vs production", "imports": "Imports", "end-uses": "End uses", "prices": "Prices"}
PARAMS = (ui.focus_param(chosen), page_state.Choice("tab", "section", SECTIONS))

st.title("Minerals")
ui.show_notes(chosen)
values = ui.page_values("minerals", PARAMS, named=("tab",))
mineral = ui.mineral_picker(chosen, "minerals")
if mineral is None:
    st.stop()
name = ds.vocabulary.mineral_name(mineral)

producers, stages, trend_tab, reserves, imports, uses_tab, prices_tab = st.tabs(
    list(SECTIONS.values()), key=ui.widget_key("minerals", "tab"), on_change="rerun")
ui.keep_page_state(PARAMS, {**values, "focus": mineral})


def show(chart_id: str) -> None:
    ui.show_registered(ds, chart_id, chosen, mineral, key=f"{mineral}_{chart_id}")


if producers.open:
    with producers:
        left, right = st.columns([3, 2])
        with left:
            show("map")
        with right:
            show("production")

if stages.open:
    with stages:
        st.markdown("**Where concentration bites.** The bottleneck stage is the supply stage with the highest HHI.")
        left, right = st.columns(2)
        with left:
            show("concentration")
        with right:
            show("partner_share")

if trend_tab.open:
    with trend_tab:
        with st.spinner("Computing the trend…"):
            show("trend")
        events = group_events(metrics.events_by_year(ds.events, mineral))
        with st.expander(f"The {len(events)} events on this chart, numbered as on the strip"):
            ui.show_table(events[["group", "date", "kind", "title", "countries", "source_id"]]
                          .assign(kind=events["kind"].map(kind_words)),
                          key=f"{mineral}_events", source=ui.source_line(ds, events["source_id"]),
                          file_name=f"{mineral}_events.csv", title=f"{name}: policy events on the trend chart",
                          labels={"group": "number on the strip"})

if reserves.open:
    with reserves:
        rvp = ui.cached(ds, ("reserves_vs_production", mineral, chosen.year),
                        lambda: metrics.reserves_vs_production(ds, mineral, chosen.year))
        show("reserves")
        st.caption(md(f"Reserve concentration: HHI {present.hhi(rvp.reserves.hhi)} "
                   f"({rvp.reserves.hhi_band or 'no band'}); production: HHI {present.hhi(rvp.production.hhi)} "
                   f"({rvp.production.hhi_band or 'no band'})."))

if imports.open:
    with imports:
        left, right = st.columns(2)
        with left:
            show("import_reliance")
        with right:
            show("import_sources")

if uses_tab.open:
    with uses_tab:
        show("end_uses")
        uses = metrics.end_uses_of(ds.end_uses, mineral)
        named = uses[uses["share_pct"].isna()]
        if not named.empty:
            st.caption(md("Applications named without shares: " + ", ".join(sorted(set(named["end_use"]))) + ". "
                          + ui.source_line(ds, named["source_id"])))

if prices_tab.open:
    with prices_tab:
        show("prices")
