"""Prices: USGS's salient price series of a mineral (annual averages, nominal as published).

Where MCS 2026 and MCS 2025 give the same series (same label and unit), the newest edition's value wins
for a year and the older edition fills earlier years; a series is never spliced onto another label.
"""

from __future__ import annotations

import pandas as pd

from ._common import Tables

#: Preferred unit where a mineral's series come in several (nickel: per ton and per pound).
PREFERRED_UNITS = ("dollars per metric ton", "dollars per kilogram", "dollars per pound")


def price_series(tables: Tables, mineral: str) -> pd.DataFrame:
    """The price series of a mineral in one unit: series, year, value, unit, status, edition, source_id,
    note (newest edition per series and year). Empty when USGS publishes no price for the mineral."""
    prices = tables.prices[tables.prices["mineral"] == mineral]
    columns = ["series", "year", "value", "unit", "status", "edition", "source_id", "note"]
    if prices.empty:
        return pd.DataFrame(columns=columns)
    units = list(dict.fromkeys(prices["unit"]))
    unit = next((u for u in PREFERRED_UNITS if u in units), units[0])
    rows = prices[prices["unit"] == unit].copy()
    rows["_rank"] = rows["edition"].map(tables.vocabulary.edition_rank)
    rows = rows.sort_values("_rank").drop_duplicates(["series", "year"]).drop(columns="_rank")
    return rows.sort_values(["series", "year"])[columns].reset_index(drop=True)
