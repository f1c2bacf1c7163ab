"""Provenance checks across the whole data package, run by the loader after row validation:

- every correction's new value is what its table now holds (a later whole-row correction supersedes the
  cell corrections before it);
- a primary source's url is on one of its publisher's own domains (``publishers`` table); a source needs
  a url, a doi or the copy read (``via``);
- every export-control event that is a step of a measure starts (and ends) with one of its periods.

Each problem is a ``(file, row, column, message)`` tuple for ``data.Problem``. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

import pandas as pd

Found = tuple[str, int | str, str, str]
Key = Callable[[str], tuple[str, ...]]


def cell(value: object) -> str:
    """A table cell as the corrections file writes it.

    >>> cell(pd.Timestamp("2026-02-04")), cell(True), cell(75.0), cell(float("nan"))
    ('2026-02-04', 'true', '75', '')
    """
    if value is None or (not isinstance(value, str) and not isinstance(value, bool) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def corrections(frames: dict[str, pd.DataFrame], keys: dict[str, tuple[str, ...]], shown: str) -> list[Found]:
    """Corrections whose new value the table does not hold (``shown``: the corrections file's name)."""
    fixes = frames["corrections"].reset_index(drop=True)
    found: list[Found] = []
    last_row_fix = {(t, k): i for i, (t, k, f) in enumerate(zip(fixes["table"], fixes["key"], fixes["field"],
                                                                 strict=True)) if f == "*"}
    indexed: dict[str, dict[str, pd.Series]] = {}
    for i, fix in fixes.iterrows():
        table, key, field = str(fix["table"]), str(fix["key"]), str(fix["field"])
        if int(str(i)) < last_row_fix.get((table, key), -1):
            continue  # superseded by a later whole-row correction
        later = fixes.iloc[int(str(i)) + 1:]
        if ((later["table"] == table) & (later["key"] == key) & (later["field"] == field)).any():
            continue  # a later correction of the same cell is the one to check
        line = int(str(i)) + 2
        if table not in frames or table not in keys:
            found.append((shown, line, "table", f"no table {table!r}"))
            continue
        if table not in indexed:
            frame = frames[table]
            indexed[table] = {"|".join(cell(r[c]) for c in keys[table]): r for _, r in frame.iterrows()}
        rows = indexed[table]
        new = cell(fix["new_value"])
        if field == "*":
            present = key in rows
            if new == "(removed)" and present:
                found.append((shown, line, "new_value", f"{table} still holds the removed row {key}"))
            elif new != "(removed)" and not present:
                found.append((shown, line, "key", f"{table} has no row {key}"))
            continue
        if key not in rows:
            found.append((shown, line, "key", f"{table} has no row {key}"))
            continue
        if field not in rows[key].index:
            found.append((shown, line, "field", f"{table} has no column {field!r}"))
            continue
        held = cell(rows[key][field])
        same = held == new
        if not same and held and new:
            try:
                same = float(held) == float(new)
            except ValueError:
                same = False
        if not same:
            found.append((shown, line, "new_value",
                          f"{table} {key} {field} holds {held[:60]!r}, not the corrected {new[:60]!r}"))
    return found


def source_locations(sources: pd.DataFrame, publishers: pd.DataFrame, shown: str) -> list[Found]:
    """Primary sources whose url is not on their publisher's own domain."""
    domains: dict[str, set[str]] = {}
    for publisher, domain in zip(publishers["publisher"], publishers["domain"], strict=True):
        domains.setdefault(str(publisher), set()).add(str(domain).lower())
    found: list[Found] = []
    for _i, source in sources.reset_index(drop=True).iterrows():
        if source["kind"] != "primary" or not source["url"]:
            continue
        host = (urlparse(str(source["url"])).hostname or "").lower()
        allowed = domains.get(str(source["publisher"]), set())
        if not any(host == d or host.endswith("." + d) for d in allowed):
            found.append((shown, str(source["source_id"]), "url",
                          f"primary source on {host or 'no host'}, not a domain of {source['publisher']!r} "
                          f"({', '.join(sorted(allowed)) or 'none recorded in publishers.csv'}); put a copy in via"))
    return found


def measure_steps(events: pd.DataFrame, measures: pd.DataFrame, shown: str) -> list[Found]:
    """Events that name a measure but do not start (or end) one of its periods: the timeline and the
    measure's status cannot contradict each other."""
    found: list[Found] = []
    for _, event in events[events["measure_id"] != ""].iterrows():
        periods = measures[measures["measure_id"] == event["measure_id"]]
        match = periods[periods["start_date"] == event["date"]]
        if match.empty:
            found.append((shown, str(event["event_id"]), "date",
                          f"{cell(event['date'])} starts no period of measure {event['measure_id']}"))
        elif pd.notna(event["end_date"]) and event["end_date"] not in set(match["end_date"]):
            found.append((shown, str(event["event_id"]), "end_date",
                          f"{cell(event['end_date'])} is not the end of the matching period of "
                          f"{event['measure_id']}"))
    return found
