"""Status at a date: trade measures (export controls, bans, quotas, suspensions) and initiatives.

A measure is a series of state periods (``measures`` table). Its status on date D is the period that
contains D. When D is past the scheduled end of the last period (``end_kind = expires``, e.g. "suspended
until 10 Nov 2026") and no later period is recorded, the status is not assumed: it says the state
**lapsed on that day and no later source was read**. An initiative's recorded status holds as of its
``status_date``; an end date, a planned end or a supersession changes what it is at D.

Belongs here: pure date logic over the tables. Does not belong here: wording on pages beyond the one
sentence each status carries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ._common import Tables, split_multi, text_column

STATE_WORDS = {"announced": "announced, not yet in force", "in_force": "in force", "suspended": "suspended",
               "quota": "under export quotas", "lifted": "lifted"}


def _day(value: object) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return None if pd.isna(stamp) else stamp.date()


@dataclass(frozen=True)
class MeasureStatus:
    """The state of one measure on one date, in words, with the period it comes from."""

    measure_id: str
    at: dt.date
    state: str | None
    since: dt.date | None
    until: dt.date | None
    lapsed: bool
    text: str
    source_id: str | None


def measure_status(tables: Tables, measure_id: str, at: dt.date) -> MeasureStatus:
    """The status of a measure on ``at`` (see the module docstring).

    >>> import types
    >>> m = pd.DataFrame({"measure_id": "x", "state": ["announced", "suspended"],
    ...     "start_date": pd.to_datetime(["2025-10-09", "2025-11-07"]),
    ...     "end_date": pd.to_datetime(["2025-11-07", "2026-11-10"]), "end_kind": ["ended", "expires"],
    ...     "source_id": "s"})
    >>> t = types.SimpleNamespace(measures=m)
    >>> measure_status(t, "x", dt.date(2026, 1, 1)).text
    'suspended since 2025-11-07, until 2026-11-10 as scheduled'
    >>> measure_status(t, "x", dt.date(2026, 11, 29)).text
    'suspension lapsed on 2026-11-10; no later source read'
    """
    periods = tables.measures[tables.measures["measure_id"] == measure_id].sort_values("start_date")
    if periods.empty:
        raise ValueError(f"unknown measure {measure_id!r}")
    kinds = text_column(periods, "end_kind")
    for (_, row), end_kind in zip(periods.iterrows(), kinds, strict=True):
        start, end = _day(row["start_date"]), _day(row["end_date"])
        if start is not None and start <= at and (end is None or at < end):
            words = STATE_WORDS.get(str(row["state"]), str(row["state"]))
            text = f"{words} since {start.isoformat()}"
            if end is not None:
                text += f", until {end.isoformat()}" + (" as scheduled" if end_kind == "expires" else "")
            return MeasureStatus(measure_id, at, str(row["state"]), start, end, False, text, str(row["source_id"]))
    first, last = periods.iloc[0], periods.iloc[-1]
    first_start = _day(first["start_date"])
    if first_start is not None and at < first_start:
        return MeasureStatus(measure_id, at, None, None, first_start, False,
                             f"not yet announced (first recorded on {first_start.isoformat()})", None)
    end = _day(last["end_date"])
    state = str(last["state"])
    noun = {"suspended": "suspension", "quota": "quota period", "announced": "announcement"}.get(state, state)
    assert end is not None  # an open last period always contains dates after its start
    return MeasureStatus(measure_id, at, None, _day(last["start_date"]), end, True,
                         f"{noun} lapsed on {end.isoformat()}; no later source read", str(last["source_id"]))


def measures_at(tables: Tables, mineral: str, at: dt.date) -> pd.DataFrame:
    """Every measure covering a mineral and its status on ``at``: measure_id, country_iso3, target_iso3,
    title, status, lapsed, since, until, usgs_listed (USGS MCS 2026 table 4 lists it), source_id."""
    measures = tables.measures
    covering = measures[[mineral in split_multi(m) for m in measures["minerals"]]]
    usgs = {(str(c), str(t)) for c, m, t in zip(tables.export_controls["country_iso3"],
                                                 tables.export_controls["mineral"],
                                                 tables.export_controls["control_type"], strict=True)
            if m == mineral}
    rows = []
    for measure_id in dict.fromkeys(covering["measure_id"]):
        periods = covering[covering["measure_id"] == measure_id]
        last = periods.sort_values("start_date").iloc[-1]
        status = measure_status(tables, str(measure_id), at)
        control_types = set(text_column(periods, "usgs_control_type")) - {""}
        rows.append({
            "measure_id": measure_id, "country_iso3": last["country_iso3"], "target_iso3": last["target_iso3"],
            "title": last["title"], "status": status.text, "lapsed": status.lapsed, "since": status.since,
            "until": status.until,
            "usgs_listed": any((str(last["country_iso3"]), t) in usgs for t in control_types),
            "source_id": status.source_id or str(last["source_id"]),
        })
    columns = ["measure_id", "country_iso3", "target_iso3", "title", "status", "lapsed", "since", "until",
               "usgs_listed", "source_id"]
    return pd.DataFrame(rows, columns=columns)


def initiative_status(row: pd.Series, at: dt.date) -> str:
    """What an initiative is on ``at``, in words, from its recorded status, dates and successor."""
    start, end = _day(row["start_date"]), _day(row.get("end_date"))
    as_of = _day(row.get("status_date"))
    end_kind = str(row.get("end_kind") or "")
    if start is not None and at < start:
        return f"not yet launched (starts {start.isoformat()})"
    if end is not None and at >= end:
        successor = str(row.get("superseded_by") or "")
        if end_kind == "planned":
            return f"planned end {end.isoformat()} passed; no later source read"
        if successor:
            return f"superseded by {successor} on {end.isoformat()}"
        return f"ended on {end.isoformat()}"
    status = str(row["status"])
    text = status + (f" as of {as_of.isoformat()}" if as_of is not None else "")
    if end is not None and end_kind == "planned":
        text += f"; planned to end {end.isoformat()}"
    return text


def initiatives_at(tables: Tables, at: dt.date) -> pd.DataFrame:
    """The initiatives table with what each one is on ``at`` (``status_at``, in words) and its roster."""
    frame = tables.initiatives.copy()
    frame["status_at"] = [initiative_status(row, at) for _, row in frame.iterrows()]
    return frame
