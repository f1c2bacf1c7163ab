"""Concentration over time, with policy events attached to their years.

For each year the stage is published, the shares come from the newest edition that has that year
(MCS2026 > MCS2025 > WMO2025), so a series can join editions; the `edition` column says which. Years
where only a world total is published (the World Minerals Outlook's projected world capacity for
2025-2029) stay in the series with HHI None and the reason, never an invented split.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._common import WORLD, Tables, latest_edition, split_multi, text_column
from .supply import stage_shares


def events_by_year(events: pd.DataFrame, mineral: str | None = None) -> pd.DataFrame:
    """Events with their year, oldest first; with `mineral`, only events that name it or concern critical
    minerals in general (`general`). Columns: year, date, event_id, kind, title, countries, minerals, general,
    source_id."""
    columns = ["year", "date", "event_id", "kind", "title", "countries", "minerals", "general", "source_id"]
    if events is None or events.empty:
        return pd.DataFrame(columns=columns)
    frame = events.copy()
    if mineral is not None:
        general = frame["general"] if "general" in frame.columns else pd.Series(False, index=frame.index)
        keep = [
            mineral in split_multi(m) or bool(g)
            for m, g in zip(frame.get("minerals", pd.Series([""] * len(frame), index=frame.index)), general,
                            strict=True)
        ]
        frame = frame[keep]
    frame["date"] = pd.to_datetime(frame["date"])
    frame = frame[frame["date"].notna()]
    frame["year"] = frame["date"].dt.year.astype("int64")
    for column in columns:
        if column not in frame.columns:
            frame[column] = ""
    return frame.sort_values(["date", "event_id"])[columns].reset_index(drop=True)


def concentration_trend(
    tables: Tables,
    mineral: str,
    stage: str = "mine",
    *,
    measure: str = "production",
    concern_iso3: str = "CHN",
    edition: str | None = None,
    attach_events: bool = True,
) -> pd.DataFrame:
    """HHI (0-10,000), band, CR1, CR3 (percent) and the concern country's share (percent) by year.

    Columns: year, edition, measure, hhi, hhi_band, cr1_country_iso3, cr1_pct, cr3_pct, concern_share_pct,
    world_total_t, world_capacity_t (world capacity when published, e.g. WMO2025 projections), status,
    reason, source_ids and, with `attach_events`, events (list of 'YYYY-MM-DD title') and event_ids.
    """
    years = _years(tables, mineral, stage)
    events = (
        events_by_year(tables.events, mineral)
        if attach_events
        else pd.DataFrame(columns=["year", "date", "title", "event_id"])
    )
    rows: list[dict[str, Any]] = []
    for year in years:
        shares = stage_shares(tables, mineral, stage, year, edition=edition, measure=measure)
        conc = shares.concentration()
        capacity_value, capacity_edition, capacity_status = _world_capacity(tables, mineral, stage, year)
        reason = conc.reason
        if not shares.has_shares and shares.table.empty and capacity_value is not None:
            reason = (
                f"{capacity_edition} gives only a {capacity_status or ''} world capacity total (WLD) for "
                f"{year}, no country split: HHI cannot be computed"
            ).replace("  ", " ")
        statuses = sorted({s for s in shares.table.get("status", pd.Series(dtype=object)) if s})
        row: dict[str, Any] = {
            "year": year,
            "edition": shares.edition,
            "measure": measure if stage != "reserves" else "reserves",
            "hhi": conc.hhi,
            "hhi_band": conc.hhi_band,
            "cr1_country_iso3": conc.cr1_country_iso3,
            "cr1_pct": conc.cr1_pct,
            "cr3_pct": conc.cr3_pct,
            "concern_share_pct": shares.share_of(concern_iso3).share_pct,
            "world_total_t": shares.world_total,
            "world_capacity_t": capacity_value,
            "status": ";".join(statuses),
            "reason": reason,
            "source_ids": ";".join(shares.source_ids),
        }
        if attach_events:
            in_year = events[events["year"] == year]
            row["events"] = [
                f"{d.date().isoformat()} {t}" for d, t in zip(in_year["date"], in_year["title"], strict=True)
            ]
            row["event_ids"] = list(in_year["event_id"])
        rows.append(row)
    return pd.DataFrame.from_records(rows) if rows else pd.DataFrame()


def _years(tables: Tables, mineral: str, stage: str) -> list[int]:
    if stage == "reserves":
        frame = tables.reserves
        return sorted({int(y) for y in frame.loc[frame["mineral"] == mineral, "year"]})
    frame = tables.production
    years = {int(y) for y in frame.loc[(frame["mineral"] == mineral) & (frame["stage"] == stage), "year"]}
    if stage == "refinery":
        refining = getattr(tables, "refining_shares", None)
        if refining is not None and not refining.empty:
            years |= {int(y) for y in refining.loc[refining["mineral"] == mineral, "year"]}
    return sorted(years)


def _world_capacity(
    tables: Tables, mineral: str, stage: str, year: int
) -> tuple[float | None, str | None, str | None]:
    if stage == "reserves":
        return None, None, None
    frame = tables.production
    rows = frame[
        (frame["mineral"] == mineral)
        & (frame["stage"] == stage)
        & (frame["measure"] == "capacity")
        & (frame["country_iso3"] == WORLD)
        & (frame["year"] == year)
    ]
    rows = rows[pd.to_numeric(rows["value"], errors="coerce").notna()]
    if rows.empty:
        return None, None, None
    edition = latest_edition(tables, text_column(rows, "edition"))
    row = rows[text_column(rows, "edition") == (edition or "")].iloc[0]
    return float(row["value"]), edition, text_column(rows, "status").iloc[0]
