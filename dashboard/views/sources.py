"""Sources & method: every source with its full citation, the formulas, the corrections and the edition
of each figure."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import citations, page_state, ui
from dashboard.countries import PSEUDO_CODES
from dashboard.data import SHARE_SUM_MAX, SUM_TOLERANCE

ds = ui.datasets()
chosen = ui.selection()
KINDS = {"primary": "primary", "secondary": "secondary"}
PARAMS = (page_state.Text("q", "search"), page_state.Choice("kind", "kind", KINDS, multi=True))

st.title("Sources & method")
ui.show_notes(chosen)
values = ui.page_values("sources", PARAMS)

st.subheader("Every source")
kind = st.segmented_control("Kind", list(KINDS), selection_mode="multi", key=ui.widget_key("sources", "kind"),
                            help="Primary: the publisher is the originator of the figure. None chosen: both.")
query = st.text_input("Search sources", key=ui.widget_key("sources", "q"), placeholder="publisher, title, id…",
                      max_chars=page_state.MAX_TEXT_LENGTH)
ui.keep_page_state(PARAMS, {"q": query, "kind": tuple(kind or ())})
table = ds.sources[ds.sources["kind"].isin(kind or list(KINDS))].copy()
if query:
    needle = " ".join(query.split()).lower()
    table = table[table.apply(lambda r: needle in " ".join(str(v) for v in r.values).lower(), axis=1)]
usage = {}
for name, frame in ds.frames.items():
    if name == "sources":
        continue
    for column in [c for c in frame.columns if c.endswith("source_id")]:
        for source_id, count in frame[column].value_counts().items():
            usage.setdefault(source_id, []).append(f"{name} ({count})")
table["cited by"] = [", ".join(usage.get(s, [])) for s in table["source_id"]]
table["citation"] = [citations.full_citation(r) for _, r in table.iterrows()]
ui.show_table(table[["source_id", "kind", "citation", "edition", "table", "cited by"]].rename(
                  columns={"source_id": "source id"}), key="sources",
              source="Source: the sources table of this data package (datasets/manual/sources*.csv)",
              file_name="sources.csv", title="Every source of the data package", wide=("citation",),
              empty="No source matches this search.")

st.subheader("Editions of the figures")
editions = (ds.production.groupby(["edition", "mineral", "measure", "status"])["year"]
            .agg(["min", "max", "count"]).reset_index()
            .rename(columns={"min": "first year", "max": "last year", "count": "rows"}))
editions["mineral"] = editions["mineral"].map(ds.vocabulary.mineral_name)
ui.show_table(editions, key="editions", source=ui.source_line(ds, ds.production["source_id"]),
              file_name="editions.csv", title="Editions of the production figures",
              labels={"first year": "first data year", "last year": "last data year", "rows": "rows"})
st.caption("Both MCS editions are kept where they overlap: MCS 2026 revised several 2024 figures of MCS 2025 "
           "(e.g. Australia rare earths 13,000 t to 29,000 t). Pages use the newest edition that has the year.")

st.subheader("Formulas")
st.markdown(
    """
- **Share** of country *i*: s_i = Q_i / Q, against the **source's world total** Q (not the sum of listed countries).
- **HHI** = sum of (100 s_i)^2 on 0-10,000, over named countries; the source's 'other countries' remainder is
  several countries, so it stays in Q but is not a term: HHI is a lower bound. Bands (2023 US Merger
  Guidelines): above 1,800 highly concentrated, 1,000-1,800 moderately, below 1,000 unconcentrated.
- **Effective number of suppliers** = 10,000 / HHI. **CR1 / CR3**: the largest / three largest shares.
- **Single-supplier test**: flag a stage where one country holds more than 65 % (EU Critical Raw Materials
  Act benchmark). **N-1** = 100 - largest share.
- **Partner share** of a set P: sum of s_i over i in P (members of an initiative at the chosen date; members the
  source does not list are not counted). **Non-partner HHI**: HHI of the rest, re-based to the rest.
- **Reserve life** = reserves / annual mine production (years).
- **Net import reliance** (USGS) = (imports - exports +/- stock changes) / apparent consumption; 'E' = net exporter.
- **Scenarios**: s'_i = (Q_i + dQ_i) / (Q + sum dQ); minimum new supply outside the top supplier to bring it
  to T: X = Q_max / T - Q.
- **Bottleneck stage**: the supply stage (mine, refinery) with the highest HHI. Refining shares are published
  shares (often China's alone), so refinery HHI is a lower bound too.
"""
)

st.subheader("Checks, corrections and codes")
st.markdown(
    f"""
- Country rows must add up to the source's world total within **{SUM_TOLERANCE:.0%}** (USGS rounds world totals);
  exceptions need a reason in `datasets/checks_allowlist.csv`. Shares of one breakdown may add up to at most
  **{SHARE_SUM_MAX:g} %** (rounding).
- USGS codes are kept, never turned into numbers: **W** withheld, **NA** not available, **E** net exporter,
  **—** zero; '>50' is stored as 50 with the qualifier '>'.
- Pseudo-codes: {"; ".join(f"**{k}** {v}" for k, v in PSEUDO_CODES.items())}.
- No USGS figure has been corrected by hand: the curated USGS tables equal a rebuild from the release files.
  Known discrepancy kept as published: US lithium net import reliance 2025 is '>50' in the MCS 2026 salient
  statistics and figure 2, but 50 in figure 3; the dashboard uses '>50'.
- The hand-curated tables were re-verified against the best text found (the originator's own where the
  corpus held it); every change is listed below with its reason and source. A primary source's link is the
  publisher's own page (checked against the publisher domains); the copy actually read is given as "read via".
- A measure with an end date has a status **at a date**: where a scheduled end has passed and no later source
  was read, it says so ("lapsed on D; no later source read") instead of showing the old state as current.
"""
)

st.subheader("Corrections")
fixes = ds.corrections
summary = (fixes.groupby(["table"]).agg(changes=("key", "size"), rows=("key", "nunique"))
           .reset_index().sort_values("changes", ascending=False))
st.caption(f"{len(fixes):,} corrections to {fixes['key'].nunique():,} rows of the hand-curated tables, "
           "each with its reason and the source that justifies it.")
ui.show_table(summary, key="corrections_summary", source="Source: datasets/manual/corrections.csv",
              file_name="corrections_by_table.csv", title="Corrections by table",
              labels={"changes": "changes", "rows": "rows changed"})
ui.show_table(fixes[["table", "key", "field", "old_value", "new_value", "reason", "source_id", "date"]],
              key="corrections", source="Source: datasets/manual/corrections.csv", file_name="corrections.csv",
              title="Corrections to the hand-curated tables", wide=("reason",),
              labels={"key": "row (its key)", "field": "column", "old_value": "old value", "new_value": "new value"})
counts = pd.DataFrame([{"table": n, "rows": len(f)} for n, f in ds.frames.items()])
ui.show_table(counts, key="counts", source="Source: this data package (datasets/datapackage.json)",
              file_name="tables.csv", title="Rows per table")
