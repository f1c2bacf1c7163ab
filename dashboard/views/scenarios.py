"""Scenarios: the what-if simulator. Add or move capacity per country and stage; see shares, HHI, CR3,
partner share and the single-supplier test before and after, and the minimum new supply needed.

The mineral, the stage, the threshold and the edits are in the URL (``d=AUS:5000,IDN:-2000``), so a
scenario is a link.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard import filters, metrics, page_state, present, ui
from dashboard.charts import catalog
from dashboard.countries import name_of
from dashboard.text import md

ds = ui.datasets()
chosen = ui.selection()
options = filters.choices(ds)
name = ds.vocabulary.mineral_name
editable = [*options.countries, "OTH"]
PARAMS = (
    ui.focus_param(chosen),
    page_state.Choice("sstage", "scenario stage", {"mine": "Mine", "refinery": "Refinery"},
                      default="refinery" if chosen.stage == "refinery" else "mine"),
    page_state.Number("threshold", "single-supplier threshold", 10, 95, 65, step=5),
    page_state.Changes("d", "scenario changes", editable),
)

st.title("What-if diversification simulator")
ui.show_notes(chosen)
state = st.session_state
values = ui.page_values("scenarios", PARAMS)
last = state.get("_scenario_for")
if not state.get("_url_outside") and last is not None and last != (values["focus"], values["sstage"]):
    values["d"] = state[ui.widget_key("scenarios", "d")] = ()  # another mineral or stage: start afresh
st.caption("Closed-form arithmetic on the published figures: new shares s'_i = (Q_i + dQ_i) / (Q + sum dQ); "
           "the new supply outside the top supplier that brings it to a threshold T is X = Q_max / T - Q.")

if not chosen.minerals:
    st.info("Select a mineral in the sidebar.")
    st.stop()
left, right, third = st.columns(3)
mineral = left.selectbox("Mineral", chosen.minerals, format_func=name, key=ui.widget_key("scenarios", "focus"))
stage = right.selectbox("Stage", ("mine", "refinery"), format_func=str.capitalize,
                        key=ui.widget_key("scenarios", "sstage"))
threshold = third.slider("Single-supplier threshold T (%)", 10, 95, step=5, key=ui.widget_key("scenarios", "threshold"),
                         help="65 % is the EU Critical Raw Materials Act benchmark for any single third country.")
state["_scenario_for"] = (mineral, stage)
shares = ui.cached(ds, ("stage_shares", mineral, stage, chosen.year),
                   lambda: metrics.stage_shares(ds, mineral, stage, chosen.year))
if not shares.has_shares:
    ui.keep_page_state(PARAMS, {**values, "focus": mineral, "sstage": stage, "threshold": threshold})
    st.info(md(f"No data to simulate for {name(mineral)} {stage}: {shares.reason}"))
    st.stop()
unit = shares.unit if shares.basis != metrics.BASIS_PUBLISHED_SHARES else "points of world output"
st.markdown("**Baseline:** " + md(f"{name(mineral)} {stage}, {shares.year} ({shares.edition or shares.product}); "
            f"world total {present.tonnes(shares.world_total) if unit == 't' else '100 points'}."))

initial = dict(values["d"])
base = shares.table[["country_iso3", "value", "share_pct"]].copy()
if shares.basis == metrics.BASIS_PUBLISHED_SHARES:
    base["value"] = base["share_pct"]
base = base[base["value"].notna()].reset_index(drop=True)
missing = [code for code in initial if code not in set(base["country_iso3"])]
if missing:  # a link may add a producer the source does not list
    base = pd.concat([base, pd.DataFrame({"country_iso3": missing, "value": 0.0, "share_pct": 0.0})],
                     ignore_index=True)
base.insert(1, "country", [name_of(c) for c in base["country_iso3"]])
base["change"] = [initial.get(code, 0.0) for code in base["country_iso3"]]
CODE, TODAY, SHARE, CHANGE = "country (ISO3)", f"today, {unit}", "share today, %", f"change, {unit}"
base = base.rename(columns={"country_iso3": CODE, "value": TODAY, "share_pct": SHARE, "change": CHANGE})
st.markdown(f"Enter changes in **{unit}** (negative to move capacity away). Add a row for a new producer.")
digest = hashlib.sha1(page_state.format_changes(values["d"]).encode()).hexdigest()[:8]
edited = st.data_editor(
    base, key=f"sc_editor_{mineral}_{stage}_{digest}", hide_index=True, num_rows="dynamic", width="stretch",
    disabled=["country", TODAY, SHARE],
    column_config={
        CODE: st.column_config.SelectboxColumn(CODE, options=editable, required=True),
        "country": st.column_config.TextColumn("country"),
        TODAY: st.column_config.NumberColumn(TODAY, format="localized"),
        SHARE: st.column_config.NumberColumn(SHARE, format="%.1f"),
        CHANGE: st.column_config.NumberColumn(CHANGE, format="localized"),
    },
)
delta: dict[str, float] = {}
for _, row in edited.iterrows():
    code, change = row.get(CODE), row.get(CHANGE)
    if pd.notna(code) and pd.notna(change) and float(change) != 0.0 and str(code) not in delta:
        delta[str(code)] = float(change)
ui.keep_page_state(PARAMS, {**values, "focus": mineral, "sstage": stage, "threshold": threshold,
                            "d": tuple(delta.items())})
try:
    result = metrics.scenario(shares, delta, partners=chosen.partners, threshold_pct=float(threshold))
except ValueError as exc:
    st.error(md(f"That change cannot be applied: {exc}"))
    st.stop()

before_hhi, after_hhi = result.before.hhi, result.after.hhi
cols = st.columns(3)
cols[0].metric("HHI after (0-10,000)", present.hhi(after_hhi),
               None if before_hhi is None or after_hhi is None else f"{after_hhi - before_hhi:+,.0f}",
               delta_color="inverse")
cols[1].metric("Three largest (CR3), % of world", present.pct(result.after.cr3_pct),
               None if result.before.cr3_pct is None or result.after.cr3_pct is None
               else f"{result.after.cr3_pct - result.before.cr3_pct:+.1f} pts", delta_color="inverse")
cols[2].metric("Largest supplier, % of world", present.pct(result.after.cr1_pct),
               name_of(result.after.cr1_country_iso3) if result.after.cr1_country_iso3 else None, delta_color="off",
               delta_arrow="off")
cols = st.columns(3)
cols[0].metric(f"One country above {threshold} %?", present.yes_no(result.after.single_supplier_flag),
               f"before: {present.yes_no(result.before.single_supplier_flag)}", delta_color="off", delta_arrow="off")
cols[1].metric("Partner, % of world", present.pct(result.partner_share_after_pct),
               None if result.partner_share_before_pct is None or result.partner_share_after_pct is None
               else f"{result.partner_share_after_pct - result.partner_share_before_pct:+.1f} pts",
               help="The partner country or bloc chosen in the sidebar.")
cols[2].markdown(f"**Partner:** {md(chosen.partner_label or 'none selected in the sidebar')}")
if chosen.partner_note:
    st.caption(md(chosen.partner_note))

ui.show_chart(catalog.scenario(ds, result, shares, float(threshold)), key="scenario")

needed = metrics.supply_needed(shares, float(threshold))
if needed["new_supply"] is None:
    st.info(md(f"Minimum new supply: no data ({needed['reason']})."))
elif needed["new_supply"] == 0:
    st.success(md(f"{name_of(needed['country_iso3'])} already holds {present.pct(needed['share_pct'])}, "
               f"at or below {threshold} %: no new supply is needed."))
else:
    st.markdown(f"**Minimum new supply outside {md(name_of(needed['country_iso3']))}** "
                + md(f"(today {present.pct(needed['share_pct'])}) to bring it to {threshold} %: ")
                + "**" + md(f"{needed['new_supply']:,.0f} {needed['unit']}") + "**.")
for note in result.notes:
    st.caption(md(note))
