"""Initiatives: searchable table, membership matrix, timeline, and each initiative's members' share of
world supply per mineral and stage, with the member count and roster completeness. The search, the kinds
and the initiative picked are in the URL."""

from __future__ import annotations

import streamlit as st

from dashboard import filters, metrics, page_state, ui
from dashboard.charts import catalog
from dashboard.text import md

ds = ui.datasets()
chosen = ui.selection()
at = chosen.membership_date
blocs = filters.choices(ds).blocs
kinds = sorted(set(ds.initiatives["kind"]))
default_bloc = chosen.bloc if chosen.bloc in blocs else ("quad_cmi" if "quad_cmi" in blocs else next(iter(blocs), None))
PARAMS = (
    page_state.Text("q", "search"),
    page_state.Choice("kind", "kind", {k: k for k in kinds}, multi=True),
    page_state.Choice("initiative", "initiative", blocs, default=default_bloc),
)

st.title("Partner initiatives")
ui.show_notes(chosen)
values = ui.page_values("initiatives", PARAMS)

search = st.text_input("Search initiatives", placeholder="e.g. FORGE, Quad, lithium, India…",
                       key=ui.widget_key("initiatives", "q"), max_chars=page_state.MAX_TEXT_LENGTH)
picked_kinds = st.multiselect("Kind", kinds, key=ui.widget_key("initiatives", "kind"),
                              help="None chosen: every kind.")
table = ui.cached(ds, ("search_initiatives", search, tuple(picked_kinds), at),
                  lambda: metrics.search_initiatives(ds, search, picked_kinds, at))
ui.show_table(table, key="initiatives", source=ui.source_line(ds, table["source_id"]), file_name="initiatives.csv",
              title="Partner initiatives", wide=("description",),
              empty="No initiative matches this search.")

ids = tuple(i for i in table["initiative_id"] if i in blocs)
st.subheader(f"Membership at {at.isoformat()}")
ui.show_chart(ui.cached(ds, ("membership", ids, at), lambda: catalog.membership(ds, ids, at)), key="matrix")

st.subheader("Timeline")
shown = tuple(table["initiative_id"])
ui.show_chart(ui.cached(ds, ("timeline", shown, at), lambda: catalog.timeline(ds, shown, at)), key="timeline")

st.subheader("Members' share of world supply")
choices = list(ids)
current = st.session_state.get(ui.widget_key("initiatives", "initiative"))
if current in blocs and current not in choices:
    choices.insert(0, current)  # the initiative of a link stays selectable whatever the search
choice = st.selectbox("Initiative", choices, format_func=blocs.get, key=ui.widget_key("initiatives", "initiative")) \
    if choices else None
ui.keep_page_state(PARAMS, {"q": search, "kind": tuple(picked_kinds), "initiative": choice})
if choice:
    frame, members, sources = ui.cached(
        ds, ("bloc_share", choice, at, chosen.minerals, chosen.year),
        lambda: metrics.bloc_share_table(ds, choice, at, chosen.minerals, chosen.year))
    st.caption(md(metrics.bloc_caveat(ds, choice, at, blocs[choice]) + " Members the source does not list are not "
               "counted (they may be inside 'other countries'), so each share is a lower bound."))
    ui.show_table(frame, key="bloc_share", source=ui.source_line(ds, sources), file_name=f"{choice}_share.csv",
                  title=f"{blocs[choice]}: members' share of world supply at {at.isoformat()}",
                  labels=ui.BLOC_LABELS)
