"""Minerals: producers and the world map, mine vs refinery concentration with the bottleneck, the trend to
2029 with events, reserves vs production, imports and end uses, for one of the selected minerals.

Sections are lazy tabs: only the open one is computed and drawn, so a filter change redraws two or three
charts, not nine.
"""

from __future__ import annotations

import streamlit as st

from dashboard import metrics, ui
from dashboard.text import md

ds = ui.datasets()
chosen = ui.selection()

st.title("Minerals")
ui.show_notes(chosen)
mineral = ui.mineral_picker(chosen, key="minerals_view")
if mineral is None:
    st.stop()

SECTIONS = ["Producers", "Mine vs refinery", "Trend to 2029", "Reserves vs production", "Imports", "End uses",
            "Prices"]
producers, stages, trend_tab, reserves, imports, uses_tab, prices_tab = st.tabs(SECTIONS, key="minerals_sections",
                                                                                on_change="rerun")


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
        events = metrics.events_by_year(ds.events, mineral)
        with st.expander(f"The {len(events)} events on this chart"):
            ui.show_table(events[["date", "kind", "title", "countries", "source_id"]], key=f"{mineral}_events",
                          source=ui.source_line(ds, events["source_id"]), file_name=f"{mineral}_events.csv")

if reserves.open:
    with reserves:
        rvp = ui.cached(ds, ("reserves_vs_production", mineral, chosen.year),
                        lambda: metrics.reserves_vs_production(ds, mineral, chosen.year))
        show("reserves")
        st.caption(f"Reserve concentration: HHI {ui.fmt_hhi(rvp.reserves.hhi, rvp.reserves.hhi_band)}; "
                   f"production: HHI {ui.fmt_hhi(rvp.production.hhi, rvp.production.hhi_band)}.")

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
