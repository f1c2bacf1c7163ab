"""Initiatives: searchable table, membership matrix, timeline, and each initiative's members' share of
world supply per mineral and stage."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import metrics, ui
from dashboard.filters import MINERAL_NAMES

ds = ui.datasets()
filters = st.session_state["filters"]
at = ui.membership_date(filters)

st.title("Partner initiatives")
ui.show_notes(filters)

search = st.text_input("Search initiatives", placeholder="e.g. FORGE, Quad, lithium, India…", key="ini_search")
kinds = st.multiselect("Kind", sorted(set(ds.initiatives["kind"])), key="ini_kinds")
table = ds.initiatives.copy()
if search:
    needle = search.lower()
    table = table[table["name"].str.lower().str.contains(needle, regex=False)
                  | table["description"].str.lower().str.contains(needle, regex=False)
                  | table["initiative_id"].str.contains(needle, regex=False)]
if kinds:
    table = table[table["kind"].isin(kinds)]
ui.show_table(table[["initiative_id", "name", "kind", "status", "start_date", "end_date", "convener_iso3",
                     "description", "source_id"]].sort_values("start_date", ascending=False),
              key="initiatives", source=ui.source_line(ds, table["source_id"]), file_name="initiatives.csv",
              column_config={"description": st.column_config.TextColumn(width="large")})

st.subheader(f"Membership at {at.isoformat()}")
ids = [i for i in table["initiative_id"] if i in set(ds.initiative_members["initiative_id"])]
names = dict(zip(ds.initiatives["initiative_id"], ds.initiatives["name"], strict=True))
ui.show_chart(ui.cached_chart(ds, "membership_chart", tuple(ids), at), key="matrix")

st.subheader("Timeline")
ui.show_chart(ui.cached_chart(ds, "timeline", tuple(table["initiative_id"]), at), key="timeline")

st.subheader("Members' share of world supply")
choice = st.selectbox("Initiative", ids, format_func=lambda i: names[i], key="ini_share",
                      index=ids.index(filters.bloc) if filters.bloc in ids else (ids.index("quad_cmi") if "quad_cmi" in ids else 0)) if ids else None
if choice:
    members = metrics.members_at(ds.initiatives, ds.initiative_members, choice, at)
    rows = []
    sources: list[str] = []
    for mineral in filters.minerals:
        for stage in ("mine", "refinery", "reserves"):
            shares = ui.cached_metric(ds, "stage_shares", mineral, stage, filters.year)
            share = metrics.partner_share(shares, members)
            rows.append({"mineral": MINERAL_NAMES[mineral], "stage": stage, "year": shares.year,
                         "members' share, %": share.partner_share_pct, "China, %": share.concern_share_pct,
                         "members counted": ", ".join(share.partners_counted),
                         "why no data": share.reason or ""})
            sources += list(shares.source_ids)
    frame = pd.DataFrame(rows)
    st.caption(f"{len(members)} members at {at.isoformat()}. Members the source does not list are not counted "
               "(they may be inside 'other countries'), so the share is a lower bound.")
    ui.show_table(frame, key="bloc_share", source=ui.source_line(ds, sources), file_name=f"{choice}_share.csv",
                  column_config={"members' share, %": st.column_config.NumberColumn(format="%.1f"),
                                 "China, %": st.column_config.NumberColumn(format="%.1f")})
