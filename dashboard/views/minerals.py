"""Minerals: world map and producers, mine vs refinery concentration with the bottleneck, the trend to
2029 with events, reserves vs production, imports and end uses, for one of the selected minerals."""

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

left, right = st.columns([3, 2])
with left:
    ui.show_chart(ui.cached_chart(ds, "map_chart", mineral, filters.stage, filters.year), key=f"{mineral}_map")
with right:
    ui.show_chart(ui.cached_chart(ds, "production_chart", mineral, filters.stage, filters.year, partners),
                  key=f"{mineral}_producers")

st.subheader("Mine vs refinery: where concentration bites")
left, right = st.columns(2)
with left:
    ui.show_chart(ui.cached_chart(ds, "stage_chart", mineral, filters.year, partners), key=f"{mineral}_stage_hhi")
with right:
    ui.show_chart(ui.cached_chart(ds, "share_chart", mineral, filters.year, partners, partner_label),
                  key=f"{mineral}_stage_share")

st.subheader("Trend to 2029, with policy events")
with st.spinner("Computing the trend…"):
    trend = ui.cached_chart(ds, "trend", mineral)
ui.show_chart(trend, key=f"{mineral}_trend")
events = metrics.events_by_year(ds.events, mineral)
with st.expander(f"The {len(events)} events on this chart"):
    ui.show_table(events[["date", "kind", "title", "countries", "source_id"]], key=f"{mineral}_events",
                  source=ui.source_line(ds, events["source_id"]), file_name=f"{mineral}_events.csv")

st.subheader("Reserves vs production")
rvp = ui.cached_metric(ds, "reserves_vs_production", mineral, filters.year)
ui.show_chart(ui.cached_chart(ds, "reserves_chart", mineral, filters.year), key=f"{mineral}_rvp")
st.caption(f"Reserve concentration: HHI {ui.fmt_hhi(rvp.reserves.hhi, rvp.reserves.hhi_band)}; "
           f"production: HHI {ui.fmt_hhi(rvp.production.hhi, rvp.production.hhi_band)}.")

st.subheader("Imports: the US and India")
left, right = st.columns(2)
with left:
    ui.show_chart(ui.cached_chart(ds, "import_reliance_chart", mineral), key=f"{mineral}_reliance")
with right:
    ui.show_chart(ui.cached_chart(ds, "import_sources_chart", mineral, partners), key=f"{mineral}_import_sources")

st.subheader("What it is used for")
ui.show_chart(ui.cached_chart(ds, "end_use_chart", mineral), key=f"{mineral}_end_uses")
uses = metrics.end_uses_of(ds.end_uses, mineral)
named = uses[uses["share_pct"].isna()]
if not named.empty:
    st.caption("Applications named without shares: " + ", ".join(sorted(set(named["end_use"]))) + ". "
               + ui.source_line(ds, named["source_id"]))
