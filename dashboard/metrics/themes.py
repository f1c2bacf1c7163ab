"""Ministerial themes (February 2026 Critical Minerals Ministerial) mapped to the measures and charts that
express them.

The themes themselves are data (``themes.csv``); this module says, for each theme id, which measures
(tables computed here, each with its sources) and which charts (ids of the chart registry) tell its story
for one mineral:
- supply_chain_resilience: HHI by stage, the single-supplier (65 %) test, export controls in force;
- diversification: effective number of suppliers, the mine HHI trend, the partner's share by stage;
- clean_energy_transition: the battery / EV / clean-energy share of demand, all end uses;
- responsible_mining_processing: the share of mine supply from countries implementing the EITI, the
  artisanal share of mine production, refining concentration;
- reducing_china_concentration: China's share by stage, over time, and in US and Indian imports.
Which initiatives pursue a theme, and a before-and-after of shares around their launches, are in
``launches``.

A view loops over ``THEME_SPECS[theme_id]``; it never decides per theme. A measure's table may carry a
sentence in ``attrs["headline"]`` that says what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ._common import Tables, check_choice, split_multi, text_column
from .imports import import_table
from .indicators import artisanal_share, clean_energy_applications, clean_energy_share, eiti_share
from .profile import concern_share_by_stage, stage_profile
from .status import measures_at
from .trend import concentration_trend

IMPORTERS = ("USA", "IND")


@dataclass(frozen=True)
class ThemeArgs:
    """What a theme measure may depend on besides the mineral (``at``: the date statuses are computed at;
    None is today)."""

    partners: frozenset[str] | None = None
    year: int | None = None
    concern_iso3: str = "CHN"
    at: dt.date | None = None


#: A measure: (tables, mineral, args) -> a table, or None with a note when it cannot be computed.
MeasureFunction = Callable[[Tables, str, ThemeArgs], pd.DataFrame | None]


@dataclass(frozen=True)
class Measure:
    """One headline measure of a theme: what it is called on the page (with units) and how it is made."""

    measure_id: str
    label: str
    compute: MeasureFunction
    unavailable: str = ""
    """Why it may be missing, in words for the page (when ``compute`` returns None)."""
    says: str = ""
    """What the measure says about the theme, in one sentence for the page."""


@dataclass(frozen=True)
class ThemeSpec:
    theme_id: str
    measures: tuple[Measure, ...]
    charts: tuple[str, ...]
    """Chart ids of ``dashboard.charts.registry`` shown for the theme, one mineral at a time."""


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


_BASE = ["stage", "year", "edition", "basis"]


def _profile(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame:
    return stage_profile(tables, mineral, args.year, concern_iso3=args.concern_iso3, partners=args.partners)


def _hhi_by_stage(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame:
    columns = [*_BASE, "hhi", "hhi_band", "hhi_upper_bound", "cr1_country_iso3", "cr1_pct", "cr3_pct", "reason",
               "source_ids"]
    return _profile(tables, mineral, args)[columns]


def _single_supplier(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame:
    columns = [*_BASE, "cr1_country_iso3", "cr1_pct", "single_supplier_flag", "n_minus_1_pct", "source_ids"]
    return _profile(tables, mineral, args)[columns]


def _controls(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame | None:
    frame = measures_at(tables, mineral, args.at or dt.date.today())
    return None if frame.empty else frame


def _partner_share(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame | None:
    if args.partners is None:
        return None
    return _profile(tables, mineral, args)[[*_BASE, "partner_share_pct", "concern_share_pct", "source_ids"]]


def _effective_suppliers(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame:
    return _profile(tables, mineral, args)[[*_BASE, "effective_suppliers", "hhi", "source_ids"]]


def _trend(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame:
    frame = concentration_trend(tables, mineral, "mine", concern_iso3=args.concern_iso3, attach_events=False)
    if frame.empty:
        return frame
    return frame[["year", "edition", "hhi", "hhi_band", "cr1_country_iso3", "cr1_pct", "concern_share_pct",
                  "reason", "source_ids"]]


def _china_trend(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame | None:
    frame = concentration_trend(tables, mineral, "mine", concern_iso3=args.concern_iso3, attach_events=False)
    if frame.empty:
        return None
    known = frame[frame["concern_share_pct"].notna()]
    return known[["year", "edition", "concern_share_pct", "cr1_country_iso3", "cr1_pct", "source_ids"]] \
        .reset_index(drop=True) if not known.empty else None


def _end_uses(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame | None:
    uses = end_uses_of(tables.end_uses, mineral, args.year)
    return uses if not uses.empty else None


def _clean_energy(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame | None:
    return clean_energy_share(tables, mineral)


def _clean_applications(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame | None:
    return clean_energy_applications(tables, mineral)


def _eiti(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame | None:
    return eiti_share(tables, mineral, args.year)


def _artisanal(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame | None:
    return artisanal_share(tables, mineral)


def _refining(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame:
    profile = _profile(tables, mineral, args)
    return profile[profile["stage"] == "refinery"][[*_BASE, "product", "hhi", "hhi_band", "cr1_country_iso3",
                                                     "cr1_pct", "concern_share_pct", "reason", "source_ids"]] \
        .reset_index(drop=True)


def _china_by_stage(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame:
    return concern_share_by_stage(tables, mineral, args.concern_iso3, args.year)


def _china_in_imports(tables: Tables, mineral: str, args: ThemeArgs) -> pd.DataFrame:
    frame = import_table(tables, mineral, IMPORTERS, partners=args.partners, concern_iso3=args.concern_iso3)
    drop = [c for c in ("partner_share_pct", "partners_counted") if args.partners is None and c in frame.columns]
    return frame.drop(columns=drop)


HHI_BY_STAGE = Measure("hhi_by_stage", "Concentration by stage (HHI, 0-10,000; largest supplier and three "
                       "largest, % of world)", _hhi_by_stage,
                       says="How concentrated each stage is: the higher the HHI, the fewer countries a disruption "
                       "needs.")
SINGLE_SUPPLIER = Measure("single_supplier_test", "Single-supplier test (one country above 65 %) and what the world "
                          "has without its largest supplier (%)", _single_supplier,
                          says="Whether one country could cut most of a stage on its own.")
CONTROLS = Measure("export_controls_in_force", "Export controls and their status at the date (trade measures "
                   "table; 'USGS-listed' marks those in MCS 2026 table 4)", _controls,
                   "no export control on this mineral is recorded", says="Restrictions that bind supply.")
PARTNER_SHARE = Measure("partner_share_by_stage", "Partner's share by stage (% of world)", _partner_share,
                        "choose a partner country or bloc in the sidebar",
                        says="How much of each stage the chosen partner supplies.")
EFFECTIVE = Measure("effective_suppliers_by_stage", "Effective number of suppliers (10,000 / HHI)",
                    _effective_suppliers, says="How many equal-sized suppliers the stage is worth.")
TREND = Measure("trend", "Mine concentration over time (HHI, 0-10,000; largest supplier and China, % of world)",
                _trend, "no years with country figures", says="Whether supply is diversifying or concentrating.")
CLEAN_ENERGY = Measure("clean_energy_share", "Batteries, electric vehicles and other clean-energy uses "
                       "(% of demand)", _clean_energy,
                       "no source in the data gives a battery, EV or clean-energy share of demand for this mineral",
                       says="How much of the mineral the energy transition takes.")
CLEAN_APPLICATIONS = Measure("clean_energy_applications", "Clean-energy technologies among its applications",
                             _clean_applications,
                             "no source in the data names a clean-energy application of this mineral",
                             says="Batteries, permanent magnets, fuel cells, solar or wind among the applications "
                             "the sources name, with a share where one is given.")
END_USES = Measure("end_uses", "Every end use the sources give (% of consumption)", _end_uses,
                   "no source in the data gives end uses for this mineral",
                   says="What else competes for the same supply.")
EITI_SHARE = Measure("eiti_share", "Mine production from countries implementing the EITI (% of world)", _eiti,
                     "the data holds no EITI implementation status by country, or no mine shares for this mineral",
                     says="How much supply comes from countries that publish what they earn from mining.")
ARTISANAL = Measure("artisanal_share", "Artisanal mining (% of mine production, as a stated range)", _artisanal,
                    "no source in the data gives an artisanal share of production for this mineral",
                    says="How much supply comes from artisanal and small-scale mining, where the risks of "
                    "child labour and unsafe work are greatest.")
REFINING = Measure("refining_concentration", "Refining concentration (HHI, 0-10,000; shares in % of world)",
                   _refining, says="Where the processing that the theme's investments target takes place.")
CHINA_BY_STAGE = Measure("china_share_by_stage", "China's share by stage (% of world)", _china_by_stage,
                         says="Where China's grip lies along the chain.")
CHINA_TREND = Measure("china_share_trend", "China's share of mine production over time (% of world)", _china_trend,
                      "no years with a figure for China", says="Whether China's share is rising or falling.")
CHINA_IN_IMPORTS = Measure("china_share_of_imports", "China's share of US and Indian imports (%)",
                           _china_in_imports, says="How much the US and India depend on China directly.")

THEME_SPECS: dict[str, ThemeSpec] = {
    spec.theme_id: spec
    for spec in (
        ThemeSpec("supply_chain_resilience", (HHI_BY_STAGE, SINGLE_SUPPLIER, CONTROLS), ("concentration",)),
        ThemeSpec("diversification", (EFFECTIVE, TREND, PARTNER_SHARE), ("partner_share", "trend")),
        ThemeSpec("clean_energy_transition", (CLEAN_ENERGY, CLEAN_APPLICATIONS, END_USES), ("end_uses",)),
        ThemeSpec("responsible_mining_processing", (EITI_SHARE, ARTISANAL, REFINING), ("concentration",)),
        ThemeSpec("reducing_china_concentration", (CHINA_BY_STAGE, CHINA_TREND, CHINA_IN_IMPORTS),
                  ("partner_share", "import_sources")),
    )
}


def theme_measures(
    tables: Tables, theme_id: str, mineral: str, args: ThemeArgs = ThemeArgs()
) -> list[tuple[Measure, pd.DataFrame | None]]:
    """Each headline measure of a theme for one mineral, in order; None where it cannot be computed
    (the measure's ``unavailable`` says why)."""
    check_choice(theme_id, THEME_SPECS, "theme")
    check_choice(mineral, tables.vocabulary.mineral_ids, "mineral")
    return [(measure, measure.compute(tables, mineral, args)) for measure in THEME_SPECS[theme_id].measures]
