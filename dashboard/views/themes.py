"""Themes: each ministerial theme with its headline metrics and charts for the selected minerals and
partner."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import ui
from dashboard.filters import MINERAL_NAMES

ds = ui.datasets()
filters = st.session_state["filters"]
partners = ui.partners_of(ds, filters)
partner_label = ui.partner_name(ds, filters)

st.title("Ministerial themes")
ui.show_notes(filters)
theme_names = dict(zip(ds.themes["theme_id"], ds.themes["name"], strict=True))
theme_ids = list(theme_names)
if st.session_state.get("theme") not in theme_ids:
    st.session_state["theme"] = theme_ids[0]
theme_id = st.radio("Theme", theme_ids, format_func=theme_names.get, key="theme", horizontal=True)
theme = ds.themes.set_index("theme_id").loc[theme_id]
st.markdown(f"**{theme['name']}.** {theme['description']}")
st.caption(ui.source_line(ds, [theme["source_id"]]))

LABELS = {
    "hhi_by_stage": "Concentration by stage (HHI, 0-10,000; CR1 and CR3 in %)",
    "single_supplier_test": "Single-supplier test (flag above 65 %) and N-1 (100 - largest share, %)",
    "export_controls_in_force": "Export controls in force (USGS MCS 2026 table 4)",
    "partner_share_by_stage": f"Partner share by stage (%): {partner_label or 'no partner selected'}",
    "effective_suppliers_by_stage": "Effective number of suppliers (10,000 / HHI)",
    "trend": "Concentration trend (mine stage)",
    "end_uses": "End uses",
    "refining_concentration": "Refining concentration",
    "china_share_by_stage": "China's share by stage (%)",
    "china_share_of_imports": "China's share of US and Indian imports (%)",
}


def sources_of(frame: pd.DataFrame) -> list[str]:
    for column in ("source_ids", "source_id"):
        if column in frame:
            return [s for ids in frame[column] for s in str(ids).split(";") if s]
    return []


mineral = ui.mineral_picker(filters, key="themes_view")
for mineral in [mineral] if mineral else []:
    name = MINERAL_NAMES[mineral]
    with st.container():
        result = ui.cached_metric(ds, "theme_metrics", theme_id, mineral, partners=partners, year=filters.year)
        profile_sources = sources_of(ui.cached_metric(ds, "stage_profile", mineral, filters.year, partners=partners))
        if theme_id in ("supply_chain_resilience", "responsible_mining_processing"):
            ui.show_chart(ui.cached_chart(ds, "stage_chart", mineral, filters.year, partners), key=f"{mineral}_theme_hhi")
        elif theme_id in ("diversification", "reducing_china_concentration"):
            ui.show_chart(ui.cached_chart(ds, "share_chart", mineral, filters.year, partners, partner_label),
                          key=f"{mineral}_theme_shares")
            if theme_id == "reducing_china_concentration":
                ui.show_chart(ui.cached_chart(ds, "import_sources_chart", mineral, partners), key=f"{mineral}_theme_imports")
            else:
                ui.show_chart(ui.cached_chart(ds, "trend", mineral), key=f"{mineral}_theme_trend")
        elif theme_id == "clean_energy_transition":
            ui.show_chart(ui.cached_chart(ds, "end_use_chart", mineral), key=f"{mineral}_theme_uses")
        for metric, value in result["metrics"].items():
            st.markdown(f"**{LABELS.get(metric, metric)}**")
            if value is None:
                st.info("Not available: " + "; ".join(n for n in result["notes"] if n.startswith(metric)))
                continue
            frame = value.drop(columns=[c for c in ("events", "event_ids") if c in value.columns])
            ui.show_table(frame, key=f"{mineral}_{metric}",
                          source=ui.source_line(ds, sources_of(frame) or profile_sources),
                          file_name=f"{mineral}_{metric}.csv")
