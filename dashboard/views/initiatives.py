"""Initiatives: searchable table, membership matrix, timeline, and each initiative's members' share of
world supply per mineral and stage."""

from __future__ import annotations

import streamlit as st

from dashboard import filters, metrics, ui
from dashboard.charts import catalog

ds = ui.datasets()
chosen = ui.selection()
at = chosen.membership_date

st.title("Partner initiatives")
ui.show_notes(chosen)

search = st.text_input("Search initiatives", placeholder="e.g. FORGE, Quad, lithium, India…", key="ini_search")
kinds = st.multiselect("Kind", sorted(set(ds.initiatives["kind"])), key="ini_kinds")
table = ui.cached(ds, ("initiatives_at", at), lambda: metrics.initiatives_at(ds, at))
if search:
    needle = search.lower()
    table = table[table["name"].str.lower().str.contains(needle, regex=False)
                  | table["description"].str.lower().str.contains(needle, regex=False)
                  | table["initiative_id"].str.contains(needle, regex=False)]
if kinds:
    table = table[table["kind"].isin(kinds)]
ui.show_table(table[["initiative_id", "name", "kind", "status_at", "start_date", "end_date", "roster",
                     "convener_iso3", "description", "source_id"]].sort_values("start_date", ascending=False)
              .rename(columns={"status_at": f"status at {at.isoformat()}"}),
              key="initiatives", source=ui.source_line(ds, table["source_id"]), file_name="initiatives.csv",
              column_config={"description": st.column_config.TextColumn(width="large")})

blocs = filters.choices(ds).blocs
ids = tuple(i for i in table["initiative_id"] if i in blocs)
st.subheader(f"Membership at {at.isoformat()}")
ui.show_chart(ui.cached(ds, ("membership", ids, at), lambda: catalog.membership(ds, ids, at)), key="matrix")

st.subheader("Timeline")
shown = tuple(table["initiative_id"])
ui.show_chart(ui.cached(ds, ("timeline", shown, at), lambda: catalog.timeline(ds, shown, at)), key="timeline")

st.subheader("Members' share of world supply")
default = chosen.bloc if chosen.bloc in ids else ("quad_cmi" if "quad_cmi" in ids else None)
choice = st.selectbox("Initiative", ids, format_func=blocs.get, key="ini_share",
                      index=ids.index(default) if default else 0) if ids else None
if choice:
    frame, members, sources = ui.cached(
        ds, ("bloc_share", choice, at, chosen.minerals, chosen.year),
        lambda: metrics.bloc_share_table(ds, choice, at, chosen.minerals, chosen.year))
    st.caption(f"{len(members)} members at {at.isoformat()}. Members the source does not list are not counted "
               "(they may be inside 'other countries'), so the share is a lower bound.")
    ui.show_table(frame, key="bloc_share", source=ui.source_line(ds, sources), file_name=f"{choice}_share.csv",
                  column_config={"members' share, %": st.column_config.NumberColumn(format="%.1f"),
                                 "China, %": st.column_config.NumberColumn(format="%.1f")})
