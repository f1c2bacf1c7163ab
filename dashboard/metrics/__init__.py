"""Metrics engine: pure functions over the curated tables (no Streamlit, no file reading).

What belongs here: shares of a stage against the source's world total, concentration (HHI, CR1/CR3,
effective suppliers, the 65 % and N-1 tests), partner and concern-country shares, the import side,
trends with events, closed-form scenarios and the ministerial-theme mapping. What does not: loading
(`dashboard.data`), charts, pages.

Modules: `concentration` (arithmetic on shares), `supply` (stage shares and views), `partners`,
`imports`, `trend`, `scenarios`, `themes`. Every result is a dataclass, dict or DataFrame; "no data"
comes back as None/NaN with a reason, never as 0.
"""

from ._common import EDITION_ORDER, MINERALS, REMAINDER, STAGES, SUPPLY_STAGES, WORLD, Tables, jsonable
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
from .imports import (
    ImportConcentration,
    ImportReliance,
    import_concentration,
    import_products,
    import_table,
    net_import_reliance,
    period_end_year,
)
from .partners import PartnerShare, members_at, partner_share, resolve_partners
from .scenarios import Scenario, apply_change, scenario, supply_needed, threshold_supply
from .supply import (
    CountryShare,
    ReservesVsProduction,
    StageShares,
    bottleneck_stage,
    concern_share_by_stage,
    reserve_life_years,
    reserves_vs_production,
    stage_profile,
    stage_shares,
)
from .themes import THEMES, Theme, end_uses_of, export_controls_in_force, theme_metrics
from .trend import concentration_trend, events_by_year

__all__ = [
    "EDITION_ORDER",
    "HIGHLY_CONCENTRATED_ABOVE",
    "MINERALS",
    "MODERATELY_CONCENTRATED_FROM",
    "REMAINDER",
    "SINGLE_SUPPLIER_THRESHOLD_PCT",
    "STAGES",
    "SUPPLY_STAGES",
    "THEMES",
    "WORLD",
    "Concentration",
    "CountryShare",
    "ImportConcentration",
    "ImportReliance",
    "PartnerShare",
    "ReservesVsProduction",
    "Scenario",
    "StageShares",
    "Tables",
    "Theme",
    "apply_change",
    "bottleneck_stage",
    "concentration",
    "concentration_trend",
    "concern_share_by_stage",
    "effective_suppliers",
    "end_uses_of",
    "events_by_year",
    "export_controls_in_force",
    "hhi",
    "hhi_band",
    "import_concentration",
    "import_products",
    "import_table",
    "jsonable",
    "members_at",
    "n_minus_1_pct",
    "net_import_reliance",
    "partner_share",
    "period_end_year",
    "renormalised_hhi",
    "reserve_life_years",
    "reserves_vs_production",
    "resolve_partners",
    "scenario",
    "single_supplier_flag",
    "stage_profile",
    "stage_shares",
    "supply_needed",
    "theme_metrics",
    "threshold_supply",
]
