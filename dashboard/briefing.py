"""The charts of a view, built from the data and the filters: one function per chart, shared by the
pages and the exports so that a download is exactly what the page shows.

Belongs here: choosing the rows behind each chart (via ``metrics``) and handing them to ``charts`` with a
title, units and a derived source line. No Streamlit, no file I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, citations, metrics
from dashboard.countries import name_of
from dashboard.data import Datasets
from dashboard.filters import MINERAL_NAMES, Filters
from dashboard.metrics.supply import BASIS_PUBLISHED_SHARES

STAGE_WORDS = {"mine": "mine production", "refinery": "refined output", "reserves": "reserves"}
IMPORTERS = ("USA", "IND")


def _ids(frame: pd.DataFrame, column: str = "source_ids") -> list[str]:
    if column not in frame:
        return []
    return [s for ids in frame[column] for s in str(ids).split(";") if s]


def _line(ds: Datasets, ids: Iterable[str]) -> str:
    return citations.source_line(ds.sources, ids)


def production_chart(ds: Datasets, mineral: str, stage: str, year: int | None,
                     partners: Iterable[str] | None = None) -> charts.Chart:
    """Output (t) by country for a stage, or the published shares where only shares exist."""
    name = MINERAL_NAMES[mineral]
    shares = metrics.stage_shares(ds, mineral, stage, year)
    what = STAGE_WORDS[stage]
    line = _line(ds, shares.source_ids)
    chart_id = f"{mineral}_{stage}_by_country"
    if not shares.has_shares:
        return charts.empty_chart(chart_id, f"{name}: {what} by country", shares.reason or "no data", line)
    if shares.basis == BASIS_PUBLISHED_SHARES:
        return charts.producers_bar(
            shares.table, chart_id=chart_id, value_column="share_pct",
            title=f"{name}: share of world {what}, {shares.year} (%)", source_line=line,
            source_ids=shares.source_ids, unit_label="% of world", partners=partners or (),
            subtitle=f"Published shares ({shares.product or 'refined output'}); the rest is not itemised")
    return charts.producers_bar(
        shares.table, chart_id=chart_id, title=f"{name}: {what} by country, {shares.year} (t)", source_line=line,
        source_ids=shares.source_ids, unit_label="t", partners=partners or (),
        subtitle=f"{shares.edition}; world total {shares.world_total:,.0f} t of contained content"
        if shares.world_total else str(shares.edition))


def map_chart(ds: Datasets, mineral: str, stage: str, year: int | None) -> charts.Chart:
    name = MINERAL_NAMES[mineral]
    shares = metrics.stage_shares(ds, mineral, stage, year)
    line = _line(ds, shares.source_ids)
    chart_id = f"{mineral}_{stage}_map"
    title = f"{name}: share of world {STAGE_WORDS[stage]}, {shares.year} (%)"
    if not shares.has_shares:
        return charts.empty_chart(chart_id, title, shares.reason or "no data", line)
    return charts.world_map(shares.table, chart_id=chart_id, title=title, source_line=line,
                            source_ids=shares.source_ids)


def stage_chart(ds: Datasets, mineral: str, year: int | None, partners: Iterable[str] | None = None) -> charts.Chart:
    """HHI by stage with the bottleneck highlighted."""
    profile = metrics.stage_profile(ds, mineral, year, partners=frozenset(partners) if partners is not None else None)
    bottleneck = metrics.bottleneck_stage(ds, mineral, year)
    ids = _ids(profile)
    return charts.stage_concentration(
        profile, chart_id=f"{mineral}_concentration_by_stage",
        title=f"{MINERAL_NAMES[mineral]}: concentration by stage, mine vs refinery (HHI, 0-10,000)",
        source_line=_line(ds, ids), source_ids=ids, bottleneck=bottleneck["stage"])


def share_chart(ds: Datasets, mineral: str, year: int | None, partners: Iterable[str] | None,
                partner_label: str | None) -> charts.Chart:
    """China's share (and the partner's or bloc's) at each stage."""
    profile = metrics.stage_profile(ds, mineral, year, partners=frozenset(partners) if partners is not None else None)
    ids = _ids(profile)
    title = f"{MINERAL_NAMES[mineral]}: China's share by stage" + (f" vs {partner_label}" if partner_label else "") + " (%)"
    chart = charts.share_by_stage(profile, chart_id=f"{mineral}_share_by_stage", title=title,
                                  source_line=_line(ds, ids), source_ids=ids, partner_label=partner_label)
    mine = profile[profile["stage"] == "mine"]
    if partner_label and not mine.empty and pd.notna(mine["partner_share_pct"].iloc[0]):
        chart.key_number = (f"{partner_label} holds {mine['partner_share_pct'].iloc[0]:.1f} % of world "
                            f"{MINERAL_NAMES[mineral].lower()} mine production ({int(mine['year'].iloc[0])}); "
                            f"China {mine['concern_share_pct'].iloc[0]:.1f} %.")
    elif not mine.empty and pd.notna(mine["concern_share_pct"].iloc[0]):
        chart.key_number = (f"China holds {mine['concern_share_pct'].iloc[0]:.1f} % of world "
                            f"{MINERAL_NAMES[mineral].lower()} mine production ({int(mine['year'].iloc[0])})"
                            + (f"; the source lists no figure for {partner_label} (no data)." if partner_label
                               else "."))
    return chart


def trend(ds: Datasets, mineral: str) -> charts.Chart:
    frame = metrics.concentration_trend(ds, mineral, "mine")
    events = metrics.events_by_year(ds.events, mineral)
    ids = _ids(frame) + list(events["source_id"])
    chart = charts.trend_chart(frame, events, chart_id=f"{mineral}_trend_to_2029",
                               title=f"{MINERAL_NAMES[mineral]}: mine concentration (HHI) and world output to 2029, "
                                     "with policy events",
                               source_line=_line(ds, ids), source_ids=ids)
    known = frame[frame["hhi"].notna()] if not frame.empty else frame
    if len(known) >= 2:
        first, last = known.iloc[0], known.iloc[-1]
        chart.key_number = (f"Mine-stage HHI moved from {first['hhi']:,.0f} in {first['year']} to "
                            f"{last['hhi']:,.0f} in {last['year']}; {len(events)} policy events are marked.")
    if not chart.empty:
        chart.data = frame.assign(events=frame.get("events", pd.Series(dtype=object)).map(
            lambda e: "; ".join(e) if isinstance(e, list) else ""),
            event_ids=frame.get("event_ids", pd.Series(dtype=object)).map(
            lambda e: ";".join(e) if isinstance(e, list) else ""))
    return chart


def reserves_chart(ds: Datasets, mineral: str, year: int | None) -> charts.Chart:
    rvp = metrics.reserves_vs_production(ds, mineral, year)
    chart = charts.reserves_vs_production_chart(
        rvp.table, chart_id=f"{mineral}_reserves_vs_production",
        title=f"{MINERAL_NAMES[mineral]}: share of world reserves vs mine production, {rvp.year} (%)",
        source_line=_line(ds, rvp.source_ids), source_ids=rvp.source_ids)
    if rvp.world_reserve_life_years:
        chart.key_number = (f"World reserves would last {rvp.world_reserve_life_years:,.0f} years at {rvp.year} "
                            "mine output.")
    return chart


def end_use_chart(ds: Datasets, mineral: str) -> charts.Chart:
    uses = metrics.end_uses_of(ds.end_uses, mineral)
    chart = charts.end_uses_chart(uses, chart_id=f"{mineral}_end_uses",
                                  title=f"{MINERAL_NAMES[mineral]}: end uses (% of consumption)",
                                  source_line=_line(ds, uses["source_id"]), source_ids=tuple(uses["source_id"]))
    shares = uses[uses["share_pct"].notna()].sort_values("share_pct", ascending=False)
    if not shares.empty:
        top = shares.iloc[0]
        chart.key_number = (f"{str(top['end_use']).capitalize()} take {top['share_pct']:g} % "
                            f"({top['scope']}, {int(top['year'])}).")
    return chart


def import_reliance_chart(ds: Datasets, mineral: str) -> charts.Chart:
    """US and Indian import reliance by year (%), qualifiers kept on the labels."""
    name = MINERAL_NAMES[mineral]
    frame = ds.import_reliance[(ds.import_reliance["mineral"] == mineral)
                               & ds.import_reliance["importer_iso3"].isin(IMPORTERS)].copy()
    chart_id = f"{mineral}_import_reliance"
    title = f"{name}: import reliance of the US and India (% of apparent consumption)"
    if frame.empty or frame["value_pct"].isna().all():
        return charts.empty_chart(chart_id, title, "no import-reliance figure", _line(ds, frame["source_id"]))
    # newest edition per importer, product and year
    frame["rank"] = frame["edition"].map(lambda e: metrics._common.edition_rank(e))
    frame = frame.sort_values("rank").drop_duplicates(["importer_iso3", "product", "year"]).drop(columns="rank")
    frame = frame.sort_values(["importer_iso3", "product", "year"])
    fig = go.Figure()
    colours = {"USA": charts.BLUE, "IND": charts.ORANGE}
    for (importer, product), part in frame.groupby(["importer_iso3", "product"], sort=False):
        known = part[part["value_pct"].notna()]
        if known.empty:
            continue
        label = name_of(importer) + (f" ({product})" if product else "")
        fig.add_scatter(x=known["year"], y=known["value_pct"], mode="lines+markers+text", name=label,
                        line=dict(color=colours.get(importer), dash="solid" if not product else "dot"),
                        text=[f"{q}{v:g} %" for q, v in zip(known["qualifier"], known["value_pct"], strict=True)],
                        textposition="top center", hovertemplate=label + " %{x}: %{text}<extra></extra>")
    fig.update_yaxes(title_text="import reliance, % of apparent consumption", range=[0, 110], ticksuffix=" %")
    fig.update_xaxes(title_text="year", dtick=1)
    charts.finish(fig, title, _line(ds, frame["source_id"]),
                  "'>50 %' is a lower bound as published (plotted at 50); the US figures are USGS net import "
                  "reliance; India's are official statements of import dependence.")
    chart = charts.Chart(chart_id, title, fig, frame.reset_index(drop=True), tuple(frame["source_id"]))
    us = frame[(frame["importer_iso3"] == "USA") & frame["value_pct"].notna()]
    if not us.empty:
        last = us.sort_values("year").iloc[-1]
        chart.key_number = f"US net import reliance: {last['qualifier']}{last['value_pct']:g} % in {last['year']}."
    return chart


def import_sources_chart(ds: Datasets, mineral: str, partners: Iterable[str] | None = None) -> charts.Chart:
    rows = ds.import_sources[(ds.import_sources["mineral"] == mineral)
                             & ds.import_sources["importer_iso3"].isin(IMPORTERS)]
    chart = charts.import_sources_chart(
        rows, chart_id=f"{mineral}_import_sources",
        title=f"{MINERAL_NAMES[mineral]}: where the US and India import from (% of imports)",
        source_line=_line(ds, rows["source_id"]), source_ids=tuple(rows["source_id"]), partners=partners or ())
    china = rows[(rows["partner_iso3"] == "CHN") & rows["share_pct"].notna()]
    if not china.empty:
        top = china.sort_values("share_pct", ascending=False).iloc[0]
        chart.key_number = (f"China supplied {top['share_pct']:g} % of {name_of(top['importer_iso3'])}'s "
                            f"{top['product'] or MINERAL_NAMES[mineral].lower()} imports ({top['period']}).")
    return chart


def membership_chart(ds: Datasets, initiative_ids: Iterable[str], at: dt.date) -> charts.Chart:
    """Initiative x country matrix of members at a date (any role)."""
    names = dict(zip(ds.initiatives["initiative_id"], ds.initiatives["name"], strict=True))
    rows: dict[str, dict[str, int]] = {}
    for initiative_id in initiative_ids:
        members = metrics.members_at(ds.initiatives, ds.initiative_members, initiative_id, at)
        if members:
            rows[names[initiative_id]] = {c: 1 for c in members}
    matrix = pd.DataFrame.from_dict(rows, orient="index").fillna(0).astype(int) if rows else pd.DataFrame()
    if not matrix.empty:
        matrix = matrix[matrix.sum().sort_values(ascending=False).index]
    used = ds.initiative_members[ds.initiative_members["initiative_id"].isin(list(initiative_ids))]["source_id"]
    return charts.membership_matrix(matrix, chart_id="membership_matrix",
                                    title=f"Who belongs to what: initiative x country, at {at.isoformat()}",
                                    source_line=_line(ds, used), source_ids=tuple(used))


def timeline(ds: Datasets, initiative_ids: Iterable[str], at: dt.date) -> charts.Chart:
    table = ds.initiatives[ds.initiatives["initiative_id"].isin(list(initiative_ids))]
    return charts.timeline_chart(table, chart_id="initiatives_timeline", title="Initiatives over time",
                                 source_line=_line(ds, table["source_id"]), source_ids=tuple(table["source_id"]),
                                 today=pd.Timestamp(at))


#: The charts of the briefing pack, in order, by the key the command line uses (``--chart``).
CHART_KEYS = ("production", "map", "concentration", "partner_share", "trend", "import_reliance",
              "import_sources", "end_uses", "reserves")


def chart_for(key: str, ds: Datasets, mineral: str, filters: Filters, partners: Iterable[str] | None,
              partner_label: str | None) -> charts.Chart:
    """One chart of the pack by its key (see ``CHART_KEYS``)."""
    builders = {
        "production": lambda: production_chart(ds, mineral, "mine", filters.year, partners),
        "map": lambda: map_chart(ds, mineral, "mine", filters.year),
        "concentration": lambda: stage_chart(ds, mineral, filters.year, partners),
        "partner_share": lambda: share_chart(ds, mineral, filters.year, partners, partner_label),
        "trend": lambda: trend(ds, mineral),
        "import_reliance": lambda: import_reliance_chart(ds, mineral),
        "import_sources": lambda: import_sources_chart(ds, mineral, partners),
        "end_uses": lambda: end_use_chart(ds, mineral),
        "reserves": lambda: reserves_chart(ds, mineral, filters.year),
    }
    if key not in builders:
        raise ValueError(f"unknown chart {key!r}; valid: {', '.join(CHART_KEYS)}")
    return builders[key]()


def pack_charts(ds: Datasets, filters: Filters, partners: Iterable[str] | None,
                partner_label: str | None) -> list[charts.Chart]:
    """The briefing pack: per selected mineral, production by country, the map, mine vs refinery
    concentration, the partner's or bloc's share, the trend to 2029 with events, US and Indian import
    reliance and sources, end uses, and reserves vs production."""
    return [chart_for(key, ds, mineral, filters, partners, partner_label)
            for mineral in filters.minerals for key in CHART_KEYS]
