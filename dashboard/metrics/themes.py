"""Ministerial themes (February 2026 Critical Minerals Ministerial) mapped to their headline metrics.

Each theme id opens the metrics that express it for one mineral (and an optional partner set):
- supply_chain_resilience: HHI by stage, the single-supplier (65 %) test, export controls in force;
- diversification: partner share by stage, effective number of suppliers, the mine HHI trend;
- clean_energy_transition: end uses;
- responsible_mining_processing: refining concentration and export controls;
- reducing_china_concentration: China's share by stage and in US and Indian imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ._common import MINERALS, Tables, split_multi, text_column
from .imports import import_table
from .supply import concern_share_by_stage, stage_profile
from .trend import concentration_trend


@dataclass(frozen=True)
class Theme:
    theme_id: str
    title: str
    headline_metrics: tuple[str, ...]


THEMES: dict[str, Theme] = {
    t.theme_id: t
    for t in (
        Theme(
            "supply_chain_resilience",
            "Supply-chain resilience",
            ("hhi_by_stage", "single_supplier_test", "export_controls_in_force"),
        ),
        Theme(
            "diversification",
            "Diversification",
            ("partner_share_by_stage", "effective_suppliers_by_stage", "trend"),
        ),
        Theme("clean_energy_transition", "Clean-energy transition", ("end_uses",)),
        Theme(
            "responsible_mining_processing",
            "Responsible mining and processing",
            ("refining_concentration", "export_controls_in_force"),
        ),
        Theme(
            "reducing_china_concentration",
            "Reducing concentration on China",
            ("china_share_by_stage", "china_share_of_imports"),
        ),
    )
}


def export_controls_in_force(
    export_controls: pd.DataFrame, mineral: str, year: int | None = None
) -> pd.DataFrame:
    """Export controls on a mineral imposed in or before `year` (all listed ones when `year` is None).

    The table lists measures in force at its edition; it has no end dates, so none is assumed lifted.
    """
    if export_controls is None or export_controls.empty:
        return pd.DataFrame(
            columns=["country_iso3", "mineral", "measure", "control_type", "year_imposed", "source_id"]
        )
    keep = [mineral in split_multi(m) for m in export_controls["mineral"]]
    frame = export_controls[keep]
    if year is not None:
        imposed = pd.to_numeric(frame["year_imposed"], errors="coerce")
        frame = frame[imposed.isna() | (imposed <= year)]
    return frame.sort_values(["year_imposed", "country_iso3"]).reset_index(drop=True)


def end_uses_of(end_uses: pd.DataFrame, mineral: str, year: int | None = None) -> pd.DataFrame:
    """End uses of a mineral, the latest year per scope unless `year` is given; share_pct NaN when the
    source names the use without a share."""
    frame = end_uses[end_uses["mineral"] == mineral]
    if year is not None:
        return frame[frame["year"] == year].reset_index(drop=True)
    if frame.empty:
        return frame.reset_index(drop=True)
    latest = frame.groupby(text_column(frame, "scope"))["year"].transform("max")
    return frame[frame["year"] == latest].reset_index(drop=True)


def theme_metrics(
    tables: Tables,
    theme_id: str,
    mineral: str,
    *,
    partners: Iterable[str] | None = None,
    year: int | None = None,
    concern_iso3: str = "CHN",
) -> dict[str, Any]:
    """The headline metrics of one ministerial theme for a mineral: {'theme', 'title', 'mineral',
    'partners', 'metrics': {name: DataFrame | dict | None}, 'notes'}. A metric that cannot be computed is
    None and a note says why."""
    if theme_id not in THEMES:
        raise ValueError(f"unknown theme {theme_id!r}; valid: {', '.join(THEMES)}")
    if mineral not in MINERALS:
        raise ValueError(f"unknown mineral {mineral!r}; valid: {', '.join(MINERALS)}")
    theme = THEMES[theme_id]
    partner_set = frozenset(partners) if partners is not None else None
    notes: list[str] = []
    metrics: dict[str, Any] = {}
    profile = stage_profile(tables, mineral, year, concern_iso3=concern_iso3, partners=partner_set)
    base = ["stage", "year", "edition", "basis"]
    for name in theme.headline_metrics:
        if name == "hhi_by_stage":
            metrics[name] = profile[
                [
                    *base,
                    "hhi",
                    "hhi_band",
                    "hhi_upper_bound",
                    "cr1_country_iso3",
                    "cr1_pct",
                    "cr3_pct",
                    "reason",
                ]
            ]
        elif name == "single_supplier_test":
            metrics[name] = profile[
                [*base, "cr1_country_iso3", "cr1_pct", "single_supplier_flag", "n_minus_1_pct"]
            ]
        elif name == "export_controls_in_force":
            metrics[name] = export_controls_in_force(getattr(tables, "export_controls", None), mineral, year)
        elif name == "partner_share_by_stage":
            if partner_set is None:
                metrics[name] = None
                notes.append("partner_share_by_stage: no partner or initiative selected")
            else:
                metrics[name] = profile[[*base, "partner_share_pct", "concern_share_pct"]]
        elif name == "effective_suppliers_by_stage":
            metrics[name] = profile[[*base, "effective_suppliers", "hhi"]]
        elif name == "trend":
            metrics[name] = concentration_trend(tables, mineral, "mine", concern_iso3=concern_iso3)
        elif name == "end_uses":
            metrics[name] = end_uses_of(tables.end_uses, mineral, year)
        elif name == "refining_concentration":
            metrics[name] = profile[profile["stage"] == "refinery"].reset_index(drop=True)
        elif name == "china_share_by_stage":
            metrics[name] = concern_share_by_stage(tables, mineral, concern_iso3, year)
        elif name == "china_share_of_imports":
            metrics[name] = import_table(
                tables.import_sources,
                mineral,
                ("USA", "IND"),
                partners=partner_set,
                concern_iso3=concern_iso3,
            )
    return {
        "theme": theme_id,
        "title": theme.title,
        "mineral": mineral,
        "partners": sorted(partner_set) if partner_set is not None else None,
        "metrics": metrics,
        "notes": notes,
    }
