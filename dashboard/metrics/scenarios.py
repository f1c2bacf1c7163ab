"""What-if arithmetic in closed form: add or move capacity, and the new supply a threshold needs.

- Adding (or, with negative values, removing) quantities dQ_i gives
  s'_i = 100 * (Q_i + dQ_i) / (Q + sum dQ)   (percent of the new world total),
  and from those the new HHI, CR3, partner share and single-supplier test. Moving capacity from one
  country to another is a pair of changes that sums to zero (Q unchanged).
- The minimum new supply X outside the top supplier that brings its share down to T (a fraction) is
  X = Q_max / T - Q, and 0 when the share is already at or below T.
Quantities are in the stage's unit (tonnes); on a published-shares basis (refining) they are percentage
points of today's world output (Q = 100).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from ._common import NOT_SUPPLIERS, is_number, jsonable
from .concentration import SINGLE_SUPPLIER_THRESHOLD_PCT, Concentration, concentration
from .supply import BASIS_PUBLISHED_SHARES, StageShares

PUBLISHED_SHARES_NOTE = (
    "quantities are percentage points of today's world output (refining shares are published without tonnes)"
)


def threshold_supply(
    q_max: float, q_total: float, threshold_pct: float = SINGLE_SUPPLIER_THRESHOLD_PCT
) -> float:
    """Minimum new supply X (same unit as the inputs) from outside the top supplier that brings its share
    to `threshold_pct` percent: X = Q_max / (T / 100) - Q, floored at 0.

    >>> round(threshold_supply(230_000, 310_000, 65.0))  # cobalt mine 2025: t needed outside COD
    43846
    >>> threshold_supply(40, 100, 65.0)
    0.0
    """
    if not 0 < threshold_pct <= 100:
        raise ValueError(f"threshold_pct must be in (0, 100], got {threshold_pct}")
    if not (is_number(q_max) and is_number(q_total)) or q_max < 0 or q_total <= 0 or q_max > q_total:
        raise ValueError(f"need 0 <= Q_max <= Q and Q > 0, got Q_max={q_max}, Q={q_total}")
    return max(0.0, q_max / (threshold_pct / 100.0) - q_total)


@dataclass(frozen=True)
class Scenario:
    """Before and after a change in quantities. `table`: country_iso3, value_before, delta, value_after,
    share_before_pct, share_after_pct (percent of the world total before and after)."""

    unit: str
    world_before: float
    world_after: float
    before: Concentration
    after: Concentration
    partner_share_before_pct: float | None
    partner_share_after_pct: float | None
    table: pd.DataFrame
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return dict(jsonable(self.__dict__))


def apply_change(
    quantities: Mapping[str, float] | pd.Series,
    world_total: float,
    delta: Mapping[str, float],
    *,
    partners: Iterable[str] | None = None,
    unit: str = "t",
    threshold_pct: float = SINGLE_SUPPLIER_THRESHOLD_PCT,
) -> Scenario:
    """New shares, HHI, CR3, partner share and 65 % test after adding `delta` (country -> dQ) to
    `quantities` (country -> Q, NaN = no data) with world total Q: s'_i = (Q_i + dQ_i) / (Q + sum dQ).

    A country not listed starts at 0. A change to a country with no data, or one that makes a quantity
    negative, raises ValueError.

    >>> s = apply_change({"AAA": 60.0, "BBB": 40.0}, 100.0, {"BBB": 20.0})
    >>> s.after.hhi, s.world_after  # shares 50 and 50
    (5000.0, 120.0)
    """
    q = pd.Series(dict(quantities) if not isinstance(quantities, pd.Series) else quantities, dtype="float64")
    if not is_number(world_total) or world_total <= 0:
        raise ValueError("a scenario needs a positive world total")
    for iso3, dq in delta.items():
        if not is_number(dq):
            raise ValueError(f"change for {iso3} must be a number, got {dq!r}")
        if iso3 == "WLD":
            raise ValueError("change countries, not the world total (WLD)")
        if iso3 in q.index and not is_number(q[iso3]):
            raise ValueError(
                f"{iso3} has no data (withheld or not available): cannot add to an unknown quantity"
            )
    after_q = q.copy()
    for iso3, dq in delta.items():
        after_q[iso3] = float(after_q.get(iso3, 0.0)) + float(dq)
        if after_q[iso3] < -1e-9:
            raise ValueError(f"{iso3} would go below zero ({after_q[iso3]:g} {unit})")
    world_after = float(world_total) + float(sum(float(v) for v in delta.values()))
    if world_after <= 0:
        raise ValueError("the world total would not be positive")
    before_s = q / float(world_total) * 100.0
    after_s = after_q / world_after * 100.0
    partner_set = frozenset(partners) - NOT_SUPPLIERS if partners is not None else None

    def partner(series: pd.Series) -> float | None:
        if partner_set is None:
            return None
        return float(series[[i in partner_set for i in series.index]].dropna().sum())

    table = pd.DataFrame(
        {
            "country_iso3": after_q.index.astype(str),
            "value_before": q.reindex(after_q.index).to_numpy(),
            "delta": [float(delta.get(i, 0.0)) for i in after_q.index],
            "value_after": after_q.to_numpy(),
            "share_before_pct": before_s.reindex(after_q.index).to_numpy(),
            "share_after_pct": after_s.to_numpy(),
        }
    )
    return Scenario(
        unit,
        float(world_total),
        world_after,
        concentration(before_s, threshold_pct),
        concentration(after_s, threshold_pct),
        partner(before_s),
        partner(after_s),
        table,
    )


def scenario(
    shares: StageShares,
    delta: Mapping[str, float],
    *,
    partners: Iterable[str] | None = None,
    threshold_pct: float = SINGLE_SUPPLIER_THRESHOLD_PCT,
) -> Scenario:
    """`apply_change` on a stage's quantities and world total (published-share stages: Q = 100 points)."""
    if not shares.has_shares:
        raise ValueError(f"no shares to build a scenario on: {shares.reason}")
    if shares.basis == BASIS_PUBLISHED_SHARES:
        result = apply_change(
            shares.shares(),
            100.0,
            delta,
            partners=partners,
            unit="points of world output",
            threshold_pct=threshold_pct,
        )
        return replace(result, notes=(PUBLISHED_SHARES_NOTE,))
    return apply_change(
        shares.quantities(),
        float(shares.world_total or 0.0),
        delta,
        partners=partners,
        unit=shares.unit,
        threshold_pct=threshold_pct,
    )


def supply_needed(
    shares: StageShares, threshold_pct: float = SINGLE_SUPPLIER_THRESHOLD_PCT
) -> dict[str, Any]:
    """New supply outside the top supplier that brings it to `threshold_pct` (X = Q_max / T - Q), with
    the top supplier named; X is 0 when it is already at or below the threshold."""
    conc = shares.concentration()
    if conc.cr1_country_iso3 is None:
        return {
            "country_iso3": None,
            "share_pct": None,
            "threshold_pct": threshold_pct,
            "new_supply": None,
            "unit": shares.unit,
            "reason": conc.reason or shares.reason,
        }
    if shares.basis == BASIS_PUBLISHED_SHARES:
        q_max, q_total, unit = float(conc.cr1_pct or 0.0), 100.0, "points of world output"
    else:
        q_max, q_total, unit = (
            float(shares.quantities()[conc.cr1_country_iso3]),
            float(shares.world_total or 0),
            shares.unit,
        )
    return {
        "country_iso3": conc.cr1_country_iso3,
        "share_pct": conc.cr1_pct,
        "threshold_pct": threshold_pct,
        "new_supply": threshold_supply(q_max, q_total, threshold_pct),
        "unit": unit,
        "reason": None,
    }
