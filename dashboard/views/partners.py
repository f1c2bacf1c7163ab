"""Partners: a country profile: its share of production, reserves and refining per mineral, the
initiatives it belongs to, the events involving it, and what the US and India import from it."""

from __future__ import annotations

import streamlit as st

from dashboard import filters, metrics, ui
from dashboard.charts import catalog
from dashboard.countries import name_of

ds = ui.datasets()
chosen = ui.selection()
options = filters.choices(ds)

st.title("Partners")
ui.show_notes(chosen)
if chosen.partner:
    country = chosen.partner
    st.caption("Showing the partner country chosen in the sidebar.")
else:
    country = st.selectbox("Country profile", options.countries, index=options.countries.index("IND"),
                           format_func=name_of, key="profile_country",
                           help="Or choose a partner country in the sidebar to carry it across pages.")
st.header(f"{name_of(country)} ({country})")

profile = ui.cached(ds, ("country_profile", country, chosen.minerals, chosen.year),
                    lambda: catalog.country_profile(ds, country, chosen.minerals, chosen.year))
ui.show_chart(profile, key="profile_chart")
ui.show_table(profile.rows, key="profile", source=profile.source_line, file_name=f"{country}_profile.csv",
              column_config={"share_pct": st.column_config.NumberColumn("share, %", format="%.1f")})

st.subheader("Initiatives it belongs to")
joined = metrics.memberships_of(ds, country)
ui.show_table(joined, key="memberships", source=ui.source_line(ds, joined["source_id"]),
              file_name=f"{country}_initiatives.csv")

st.subheader("Events involving it")
involved = metrics.events_involving(ds, country)
ui.show_table(involved, key="events", source=ui.source_line(ds, involved["source_id"]),
              file_name=f"{country}_events.csv")

st.subheader("What the US and India import from it")
imports = metrics.imported_from(ds, country, chosen.minerals)
ui.show_table(imports, key="imports", source=ui.source_line(ds, imports["source_id"]),
              file_name=f"{country}_imports.csv")
if imports.empty:
    st.caption(f"Neither the USGS (US, 2021-24) nor the Indian sources we hold name {name_of(country)} as an import "
               "source for the selected minerals; it may be inside 'other countries'.")
