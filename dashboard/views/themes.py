"""Themes: each ministerial theme with its headline measures and charts for the selected minerals and
partner (``metrics.THEME_SPECS`` says which; this page only lays them out)."""

from __future__ import annotations

import streamlit as st

from dashboard import citations, metrics, ui
from dashboard.text import md

ds = ui.datasets()
chosen = ui.selection()
vocabulary = ds.vocabulary

st.title("Ministerial themes")
ui.show_notes(chosen)
theme_ids = list(vocabulary.theme_ids)
if st.session_state.get("theme") not in theme_ids:
    st.session_state["theme"] = theme_ids[0]
theme_id = st.radio("Theme", theme_ids, format_func=lambda t: md(vocabulary.theme_name(t)), key="theme",
                    horizontal=True)
theme = next(t for t in vocabulary.themes if t.theme_id == theme_id)
st.markdown(f"**{md(theme.name)}.** {md(theme.description)}")
st.caption(md(ui.source_line(ds, [theme.source_id])))


mineral = ui.mineral_picker(chosen, key="themes_view")
spec = metrics.THEME_SPECS.get(theme_id)
if mineral and spec:
    for chart_id in spec.charts:
        ui.show_registered(ds, chart_id, chosen, mineral, key=f"{mineral}_theme_{chart_id}")
    args = metrics.ThemeArgs(partners=chosen.partners, year=chosen.year)
    measures = ui.cached(ds, ("theme", theme_id, mineral, args),
                         lambda: metrics.theme_measures(ds, theme_id, mineral, args))
    for measure, value in measures:
        st.markdown(f"**{measure.label}**")
        if value is None:
            st.info(md(f"Not available: {measure.unavailable or 'no source gives it'}."))
            continue
        frame = value.drop(columns=[c for c in ("events", "event_ids") if c in value.columns])
        ui.show_table(frame, key=f"{mineral}_{measure.measure_id}", source=ui.source_line(ds, citations.ids_in(frame)),
                      file_name=f"{mineral}_{measure.measure_id}.csv")
