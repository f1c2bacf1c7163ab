"""Initiatives as the spine of the themes: which initiatives pursue a theme for a mineral, and a "before and
after" of the members' (or the chosen partner's) share of world supply around each initiative's launch.

The before-and-after compares two published years: the data year at the launch (the launch year, or the
latest earlier year with data) and the latest data year. It says what moved, not why: an initiative is
never credited with a change, and a launch after the latest data year has no "after" yet.

Pure functions over the curated tables (``initiative_themes``, ``initiative_minerals``, ``initiatives``,
``initiative_members`` and the supply tables); no Streamlit, no I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from dashboard.vocabulary import SUPPLY_STAGES

from ._common import Tables, is_number
from .country import NO_ROSTER_WORD, initiatives_for, roster_of
from .partners import members_at, partner_share
from .supply import StageShares, stage_shares
from .trend import _years

COLUMNS = ["initiative_id", "name", "kind", "status", "start_date", "members", "roster", "scope_note", "source_id"]


def theme_initiatives(tables: Tables, theme_id: str, mineral: str, at: dt.date | None = None) -> pd.DataFrame:
    """The initiatives that pursue ``theme_id`` (``initiative_themes``) and cover ``mineral`` (named in
    ``initiative_minerals``, or critical minerals in general: ``country.initiatives_for``), newest first,
    with the members recorded at ``at`` (default today; for an initiative that had ended, its last day) and
    the roster's completeness. Columns: initiative_id, name, kind, status, start_date, members, roster,
    scope_note, source_id (the source that ties the initiative to the theme)."""
    table = _pursuing(tables, theme_id, mineral)
    if table.empty:
        return pd.DataFrame(columns=COLUMNS)
    when = at or dt.date.today()
    rows = tables.initiatives.set_index("initiative_id", drop=False)
    table["members"] = [len(_members_for(tables, rows.loc[i], when)) for i in table["initiative_id"]]
    table["roster"] = [roster_of(tables, i) or NO_ROSTER_WORD for i in table["initiative_id"]]
    ordered: pd.DataFrame = table[COLUMNS].sort_values(["start_date", "name"], ascending=[False, True])
    return ordered.reset_index(drop=True)


def _pursuing(tables: Tables, theme_id: str, mineral: str) -> pd.DataFrame:
    """Initiatives tagged with the theme and the mineral: initiative_id, source_id, scope_note, name, kind,
    status, start_date (empty when the tables are missing)."""
    themes = getattr(tables, "initiative_themes", None)
    minerals = getattr(tables, "initiative_minerals", None)
    if themes is None or minerals is None:
        return pd.DataFrame(columns=["initiative_id", "source_id", "scope_note", "name", "kind", "status",
                                     "start_date"])
    on_theme = themes[themes["theme_id"] == theme_id][["initiative_id", "source_id"]]
    covering = initiatives_for(tables, mineral)
    on_mineral = covering[["initiative_id"]].assign(
        scope_note=[note if isinstance(note, str) and note else coverage
                    for note, coverage in zip(covering["scope_note"], covering["coverage"], strict=True)])
    both = on_theme.merge(on_mineral, on="initiative_id").drop_duplicates("initiative_id")
    merged: pd.DataFrame = both.merge(tables.initiatives[["initiative_id", "name", "kind", "status", "start_date"]],
                                      on="initiative_id")
    return merged.sort_values(["start_date", "name"], ascending=[False, True])


def _members_for(tables: Tables, initiative: pd.Series, at: dt.date) -> frozenset[str]:
    """Members at ``at``, or on the last day of an initiative that had ended by then (every recorded member
    of a one-day event, such as a ministerial)."""
    identifier = str(initiative["initiative_id"])
    start, end = initiative.get("start_date"), initiative.get("end_date")
    if end is None or pd.isna(end) or pd.Timestamp(end).date() > at:
        return members_at(tables.initiatives, tables.initiative_members, identifier, at)
    if start is not None and not pd.isna(start) and pd.Timestamp(end) <= pd.Timestamp(start):
        rows = tables.initiative_members
        return frozenset(str(c) for c in rows.loc[rows["initiative_id"] == identifier, "country_iso3"])
    return members_at(tables.initiatives, tables.initiative_members, identifier,
                      pd.Timestamp(end).date() - dt.timedelta(days=1))


def launch_effects(tables: Tables, theme_id: str, mineral: str, *, at: dt.date | None = None,
                   partners: frozenset[str] | None = None, partner_label: str | None = None) -> pd.DataFrame:
    """For each initiative pursuing the theme for the mineral and each supply stage: the share of world
    supply held by its members (or by ``partners``, when given) in the data year at its launch and in the
    latest data year, the change in percentage points, and China's share in the same two years.

    Columns: initiative_id, name, start_date, stage, launch_year, share_at_launch_pct, latest_year,
    share_latest_pct, change_pts, china_at_launch_pct, china_latest_pct, whose, members, reason, source_ids.
    """
    when = at or dt.date.today()
    chosen = _pursuing(tables, theme_id, mineral)
    cache: dict[tuple[str, int], StageShares] = {}

    def shares_of(stage: str, year: int) -> StageShares:
        if (stage, year) not in cache:
            cache[(stage, year)] = stage_shares(tables, mineral, stage, year)
        return cache[(stage, year)]

    published = {stage: [y for y in _years(tables, mineral, stage) if shares_of(stage, y).has_shares]
                 for stage in SUPPLY_STAGES}
    china: dict[tuple[str, int], float | None] = {}

    def china_of(stage: str, year: int) -> float | None:
        if (stage, year) not in china:
            china[(stage, year)] = shares_of(stage, year).share_of("CHN").share_pct
        return china[(stage, year)]

    initiatives = tables.initiatives.set_index("initiative_id", drop=False)
    rows: list[dict[str, Any]] = []
    for _, item in chosen.iterrows():
        members = partners if partners is not None else _members_for(tables, initiatives.loc[item["initiative_id"]],
                                                                      when)
        roster = roster_of(tables, str(item["initiative_id"])) or NO_ROSTER_WORD
        whose = partner_label if partners is not None else f"members ({len(members)} recorded; {roster})"
        launch = pd.Timestamp(item["start_date"]).year if not pd.isna(item["start_date"]) else None
        for stage in SUPPLY_STAGES:
            row: dict[str, Any] = {"initiative_id": item["initiative_id"], "name": item["name"],
                                   "start_date": item["start_date"], "stage": stage, "whose": whose,
                                   "members": len(members), "launch_year": None, "share_at_launch_pct": None,
                                   "latest_year": None, "share_latest_pct": None, "change_pts": None,
                                   "china_at_launch_pct": None, "china_latest_pct": None, "reason": "",
                                   "source_ids": ""}
            years = published[stage]
            before = [y for y in years if launch is not None and y <= launch]
            if not years:
                row["reason"] = f"no {stage} shares published"
            elif not members:
                row["reason"] = "no members recorded"
            elif not before:
                row["reason"] = f"no {stage} data for {launch} or earlier (first year {years[0]})"
            else:
                start, latest = before[-1], years[-1]
                first, last = shares_of(stage, start), shares_of(stage, latest)
                at_launch, now = partner_share(first, members), partner_share(last, members)
                row.update(launch_year=start, latest_year=latest, share_at_launch_pct=at_launch.partner_share_pct,
                           share_latest_pct=now.partner_share_pct, china_at_launch_pct=china_of(stage, start),
                           china_latest_pct=china_of(stage, latest),
                           source_ids=";".join(dict.fromkeys([*first.source_ids, *last.source_ids])))
                if latest == start:
                    row["reason"] = f"launched in or after the latest data year ({latest}): no 'after' yet"
                elif is_number(at_launch.partner_share_pct) and is_number(now.partner_share_pct):
                    row["change_pts"] = now.partner_share_pct - at_launch.partner_share_pct
                else:
                    row["reason"] = at_launch.reason or now.reason or "no share for the members"
            rows.append(row)
    rows.sort(key=lambda r: r["change_pts"] is None)  # those with a before and an after first
    return pd.DataFrame(rows, columns=["initiative_id", "name", "start_date", "stage", "launch_year",
                                       "share_at_launch_pct", "latest_year", "share_latest_pct", "change_pts",
                                       "china_at_launch_pct", "china_latest_pct", "whose", "members", "reason",
                                       "source_ids"])
