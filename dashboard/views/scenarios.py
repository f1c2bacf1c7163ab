"""Scenarios: the what-if simulator. Add or move capacity per country and stage; see shares, HHI, CR3,
partner share and the 65 % test before and after, and the minimum new supply needed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import filters, metrics, ui
from dashboard.charts import catalog
from dashboard.countries import name_of
from dashboard.text import md

ds = ui.datasets()
chosen = ui.selection()
partners = chosen.partners
partner_label = chosen.partner_label
options = filters.choices(ds)
name = ds.vocabulary.mineral_name

st.title("What-if diversification simulator")
ui.show_notes(chosen)
st.caption("Closed-form arithmetic on the published figures: new shares s'_i = (Q_i + dQ_i) / (Q + sum dQ); "
           "the new supply outside the top supplier that brings it to a threshold T is X = Q_max / T - Q.")

if not chosen.minerals:
    st.info("Select a mineral in the sidebar.")
    st.stop()
left, right, third = st.columns(3)
mineral = left.selectbox("Mineral", chosen.minerals, format_func=name, key="sc_mineral")
stage = right.selectbox("Stage", ("mine", "refinery"), index=0 if chosen.stage != "refinery" else 1, key="sc_stage")
threshold = third.slider("Single-supplier threshold T (%)", 10, 95, 65, 5, key="sc_threshold",
                         help="65 % is the EU Critical Raw Materials Act benchmark for any single third country.")
shares = ui.cached(ds, ("stage_shares", mineral, stage, chosen.year),
                   lambda: metrics.stage_shares(ds, mineral, stage, chosen.year))
if not shares.has_shares:
    st.info(md(f"No data to simulate for {name(mineral)} {stage}: {shares.reason}"))
    st.stop()
unit = shares.unit if shares.basis != metrics.BASIS_PUBLISHED_SHARES else "points of world output"
st.markdown("**Baseline:** " + md(f"{name(mineral)} {stage}, {shares.year} ({shares.edition or shares.product}); "
                                  f"world total {ui.fmt_t(shares.world_total) if unit == 't' else '100 points'}."))

base = shares.table[["country_iso3", "value", "share_pct"]].copy()
if shares.basis == metrics.BASIS_PUBLISHED_SHARES:
    base["value"] = base["share_pct"]
base = base[base["value"].notna()].reset_index(drop=True)
base.insert(1, "country", [name_of(c) for c in base["country_iso3"]])
base["change"] = 0.0
st.markdown(f"Enter changes in **{unit}** (negative to move capacity away). Add a row for a new producer.")
edited = st.data_editor(
    base, key=f"sc_editor_{mineral}_{stage}", hide_index=True, num_rows="dynamic", width="stretch",
    disabled=["country", "value", "share_pct"],
    column_config={
        "country_iso3": st.column_config.SelectboxColumn("country (ISO3)", options=[*list(options.countries), "OTH"],
                                                         required=True),
        "value": st.column_config.NumberColumn(f"today, {unit}", format="%.0f"),
        "share_pct": st.column_config.NumberColumn("share today, %", format="%.1f"),
        "change": st.column_config.NumberColumn(f"change, {unit}", format="%.0f"),
    },
)
delta = {str(r["country_iso3"]): float(r["change"]) for _, r in edited.iterrows()
         if pd.notna(r.get("country_iso3")) and pd.notna(r.get("change")) and float(r["change"]) != 0.0}
try:
    result = metrics.scenario(shares, delta, partners=partners, threshold_pct=float(threshold))
except ValueError as exc:
    st.error(md(f"That change cannot be applied: {exc}"))
    st.stop()

cols = st.columns(5)
cols[0].metric("HHI", ui.fmt_hhi(result.after.hhi), None if result.before.hhi is None or result.after.hhi is None
               else f"{result.after.hhi - result.before.hhi:+,.0f}", delta_color="inverse")
cols[1].metric("CR3", ui.fmt_pct(result.after.cr3_pct), None if result.before.cr3_pct is None
               else f"{result.after.cr3_pct - result.before.cr3_pct:+.1f} pts", delta_color="inverse")
cols[2].metric("Largest supplier", ui.fmt_pct(result.after.cr1_pct),
               name_of(result.after.cr1_country_iso3) if result.after.cr1_country_iso3 else None, delta_color="off",
               delta_arrow="off")
cols[3].metric(f"Above {threshold} %?", {True: "yes", False: "no"}.get(result.after.single_supplier_flag, "no data"),
               f"before: {({True: 'yes', False: 'no'}).get(result.before.single_supplier_flag, 'no data')}",
               delta_color="off", delta_arrow="off")
cols[4].metric(md(f"Partner share ({partner_label or 'none selected'})"), ui.fmt_pct(result.partner_share_after_pct),
               None if result.partner_share_before_pct is None or result.partner_share_after_pct is None
               else f"{result.partner_share_after_pct - result.partner_share_before_pct:+.1f} pts")

ui.show_chart(catalog.scenario(ds, result, shares), key="scenario")

needed = metrics.supply_needed(shares, float(threshold))
if needed["new_supply"] is None:
    st.info(f"Minimum new supply: no data ({needed['reason']}).")
elif needed["new_supply"] == 0:
    st.success(f"{name_of(needed['country_iso3'])} already holds {ui.fmt_pct(needed['share_pct'])}, "
               f"at or below {threshold} %: no new supply is needed.")
else:
    st.markdown(f"**Minimum new supply outside {name_of(needed['country_iso3'])}** "
                f"(today {ui.fmt_pct(needed['share_pct'])}) to bring it to {threshold} %: "
                f"**{needed['new_supply']:,.0f} {needed['unit']}**.")
for note in result.notes:
    st.caption(md(note))
