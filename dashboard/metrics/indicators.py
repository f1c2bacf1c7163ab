"""Measures from country indicators and end uses for the clean-energy and responsible-mining themes: the
battery / electric-vehicle share of demand, the share of mine supply from countries implementing the EITI,
and the artisanal share of mine production.

``country_indicators`` (``indicator, country_iso3, value, as_of, source_id, note``) holds what a source
states per country and date: ``eiti_implementing`` (true / false) and ``<mineral>_asm_share_pct`` (with
``_low`` / ``_high`` for a stated range). Where the table or its rows are missing, every function here
returns None: the page says "no data", never a zero.

Pure functions over the curated tables; no Streamlit, no I/O.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ._common import Tables, is_number
from .supply import stage_shares

#: End uses that are batteries, electric vehicles or other clean-energy uses (matched in any case).
CLEAN_ENERGY_USES = re.compile(r"batter|electric vehicle|\bevs?\b|clean energy|energy storage|grid storage",
                               re.IGNORECASE)
#: Applications that are clean-energy technologies, where a source names them without a share.
CLEAN_ENERGY_APPLICATIONS = re.compile(r"batter|magnet|fuel cell|solar|photovoltaic|wind|electric vehicle|\bevs?\b|"
                                       r"energy storage|grid storage", re.IGNORECASE)
EITI = "eiti_implementing"
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def indicators(tables: Tables) -> pd.DataFrame | None:
    """The ``country_indicators`` table, or None when the data package does not have it (yet)."""
    frame = getattr(tables, "country_indicators", None)
    if frame is None or not isinstance(frame, pd.DataFrame) or frame.empty:
        return None
    return frame


def clean_energy_share(tables: Tables, mineral: str) -> pd.DataFrame | None:
    """Shares of demand that go to batteries, electric vehicles or other clean-energy uses, as the sources
    state them (``end_uses`` rows whose end use names them and that carry a share), newest first.
    Columns: scope, end_use, year, share_pct, note, source_id. None when no source gives such a share."""
    uses = tables.end_uses
    rows = uses[(uses["mineral"] == mineral) & uses["share_pct"].notna()
                & uses["end_use"].astype(str).str.contains(CLEAN_ENERGY_USES)]
    if rows.empty:
        return None
    columns = [c for c in ("scope", "end_use", "year", "share_pct", "note", "source_id") if c in rows.columns]
    out = rows[columns].sort_values(["year", "share_pct"], ascending=[False, False]).reset_index(drop=True)
    top = out.iloc[0]
    out.attrs["headline"] = (f"{str(top['end_use']).capitalize()}: {top['share_pct']:g} % of {top['scope']} demand "
                             f"in {int(top['year'])}, as the source states it.")
    return out


def clean_energy_applications(tables: Tables, mineral: str) -> pd.DataFrame | None:
    """Clean-energy technologies (batteries, permanent magnets, fuel cells, solar, wind...) a source names
    among a mineral's applications, with or without a share, newest first; one row per use and source.
    Columns: scope, end_use, year, share_pct, source_id. None when no source names one."""
    uses = tables.end_uses
    rows = uses[(uses["mineral"] == mineral) & uses["end_use"].astype(str).str.contains(CLEAN_ENERGY_APPLICATIONS)]
    if rows.empty:
        return None
    out = rows[["scope", "end_use", "year", "share_pct", "source_id"]].drop_duplicates(
        ["scope", "end_use", "year", "source_id"]).sort_values(["year", "end_use"], ascending=[False, True])
    out = out.reset_index(drop=True)
    named = sorted({str(u) for u in out["end_use"]})
    out.attrs["headline"] = (f"The sources name {len(named)} clean-energy application{'s' if len(named) > 1 else ''} "
                             f"of {mineral.replace('_', ' ')}: " + ", ".join(named) + ".")
    return out


def _flag(value: Any) -> bool | None:
    text = str(value).strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


def eiti_status(tables: Tables) -> pd.DataFrame | None:
    """The latest recorded EITI status of each country. Columns: country_iso3, eiti_implementing (bool),
    as_of, source_id, note. None when nothing is recorded."""
    frame = indicators(tables)
    if frame is None:
        return None
    rows = frame[frame["indicator"] == EITI].copy()
    if rows.empty:
        return None
    rows["as_of"] = pd.to_datetime(rows["as_of"], errors="coerce")
    rows["eiti_implementing"] = rows["value"].map(_flag)
    latest = rows.sort_values("as_of").groupby("country_iso3", as_index=False).tail(1)
    columns = [c for c in ("country_iso3", "eiti_implementing", "as_of", "source_id", "note") if c in latest.columns]
    return latest[columns].reset_index(drop=True)


def eiti_share(tables: Tables, mineral: str, year: int | None = None) -> pd.DataFrame | None:
    """Share of world mine production (%) from countries implementing the EITI (latest recorded status),
    per listed country, with the headline sum. A country without a recorded status is "no data", not
    "not implementing"; the remainder the source does not itemise has no status. Columns: country_iso3,
    share_pct, eiti_implementing, as_of, year, source_ids. None without shares or statuses."""
    status = eiti_status(tables)
    shares = stage_shares(tables, mineral, "mine", year)
    if status is None or not shares.has_shares:
        return None
    table = shares.table[~shares.table["country_iso3"].isin(["WLD"])][["country_iso3", "share_pct", "source_id"]]
    table = table[table["share_pct"].notna()]
    merged = table.merge(status.rename(columns={"source_id": "status_source_id"}), on="country_iso3", how="left")
    merged["source_ids"] = [";".join(s for s in (str(a), str(b)) if s and s != "nan")
                            for a, b in zip(merged["source_id"], merged["status_source_id"], strict=True)]
    merged["year"] = shares.year
    merged = merged.sort_values("share_pct", ascending=False)
    flags = merged["eiti_implementing"]
    implementing = float(merged.loc[flags.eq(True), "share_pct"].sum())
    known = float(merged.loc[flags.notna(), "share_pct"].sum())
    merged = merged[["country_iso3", "share_pct", "eiti_implementing", "as_of", "year", "source_ids"]]
    out = merged.reset_index(drop=True)
    out.attrs["headline"] = (f"Countries implementing the EITI supplied {implementing:.1f} % of world mine production "
                             f"in {shares.year}; countries with a recorded status supplied {known:.1f} %, the rest "
                             "has no recorded status (or is not itemised by the source).")
    return out


_ASM = re.compile(r"^(?P<mineral>[a-z_]+?)_asm_share_pct(?:_(?P<bound>low|high))?$")


def artisanal_share(tables: Tables, mineral: str) -> pd.DataFrame | None:
    """The artisanal share of mine production as stated (a range where the source gives one), per country or
    the world (WLD) and data year, newest first. Columns: country_iso3, year, asm_low_pct, asm_high_pct,
    source_id, note. None when no source in the data gives one."""
    frame = indicators(tables)
    if frame is None:
        return None
    rows = []
    for _, row in frame.iterrows():
        match = _ASM.match(str(row["indicator"]))
        if match is None or match.group("mineral") != mineral or not is_number(row["value"]):
            continue
        rows.append({"country_iso3": row["country_iso3"], "year": pd.Timestamp(row["as_of"]).year,
                     "bound": match.group("bound") or "both", "value": float(row["value"]),
                     "source_id": row["source_id"], "note": row.get("note", "")})
    if not rows:
        return None
    found = pd.DataFrame(rows)
    out = []
    for (country, year, source), part in found.groupby(["country_iso3", "year", "source_id"], sort=False):
        low = part.loc[part["bound"].isin(["low", "both"]), "value"]
        high = part.loc[part["bound"].isin(["high", "both"]), "value"]
        out.append({"country_iso3": country, "year": int(str(year)),
                    "asm_low_pct": low.min() if not low.empty else None,
                    "asm_high_pct": high.max() if not high.empty else None, "source_id": source,
                    "note": str(part["note"].iloc[0] or "")})
    table = pd.DataFrame(out).sort_values(["year", "country_iso3"], ascending=[False, False]).reset_index(drop=True)
    world = table[table["country_iso3"] == "WLD"]
    top = (world if not world.empty else table).iloc[0]
    span = (f"{top['asm_low_pct']:g}-{top['asm_high_pct']:g} %" if top["asm_low_pct"] != top["asm_high_pct"]
            else f"{top['asm_low_pct']:g} %")
    where = "world" if top["country_iso3"] == "WLD" else str(top["country_iso3"])
    table.attrs["headline"] = f"Artisanal mining: {span} of {where} {mineral.replace('_', ' ')} mine production in " \
                              f"{int(top['year'])}, as the source states it."
    return table
