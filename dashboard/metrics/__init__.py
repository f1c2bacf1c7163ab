"""Metrics engine: pure functions over the curated tables (no Streamlit, no file reading).

What belongs here: shares of a stage against the source's world total, concentration (HHI, CR1/CR3,
effective suppliers, the 65 % and N-1 tests), partner and concern-country shares, the import side,
trends with events, closed-form scenarios and the ministerial-theme mapping. What does not: loading
(`dashboard.data`), charts, pages.

Modules: `concentration` (arithmetic on shares), `supply` (stage shares), `profile` (across stages:
profile, bottleneck, one country by stage), `reserves`, `partners`, `imports`, `trend`, `scenarios`,
`themes`. Every result is a dataclass, dict or DataFrame; "no data"
comes back as None/NaN with a reason, never as 0.
"""

from ._common import NOT_SUPPLIERS, REMAINDER, WORLD, Tables, jsonable, latest_edition
from .concentration import (
    HIGHLY_CONCENTRATED_ABOVE,
    MODERATELY_CONCENTRATED_FROM,
    SINGLE_SUPPLIER_THRESHOLD_PCT,
    Concentration,
    concentration,
    effective_suppliers,
    hhi,
    hhi_band,
    n_minus_1_pct,
    renormalised_hhi,
    single_supplier_flag,
)
from .country import (
    bloc_caveat,
    bloc_events,
    bloc_members,
    bloc_share_table,
    events_involving,
    imported_from,
    initiatives_for,
    memberships_of,
    roster_of,
    search_initiatives,
)
from .imports import (
    ImportConcentration,
    ImportReliance,
    import_concentration,
    import_products,
    import_table,
    net_import_reliance,
    period_end_year,
)
from .indicators import (
    artisanal_share,
    clean_energy_applications,
    clean_energy_share,
    eiti_share,
    eiti_status,
)
from .launches import launch_effects, theme_initiatives
from .partners import PartnerShare, members_at, partner_share, resolve_partners
from .prices import price_series
from .profile import bottleneck_stage, concern_share_by_stage, stage_profile
from .reserves import ReservesVsProduction, reserve_life_years, reserves_vs_production
from .scenarios import Scenario, apply_change, scenario, supply_needed, threshold_supply
from .status import MeasureStatus, initiative_status, initiatives_at, measure_status, measures_at
from .supply import BASIS_PUBLISHED_SHARES, BASIS_TONNES, CountryShare, StageShares, stage_shares
from .themes import THEME_SPECS, Measure, ThemeArgs, ThemeSpec, end_uses_of, export_controls_in_force, theme_measures
from .trend import concentration_trend, events_by_year

__all__ = [
    "BASIS_PUBLISHED_SHARES",
    "BASIS_TONNES",
    "HIGHLY_CONCENTRATED_ABOVE",
    "MODERATELY_CONCENTRATED_FROM",
    "NOT_SUPPLIERS",
    "REMAINDER",
    "SINGLE_SUPPLIER_THRESHOLD_PCT",
    "THEME_SPECS",
    "WORLD",
    "Concentration",
    "CountryShare",
    "ImportConcentration",
    "ImportReliance",
    "Measure",
    "MeasureStatus",
    "PartnerShare",
    "ReservesVsProduction",
    "Scenario",
    "StageShares",
    "Tables",
    "ThemeArgs",
    "ThemeSpec",
    "apply_change",
    "artisanal_share",
    "bloc_caveat",
    "bloc_events",
    "bloc_members",
    "bloc_share_table",
    "bottleneck_stage",
    "clean_energy_applications",
    "clean_energy_share",
    "concentration",
    "concentration_trend",
    "concern_share_by_stage",
    "effective_suppliers",
    "eiti_share",
    "eiti_status",
    "end_uses_of",
    "events_by_year",
    "events_involving",
    "export_controls_in_force",
    "hhi",
    "hhi_band",
    "import_concentration",
    "import_products",
    "import_table",
    "imported_from",
    "initiative_status",
    "initiatives_at",
    "initiatives_for",
    "jsonable",
    "latest_edition",
    "launch_effects",
    "measure_status",
    "measures_at",
    "members_at",
    "memberships_of",
    "n_minus_1_pct",
    "net_import_reliance",
    "partner_share",
    "period_end_year",
    "price_series",
    "renormalised_hhi",
    "reserve_life_years",
    "reserves_vs_production",
    "resolve_partners",
    "roster_of",
    "scenario",
    "search_initiatives",
    "single_supplier_flag",
    "stage_profile",
    "stage_shares",
    "supply_needed",
    "theme_initiatives",
    "theme_measures",
    "threshold_supply",
]
