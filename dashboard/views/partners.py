"""Partners: the bloc chosen in the sidebar (its members at the date, its share of world supply with the
member count, its initiatives and events), then a country profile: its share of production, reserves and
refining per mineral, the initiatives it belongs to, the events involving it, and what the US and India
import from it."""

from __future__ import annotations

import streamlit as st

from dashboard import filters, metrics, page_state, ui
from dashboard.charts import catalog
from dashboard.countries import name_of
from dashboard.text import md

ds = ui.datasets()
chosen = ui.selection()
options = filters.choices(ds)
default_country = chosen.partner or ("IND" if "IND" in options.countries else options.countries[0])
PARAMS = (page_state.Choice("profile", "country profile", {c: name_of(c) for c in options.countries},
                            default=default_country),)

st.title("Partners")
ui.show_notes(chosen)
if st.session_state.get("_partners_default") != default_country and not st.session_state.get("_url_outside"):
    st.session_state.pop(ui.widget_key("partners", "profile"), None)  # the sidebar partner changed: follow it
st.session_state["_partners_default"] = default_country
values = ui.page_values("partners", PARAMS)

if chosen.bloc and chosen.bloc != filters.CUSTOM:
    bloc, at = chosen.bloc, chosen.membership_date
    st.header(md(f"Bloc: {options.blocs[bloc]}"))
    st.caption(md(chosen.partner_note or ""))
    roster = ui.cached(ds, ("bloc_roster", bloc, at), lambda: metrics.bloc_members(ds, bloc, at))
    ui.show_table(roster, key="bloc_members",
                  source=ui.source_line(ds, roster["source_id"]), file_name=f"{bloc}_members.csv",
                  title=f"Members of {options.blocs[bloc]} at {at.isoformat()}")
    frame, members, sources = ui.cached(
        ds, ("bloc_share", bloc, at, chosen.minerals, chosen.year),
        lambda: metrics.bloc_share_table(ds, bloc, at, chosen.minerals, chosen.year))
    st.subheader("The bloc's share of world supply")
    st.caption(md(f"{chosen.partner_note} Members the source does not list are not counted (they may be inside "
               "'other countries'), so each share is a lower bound."))
    ui.show_table(frame, key="bloc_partner_share", source=ui.source_line(ds, sources),
                  file_name=f"{bloc}_share.csv", title=f"{options.blocs[bloc]}: share of world supply",
                  labels=ui.BLOC_LABELS)
    st.subheader("Its initiatives and events")
    related = ui.cached(ds, ("bloc_events", bloc), lambda: metrics.bloc_events(ds, bloc))
    ui.show_table(related, key="bloc_events", source=ui.source_line(ds, related["source_id"]),
                  file_name=f"{bloc}_events.csv", title=f"Events of {options.blocs[bloc]}",
                  empty=f"No event in the data names {options.blocs[bloc]}.")
    st.divider()

country = st.selectbox("Country profile", options.countries, format_func=name_of,
                       key=ui.widget_key("partners", "profile"),
                       help="Starts at the partner country chosen in the sidebar (India when none is).")
ui.keep_page_state(PARAMS, {**values, "profile": country})
st.header(md(f"{name_of(country)} ({country})"))

profile = ui.cached(ds, ("country_profile", country, chosen.minerals, chosen.year),
                    lambda: catalog.country_profile(ds, country, chosen.minerals, chosen.year))
ui.show_chart(profile, key="profile_chart")
ui.show_table(profile.rows, key="profile", source=profile.source_line,
              file_name=f"{country}_profile.csv", title=profile.title)

st.subheader("Initiatives it belongs to")
joined = metrics.memberships_of(ds, country)
ui.show_table(joined, key="memberships", source=ui.source_line(ds, joined["source_id"]),
              file_name=f"{country}_initiatives.csv", title=f"Initiatives {name_of(country)} belongs to",
              empty=f"The data records no initiative membership for {name_of(country)}.")

st.subheader("Events involving it")
involved = metrics.events_involving(ds, country)
ui.show_table(involved, key="events", source=ui.source_line(ds, involved["source_id"]),
              file_name=f"{country}_events.csv", title=f"Events involving {name_of(country)}",
              empty=f"No event in the data names {name_of(country)}.")

st.subheader("What the US and India import from it")
imports = metrics.imported_from(ds, country, chosen.minerals)
ui.show_table(imports, key="imports", source=ui.source_line(ds, imports["source_id"]),
              file_name=f"{country}_imports.csv", title=f"US and Indian imports from {name_of(country)}",
              empty=f"Neither the USGS (US, 2021-24) nor the Indian sources we hold name {name_of(country)} as an "
              "import source for the selected minerals; it may be inside 'other countries'.")
