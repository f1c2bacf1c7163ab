"""Overview: one card per mineral (world production, top producer, HHI at mine and refinery, China's
share at each stage, the partner's share, US and Indian import reliance) and tiles for the themes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import metrics, ui
from dashboard.countries import name_of
from dashboard.filters import MINERAL_NAMES

ds = ui.datasets()
filters = st.session_state["filters"]
partners = ui.partners_of(ds, filters)
partner_label = ui.partner_name(ds, filters)

st.title("Critical minerals: who mines, who refines, who depends on whom")
ui.show_notes(filters)
st.caption(
    "Lithium, cobalt, nickel and rare earths, read through the themes of the February 2026 Critical Minerals "
    "Ministerial. Every figure carries its source and edition; 'no data' means no source gives it."
)

year = filters.year
cards = st.columns(2)
used_sources: list[str] = []
for index, mineral in enumerate(filters.minerals):
    profile = ui.cached_metric(ds, "stage_profile", mineral, year, partners=partners)
    mine = ui.cached_metric(ds, "stage_shares", mineral, "mine", year)
    used_sources += [s for ids in profile["source_ids"] for s in str(ids).split(";") if s]
    with cards[index % 2].container(border=True):
        st.subheader(MINERAL_NAMES[mineral])
        conc = mine.concentration()
        bottleneck = ui.cached_metric(ds, "bottleneck_stage", mineral, year)
        c1, c2 = st.columns(2)
        c1.metric(f"World mine production, {mine.year or 'no year'}", ui.fmt_t(mine.world_total),
                  help=f"{mine.edition}; {mine.basis}; metric tons of contained content.")
        c2.metric("Top producer (share of world)",
                  f"{name_of(conc.cr1_country_iso3)} {ui.fmt_pct(conc.cr1_pct, 0)}" if conc.cr1_country_iso3
                  else "no data", help="Largest mine producer and its share of the source's world total.")
        if bottleneck["stage"]:
            st.markdown(f"Bottleneck stage: **{bottleneck['stage']}** ({bottleneck['year']}), HHI "
                        f"{bottleneck['hhi']:,.0f}, {bottleneck['hhi_band']}.")
        else:
            st.markdown("Bottleneck stage: no data.")
        rows = []
        for _, row in profile.iterrows():
            rows.append({
                "stage": f"{row['stage']} ({int(row['year'])})" if pd.notna(row["year"]) else row["stage"],
                "HHI (0-10,000)": "no data" if pd.isna(row["hhi"]) else
                ("≥ " if row["hhi_upper_bound"] > row["hhi"] + 0.5 else "") + f"{row['hhi']:,.0f}",
                "band": row["hhi_band"] or "no data",
                "China, %": ui.fmt_pct(row["concern_share_pct"]),
                **({f"{partner_label}, %": ui.fmt_pct(row.get("partner_share_pct"))} if partner_label else {}),
                ">65 % single supplier": {True: "yes", False: "no"}.get(row["single_supplier_flag"], "no data"),
            })
        ui.show_table(pd.DataFrame(rows), key=f"overview_{mineral}",
                      source=ui.source_line(ds, [i for ids in profile["source_ids"] for i in str(ids).split(";") if i]),
                      file_name=f"{mineral}_by_stage.csv")
        st.caption("≥: a lower bound, as the source leaves part of world output unattributed "
                   "(other countries, or only the largest refiners published).")
        reliance = []
        for importer in ("USA", "IND"):
            nir = metrics.net_import_reliance(ds.import_reliance, importer, mineral)
            reliance.append(f"{name_of(importer)}: **{nir.display}**"
                            + (f" ({nir.year}, {nir.edition})" if nir.year else ""))
            used_sources += list(nir.source_ids)
        st.markdown("Import reliance · " + " · ".join(reliance))

st.caption(ui.source_line(ds, used_sources))

st.subheader("Ministerial themes")
tiles = st.columns(len(ds.themes))
for tile, (_, theme) in zip(tiles, ds.themes.iterrows(), strict=True):
    with tile.container(border=True):
        st.markdown(f"**{theme['name']}**")
        st.caption(theme["description"][:160] + ("…" if len(theme["description"]) > 160 else ""))
        if st.button("Open", key=f"theme_{theme['theme_id']}", width="stretch"):
            st.session_state["theme"] = theme["theme_id"]
            st.switch_page("views/themes.py")
