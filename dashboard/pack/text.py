"""The brief's wording shared by every format: the line under the title, the two tables, the initiative and
event lines and the short references. Each figure reads "70 % (2024) [2]": value, data year, reference.
"""

from __future__ import annotations

import datetime as dt
import textwrap

from dashboard.brief import Brief, ImportFact, InitiativeFact, Reference, the
from dashboard.brief.model import STAGE_NOUNS
from dashboard.vocabulary import STAGES

Table = tuple[str, list[str], list[list[str]]]


def day(value: dt.date | None) -> str:
    """'4 Feb 2026'.

    >>> day(dt.date(2026, 2, 4))
    '4 Feb 2026'
    """
    return "date not given" if value is None else f"{value.day} {value.strftime('%b %Y')}"


def meta_line(brief: Brief) -> str:
    minerals = ", ".join(m.name for m in brief.minerals)
    return (f"Brief of {brief.date.strftime('%d %B %Y').lstrip('0')} · {minerals} · Each figure gives its data year "
            "and a reference [n]; shares are of world supply unless stated.")


def tables(brief: Brief, products: bool = True) -> list[Table]:
    """(heading, header, rows): the partner's imports (when the tables hold them) and, per mineral, China's and
    the partner's share of world supply at each stage with the most concentrated stage."""
    out: list[Table] = []
    label = brief.partner_label
    if label and brief.importers:
        rows = []
        for mineral in brief.minerals:
            for item in mineral.imports:
                name = mineral.name + (f" ({the(item.importer)})" if len(brief.importers) > 1 else "")
                rows.append([name, brief.cite(item.reliance), sources_cell(brief, item, products)])
        out.append((f"{label}: imports", ["Mineral", "Import reliance", "Main sources"], rows))
    header = ["Mineral", "China: mine", "China: refining", "China: reserves"]
    if label:
        header.append(f"{label}: mine")
    header.append("Most concentrated stage")
    rows = []
    for mineral in brief.minerals:
        cells = [mineral.name, *(brief.cite(mineral.stage(s).china) for s in STAGES)]
        partner = mineral.stage("mine").partner
        if label:
            cells.append(brief.cite(partner) if partner is not None else "")
        top = mineral.stage(mineral.bottleneck) if mineral.bottleneck else None
        cells.append("no data" if top is None or top.hhi is None else
                     f"{STAGE_NOUNS[top.stage].lower()} (HHI {top.hhi:,.0f}, {top.year})")
        rows.append(cells)
    out.append(("Share of world supply, by stage", header, rows))
    return out


def sources_cell(brief: Brief, item: ImportFact, product: bool = True) -> str:
    """'China 62 % of rare-earth metals (FY2024-25) [3]'; without the product where room is short."""
    if not item.sources.known:
        return item.sources.text
    what = f" of {item.product}" if product and item.product else ""
    marker = brief.marker(item.sources.source_ids)
    return f"{item.sources.text}{what} ({item.sources.year})" + (f" {marker}" if marker else "")


def initiatives_heading(brief: Brief) -> str:
    who = brief.partner_label or "the selection"
    if brief.ministerial_date:
        return f"Initiatives of {who}: at and after the ministerial of {day(brief.ministerial_date)}, then earlier"
    return f"Initiatives of {who}"


def initiative_lines(brief: Brief) -> tuple[list[str], list[str], str]:
    """(at or after the ministerial, earlier, 'and N more' or '')."""
    def line(i: InitiativeFact) -> str:
        role = f"{i.role}, " if i.role else ""
        span = f"since {day(i.since)}" if i.until is None or i.until != i.since else day(i.since)
        if i.until is not None and i.until != i.since:
            span += f", until {day(i.until)}"
        marker = brief.marker(i.source_ids)
        return f"{i.name} ({role}{span})" + (f" {marker}" if marker else "")

    recent = [line(i) for i in brief.initiatives if i.at_or_after_ministerial]
    earlier = [line(i) for i in brief.initiatives if not i.at_or_after_ministerial]
    more = f"and {brief.more_initiatives} earlier (Partners page)" if brief.more_initiatives else ""
    return recent, earlier, more


def event_lines(brief: Brief) -> list[str]:
    return [f"{day(e.date)}: {e.title} {brief.marker(e.source_ids)}".rstrip() for e in brief.events]


def short_reference(reference: Reference, limit: int | None = 120) -> str:
    """The short citation, cut at ``limit`` characters on a word boundary (the full one is in the annex)."""
    if limit is None:
        return reference.short
    return textwrap.shorten(reference.short, limit, placeholder=" …")
