"""Minerals: producers and the world map, mine vs refinery concentration with the bottleneck, the trend to
2029 with events, reserves vs production, imports and end uses, for one of the selected minerals.

Sections are lazy tabs: only the open one is computed and drawn, so a filter change redraws two or three
charts, not nine.
"""

from __future__ import annotations

import streamlit as st

from dashboard import metrics, ui

ds = ui.datasets()
filters = st.session_state["filters"]
partners = ui.partners_of(ds, filters)
partner_label = ui.partner_name(ds, filters)

st.title("Minerals")
ui.show_notes(filters)
mineral = ui.mineral_picker(filters, key="minerals_view")
if mineral is None:
    st.stop()

SECTIONS = ["Producers", "Mine vs refinery", "Trend to 2029", "Reserves vs production", "Imports", "End uses"]
producers, stages, trend_tab, reserves, imports, uses_tab = st.tabs(SECTIONS, key="minerals_sections",
                                                                    on_change="rerun")

if producers.open:
    with producers:
        left, right = st.columns([3, 2])
        with left:
            ui.show_chart(ui.cached_chart(ds, "map_chart", mineral, filters.stage, filters.year), key=f"{mineral}_map")
        with right:
            ui.show_chart(ui.cached_chart(ds, "production_chart", mineral, filters.stage, filters.year, partners),
                          key=f"{mineral}_producers")

if stages.open:
    with stages:
        st.markdown("**Where concentration bites.** The bottleneck stage is the supply stage with the highest HHI.")
        left, right = st.columns(2)
        with left:
            ui.show_chart(ui.cached_chart(ds, "stage_chart", mineral, filters.year, partners), key=f"{mineral}_stage_hhi")
        with right:
            ui.show_chart(ui.cached_chart(ds, "share_chart", mineral, filters.year, partners, partner_label),
                          key=f"{mineral}_stage_share")

if trend_tab.open:
    with trend_tab:
        with st.spinner("Computing the trend…"):
            trend = ui.cached_chart(ds, "trend", mineral)
        ui.show_chart(trend, key=f"{mineral}_trend")
        events = metrics.events_by_year(ds.events, mineral)
        with st.expander(f"The {len(events)} events on this chart"):
            ui.show_table(events[["date", "kind", "title", "countries", "source_id"]], key=f"{mineral}_events",
                          source=ui.source_line(ds, events["source_id"]), file_name=f"{mineral}_events.csv")

if reserves.open:
    with reserves:
        rvp = ui.cached_metric(ds, "reserves_vs_production", mineral, filters.year)
        ui.show_chart(ui.cached_chart(ds, "reserves_chart", mineral, filters.year), key=f"{mineral}_rvp")
        st.caption(f"Reserve concentration: HHI {ui.fmt_hhi(rvp.reserves.hhi, rvp.reserves.hhi_band)}; "
                   f"production: HHI {ui.fmt_hhi(rvp.production.hhi, rvp.production.hhi_band)}.")

if imports.open:
    with imports:
        left, right = st.columns(2)
        with left:
            ui.show_chart(ui.cached_chart(ds, "import_reliance_chart", mineral), key=f"{mineral}_reliance")
        with right:
            ui.show_chart(ui.cached_chart(ds, "import_sources_chart", mineral, partners),
                          key=f"{mineral}_import_sources")

if uses_tab.open:
    with uses_tab:
        ui.show_chart(ui.cached_chart(ds, "end_use_chart", mineral), key=f"{mineral}_end_uses")
        uses = metrics.end_uses_of(ds.end_uses, mineral)
        named = uses[uses["share_pct"].isna()]
        if not named.empty:
            st.caption("Applications named without shares: " + ", ".join(sorted(set(named["end_use"]))) + ". "
                       + ui.source_line(ds, named["source_id"]))
