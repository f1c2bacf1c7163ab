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
from .status import initiatives_at
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


ROSTER_WORDS = {
    "complete": "roster complete (the full member list is published and recorded)",
    "partial": "roster partial (the full member list is not published, or not every member is recorded)",
    "none": "no roster recorded (not a membership body, or no member is recorded)",
}
NO_ROSTER_WORD = "roster completeness not recorded"


def roster_of(tables: Tables, initiative_id: str) -> str | None:
    """How complete the recorded member list of an initiative is: 'complete', 'partial', 'none', or None
    when the data package does not record it (no ``roster`` column, or an empty cell)."""
    initiatives = tables.initiatives
    if "roster" not in initiatives.columns:
        return None
    found = initiatives.loc[initiatives["initiative_id"] == initiative_id, "roster"]
    value = str(found.iloc[0]).strip() if not found.empty and pd.notna(found.iloc[0]) else ""
    return value if value in ROSTER_WORDS else None


def bloc_caveat(tables: Tables, initiative_id: str, at: dt.date, name: str | None = None) -> str:
    """What every figure of a bloc must say: how many members are recorded at the date, and whether the
    roster is complete.

    >>> import pandas as pd
    >>> class T:
    ...     initiatives = pd.DataFrame({"initiative_id": ["forge"], "start_date": pd.to_datetime(["2026-02-04"]),
    ...                                 "end_date": pd.NaT})
    ...     initiative_members = pd.DataFrame({"initiative_id": "forge", "country_iso3": ["USA", "KOR", "JPN"],
    ...                                        "join_date": pd.NaT, "leave_date": pd.NaT})
    >>> bloc_caveat(T(), "forge", dt.date(2026, 6, 1), "FORGE")
    'FORGE: 3 members recorded at 2026-06-01; roster completeness not recorded.'
    """
    members = members_at(tables.initiatives, tables.initiative_members, initiative_id, at)
    roster = roster_of(tables, initiative_id)
    count = f"{len(members)} member{'' if len(members) == 1 else 's'} recorded at {at.isoformat()}"
    return f"{name or initiative_id}: {count}; {ROSTER_WORDS[roster] if roster else NO_ROSTER_WORD}."


def bloc_share_table(tables: Tables, initiative_id: str, at: dt.date, minerals: Sequence[str],
                     year: int | None = None) -> tuple[pd.DataFrame, frozenset[str], list[str]]:
    """Members' share of world supply (%) for each mineral and stage at a membership date, with China's
    share and the members the source lists; returns (table, members, source ids). Members the source does
    not list are not counted (they may be inside 'other countries'), so a share is a lower bound.
    Columns: mineral, stage, year, partner_share_pct, concern_share_pct, partners_counted, members,
    reason, source_ids."""
    members = members_at(tables.initiatives, tables.initiative_members, initiative_id, at)
    rows = []
    sources: list[str] = []
    for mineral in minerals:
        for stage in STAGES:
            shares = stage_shares(tables, mineral, stage, year)
            share = partner_share(shares, members)
            rows.append({"mineral": tables.vocabulary.mineral_name(mineral), "stage": stage, "year": shares.year,
                         "partner_share_pct": share.partner_share_pct, "concern_share_pct": share.concern_share_pct,
                         "partners_counted": ";".join(share.partners_counted), "members": len(members),
                         "reason": share.reason or "", "source_ids": ";".join(shares.source_ids)})
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
def bloc_members(tables: Tables, initiative_id: str, at: dt.date) -> pd.DataFrame:
    """The members of an initiative at a date (see ``partners.members_at``): country, role, join date,
    source. Columns: country_iso3, role, join_date, source_id."""
    members = members_at(tables.initiatives, tables.initiative_members, initiative_id, at)
    rows = tables.initiative_members
    rows = rows[(rows["initiative_id"] == initiative_id) & rows["country_iso3"].isin(sorted(members))]
    return rows[["country_iso3", "role", "join_date", "source_id"]].drop_duplicates("country_iso3") \
        .sort_values("country_iso3").reset_index(drop=True)


def bloc_events(tables: Tables, initiative_id: str) -> pd.DataFrame:
    """Events of an initiative (its launch, meetings, changes), newest first.
    Columns: date, kind, title, countries, minerals, source_id."""
    events = tables.events
    if "initiative_id" not in events.columns:
        return pd.DataFrame(columns=["date", "kind", "title", "countries", "minerals", "source_id"])
    own = events[events["initiative_id"].fillna("") == initiative_id]
    return own[["date", "kind", "title", "countries", "minerals", "source_id"]] \
        .sort_values("date", ascending=False).reset_index(drop=True)


def search_initiatives(tables: Tables, text: str = "", kinds: Sequence[str] = (),
                       at: dt.date | None = None) -> pd.DataFrame:
    """Initiatives whose name, description or id contains ``text`` (any case), of the given kinds (all when
    none), newest first, with their status at ``at`` (default today; ``status.initiatives_at``), the number
    of members recorded then and the roster's completeness. Columns: initiative_id, name, kind, status_at,
    start_date, end_date, convener_iso3, members, roster, description, source_id."""
    when = at or dt.date.today()
    table = initiatives_at(tables, when)
    needle = " ".join(text.split()).lower()
    if needle:
        table = table[table["name"].str.lower().str.contains(needle, regex=False)
                      | table["description"].str.lower().str.contains(needle, regex=False)
                      | table["initiative_id"].str.lower().str.contains(needle, regex=False)]
    if kinds:
        table = table[table["kind"].isin(list(kinds))]
    table = table.assign(
        members=[len(members_at(tables.initiatives, tables.initiative_members, i, when))
                 for i in table["initiative_id"]],
        roster=[roster_of(tables, i) or NO_ROSTER_WORD for i in table["initiative_id"]])
    columns = ["initiative_id", "name", "kind", "status_at", "start_date", "end_date", "convener_iso3", "members",
               "roster", "description", "source_id"]
    return table[columns].sort_values("start_date", ascending=False).reset_index(drop=True)
