"""Overview: where China's grip lies (China's and the partner's share by mineral and stage), one card per
mineral (world production, largest producer, HHI and shares by stage, the bottleneck, US and Indian
import reliance) and links to the ministerial themes that keep the filters."""

from __future__ import annotations

import streamlit as st

from dashboard import metrics, present, ui
from dashboard.countries import name_of
from dashboard.text import md

ds = ui.datasets()
chosen = ui.selection()

st.title("Critical minerals: who mines, who refines, who depends on whom")
ui.show_notes(chosen)
ui.page_values("overview", ())
ui.keep_page_state((), {})
st.caption(
    "Read through the themes of the February 2026 Critical Minerals Ministerial. Every figure carries its "
    "source and edition; 'no data' means no source gives it."
)
if not chosen.minerals:
    st.info("Select at least one mineral in the sidebar.")
    st.stop()

ui.show_registered(ds, "china_grip", chosen, chosen.minerals[0], key="china_grip")

year = chosen.year
cards = st.columns(2)
used_sources: list[str] = []
for index, mineral in enumerate(chosen.minerals):
    name = ds.vocabulary.mineral_name(mineral)
    profile = ui.cached(ds, ("stage_profile", mineral, year, chosen.partners),
                        lambda m=mineral: metrics.stage_profile(ds, m, year, partners=chosen.partners))
    mine = ui.cached(ds, ("stage_shares", mineral, "mine", year),
                     lambda m=mineral: metrics.stage_shares(ds, m, "mine", year))
    bottleneck = ui.cached(ds, ("bottleneck", mineral, year), lambda m=mineral: metrics.bottleneck_stage(ds, m, year))
    profile_sources = [i for ids in profile["source_ids"] for i in str(ids).split(";") if i]
    used_sources += profile_sources
    with cards[index % 2].container(border=True):
        st.subheader(md(name))
        conc = mine.concentration()
        c1, c2 = st.columns(2)
        c1.metric(md(f"World mine production, {mine.year or 'no year'}"), present.tonnes(mine.world_total),
                  help=f"{mine.edition}; {mine.basis}; metric tons of contained content.")
        top = name_of(conc.cr1_country_iso3) if conc.cr1_country_iso3 else None
        c2.metric(md(f"Largest producer: {top}" if top else "Largest producer"), present.pct(conc.cr1_pct, 0),
                  help="Largest mine producer and its share of the source's world total.")
        if bottleneck["stage"]:
            st.markdown(f"Bottleneck stage: **{md(bottleneck['stage'])}** " + md(f"({bottleneck['year']}), HHI "
                                                                              f"{bottleneck['hhi']:,.0f}, "
                                                                              f"{bottleneck['hhi_band']}."))
        else:
            st.markdown("Bottleneck stage: no data.")
        if bottleneck["note"]:
            st.caption(md(f"Caveat: {bottleneck['note']}."))
        ui.show_table(present.stage_table(profile, chosen.partner_label), key=f"overview_{mineral}",
                      source=ui.source_line(ds, profile_sources), file_name=f"{mineral}_by_stage.csv",
                      title=f"{name}: concentration and shares by stage", static=True)
        st.caption("≥: a lower bound, as the source leaves part of world output unattributed "
                   "(other countries, or only the largest refiners published)."
                   + md(f" {chosen.partner_note}" if chosen.partner_note else ""))
        reliance = []
        for importer in ("USA", "IND"):
            nir = metrics.net_import_reliance(ds, importer, mineral)
            why = str(nir.reason).replace(importer, name_of(importer)).replace(mineral, name.lower())  # ids in words
            reliance.append(f"{md(name_of(importer))}: **{md(nir.display)}**"
                            + md(f" ({nir.year}, {nir.edition})" if nir.year else f" ({why})"))
            used_sources += list(nir.source_ids)
        st.markdown("Import reliance · " + " · ".join(reliance))
        ui.page_link("views/minerals.py", f"{name} in detail", extra={"focus": mineral}, icon="➡️")

st.caption(md(ui.source_line(ds, used_sources)))

st.subheader("Ministerial themes")
tiles = st.columns(len(ds.vocabulary.themes))
for tile, theme in zip(tiles, ds.vocabulary.themes, strict=True):
    with tile.container(border=True):
        st.markdown(f"**{md(theme.name)}**")
        st.caption(md(theme.description[:160] + ("…" if len(theme.description) > 160 else "")))
        ui.page_link("views/themes.py", "Open the theme", extra={"theme": theme.theme_id}, icon="➡️")
