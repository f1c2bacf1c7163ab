"""The charts of a mineral, registered under their ids, and the charts of the Initiatives, Partners and
Scenarios pages: each picks its rows through ``metrics``, derives its source line from the rows' source
ids and hands them to ``figures``. Shared by the pages and the exports, so a download is exactly what the
page shows.

Belongs here: choosing the rows behind each chart, its title with units and its key number. No
Streamlit, no file I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

import pandas as pd

from dashboard import citations, metrics
from dashboard.countries import name_of
from dashboard.data import Datasets
from dashboard.metrics.supply import BASIS_PUBLISHED_SHARES
from dashboard.vocabulary import STAGE_WORDS

from . import events as event_charts
from . import figures, initiatives, landing
from .registry import Chart, ChartArgs, register

IMPORTERS = ("USA", "IND")


def _ids(frame: pd.DataFrame, column: str = "source_ids") -> list[str]:
    if column not in frame:
        return []
    return [s for ids in frame[column] for s in str(ids).split(";") if s]


def _line(ds: Datasets, ids: Iterable[str]) -> str:
    return citations.source_line(ds.sources, ids)


def _name(ds: Datasets, mineral: str) -> str:
    return ds.vocabulary.mineral_name(mineral)


def _with_note(subtitle: str, args: ChartArgs) -> str:
    """A subtitle with the bloc's member count and roster completeness, when a bloc is drawn."""
    return f"{subtitle}. {args.partner_note}" if args.partner_note else subtitle


@register("production", "Production by country", uses=("stage", "year", "partners"))
def production(ds: Datasets, args: ChartArgs) -> Chart:
    """Output (t) by country for a stage, or the published shares where only shares exist."""
    name, stage = _name(ds, args.mineral), args.stage
    shares = metrics.stage_shares(ds, args.mineral, stage, args.year)
    what = STAGE_WORDS[stage]
    line = _line(ds, shares.source_ids)
    chart_id = f"{args.mineral}_{stage}_by_country"
    partners = args.partners or ()
    if not shares.has_shares:
        return figures.empty_chart(chart_id, f"{name}: {what} by country", shares.reason or "no data", line)
    if shares.basis == BASIS_PUBLISHED_SHARES:
        return figures.producers_bar(
            shares.table, chart_id=chart_id, value_column="share_pct",
            title=f"{name}: share of world {what}, {shares.year} (%)", source_line=line,
            source_ids=shares.source_ids, unit_label="% of world", partners=partners, partner_label=args.partner_label,
            subtitle=_with_note(f"Published shares ({shares.product or 'refined output'}); the rest is not itemised",
                                args))
    return figures.producers_bar(
        shares.table, chart_id=chart_id, title=f"{name}: {what} by country, {shares.year} (t)", source_line=line,
        source_ids=shares.source_ids, unit_label="t", partners=partners, partner_label=args.partner_label,
        subtitle=_with_note("; ".join([f"{shares.edition}; world total {shares.world_total:,.0f} t of contained "
                                       "content" if shares.world_total else str(shares.edition), *shares.notes]),
                            args))


@register("map", "World map of shares", uses=("stage", "year"))
def world_map(ds: Datasets, args: ChartArgs) -> Chart:
    name = _name(ds, args.mineral)
    shares = metrics.stage_shares(ds, args.mineral, args.stage, args.year)
    line = _line(ds, shares.source_ids)
    chart_id = f"{args.mineral}_{args.stage}_map"
    title = f"{name}: share of world {STAGE_WORDS[args.stage]}, {shares.year} (%)"
    if not shares.has_shares:
        return figures.empty_chart(chart_id, title, shares.reason or "no data", line)
    return figures.world_map(shares.table, chart_id=chart_id, title=title, source_line=line,
                             source_ids=shares.source_ids)


@register("concentration", "Concentration by stage", uses=("year",))
def concentration(ds: Datasets, args: ChartArgs) -> Chart:
    """HHI by stage with the bottleneck highlighted."""
    profile = metrics.stage_profile(ds, args.mineral, args.year)
    bottleneck = metrics.bottleneck_stage(ds, args.mineral, args.year)
    ids = _ids(profile)
    return figures.stage_concentration(
        profile, chart_id=f"{args.mineral}_concentration_by_stage",
        title=f"{_name(ds, args.mineral)}: concentration by stage, mine vs refinery (HHI, 0-10,000)",
        source_line=_line(ds, ids), source_ids=ids, bottleneck=bottleneck["stage"])


@register("partner_share", "China's and the partner's share by stage", uses=("year", "partners"))
def partner_share(ds: Datasets, args: ChartArgs) -> Chart:
    """China's share (and the partner's or bloc's) at each stage."""
    name, label = _name(ds, args.mineral), args.partner_label
    profile = metrics.stage_profile(ds, args.mineral, args.year, partners=args.partners)
    ids = _ids(profile)
    title = f"{name}: China's share by stage" + (f" vs {label}" if label else "") + " (%)"
    chart = figures.share_by_stage(profile, chart_id=f"{args.mineral}_share_by_stage", title=title,
                                   source_line=_line(ds, ids), source_ids=ids, partner_label=label,
                                   note=args.partner_note or "")
    mine = profile[profile["stage"] == "mine"]
    key = ""
    if label and not mine.empty and pd.notna(mine["partner_share_pct"].iloc[0]):
        key = (f"{label} holds {mine['partner_share_pct'].iloc[0]:.1f} % of world {name.lower()} mine "
               f"production ({int(mine['year'].iloc[0])}); China {mine['concern_share_pct'].iloc[0]:.1f} %.")
    elif not mine.empty and pd.notna(mine["concern_share_pct"].iloc[0]):
        key = (f"China holds {mine['concern_share_pct'].iloc[0]:.1f} % of world {name.lower()} mine production "
               f"({int(mine['year'].iloc[0])})"
               + (f"; the source lists no figure for {label} (no data)." if label else "."))
    return replace(chart, key_number=key)


@register("trend", "Trend to 2029 with policy events")
def trend(ds: Datasets, args: ChartArgs) -> Chart:
    frame = metrics.concentration_trend(ds, args.mineral, "mine")
    events = metrics.events_by_year(ds.events, args.mineral)
    ids = _ids(frame) + list(events["source_id"])
    chart = event_charts.trend_chart(
        frame, events, chart_id=f"{args.mineral}_trend_to_2029",
        title=f"{_name(ds, args.mineral)}: mine concentration (HHI) and world output to 2029, with policy events",
        source_line=_line(ds, ids), source_ids=ids)
    if chart.empty:
        return chart
    known = frame[frame["hhi"].notna()]
    key = ""
    if len(known) >= 2:
        first, last = known.iloc[0], known.iloc[-1]
        groups = event_charts.group_events(events)["group"].nunique() if not events.empty else 0
        key = (f"Mine-stage HHI moved from {first['hhi']:,.0f} in {first['year']} to {last['hhi']:,.0f} in "
               f"{last['year']}; {len(events)} policy events are marked, in {groups} groups by year and kind.")
    rows = frame.assign(
        events=frame["events"].map(lambda e: "; ".join(e) if isinstance(e, list) else ""),
        event_ids=frame["event_ids"].map(lambda e: ";".join(e) if isinstance(e, list) else ""))
    return replace(chart, key_number=key, rows=rows)


@register("reserves", "Reserves vs mine production", uses=("year",))
def reserves(ds: Datasets, args: ChartArgs) -> Chart:
    rvp = metrics.reserves_vs_production(ds, args.mineral, args.year)
    chart = figures.reserves_vs_production_chart(
        rvp.table, chart_id=f"{args.mineral}_reserves_vs_production",
        title=f"{_name(ds, args.mineral)}: share of world reserves vs mine production, {rvp.year} (%)",
        source_line=_line(ds, rvp.source_ids), source_ids=rvp.source_ids)
    if rvp.world_reserve_life_years:
        return replace(chart, key_number=f"World reserves would last {rvp.world_reserve_life_years:,.0f} years "
                                         f"at {rvp.year} mine output.")
    return chart


@register("end_uses", "End uses")
def end_uses(ds: Datasets, args: ChartArgs) -> Chart:
    uses = metrics.end_uses_of(ds.end_uses, args.mineral)
    chart = figures.end_uses_chart(uses, chart_id=f"{args.mineral}_end_uses",
                                   title=f"{_name(ds, args.mineral)}: end uses (% of consumption)",
                                   source_line=_line(ds, uses["source_id"]), source_ids=tuple(uses["source_id"]))
    shares = uses[uses["share_pct"].notna()].sort_values("share_pct", ascending=False)
    if shares.empty:
        return chart
    top = shares.iloc[0]
    return replace(chart, key_number=f"{str(top['end_use']).capitalize()} take {top['share_pct']:g} % "
                                     f"({top['scope']}, {int(top['year'])}).")


@register("import_reliance", "US and Indian import reliance")
def import_reliance(ds: Datasets, args: ChartArgs) -> Chart:
    """US and Indian import reliance by year (%), newest edition per importer, product and year."""
    frame = ds.import_reliance[(ds.import_reliance["mineral"] == args.mineral)
                               & ds.import_reliance["importer_iso3"].isin(IMPORTERS)].copy()
    frame["rank"] = frame["edition"].map(ds.vocabulary.edition_rank)
    frame = frame.sort_values("rank").drop_duplicates(["importer_iso3", "product", "year"]).drop(columns="rank")
    frame = frame.sort_values(["importer_iso3", "product", "year"]).reset_index(drop=True)
    chart = figures.import_reliance_lines(
        frame, chart_id=f"{args.mineral}_import_reliance",
        title=f"{_name(ds, args.mineral)}: import reliance of the US and India (% of apparent consumption)",
        source_line=_line(ds, frame["source_id"]), source_ids=tuple(frame["source_id"]))
    us = frame[(frame["importer_iso3"] == "USA") & frame["value_pct"].notna()]
    if chart.empty or us.empty:
        return chart
    last = us.sort_values("year").iloc[-1]
    return replace(chart, key_number=f"US net import reliance for {_name(ds, args.mineral).lower()}: "
                                     f"{last['qualifier']}{last['value_pct']:g} % in {last['year']}.")


@register("import_sources", "Where the US and India import from", uses=("partners",))
def import_sources(ds: Datasets, args: ChartArgs) -> Chart:
    rows = ds.import_sources[(ds.import_sources["mineral"] == args.mineral)
                             & ds.import_sources["importer_iso3"].isin(IMPORTERS)]
    chart = figures.import_sources_chart(
        rows, chart_id=f"{args.mineral}_import_sources",
        title=f"{_name(ds, args.mineral)}: where the US and India import from (% of imports)",
        source_line=_line(ds, rows["source_id"]), source_ids=tuple(rows["source_id"]), partners=args.partners or (),
        note=args.partner_note or "")
    china = rows[(rows["partner_iso3"] == "CHN") & rows["share_pct"].notna()]
    if china.empty:
        return chart
    top = china.sort_values("share_pct", ascending=False).iloc[0]
    return replace(chart, key_number=f"China supplied {top['share_pct']:g} % of {name_of(top['importer_iso3'])}'s "
                                     f"{top['product'] or _name(ds, args.mineral).lower()} imports ({top['period']}).")


@register("prices", "Prices (USGS salient statistics)")
def prices(ds: Datasets, args: ChartArgs) -> Chart:
    frame = metrics.price_series(ds, args.mineral)
    unit = str(frame["unit"].iloc[0]) if not frame.empty else "no data"
    chart = figures.price_lines(frame, chart_id=f"{args.mineral}_prices",
                                title=f"{_name(ds, args.mineral)}: annual average prices ({unit})",
                                source_line=_line(ds, frame["source_id"]), source_ids=tuple(frame["source_id"]))
    known = frame[frame["value"].notna()]
    if chart.empty or known.empty:
        return chart
    last_year = int(known["year"].max())
    latest = known[known["year"] == last_year]
    headline = latest[latest["series"].str.contains("NdPr", regex=False)]
    row = (headline if not headline.empty else latest).iloc[0]
    series = str(row["series"])
    return replace(chart, key_number=f"{series[:1].upper()}{series[1:]}: {row['value']:,g} {unit} in {last_year} "
                                     f"({row['status']}, {row['edition']}).")


@register("china_grip", "Where China's grip lies: its share by mineral and stage",
          uses=("minerals", "partners", "year"), in_pack=False)
def china_grip(ds: Datasets, args: ChartArgs) -> Chart:
    """China's share (and the partner's) of world supply for every selected mineral and stage, with the data
    year of each cell. Across minerals: ``args.minerals`` (or the one mineral)."""
    minerals = args.minerals or (args.mineral,)
    rows = []
    for mineral in minerals:
        profile = metrics.stage_profile(ds, mineral, args.year, partners=args.partners)
        for _, row in profile.iterrows():
            rows.append({"mineral": _name(ds, mineral), "stage": row["stage"], "year": row["year"],
                         "edition": row["edition"], "concern_share_pct": row["concern_share_pct"],
                         "concern_qualifier": row.get("concern_qualifier", ""),
                         **({"partner_share_pct": row["partner_share_pct"]} if args.partners is not None else {}),
                         "reason": row["concern_reason"] or row["reason"], "source_ids": row["source_ids"]})
    frame = pd.DataFrame(rows)
    ids = _ids(frame)
    chart = landing.grip_heatmap(
        frame, chart_id="china_share_by_mineral_and_stage",
        title="Where China's grip lies: its share of world supply by mineral and stage (%)",
        source_line=_line(ds, ids), source_ids=tuple(dict.fromkeys(ids)), partner_label=args.partner_label,
        note=args.partner_note or "")
    known = frame[frame["concern_share_pct"].notna()] if not frame.empty else frame
    if known.empty:
        return chart
    top = known.sort_values("concern_share_pct", ascending=False).iloc[0]
    bound = top["concern_qualifier"] if top["concern_qualifier"] in ("<", ">") else ""
    # a bound is printed as the source gives it ('>75 %', not '>75.0 %'); a computed share to one decimal
    share = f"{bound}{top['concern_share_pct']:g}" if bound else f"{top['concern_share_pct']:.1f}"
    return replace(chart, key_number=f"China's largest share is in {top['mineral'].lower()} "
                                     f"{STAGE_WORDS[str(top['stage'])]}: {share} % "
                                     f"({int(top['year'])}).")


# -- charts of other pages (not per mineral) ---------------------------------------------------------


def membership(ds: Datasets, initiative_ids: Sequence[str], at: dt.date) -> Chart:
    """Initiative x country matrix of members at a date (any role)."""
    names = dict(zip(ds.initiatives["initiative_id"], ds.initiatives["name"], strict=True))
    rows: dict[str, dict[str, int]] = {}
    for initiative_id in initiative_ids:
        members = metrics.members_at(ds.initiatives, ds.initiative_members, initiative_id, at)
        if members:
            rows[names[initiative_id]] = dict.fromkeys(members, 1)
    matrix = pd.DataFrame.from_dict(rows, orient="index").fillna(0).astype(int) if rows else pd.DataFrame()
    if not matrix.empty:
        matrix = matrix[matrix.sum().sort_values(ascending=False).index]
    used = ds.initiative_members[ds.initiative_members["initiative_id"].isin(list(initiative_ids))]["source_id"]
    return initiatives.membership_matrix(matrix, chart_id="membership_matrix",
                                     title=f"Who belongs to what: initiative x country, at {at.isoformat()}",
                                     source_line=_line(ds, used), source_ids=tuple(used))


def timeline(ds: Datasets, initiative_ids: Sequence[str], at: dt.date) -> Chart:
    table = ds.initiatives[ds.initiatives["initiative_id"].isin(list(initiative_ids))]
    return initiatives.timeline_chart(table, chart_id="initiatives_timeline", title="Initiatives over time",
                                  source_line=_line(ds, table["source_id"]), source_ids=tuple(table["source_id"]),
                                  today=pd.Timestamp(at))


def country_profile(ds: Datasets, country: str, minerals: Sequence[str], year: int | None) -> Chart:
    """One country's share of world mine production, refining and reserves per mineral (%)."""
    rows = []
    sources: list[str] = []
    for mineral in minerals:
        by_stage = metrics.concern_share_by_stage(ds, mineral, country, year)
        for _, row in by_stage.iterrows():
            rows.append({"mineral": _name(ds, mineral), "stage": row["stage"], "year": row["year"],
                         "edition": row["edition"], "share_pct": row["share_pct"],
                         "why no data": row["reason"] if isinstance(row["reason"], str) else ""})
            sources += [s for s in str(row["source_ids"]).split(";") if s]
    return figures.country_profile_bars(
        pd.DataFrame(rows), chart_id=f"{country}_profile",
        title=f"{name_of(country)}: share of world mine production, refining and reserves (%)",
        source_line=_line(ds, sources), source_ids=tuple(dict.fromkeys(sources)))


def scenario(ds: Datasets, result: metrics.Scenario, shares: metrics.StageShares,
             threshold_pct: float = metrics.SINGLE_SUPPLIER_THRESHOLD_PCT) -> Chart:
    """Shares before and after a what-if change, with the single-supplier threshold."""
    before = result.table.rename(columns={"share_before_pct": "share_pct"})[["country_iso3", "share_pct"]]
    after = result.table.rename(columns={"share_after_pct": "share_pct"})[["country_iso3", "share_pct"]]
    return figures.scenario_chart(
        before, after, chart_id=f"{shares.mineral}_{shares.stage}_scenario",
        title=f"{_name(ds, shares.mineral)} {shares.stage}: shares before and after the change (%)",
        source_line=_line(ds, shares.source_ids), source_ids=shares.source_ids, threshold_pct=threshold_pct)
