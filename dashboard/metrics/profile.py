"""What follows from stage shares across stages: one country's share at every stage, the stage profile
(concentration, China's and the partners' shares) and the bottleneck stage.

With `year=None` each stage uses its own latest year (stages are published for different years, and
both the year and the basis are returned with every row).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.vocabulary import STAGES, SUPPLY_STAGES

from ._common import Tables
from .concentration import SINGLE_SUPPLIER_THRESHOLD_PCT
from .partners import partner_share
from .supply import frame_of, stage_shares


def concern_share_by_stage(
    tables: Tables,
    mineral: str,
    country_iso3: str = "CHN",
    year: int | None = None,
    stages: tuple[str, ...] = STAGES,
) -> pd.DataFrame:
    """Share of one country (China by default) at every stage: percent of each stage's world total.

    With `year=None` each stage uses its own latest year (stages are published for different years).
    Columns: stage, year, edition, basis, country_iso3, share_pct, reason, source_ids.
    """
    rows = []
    for stage in stages:
        shares = stage_shares(tables, mineral, stage, year)
        found = shares.share_of(country_iso3)
        rows.append(
            {
                "stage": stage,
                "year": shares.year,
                "edition": shares.edition,
                "basis": shares.basis,
                "country_iso3": country_iso3,
                "share_pct": found.share_pct,
                "reason": found.reason,
                "source_ids": ";".join(shares.source_ids),
            }
        )
    return frame_of(rows)


def stage_profile(
    tables: Tables,
    mineral: str,
    year: int | None = None,
    *,
    concern_iso3: str = "CHN",
    partners: frozenset[str] | None = None,
    stages: tuple[str, ...] = STAGES,
    threshold_pct: float = SINGLE_SUPPLIER_THRESHOLD_PCT,
) -> pd.DataFrame:
    """One row per stage: HHI (0-10,000), band, effective suppliers, CR1 (country, %), CR3 (%), the
    single-supplier flag (> `threshold_pct` %), N-1 (%), the concern country's share and, when `partners`
    is given, the partners' share (%). `year=None`: each stage's latest year.
    """
    rows = []
    for stage in stages:
        shares = stage_shares(tables, mineral, stage, year)
        conc = shares.concentration(threshold_pct)
        concern = shares.share_of(concern_iso3)
        row: dict[str, Any] = {
            "stage": stage,
            "year": shares.year,
            "edition": shares.edition,
            "basis": shares.basis,
            "product": shares.product,
            "hhi": conc.hhi,
            "hhi_band": conc.hhi_band,
            "hhi_upper_bound": conc.hhi_upper_bound,
            "effective_suppliers": conc.effective_suppliers,
            "cr1_country_iso3": conc.cr1_country_iso3,
            "cr1_pct": conc.cr1_pct,
            "cr3_pct": conc.cr3_pct,
            "cr3_countries": ";".join(conc.cr3_countries),
            "single_supplier_flag": conc.single_supplier_flag,
            "n_minus_1_pct": conc.n_minus_1_pct,
            "concern_iso3": concern_iso3,
            "concern_share_pct": concern.share_pct,
            "concern_qualifier": concern.qualifier,
            "concern_reason": concern.reason,
            "reason": conc.reason,
            "source_ids": ";".join(shares.source_ids),
        }
        if partners is not None:
            row["partner_share_pct"] = partner_share(shares, partners).partner_share_pct
        rows.append(row)
    return frame_of(rows)


def bottleneck_stage(
    tables: Tables, mineral: str, year: int | None = None, stages: tuple[str, ...] = SUPPLY_STAGES
) -> dict[str, Any]:
    """The supply stage with the highest HHI (the bottleneck), with the HHI of every stage compared.

    Reserves are not a supply stage and are left out unless asked for. Returns `stage` None with a
    `reason` when no stage has an HHI. Stages may differ in year and basis: both are returned.
    """
    profile = stage_profile(tables, mineral, year, stages=stages)
    note = stale_note(profile)
    known = profile[profile["hhi"].notna()]
    compared = {
        r["stage"]: {"hhi": r["hhi"], "year": r["year"], "basis": r["basis"], "reason": r["reason"]}
        for r in profile.to_dict(orient="records")
    }
    if known.empty:
        return {
            "mineral": mineral,
            "stage": None,
            "hhi": None,
            "hhi_band": None,
            "year": None,
            "reason": "no stage has an HHI: " + "; ".join(str(r) for r in profile["reason"]),
            "compared": compared,
            "note": note,
        }
    top = known.sort_values(["hhi", "stage"], ascending=[False, True]).iloc[0]
    # HHIs are lower bounds where part of output is unattributed: a stage whose upper bound passes the
    # top stage's HHI may be the real bottleneck, and the verdict says so.
    rivals = [f"the {r['stage']} stage may be as concentrated (HHI between {r['hhi']:,.0f} and "
              f"{r['hhi_upper_bound']:,.0f}, {int(r['year'])})"
              for r in known.to_dict(orient="records")
              if r["stage"] != top["stage"] and pd.notna(r.get("hhi_upper_bound"))
              and float(r["hhi_upper_bound"]) > float(top["hhi"])]
    note = "; ".join([n for n in (note, *rivals) if n]) or None
    return {
        "mineral": mineral,
        "stage": top["stage"],
        "hhi": float(top["hhi"]),
        "hhi_band": top["hhi_band"],
        "year": int(top["year"]),
        "reason": None,
        "compared": compared,
        "note": note,
    }


#: A stage's figure is called stale when it is more than this many years older than the newest stage's.
STALE_AFTER_YEARS = 2


def stale_note(profile: pd.DataFrame) -> str | None:
    """Say so when a stage's latest figure is more than two years older than the newest stage's, e.g.
    'refinery figure is for 2019, mine figure for 2025': a verdict comparing them mixes vintages.

    >>> stale_note(pd.DataFrame({"stage": ["mine", "refinery"], "year": [2025, 2019]}))
    'refinery figure is for 2019, mine figure for 2025'
    >>> stale_note(pd.DataFrame({"stage": ["mine", "refinery"], "year": [2025, 2023]})) is None
    True
    """
    years = {str(s): int(y) for s, y in zip(profile["stage"], profile["year"], strict=True) if pd.notna(y)}
    if len(years) < 2:
        return None
    newest_stage = max(years, key=lambda s: years[s])
    old = [s for s, y in years.items() if years[newest_stage] - y > STALE_AFTER_YEARS]
    if not old:
        return None
    return ", ".join(f"{s} figure is for {years[s]}" for s in old) + \
        f", {newest_stage} figure for {years[newest_stage]}"
