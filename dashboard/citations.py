"""Source lines and full citations, derived from source ids: never typed by hand.

Belongs here: turning ``source_id``s and the ``sources`` table into text for chart captions, tables,
exports and the Sources page. Does not belong here: Streamlit calls, file reading.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

_SHORT_PUBLISHERS = {
    "U.S. Geological Survey, National Minerals Information Center": "USGS",
    "U.S. Geological Survey": "USGS",
    "International Energy Agency": "IEA",
}


def _ids(source_ids: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in source_ids:
        for part in str(item).split(";"):
            part = part.strip()
            if part and part not in seen:
                seen.append(part)
    return seen


def ids_in(frame: pd.DataFrame) -> list[str]:
    """The source ids a table cites, from its ``source_ids`` (';'-separated) or ``source_id`` column.

    >>> ids_in(pd.DataFrame({"source_ids": ["a;b", "b"]}))
    ['a', 'b']
    """
    for column in ("source_ids", "source_id"):
        if column in frame.columns:
            return _ids(frame[column])
    return []


def _row(sources: pd.DataFrame, source_id: str) -> pd.Series | None:
    match = sources[sources["source_id"] == source_id]
    return None if match.empty else match.iloc[0]


def short_publisher(publisher: str) -> str:
    """Abbreviation for the best-known publishers.

    >>> short_publisher("U.S. Geological Survey, National Minerals Information Center")
    'USGS'
    >>> short_publisher("Argus Media")
    'Argus Media'
    """
    return _SHORT_PUBLISHERS.get(publisher, publisher)


def short_citation(sources: pd.DataFrame, source_id: str) -> str:
    """'Publisher, Title (Edition), table' for one source id; the id itself if it is unknown."""
    row = _row(sources, source_id)
    if row is None:
        return source_id
    text = f"{short_publisher(str(row['publisher']))}, {row['title']}"
    edition = str(row.get("edition") or "")
    if edition and edition.casefold() not in str(row["title"]).casefold():  # not 'WEO 2024 (WEO 2024)'
        text += f" ({edition})"
    if row.get("table"):
        text += f", {row['table']}"
    if row.get("kind") == "secondary":
        text += " [secondary]"
    return text


def source_line(sources: pd.DataFrame, source_ids: Iterable[str], max_items: int | None = 4) -> str:
    """The 'Source: ...' line under a chart or table, from the ids of the rows it shows. Beyond
    ``max_items`` sources the line names how many more there are (the CSV and the Sources page list all).

    >>> frame = pd.DataFrame([{"source_id": "a", "publisher": "U.S. Geological Survey", "title": "MCS",
    ...                        "edition": "MCS 2026", "table": "T1", "kind": "primary"}])
    >>> source_line(frame, ["a", "a"])
    'Source: USGS, MCS (MCS 2026), T1'
    >>> frame.loc[0, "title"] = "World Energy Outlook 2024"; frame.loc[0, "edition"] = "World Energy Outlook 2024"
    >>> source_line(frame, ["a"])
    'Source: USGS, World Energy Outlook 2024, T1'
    >>> source_line(frame, [])
    'Source: none (no data shown)'
    """
    ids = _ids(source_ids)
    if not ids:
        return "Source: none (no data shown)"
    label = "Source" if len(ids) == 1 else "Sources"
    shown = ids if max_items is None else ids[:max_items]
    text = f"{label}: " + "; ".join(short_citation(sources, s) for s in shown)
    if len(shown) < len(ids):
        text += f"; and {len(ids) - len(shown)} more (listed in the data download and on the Sources page)"
    return text


def full_citation(row: pd.Series | dict[str, Any]) -> str:
    """A complete citation: publisher (year). Title. Edition. Table. URL/DOI. Kind; licence.

    >>> text = full_citation({"publisher": "USGS", "year": 2026, "title": "MCS 2026 Data Release",
    ...     "edition": "MCS 2026", "table": "T4", "url": "https://example.org", "doi": "10.5066/X",
    ...     "kind": "primary", "licence": "Public domain", "via": "", "date": None, "accessed": None})
    >>> for part in text.split(" https://"):
    ...     print(part)
    USGS (2026). MCS 2026 Data Release. MCS 2026. T4.
    doi.org/10.5066/X.
    example.org. Primary source; Public domain.
    """
    parts = [f"{row['publisher']} ({row['year']}).", f"{row['title']}."]
    for key in ("edition", "table"):
        if row.get(key):
            parts.append(f"{row[key]}.")
    if row.get("doi"):
        parts.append(f"https://doi.org/{row['doi']}.")
    if row.get("url"):
        parts.append(f"{row['url']}.")
    if row.get("via"):
        parts.append(f"Read via {row['via']}.")
    parts.append(f"{str(row['kind']).capitalize()} source; {row['licence']}.")
    return " ".join(parts)


def citations(sources: pd.DataFrame, source_ids: Iterable[str]) -> list[tuple[str, str]]:
    """(source_id, full citation) for each id, in first-seen order."""
    out = []
    for source_id in _ids(source_ids):
        row = _row(sources, source_id)
        out.append((source_id, full_citation(row) if row is not None else f"{source_id} (not in sources)"))
    return out
