"""Partners: a country profile: its share of production, reserves and refining per mineral, the
initiatives it belongs to, the events involving it, and what the US and India import from it."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, ui
from dashboard.countries import name_of
from dashboard.filters import MINERAL_NAMES

ds = ui.datasets()
filters = st.session_state["filters"]
options = ui.choices(ds, str(ds.root))

st.title("Partners")
ui.show_notes(filters)
if filters.partner:
    country = filters.partner
    st.caption("Showing the partner country chosen in the sidebar.")
else:
    country = st.selectbox("Country profile", options.countries, index=options.countries.index("IND"),
                           format_func=name_of, key="profile_country",
                           help="Or choose a partner country in the sidebar to carry it across pages.")
st.header(f"{name_of(country)} ({country})")

rows = []
sources: list[str] = []
for mineral in filters.minerals:
    by_stage = ui.cached_metric(ds, "concern_share_by_stage", mineral, country, filters.year)
    for _, row in by_stage.iterrows():
        rows.append({"mineral": MINERAL_NAMES[mineral], "stage": row["stage"],
                     "year": row["year"], "edition": row["edition"], "share_pct": row["share_pct"],
                     "why no data": row["reason"] if isinstance(row["reason"], str) else ""})
        sources += [s for s in str(row["source_ids"]).split(";") if s]
profile = pd.DataFrame(rows)
chart_rows = profile[profile["share_pct"].notna()] if not profile.empty else profile
if chart_rows.empty:
    ui.show_chart(charts.empty_chart(f"{country}_profile", f"{name_of(country)}: share of world supply (%)",
                                     "the sources list no figure for this country in the selected minerals",
                                     ui.source_line(ds, sources)), key="profile_chart")
else:
    fig = go.Figure()
    for stage, colour in (("mine", charts.BLUE), ("refinery", charts.ORANGE), ("reserves", charts.GREEN)):
        part = chart_rows[chart_rows["stage"] == stage]
        fig.add_bar(x=part["mineral"], y=part["share_pct"], name=stage, marker_color=colour,
                    text=[ui.fmt_pct(v) for v in part["share_pct"]], textposition="outside", cliponaxis=False)
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="share of world, %", ticksuffix=" %", rangemode="tozero")
    charts.finish(fig, f"{name_of(country)}: share of world mine production, refining and reserves (%)",
                  ui.source_line(ds, sources), "Missing bars: the source gives no figure (see the table below).")
    ui.show_chart(charts.Chart(f"{country}_profile", "profile", fig, profile, tuple(sources)), key="profile_chart")
ui.show_table(profile, key="profile", source=ui.source_line(ds, sources), file_name=f"{country}_profile.csv",
              column_config={"share_pct": st.column_config.NumberColumn("share, %", format="%.1f")})

st.subheader("Initiatives it belongs to")
members = ds.initiative_members[ds.initiative_members["country_iso3"] == country]
joined = members.merge(ds.initiatives[["initiative_id", "name", "kind", "status", "start_date", "end_date"]],
                       on="initiative_id", how="left")
joined = joined[["name", "kind", "status", "role", "join_date", "start_date", "end_date", "source_id"]]
ui.show_table(joined.sort_values("start_date"), key="memberships", source=ui.source_line(ds, joined["source_id"]),
              file_name=f"{country}_initiatives.csv")

st.subheader("Events involving it")
involved = ds.events[[country in str(c).split(";") for c in ds.events["countries"]]]
ui.show_table(involved[["date", "kind", "title", "minerals", "source_id"]].sort_values("date", ascending=False),
              key="events", source=ui.source_line(ds, involved["source_id"]), file_name=f"{country}_events.csv")

st.subheader("What the US and India import from it")
imports = ds.import_sources[(ds.import_sources["partner_iso3"] == country)
                            & ds.import_sources["mineral"].isin(filters.minerals)]
ui.show_table(imports[["importer_iso3", "mineral", "product", "period", "share_pct", "rank", "edition", "source_id"]],
              key="imports", source=ui.source_line(ds, imports["source_id"]), file_name=f"{country}_imports.csv")
if imports.empty:
    st.caption(f"Neither the USGS (US, 2021-24) nor the Indian sources we hold name {name_of(country)} as an import "
               "source for the selected minerals; it may be inside 'other countries'.")
