"""Pydantic row models of every curated table, and the table registry that renders ``datapackage.json``.

Belongs here: what a valid row is (types, allowed values, ranges, within-row rules) and each table's
files, keys and descriptions. One set of models serves validation, the data package, the Sources page
and the citations. Does not belong here: reading files (``data.py``) or cross-table checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from dashboard.countries import is_valid_code

MINERALS = ("lithium", "cobalt", "nickel", "rare_earths")
THEMES = (
    "supply_chain_resilience",
    "diversification",
    "clean_energy_transition",
    "responsible_mining_processing",
    "reducing_china_concentration",
)

Mineral = Literal["lithium", "cobalt", "nickel", "rare_earths"]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
Precision = Literal["day", "month", "year"]


def _check_code(code: str) -> str:
    if not is_valid_code(code):
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code nor one of WLD, OTH, EUU")
    return code


def _check_codes(text: str) -> str:
    for code in text.split(";") if text else []:
        _check_code(code)
    return text


def _check_minerals(text: str) -> str:
    for item in text.split(";") if text else []:
        if item not in MINERALS:
            raise ValueError(f"{item!r} is not one of {', '.join(MINERALS)}")
    return text


def _check_themes(text: str) -> str:
    for item in text.split(";") if text else []:
        if item not in THEMES:
            raise ValueError(f"{item!r} is not one of {', '.join(THEMES)}")
    return text


Country = Annotated[str, AfterValidator(_check_code)]
CountryList = Annotated[str, AfterValidator(_check_codes)]
MineralList = Annotated[str, AfterValidator(_check_minerals)]
ThemeList = Annotated[str, AfterValidator(_check_themes)]
Pct = Annotated[float, Field(ge=0, le=100)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Tonnes = Annotated[float, Field(ge=0)]


def desc(text: str, unit: str | None = None) -> Any:
    """Field metadata: a description and, where the field is a quantity, its unit."""
    return Field(description=text, json_schema_extra={"unit": unit} if unit else None)


class Row(BaseModel):
    """Base of every row: unknown columns rejected, no silent coercion of text to numbers."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


# -- reference tables -------------------------------------------------------------------------------


class Source(Row):
    source_id: Id = desc("Identifier cited by the rows of every other table")
    publisher: str = desc("Organisation that published the source")
    title: str = desc("Title of the publication, page or data release")
    edition: str | None = desc("Edition or vintage, e.g. 'MCS 2026'")
    table: str | None = desc("Table, figure, section or page the figures come from")
    year: Year = desc("Year of publication")
    date: dt.date | None = desc("Date of publication, where known")
    url: str | None = desc("Publisher's URL")
    doi: str | None = desc("DOI, where the source has one")
    kind: Literal["primary", "secondary"] = desc("primary: the publisher of the figure or a party to the act")
    licence: str = desc("Licence or terms under which the facts are used")
    accessed: dt.date | None = desc("Date the copy was read")
    via: str | None = desc("The copy actually read, where it was a mirror or repost")
    notes: str | None = desc("Caveats")

    @model_validator(mode="after")
    def _has_locator(self) -> Source:
        if not (self.url or self.doi):
            raise ValueError("url: a source needs a url or a doi")
        return self


class MineralRow(Row):
    mineral: Mineral = desc("Mineral id")
    name: str = desc("Display name")
    basis: str = desc("What the tonnages measure, e.g. 'lithium content'")
    unit: Literal["t"] = desc("Unit of production and reserves (metric tons of contained content)")
    india_2023: bool = desc("On India's 2023 list of 30 critical minerals")
    india_2023_source_id: Id = desc("Source of india_2023")
    us_2025: bool = desc("On the US 2025 list of critical minerals")
    us_2025_source_id: Id = desc("Source of us_2025")
    eu_2023_strategic: bool = desc("On the EU Critical Raw Materials Act strategic list (Annex I)")
    eu_2023_critical: bool = desc("On the EU Critical Raw Materials Act critical list (Annex II)")
    eu_2023_source_id: Id = desc("Source of the EU columns")
    notes: str | None = desc("Qualifiers of the listings")


class Theme(Row):
    theme_id: Literal[THEMES] = desc("Theme id")  # type: ignore[valid-type]
    name: str = desc("Display name")
    description: str = desc("What the theme covers")
    source_id: Id = desc("Source that names the theme")


# -- supply -----------------------------------------------------------------------------------------


class Production(Row):
    mineral: Mineral = desc("Mineral id")
    stage: Literal["mine", "refinery"] = desc("Supply-chain stage")
    measure: Literal["production", "capacity"] = desc("Output, or capacity to produce")
    country_iso3: Country = desc("ISO 3166-1 alpha-3, or WLD (world total) or OTH (other countries)")
    year: Year = desc("Calendar year of the figure")
    value: Tonnes | None = desc("Quantity in contained content; empty when the source gives a code", "t")
    value_code: Literal["W", "NA", "—"] | None = desc("USGS code: W withheld, NA not available, — zero")
    qualifier: Literal[">", "<"] | None = desc("Value is a bound: '>' means more than value")
    unit: Literal["t"] = desc("Metric tons of contained content (see minerals.basis)")
    status: Literal["reported", "estimated", "projected"] = desc("reported, estimated or projected")
    edition: Literal["MCS2025", "MCS2026", "WMO2025"] = desc("Release the figure comes from (vintage)")
    source_id: Id = desc("Citation")
    source_country: str = desc("Country name as spelt in the source")
    note: str | None = desc("Source notes (rounded totals, exclusions, conversions)")

    @model_validator(mode="after")
    def _value_or_code(self) -> Production:
        if self.value is None and self.value_code is None:
            raise ValueError("value: empty, and no value_code says why")
        return self


class Reserve(Row):
    mineral: Mineral = desc("Mineral id")
    country_iso3: Country = desc("ISO 3166-1 alpha-3, or WLD / OTH")
    year: Year = desc("Year the reserve estimate refers to")
    value: Tonnes | None = desc("Reserves in contained content", "t")
    value_code: Literal["W", "NA", "—"] | None = desc("USGS code when there is no value")
    qualifier: Literal[">", "<"] | None = desc("Value is a bound")
    unit: Literal["t"] = desc("Metric tons of contained content")
    edition: Literal["MCS2025", "MCS2026"] = desc("Release (vintage)")
    source_id: Id = desc("Citation")
    source_country: str = desc("Country name as spelt in the source")
    note: str | None = desc("Source notes")

    @model_validator(mode="after")
    def _value_or_code(self) -> Reserve:
        if self.value is None and self.value_code is None:
            raise ValueError("value: empty, and no value_code says why")
        return self


class RefiningShare(Row):
    mineral: Mineral = desc("Mineral id")
    product: str = desc("What is refined, e.g. 'refined lithium chemicals'")
    country_iso3: Country = desc("Refining country, or OTH for the rest")
    year: Year = desc("Data year")
    share_pct: Pct = desc("Share of world refined output", "%")
    source_id: Id = desc("Citation")
    note: str | None = desc("Caveats")


# -- uses and trade ---------------------------------------------------------------------------------


class EndUse(Row):
    mineral: Mineral = desc("Mineral id")
    scope: Literal["world", "USA", "unspecified"] = desc("Market the shares describe")
    end_use: str = desc("End use, lower case")
    detail: str | None = desc("Element or product the use belongs to (rare earths)")
    year: Year = desc("Data year (publication year for unranked application lists)")
    share_pct: Pct | None = desc("Share of consumption; empty when the source gives none", "%")
    rank: Annotated[int, Field(ge=1)] | None = desc("Rank by size where the source ranks without shares")
    source_id: Id = desc("Citation")
    note: str | None = desc("Caveats")


class ImportReliance(Row):
    importer_iso3: Country = desc("Importing country")
    mineral: Mineral = desc("Mineral id")
    product: str | None = desc("Form the figure covers, where the source distinguishes forms")
    year: Year = desc("Year (India: ending year of the fiscal year, see note)")
    value_pct: Annotated[float, Field(ge=0, le=100)] | None = desc(
        "Net import reliance or import dependence, % of apparent consumption", "%"
    )
    qualifier: Literal[">", "<"] | None = desc("Value is a bound, e.g. '>' for '>50'")
    value_code: Literal["E", "W", "NA"] | None = desc("E: net exporter; W withheld; NA not available")
    status: Literal["reported", "estimated"] = desc("reported or estimated")
    edition: str = desc("Release or statement the figure comes from")
    source_id: Id = desc("Citation")
    note: str | None = desc("Definition and caveats")

    @model_validator(mode="after")
    def _value_or_code(self) -> ImportReliance:
        if self.value_pct is None and self.value_code is None:
            raise ValueError("value_pct: empty, and no value_code says why")
        return self


class ImportSource(Row):
    importer_iso3: Country = desc("Importing country")
    mineral: Mineral = desc("Mineral id")
    partner_iso3: Country = desc("Source country, or OTH for the rest")
    period: str = desc("Period the share covers, e.g. '2021-24' or 'FY2023-24'")
    share_pct: Pct | None = desc("Share of the importer's imports", "%")
    rank: Annotated[int, Field(ge=1)] | None = desc("Rank where the source ranks without shares")
    product: str | None = desc("Form traded")
    hs_code: str | None = desc("HS code(s), ';'-separated")
    edition: str = desc("Release or statement")
    source_id: Id = desc("Citation")
    note: str | None = desc("Caveats")

    @model_validator(mode="after")
    def _share_or_rank(self) -> ImportSource:
        if self.share_pct is None and self.rank is None:
            raise ValueError("share_pct: neither share_pct nor rank is given")
        return self


class ExportControl(Row):
    country_iso3: Country = desc("Country imposing the control")
    mineral: Mineral = desc("Mineral id")
    control_type: str = desc("Kind of control as USGS names it")
    measure: str = desc("What is controlled, as USGS words it, with the year imposed")
    year_imposed: Year = desc("Year the control was imposed")
    edition: str = desc("Release")
    source_id: Id = desc("Citation")
    data_source_url: str | None = desc("The primary reference USGS gives")
    note: str | None = desc("Caveats")


# -- partner initiatives ----------------------------------------------------------------------------


class _Dated(Row):
    @staticmethod
    def _order(start: dt.date | None, end: dt.date | None, column: str) -> None:
        if start and end and end < start:
            raise ValueError(f"{column}: {end} is before the start date {start}")


class Initiative(_Dated):
    initiative_id: Id = desc("Initiative id")
    name: str = desc("Name")
    kind: Literal["ministerial", "plurilateral", "bilateral", "multilateral", "national_policy", "investment"] = (
        desc("Kind of initiative")
    )
    status: Literal["active", "ended", "proposed", "pending", "superseded"] = desc("Status")
    start_date: dt.date = desc("Signing, launch or entry into force")
    start_precision: Precision = desc("day, month or year: how precise start_date is")
    end_date: dt.date | None = desc("End (or planned end); empty while running")
    end_precision: Precision | None = desc("How precise end_date is")
    convener_iso3: Country | None = desc("Convening country or EUU")
    description: str = desc("What it is, as its sources describe it")
    source_id: Id = desc("Citation")

    @model_validator(mode="after")
    def _dates(self) -> Initiative:
        self._order(self.start_date, self.end_date, "end_date")
        return self


class InitiativeMember(_Dated):
    initiative_id: Id = desc("Initiative id")
    country_iso3: Country = desc("Member country or EUU")
    role: Literal["founder", "member", "signatory", "chair", "convener", "party", "observer"] = desc("Role")
    join_date: dt.date | None = desc("Date joined; empty = from the initiative's start")
    join_precision: Precision | None = desc("How precise join_date is")
    leave_date: dt.date | None = desc("Date left, if any")
    source_id: Id = desc("Citation")

    @model_validator(mode="after")
    def _dates(self) -> InitiativeMember:
        self._order(self.join_date, self.leave_date, "leave_date")
        return self


class InitiativeMineral(Row):
    initiative_id: Id = desc("Initiative id")
    mineral: Mineral = desc("Mineral covered")
    scope_note: str | None = desc("How the source words the coverage")
    source_id: Id = desc("Citation")


class InitiativeTheme(Row):
    initiative_id: Id = desc("Initiative id")
    theme_id: Literal[THEMES] = desc("Ministerial theme it serves")  # type: ignore[valid-type]
    source_id: Id = desc("Citation")


class Event(_Dated):
    event_id: Id = desc("Event id")
    date: dt.date = desc("Date (start date for multi-day events)")
    date_precision: Precision = desc("How precise date is")
    end_date: dt.date | None = desc("Last day of a multi-day event")
    kind: Literal["diplomatic", "export_control", "initiative_launch", "policy"] = desc("Kind of event")
    title: str = desc("Title")
    countries: CountryList = desc("Countries involved, ';'-separated")
    minerals: MineralList | None = desc("Minerals of ours involved, ';'-separated (empty: none of the four)")
    themes: ThemeList | None = desc("Ministerial themes, ';'-separated")
    initiative_id: Id | None = desc("Initiative the event belongs to")
    description: str = desc("What happened")
    source_id: Id = desc("Citation")

    @model_validator(mode="after")
    def _dates(self) -> Event:
        self._order(self.date, self.end_date, "end_date")
        return self


# -- registry ---------------------------------------------------------------------------------------


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
        "production", Production, ("curated/production.csv",),
        ("mineral", "stage", "measure", "country_iso3", "year", "edition"), "Production and capacity",
        "Mine production by country (USGS MCS 2025 and 2026, both editions kept) and the World Minerals "
        "Outlook series 2018-2029 for lithium and cobalt (capacity projections flagged 'projected').",
        (_fk_mineral(), _fk_source()),
    ),
    Table(
        "reserves", Reserve, ("curated/reserves.csv",), ("mineral", "country_iso3", "year", "edition"),
        "Reserves", "Reserves by country, USGS MCS 2025 (2024) and MCS 2026 (2025).",
        (_fk_mineral(), _fk_source()),
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
        "export_controls", ExportControl, ("curated/export_controls.csv",),
        ("country_iso3", "mineral", "control_type"), "Export controls",
        "Export controls in force on our minerals, from USGS MCS 2026 table 4.",
        (_fk_mineral(), _fk_source()),
    ),
    Table(
        "initiatives", Initiative, ("manual/initiatives.csv",), ("initiative_id",), "Partner initiatives",
        "Partner initiatives, frameworks and policies on critical minerals.", (_fk_source(),),
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
        "events", Event, ("manual/events.csv",), ("event_id",), "Events",
        "Diplomatic events, export-control actions and initiative launches.",
        (ForeignKey(("initiative_id",), "initiatives", ("initiative_id",)), _fk_source()),
    ),
)

TABLE_BY_NAME = {table.name: table for table in TABLES}
