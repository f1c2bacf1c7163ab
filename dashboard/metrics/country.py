"""A country's or a bloc's place in the supply chains: the initiatives it belongs to, the events that
involve it, what the US and India import from it, and a bloc's share of world supply by mineral and stage.

Pure table selections and sums over the curated tables (no Streamlit, no I/O).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from dashboard.vocabulary import STAGES

from ._common import Tables, split_multi
from .partners import members_at, partner_share
from .supply import stage_shares


def memberships_of(tables: Tables, country_iso3: str) -> pd.DataFrame:
    """The initiatives a country belongs to (any role), oldest first: name, kind, status, role, join
    date, start and end dates, source."""
    members = tables.initiative_members[tables.initiative_members["country_iso3"] == country_iso3]
    columns = ["initiative_id", "name", "kind", "status", "start_date", "end_date"]
    joined = members.merge(tables.initiatives[columns], on="initiative_id", how="left")
    return joined[["name", "kind", "status", "role", "join_date", "start_date", "end_date", "source_id"]] \
        .sort_values("start_date").reset_index(drop=True)


def events_involving(tables: Tables, country_iso3: str) -> pd.DataFrame:
    """Events that name the country, newest first."""
    events = tables.events
    involved = events[[country_iso3 in split_multi(c) for c in events["countries"]]]
    return involved[["date", "kind", "title", "minerals", "source_id"]] \
        .sort_values("date", ascending=False).reset_index(drop=True)


def imported_from(tables: Tables, country_iso3: str, minerals: Sequence[str]) -> pd.DataFrame:
    """What the US and India import from the country (shares or ranks as published)."""
    rows = tables.import_sources
    rows = rows[(rows["partner_iso3"] == country_iso3) & rows["mineral"].isin(list(minerals))]
    return rows[["importer_iso3", "mineral", "product", "period", "share_pct", "rank", "edition", "source_id"]] \
        .reset_index(drop=True)


def bloc_share_table(tables: Tables, initiative_id: str, at: dt.date, minerals: Sequence[str],
                     year: int | None = None) -> tuple[pd.DataFrame, frozenset[str], list[str]]:
    """Members' share of world supply (%) for each mineral and stage at a membership date, with China's
    share and the members the source lists; returns (table, members, source ids). Members the source does
    not list are not counted (they may be inside 'other countries'), so a share is a lower bound."""
    members = members_at(tables.initiatives, tables.initiative_members, initiative_id, at)
    rows = []
    sources: list[str] = []
    for mineral in minerals:
        for stage in STAGES:
            shares = stage_shares(tables, mineral, stage, year)
            share = partner_share(shares, members)
            rows.append({"mineral": tables.vocabulary.mineral_name(mineral), "stage": stage, "year": shares.year,
                         "members' share, %": share.partner_share_pct, "China, %": share.concern_share_pct,
                         "members counted": ", ".join(share.partners_counted), "why no data": share.reason or ""})
            sources += list(shares.source_ids)
    return pd.DataFrame(rows), members, sources


def initiatives_for(tables: Tables, mineral: str) -> pd.DataFrame:
    """Initiatives that name a mineral or concern critical minerals in general: initiative_id, name, kind,
    start_date, coverage ('names it' or 'critical minerals in general'), scope_note, source_id."""
    named = tables.initiative_minerals[tables.initiative_minerals["mineral"] == mineral]
    ini = tables.initiatives
    rows = ini.merge(named[["initiative_id", "scope_note"]], on="initiative_id", how="left")
    general = rows["general_minerals"].astype(bool) if "general_minerals" in rows.columns else False
    rows = rows[rows["scope_note"].notna() | general]
    rows = rows.assign(coverage=["names it" if isinstance(n, str) else "critical minerals in general"
                                 for n in rows["scope_note"]])
    return rows[["initiative_id", "name", "kind", "start_date", "coverage", "scope_note", "source_id"]] \
        .sort_values("start_date").reset_index(drop=True)
