"""Putting the brief together: facts, messages, and references numbered in reading order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dashboard import citations
from dashboard.data import Datasets
from dashboard.filters import Selection
from dashboard.vocabulary import STAGES

from .facts import events_of, initiatives_of, latest_ministerial, mineral_brief, partner_countries
from .messages import china_refining, choke_points, missing, partner_messages
from .model import (
    IMPORTERS,
    MAX_EARLIER_INITIATIVES,
    MAX_EVENTS,
    MAX_MESSAGES,
    Brief,
    EventFact,
    InitiativeFact,
    Message,
    MineralBrief,
    Reference,
    the,
)


def build(ds: Datasets, selection: Selection, today: dt.date | None = None) -> Brief:
    """The brief for a selection (pure: the same data and selection give the same brief)."""
    day = today or dt.date.today()
    at = selection.membership_date if selection.asof else day
    countries = partner_countries(ds, selection)
    importers = tuple(i for i in IMPORTERS if i in countries)
    label = selection.partner_label
    minerals = tuple(mineral_brief(ds, selection, m, importers) for m in selection.minerals)
    ministerial = latest_ministerial(ds, day)
    since = ministerial[1] if ministerial else None
    host = ministerial[2] if ministerial else ""
    initiatives = initiatives_of(ds, countries, at, since, host) if countries else []
    recent = [i for i in initiatives if i.at_or_after_ministerial]
    # earlier: those still active with the ministerial's host first, newest first within each
    earlier = sorted((i for i in initiatives if not i.at_or_after_ministerial), key=lambda i: not i.with_host)
    shown = recent + earlier[:MAX_EARLIER_INITIATIVES]
    skip = [i.initiative_id for i in shown]
    events = events_of(ds, countries, selection.minerals, at, skip)[:MAX_EVENTS] if countries else []
    # The partner's position first, then the choke points, then China's refining elsewhere.
    subject = the(selection.partner) if selection.partner and not selection.bloc else f"{label} members"
    messages = partner_messages(minerals, subject) if label else []
    choke = choke_points(minerals)
    told = {m for msg in choke if msg.stage == "refinery" for m in msg.minerals}
    messages = (messages + choke + china_refining(minerals, told))[:MAX_MESSAGES]
    gaps = missing(minerals, countries, importers, label or "") if label else []
    who = label or "supply and dependence"
    title = f"Critical minerals: {who}" + (f" after the {ministerial[0]}" if ministerial else "")
    order = _reading_order(messages, minerals, shown, events)
    references = tuple(reference(ds, n, sid) for n, sid in enumerate(order, start=1))
    return Brief(title, day, label, importers, ministerial[0] if ministerial else None, since, tuple(messages),
                 minerals, tuple(shown), len(initiatives) - len(shown), tuple(events), tuple(gaps),
                 references)


def reference(ds: Datasets, number: int, source_id: str) -> Reference:
    """Reference ``number`` for a source id: short and full citation and the publisher's link."""
    return Reference(number, source_id, citations.short_citation(ds.sources, source_id),
                     citations.citations(ds.sources, [source_id])[0][1], _url(ds, source_id))


def _url(ds: Datasets, source_id: str) -> str:
    row = ds.sources[ds.sources["source_id"] == source_id]
    if row.empty:
        return ""
    doi, url = str(row["doi"].iloc[0] or ""), str(row["url"].iloc[0] or "")
    return f"https://doi.org/{doi}" if doi and doi != "nan" else ("" if url == "nan" else url)


def _reading_order(messages: Sequence[Message], minerals: Sequence[MineralBrief],
                   initiatives: Sequence[InitiativeFact], events: Sequence[EventFact]) -> list[str]:
    """Source ids in the order the brief cites them: messages, the partner table, the stage table,
    initiatives, events."""
    ids: list[str] = [s for m in messages for s in m.source_ids]
    for mineral in minerals:
        for item in mineral.imports:
            ids += [*item.reliance.source_ids, *item.sources.source_ids]
    for mineral in minerals:
        for stage in STAGES:
            fact = mineral.stage(stage)
            ids += [*fact.china.source_ids, *(fact.partner.source_ids if fact.partner else ())]
    for mineral in minerals:
        ids += list(mineral.us_reliance.source_ids)
    ids += [s for i in initiatives for s in i.source_ids] + [s for e in events for s in e.source_ids]
    return list(dict.fromkeys(ids))
