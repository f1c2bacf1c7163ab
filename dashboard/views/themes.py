"""Themes: each ministerial theme for one of the selected minerals: what its measures say (``metrics.
THEME_SPECS``, each with its sources), its charts, the initiatives that pursue it for the mineral, and the
members' or the partner's share of world supply at each initiative's launch and now. This page only lays
them out; the theme and the mineral shown are in the URL."""

from __future__ import annotations

import streamlit as st

from dashboard import citations, metrics, page_state, ui
from dashboard.metrics import launches
from dashboard.text import md

ds = ui.datasets()
chosen = ui.selection()
vocabulary = ds.vocabulary
PARAMS = (page_state.Choice("theme", "theme", {t.theme_id: t.name for t in vocabulary.themes}),
          ui.focus_param(chosen))

st.title("Ministerial themes")
ui.show_notes(chosen)
values = ui.page_values("themes", PARAMS)
theme_id = st.radio("Theme", list(vocabulary.theme_ids), format_func=lambda t: md(vocabulary.theme_name(t)),
                    key=ui.widget_key("themes", "theme"), horizontal=True)
theme = next(t for t in vocabulary.themes if t.theme_id == theme_id)
st.markdown(f"**{md(theme.name)}.** {md(theme.description)}")
st.caption(md(ui.source_line(ds, [theme.source_id])))

mineral = ui.mineral_picker(chosen, "themes")
ui.keep_page_state(PARAMS, {**values, "theme": theme_id, "focus": mineral})
spec = metrics.THEME_SPECS.get(theme_id)
if mineral is None or spec is None:
    st.stop()
name = vocabulary.mineral_name(mineral)
at = chosen.membership_date

st.header(md(f"What the measures say for {name.lower()}"))
args = metrics.ThemeArgs(partners=chosen.partners, year=chosen.year)
measures = ui.cached(ds, ("theme", theme_id, mineral, args),
                     lambda: metrics.theme_measures(ds, theme_id, mineral, args))
for measure, value in measures:
    st.subheader(md(measure.label))
    if measure.says:
        st.caption(md(measure.says))
    if value is None or value.empty:
        st.info(md(f"No data: {measure.unavailable or 'no source gives it'}."))
        continue
    if value.attrs.get("headline"):
        st.markdown(f"**{md(str(value.attrs['headline']))}**")
    labels = {"partner_share_pct": f"{chosen.partner_label}, % of world"} if chosen.partner_label else None
    ui.show_table(value, key=f"{mineral}_{measure.measure_id}", source=ui.source_line(ds, citations.ids_in(value)),
                  file_name=f"{mineral}_{measure.measure_id}.csv", title=f"{name}: {measure.label}", labels=labels)
    if measure.measure_id == "partner_share_by_stage" and chosen.partner_note:
        st.caption(md(chosen.partner_note))

st.header("Charts")
for chart_id in spec.charts:
    ui.show_registered(ds, chart_id, chosen, mineral, key=f"{mineral}_theme_{chart_id}")

st.header(md(f"Initiatives that pursue this theme for {name.lower()}"))
pursuing = ui.cached(ds, ("theme_initiatives", theme_id, mineral, at),
                     lambda: launches.theme_initiatives(ds, theme_id, mineral, at))
st.caption("From the initiatives' own theme and mineral tags (each tag has its source). 'Members' counts the members "
           f"recorded at {at.isoformat()}; the roster column says whether that list is complete.")
ui.show_table(pursuing, key=f"{theme_id}_{mineral}_initiatives", source=ui.source_line(ds, pursuing["source_id"]),
              file_name=f"{theme_id}_{mineral}_initiatives.csv", title=f"Initiatives pursuing {theme.name} for {name}",
              empty=f"No initiative in the data is tagged with this theme and {name.lower()}.",
              labels={"scope_note": "what it covers", "members": "members recorded"})

st.subheader("Before and after each launch")
whose = chosen.partner_label
effects = ui.cached(ds, ("launch_effects", theme_id, mineral, at, chosen.partners),
                    lambda: launches.launch_effects(ds, theme_id, mineral, at=at, partners=chosen.partners,
                                                    partner_label=whose))
st.caption(md("The share of world supply held by " + (f"{whose}" if whose else "each initiative's members")
            + " in the data year at the launch and in the latest data year, with China's beside it. It says what "
            "moved, not why: no initiative is credited with a change, and one launched in or after the latest data "
            "year has no 'after' yet. Members the source does not list are not counted, so shares are lower bounds."))
ui.show_table(effects, key=f"{theme_id}_{mineral}_effects", source=ui.source_line(ds, citations.ids_in(effects)),
              file_name=f"{theme_id}_{mineral}_before_after.csv",
              title=f"{name}: shares at the launch of each initiative pursuing {theme.name}, and now",
              empty="No initiative to compare.", labels={"whose": "whose share", "members": "members counted"})

