"""Reserves against mine production: reserve concentration next to production concentration, and
reserve life (reserves / annual mine production, years) by country."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ._common import Tables, is_number, jsonable
from .concentration import Concentration
from .supply import frame_of, stage_shares


@dataclass(frozen=True)
class ReservesVsProduction:
    """Reserve concentration next to mine-production concentration, and reserve life by country.

    `table`: country_iso3, reserves (t), reserves_qualifier, production (t), reserves_share_pct,
    production_share_pct, reserve_life_years (= reserves / production), reason (when life is None).
    """

    mineral: str
    year: int | None
    reserves_edition: str | None
    production_edition: str | None
    reserves: Concentration
    production: Concentration
    world_reserve_life_years: float | None
    table: pd.DataFrame
    source_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return dict(jsonable(self.__dict__))


RESERVE_COLUMNS = ["country_iso3", "reserves", "reserves_qualifier", "production", "reserves_share_pct",
                   "production_share_pct", "reserve_life_years", "reason"]


def reserve_life_years(
    reserves_t: float | None, production_t: float | None
) -> tuple[float | None, str | None]:
    """Reserve life = reserves / annual production (years), or None with a reason.

    >>> reserve_life_years(6_000_000, 230_000)[0] > 26
    True
    >>> reserve_life_years(1000, 0)
    (None, 'no production (0 reported)')
    """
    if not is_number(reserves_t):
        return None, "no reserves figure"
    if not is_number(production_t):
        return None, "no production figure"
    if float(production_t) == 0:
        return None, "no production (0 reported)"
    return float(reserves_t) / float(production_t), None


def reserves_vs_production(
    tables: Tables, mineral: str, year: int | None = None, *, edition: str | None = None
) -> ReservesVsProduction:
    """Reserves against mine production of the same year (and the same edition when it has both).

    `year=None`: the latest year with reserves. Reserve life (years) = reserves (t) / mine production
    (t/yr) at that year's rate; a '>' qualifier on reserves carries over to the life.
    """
    reserves = stage_shares(tables, mineral, "reserves", year, edition=edition)
    production = stage_shares(tables, mineral, "mine", reserves.year, edition=reserves.edition)
    if not production.has_shares and edition is None:
        production = stage_shares(tables, mineral, "mine", reserves.year)
    res = reserves.table.set_index("country_iso3")
    prod = production.table.set_index("country_iso3")
    rows = []
    for iso3 in list(dict.fromkeys([*res.index, *prod.index])):
        r_val = res["value"].get(iso3, float("nan"))
        p_val = prod["value"].get(iso3, float("nan"))
        life, why = reserve_life_years(r_val, p_val)
        if why == "no production figure" and iso3 not in prod.index:
            why = "not listed among producers"
        rows.append(
            {
                "country_iso3": iso3,
                "reserves": r_val,
                "reserves_qualifier": res["qualifier"].get(iso3, ""),
                "production": p_val,
                "reserves_share_pct": res["share_pct"].get(iso3, float("nan")),
                "production_share_pct": prod["share_pct"].get(iso3, float("nan")),
                "reserve_life_years": life,
                "reason": why,
            }
        )
    world_life, _ = reserve_life_years(reserves.world_total, production.world_total)
    return ReservesVsProduction(
        mineral,
        reserves.year,
        reserves.edition,
        production.edition,
        reserves.concentration(),
        production.concentration(),
        world_life,
        frame_of(rows) if rows else pd.DataFrame(columns=RESERVE_COLUMNS),
        tuple(sorted({*reserves.source_ids, *production.source_ids})),
    )
