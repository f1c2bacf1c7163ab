"""The table registry: every table of the data package, its files, keys, descriptions and foreign keys.

One registry renders ``datapackage.json``, drives the loader and names the tables on the Sources page.
Belongs here: which files make up which table and how tables refer to each other. Does not belong here:
what a valid row is (``models.py``) or reading files (``data.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.models import (
    Correction,
    CountryIndicator,
    EditionRow,
    EndUse,
    Event,
    ExportControl,
    ImportReliance,
    ImportSource,
    Initiative,
    InitiativeMember,
    InitiativeMineral,
    InitiativeTheme,
    Measure,
    MineralRow,
    Price,
    Production,
    Publisher,
    RefiningShare,
    Reserve,
    Row,
    Source,
    Theme,
)

#: Tables whose rows define the vocabulary the other tables are checked against (read first).
VOCABULARY_TABLES = ("minerals", "themes", "editions")


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    model: type[Row]
    paths: tuple[str, ...]
    primary_key: tuple[str, ...]
    title: str
    description: str
    foreign_keys: tuple[ForeignKey, ...] = field(default=())


def _fk_source() -> ForeignKey:
    return ForeignKey(("source_id",), "sources", ("source_id",))


def _fk_mineral() -> ForeignKey:
    return ForeignKey(("mineral",), "minerals", ("mineral",))


def _fk_initiative() -> ForeignKey:
    return ForeignKey(("initiative_id",), "initiatives", ("initiative_id",))


def _fk_edition() -> ForeignKey:
    return ForeignKey(("edition",), "editions", ("edition",))


def _fk_theme() -> ForeignKey:
    return ForeignKey(("theme_id",), "themes", ("theme_id",))


TABLES: tuple[Table, ...] = (
    Table(
        "sources", Source,
        ("manual/sources.csv", "manual/sources_policy.csv", "manual/sources_research.csv"),
        ("source_id",), "Sources", "Full citation of every source_id used in any table.",
    ),
    Table(
        "minerals", MineralRow, ("manual/minerals.csv",), ("mineral",), "Minerals",
        "Measurement basis of each mineral and its place on India's, the US's and the EU's critical lists.",
        (
            ForeignKey(("india_2023_source_id",), "sources", ("source_id",)),
            ForeignKey(("us_2025_source_id",), "sources", ("source_id",)),
            ForeignKey(("eu_2023_source_id",), "sources", ("source_id",)),
        ),
    ),
    Table(
        "themes", Theme, ("manual/themes.csv",), ("theme_id",), "Ministerial themes",
        "The themes of the February 2026 Critical Minerals Ministerial.", (_fk_source(),),
    ),
    Table(
        "editions", EditionRow, ("manual/editions.csv",), ("edition",), "Editions",
        "Releases the figures come from, with their publication dates: where editions overlap, the newest "
        "publication wins.", (_fk_source(),),
    ),
    Table(
        "production", Production, ("curated/production.csv",),
        ("mineral", "stage", "measure", "country_iso3", "year", "edition"), "Production and capacity",
        "Mine production by country (USGS MCS 2025 and 2026, both editions kept) and the World Minerals "
        "Outlook series 2018-2029 for lithium and cobalt (capacity projections flagged 'projected').",
        (_fk_mineral(), _fk_edition(), _fk_source()),
    ),
    Table(
        "reserves", Reserve, ("curated/reserves.csv",), ("mineral", "country_iso3", "year", "edition"),
        "Reserves", "Reserves by country, USGS MCS 2025 (2024) and MCS 2026 (2025).",
        (_fk_mineral(), _fk_edition(), _fk_source()),
    ),
    Table(
        "refining_shares", RefiningShare, ("manual/refining_shares.csv",),
        ("mineral", "product", "country_iso3", "year", "source_id"), "Refining shares",
        "Share of refined or processed output by country (hand-curated; secondary sources marked in sources).",
        (_fk_mineral(), _fk_source()),
    ),
    Table(
        "end_uses", EndUse, ("curated/end_uses.csv", "manual/end_uses.csv"),
        ("mineral", "scope", "end_use", "detail", "year", "source_id"), "End uses",
        "What the minerals are used for: shares where the source gives them, ranks or named applications "
        "otherwise.",
        (_fk_mineral(), _fk_source()),
    ),
    Table(
        "import_reliance", ImportReliance, ("curated/import_reliance.csv", "manual/import_reliance.csv"),
        ("importer_iso3", "mineral", "product", "year", "edition", "source_id"), "Import reliance",
        "US net import reliance (USGS, both editions) and India's import dependence as officially stated.",
        (_fk_mineral(), _fk_source()),
    ),
    Table(
        "import_sources", ImportSource, ("curated/import_sources.csv", "manual/import_sources.csv"),
        ("importer_iso3", "mineral", "partner_iso3", "period", "product", "source_id"), "Import sources",
        "Where the US (USGS, 2021-24) and India (as published) import from.",
        (_fk_mineral(), _fk_source()),
    ),
    Table(
        "prices", Price, ("curated/prices.csv",), ("mineral", "series", "year", "edition"), "Prices",
        "USGS salient price series (MCS 2025: 2020-2024; MCS 2026: 2021-2025), with their units and price sources.",
        (_fk_mineral(), _fk_edition(), _fk_source()),
    ),
    Table(
        "export_controls", ExportControl, ("curated/export_controls.csv",),
        ("country_iso3", "mineral", "control_type", "year_imposed"), "Export controls",
        "Export controls in force on our minerals, from USGS MCS 2026 table 4.",
        (_fk_mineral(), _fk_edition(), _fk_source()),
    ),
    Table(
        "initiatives", Initiative, ("manual/initiatives.csv",), ("initiative_id",), "Partner initiatives",
        "Partner initiatives, frameworks and policies on critical minerals.",
        (ForeignKey(("superseded_by",), "initiatives", ("initiative_id",)), _fk_source()),
    ),
    Table(
        "initiative_members", InitiativeMember, ("manual/initiative_members.csv",),
        ("initiative_id", "country_iso3", "role"), "Initiative members",
        "Who belongs to each initiative, in what role, from when.", (_fk_initiative(), _fk_source()),
    ),
    Table(
        "initiative_minerals", InitiativeMineral, ("manual/initiative_minerals.csv",),
        ("initiative_id", "mineral"), "Initiative minerals", "Which of our minerals each initiative covers.",
        (_fk_initiative(), _fk_mineral(), _fk_source()),
    ),
    Table(
        "initiative_themes", InitiativeTheme, ("manual/initiative_themes.csv",), ("initiative_id", "theme_id"),
        "Initiative themes", "Which ministerial themes each initiative serves.",
        (_fk_initiative(), _fk_theme(), _fk_source()),
    ),
    Table(
        "measures", Measure, ("manual/measures.csv",), ("measure_id", "state", "start_date"), "Trade measures",
        "Export controls, bans, quotas and their suspensions as state periods, so that a measure's status can be "
        "computed at any date (and says when a scheduled end has passed with no later source read).",
        (_fk_source(),),
    ),
    Table(
        "events", Event, ("manual/events.csv",), ("event_id",), "Events",
        "Diplomatic events, export-control actions and initiative launches.",
        (ForeignKey(("initiative_id",), "initiatives", ("initiative_id",)),
         ForeignKey(("measure_id",), "measures", ("measure_id",)), _fk_source()),
    ),
    Table(
        "country_indicators", CountryIndicator, ("manual/country_indicators.csv",),
        ("indicator", "country_iso3", "as_of"), "Country indicators",
        "Sourced facts about countries used by the theme measures: EITI implementation status, the artisanal "
        "share of cobalt mining.", (_fk_source(),),
    ),
    Table(
        "publishers", Publisher, ("manual/publishers.csv",), ("publisher", "domain"), "Publisher domains",
        "The domains each publisher's own pages live on: a primary source's url must be on one of them.",
    ),
    Table(
        "corrections", Correction, ("manual/corrections.csv",), ("table", "key", "field", "old_value", "new_value"),
        "Corrections",
        "Every deliberate change to a hand-curated row after re-verification: what changed, why, on what source.",
        (_fk_source(),),
    ),
)

TABLE_BY_NAME = {table.name: table for table in TABLES}
