"""Minerals: world map and producers, mine vs refinery concentration with the bottleneck, the trend to
2029 with events, reserves vs production, end uses."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, metrics, ui
from dashboard.filters import MINERAL_NAMES

ds = ui.datasets()
filters = st.session_state["filters"]
partners = ui.partners_of(ds, filters)
partner_label = ui.partner_name(ds, filters)
STAGE_WORDS = {"mine": "mine production", "refinery": "refined output", "reserves": "reserves"}

st.title("Minerals")
ui.show_notes(filters)

for mineral, tab in ui.mineral_tabs(filters):
    name = MINERAL_NAMES[mineral]
    with tab:
        shares = metrics.stage_shares(ds, mineral, filters.stage, filters.year)
        line = ui.source_line(ds, shares.source_ids)
        when = f"{shares.year}" if shares.year else "no year"
        what = STAGE_WORDS[filters.stage]
        unit = "t of contained content" if shares.unit == "t" else shares.unit
        if not shares.has_shares:
            ui.show_chart(charts.empty_chart(f"{mineral}_map", f"{name}: {what} by country", shares.reason or "no data",
                                             line), key=f"{mineral}_map")
        else:
            left, right = st.columns([3, 2])
            with left:
                ui.show_chart(charts.world_map(
                    shares.table, chart_id=f"{mineral}_{filters.stage}_map",
                    title=f"{name}: share of world {what}, {when} (%)", source_line=line,
                    source_ids=shares.source_ids), key=f"{mineral}_map")
            with right:
                if shares.basis == metrics.supply.BASIS_PUBLISHED_SHARES:
                    chart = charts.producers_bar(
                        shares.table, chart_id=f"{mineral}_{filters.stage}_shares", value_column="share_pct",
                        title=f"{name}: share of world {what}, {when} (%)", source_line=line,
                        source_ids=shares.source_ids, unit_label="% of world", partners=partners or (),
                        subtitle=f"Published shares ({shares.product or 'refined output'})")
                else:
                    chart = charts.producers_bar(
                        shares.table, chart_id=f"{mineral}_{filters.stage}_producers",
                        title=f"{name}: {what} by country, {when} (t)", source_line=line,
                        source_ids=shares.source_ids, unit_label="t", partners=partners or (),
                        subtitle=f"{shares.edition}; world total {ui.fmt_t(shares.world_total)}")
                ui.show_chart(chart, key=f"{mineral}_producers")
        for note in shares.notes:
            st.caption(note)

        st.subheader("Mine vs refinery: where concentration bites")
        profile = metrics.stage_profile(ds, mineral, filters.year, partners=partners)
        bottleneck = metrics.bottleneck_stage(ds, mineral, filters.year)
        profile_sources = [s for ids in profile["source_ids"] for s in str(ids).split(";") if s]
        left, right = st.columns(2)
        with left:
            ui.show_chart(charts.stage_concentration(
                profile, chart_id=f"{mineral}_stage_hhi", title=f"{name}: concentration by stage (HHI, 0-10,000)",
                source_line=ui.source_line(ds, profile_sources), source_ids=profile_sources,
                bottleneck=bottleneck["stage"]), key=f"{mineral}_stage_hhi")
        with right:
            ui.show_chart(charts.share_by_stage(
                profile, chart_id=f"{mineral}_stage_share", title=f"{name}: China's share by stage (%)"
                + (f" vs {partner_label}" if partner_label else ""),
                source_line=ui.source_line(ds, profile_sources), source_ids=profile_sources,
                partner_label=partner_label), key=f"{mineral}_stage_share")

        st.subheader("Trend to 2029, with policy events")
        with st.spinner("Computing the trend…"):
            trend = metrics.concentration_trend(ds, mineral, "mine")
        events = metrics.events_by_year(ds.events, mineral)
        trend_sources = [s for ids in trend.get("source_ids", []) for s in str(ids).split(";") if s]
        trend_sources += list(events["source_id"])
        ui.show_chart(charts.trend_chart(
            trend, events, chart_id=f"{mineral}_trend",
            title=f"{name}: mine concentration (HHI) and world output, with events",
            source_line=ui.source_line(ds, trend_sources), source_ids=trend_sources), key=f"{mineral}_trend")
        with st.expander("Events on this chart"):
            ui.show_table(events[["date", "kind", "title", "countries", "source_id"]], key=f"{mineral}_events",
                          source=ui.source_line(ds, events["source_id"]), file_name=f"{mineral}_events.csv")

        st.subheader("Reserves vs production")
        rvp = metrics.reserves_vs_production(ds, mineral, filters.year)
        ui.show_chart(charts.reserves_vs_production_chart(
            rvp.table, chart_id=f"{mineral}_reserves_vs_production",
            title=f"{name}: share of world reserves vs mine production, {rvp.year} (%)",
            source_line=ui.source_line(ds, rvp.source_ids), source_ids=rvp.source_ids), key=f"{mineral}_rvp")
        st.caption(f"Reserve concentration: HHI {ui.fmt_hhi(rvp.reserves.hhi, rvp.reserves.hhi_band)}; "
                   f"production: HHI {ui.fmt_hhi(rvp.production.hhi, rvp.production.hhi_band)}. "
                   f"World reserve life at this year's output: "
                   + (f"{rvp.world_reserve_life_years:,.0f} years." if rvp.world_reserve_life_years else "no data."))

        st.subheader("What it is used for")
        uses = metrics.end_uses_of(ds.end_uses, mineral)
        ui.show_chart(charts.end_uses_chart(
            uses, chart_id=f"{mineral}_end_uses", title=f"{name}: end uses (% of consumption)",
            source_line=ui.source_line(ds, uses["source_id"]), source_ids=tuple(uses["source_id"])),
            key=f"{mineral}_end_uses")
        named = uses[uses["share_pct"].isna()]
        if not named.empty:
            st.caption("Applications named without shares: " + ", ".join(sorted(set(named["end_use"]))) + ". "
                       + ui.source_line(ds, named["source_id"]))
