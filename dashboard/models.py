"""Pydantic row models of every curated table.

Belongs here: what a valid row is (types, allowed values, ranges, within-row rules). Ids that belong to
the vocabulary (minerals, themes, editions) are checked against the data package's own ``minerals``,
``themes`` and ``editions`` tables, which the loader passes as the validation context
(``model_validate(row, context={"vocabulary": ...})``): adding a mineral or an edition is a row, not a code
change. The table registry (files, keys, descriptions) is in ``schema.py``. Does not belong here: reading
files (``data.py``) or cross-table checks.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from dashboard.countries import is_valid_code
from dashboard.vocabulary import STAGES, Vocabulary

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
EditionId = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]+$")]
Precision = Literal["day", "month", "year"]


def _vocabulary(info: ValidationInfo) -> Vocabulary | None:
    context = info.context
    return context.get("vocabulary") if isinstance(context, dict) else None


def _check_code(code: str) -> str:
    if not is_valid_code(code):
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code (upper case) nor one of WLD, OTH, EUU")
    return code


def _check_codes(text: str) -> str:
    for code in text.split(";") if text else []:
        _check_code(code)
    return text


def _check_mineral(value: str, info: ValidationInfo) -> str:
    vocabulary = _vocabulary(info)
    if vocabulary is not None and value not in vocabulary.mineral_ids:
        raise ValueError(f"{value!r} is not a mineral of minerals.csv ({', '.join(vocabulary.mineral_ids)})")
    return value


def _check_minerals(text: str, info: ValidationInfo) -> str:
    for item in text.split(";") if text else []:
        _check_mineral(item, info)
    return text


def _check_theme(value: str, info: ValidationInfo) -> str:
    vocabulary = _vocabulary(info)
    if vocabulary is not None and value not in vocabulary.theme_ids:
        raise ValueError(f"{value!r} is not a theme of themes.csv ({', '.join(vocabulary.theme_ids)})")
    return value


def _check_themes(text: str, info: ValidationInfo) -> str:
    for item in text.split(";") if text else []:
        _check_theme(item, info)
    return text


def _check_edition(value: str, info: ValidationInfo) -> str:
    vocabulary = _vocabulary(info)
    if vocabulary is not None and value not in vocabulary.edition_ids:
        raise ValueError(f"{value!r} is not an edition of editions.csv ({', '.join(vocabulary.edition_ids)})")
    return value


Country = Annotated[str, AfterValidator(_check_code)]
CountryList = Annotated[str, AfterValidator(_check_codes)]
Mineral = Annotated[Id, AfterValidator(_check_mineral)]
MineralList = Annotated[str, AfterValidator(_check_minerals)]
ThemeId = Annotated[Id, AfterValidator(_check_theme)]
ThemeList = Annotated[str, AfterValidator(_check_themes)]
Edition = Annotated[EditionId, AfterValidator(_check_edition)]


def _check_release_or_statement(value: str, info: ValidationInfo) -> str:
    """Free text (a statement's description), but what looks like a release id (MCS2027) must be known."""
    if re.fullmatch(r"[A-Z]{2,6}[0-9]{4}", value):
        _check_edition(value, info)
    return value


ReleaseOrStatement = Annotated[str, AfterValidator(_check_release_or_statement)]
Stage = Literal["mine", "refinery"]
Pct = Annotated[float, Field(ge=0, le=100)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Tonnes = Annotated[float, Field(ge=0)]

assert set(Stage.__args__) <= set(STAGES)  # type: ignore[attr-defined]


def desc(text: str, unit: str | None = None) -> Any:
    """Field metadata: a description and, where the field is a quantity, its unit."""
    return Field(description=text, json_schema_extra={"unit": unit} if unit else None)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOLEANS = ("true", "false")


def _base_type(annotation: Any) -> Any:
    """int, float, bool, dt.date, str, a Literal... under Optional and Annotated."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


class Row(BaseModel):
    """Base of every row: unknown columns rejected, no silent coercion of text to numbers, and no lenient
    reading of the text of a cell: numbers finite (no 'inf', 'nan', '1e400'), dates written YYYY-MM-DD
    (not '0', which pydantic would read as 1970-01-01), booleans 'true' or 'false'."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _strict_text(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str) or info.field_name is None:
            return value
        kind = _base_type(cls.model_fields[info.field_name].annotation)
        if kind is dt.date and not _ISO_DATE.fullmatch(value):
            raise ValueError("not a date written YYYY-MM-DD")
        if kind is bool and value not in _BOOLEANS:
            raise ValueError("not true or false")
        return value


# -- reference tables -------------------------------------------------------------------------------


class Source(Row):
    source_id: Id = desc("Identifier cited by the rows of every other table")
    publisher: str = desc("Organisation that published the source")
    title: str = desc("Title of the publication, page or data release")
    edition: str | None = desc("Edition or vintage, e.g. 'MCS 2026'")
    table: str | None = desc("Table, figure, section or page the figures come from")
    year: Year = desc("Year of publication")
    date: dt.date | None = desc("Date of publication, where known")
    url: str | None = desc("The publisher's own page; empty where it could not be established (see via)")
    doi: str | None = desc("DOI, where the source has one")
    kind: Literal["primary", "secondary"] = desc(
        "primary: the publisher is the originator of the figure or a party to the act; secondary: a report of it")
    licence: str = desc("Licence or terms under which the facts are used")
    accessed: dt.date | None = desc("Date the copy was read")
    via: str | None = desc("The copy actually read, where it was a mirror or repost")
    notes: str | None = desc("Caveats")

    @model_validator(mode="after")
    def _has_locator(self) -> Source:
        if not (self.url or self.doi or self.via):
            raise ValueError("url: a source needs a url, a doi or the copy read (via)")
        return self


class Publisher(Row):
    publisher: str = desc("Publisher, exactly as in sources.publisher")
    domain: str = desc("A domain the publisher's own pages live on (a primary source's url must be on one)")


class MineralRow(Row):
    mineral: Id = desc("Mineral id (the vocabulary: every other table's mineral is one of these)")
    name: str = desc("Display name")
    default: bool = desc("Selected when no mineral is asked for (the four minerals of the mission)")
    aliases: str | None = desc("Other names a user may type, ';'-separated (any case)")
    usgs_names: str = desc("Names of the mineral in the USGS release files (chapter or commodity), ';'-separated")
    usgs_stage: Stage = desc("Stage USGS's world production table describes (gallium: primary low-purity "
                             "production, a refinery stage)")
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
    theme_id: Id = desc("Theme id (the vocabulary: every other table's theme is one of these)")
    name: str = desc("Display name")
    description: str = desc("What the theme covers")
    source_id: Id = desc("Source that names the theme")


class EditionRow(Row):
    edition: EditionId = desc("Edition id, e.g. MCS2026 (upper-case letters and digits)")
    title: str = desc("Title of the release")
    published: dt.date = desc("Publication date: editions rank by it, the newest first")
    published_precision: Precision = desc("day, month or year: how precise published is")
    source_id: Id = desc("Citation")
    note: str | None = desc("How the date was established")


# -- supply -----------------------------------------------------------------------------------------


class Production(Row):
    mineral: Mineral = desc("Mineral id")
    stage: Stage = desc("Supply-chain stage")
    measure: Literal["production", "capacity"] = desc("Output, or capacity to produce")
    country_iso3: Country = desc("ISO 3166-1 alpha-3, or WLD (world total) or OTH (other countries)")
    year: Year = desc("Calendar year of the figure")
    value: Tonnes | None = desc("Quantity in contained content; empty when the source gives a code", "t")
    value_code: Literal["W", "NA", "—", "s", "Small"] | None = desc(
        "USGS code: W withheld, NA not available, — zero, s less than half a unit, Small a small amount")
    qualifier: Literal[">", "<"] | None = desc("Value is a bound: '>' means more than value")
    unit: Literal["t"] = desc("Metric tons of contained content (see minerals.basis)")
    status: Literal["reported", "estimated", "projected"] = desc("reported, estimated or projected")
    edition: Edition = desc("Release the figure comes from (vintage), an edition of editions.csv")
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
    value_code: Literal["W", "NA", "—", "s", "Small"] | None = desc("USGS code when there is no value")
    qualifier: Literal[">", "<"] | None = desc("Value is a bound")
    unit: Literal["t"] = desc("Metric tons of contained content")
    edition: Edition = desc("Release (vintage), an edition of editions.csv")
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
    qualifier: Literal[">", "<"] | None = desc("The share is a bound as published: '>' means more than share_pct")
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
    value_code: Literal["E", "W", "NA", "S"] | None = desc(
        "E: net exporter; W withheld; NA not available; S stated in words only, no figure (see stated_as)")
    status: Literal["reported", "estimated"] = desc("reported or estimated")
    edition: ReleaseOrStatement = desc("Release (an edition of editions.csv) or statement the figure comes from")
    source_id: Id = desc("Citation")
    note: str | None = desc("Definition and caveats")
    stated_as: str | None = desc("The source's own words, where the figure is a statement (official, parliamentary)")

    @model_validator(mode="after")
    def _value_or_code(self) -> ImportReliance:
        if self.value_pct is None and self.value_code is None:
            raise ValueError("value_pct: empty, and no value_code says why")
        if self.value_code == "S" and (self.value_pct is not None or not self.stated_as):
            raise ValueError("value_code: S (stated in words only) takes no value_pct and needs stated_as")
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
    edition: ReleaseOrStatement = desc("Release (an edition of editions.csv) or statement")
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
    edition: Edition = desc("Release, an edition of editions.csv")
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
    short_name: str | None = desc("Short name a user may type (e.g. 'Quad', 'MSP')")
    kind: Literal["ministerial", "plurilateral", "bilateral", "multilateral", "national_policy", "investment"] = (
        desc("Kind of initiative")
    )
    status: Literal["active", "ended", "proposed", "pending", "superseded"] = desc(
        "Status as of status_date (the status at another date is computed, see metrics.status)")
    status_date: dt.date = desc("Date of the latest source read that states the status")
    start_date: dt.date = desc("Signing, launch or entry into force")
    start_precision: Precision = desc("day, month or year: how precise start_date is")
    end_date: dt.date | None = desc("End (or planned end); empty while running")
    end_precision: Precision | None = desc("How precise end_date is")
    end_kind: Literal["ended", "planned", "expires"] | None = desc(
        "ended: a source says it ended; planned: a target end; expires: a scheduled expiry")
    superseded_by: Id | None = desc("Initiative that replaced it")
    convener_iso3: Country | None = desc("Convening country or EUU")
    roster: Literal["complete", "partial", "none"] = desc(
        "complete: a source publishes the whole member list and all are recorded; partial: some members "
        "recorded; none: no members recorded")
    general_minerals: bool = desc(
        "The source speaks of critical minerals in general (it then applies to every mineral), not only of the "
        "minerals listed in initiative_minerals")
    description: str = desc("What it is, as its sources describe it")
    source_id: Id = desc("Citation")

    @model_validator(mode="after")
    def _dates(self) -> Initiative:
        self._order(self.start_date, self.end_date, "end_date")
        if (self.end_date is None) != (self.end_kind is None):
            raise ValueError("end_kind: give end_kind with end_date, and only then")
        return self


class InitiativeMember(_Dated):
    initiative_id: Id = desc("Initiative id")
    country_iso3: Country = desc("Member country or EUU")
    role: Literal["founder", "member", "signatory", "chair", "convener", "party", "observer", "supporter"] = desc(
        "Role; observers and supporters (stated support, no membership) are listed but not counted as members")
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
    theme_id: ThemeId = desc("Ministerial theme it serves")
    source_id: Id = desc("Citation")


class Event(_Dated):
    event_id: Id = desc("Event id")
    date: dt.date = desc("Date (start date for multi-day events)")
    date_precision: Precision = desc("How precise date is")
    end_date: dt.date | None = desc("Last day of a multi-day event")
    kind: Literal["diplomatic", "export_control", "initiative_launch", "policy"] = desc("Kind of event")
    title: str = desc("Title")
    countries: CountryList = desc("Countries involved, ';'-separated")
    minerals: MineralList | None = desc("Minerals the source names, ';'-separated")
    general: bool = desc("The source speaks of critical minerals in general (the event concerns every mineral)")
    themes: ThemeList | None = desc("Ministerial themes, ';'-separated")
    initiative_id: Id | None = desc("Initiative the event belongs to")
    measure_id: Id | None = desc("Trade measure (measures.csv) of which the event is a step")
    description: str = desc("What happened")
    source_id: Id = desc("Citation")

    @model_validator(mode="after")
    def _dates(self) -> Event:
        self._order(self.date, self.end_date, "end_date")
        return self


class Measure(_Dated):
    """One state period of a trade measure (export control, ban, quota, licensing, suspension)."""

    measure_id: Id = desc("Measure id; the periods of one measure share it")
    state: Literal["announced", "in_force", "suspended", "quota", "lifted"] = desc("State during the period")
    start_date: dt.date = desc("First day of the state")
    start_precision: Precision = desc("How precise start_date is")
    end_date: dt.date | None = desc("Day the state stopped (the next state's start), or its scheduled end")
    end_precision: Precision | None = desc("How precise end_date is")
    end_kind: Literal["ended", "expires"] | None = desc(
        "ended: a later source confirms the state ended; expires: the end the source scheduled (a later source "
        "may extend it); empty: open")
    country_iso3: Country = desc("Country imposing the measure")
    target_iso3: Country | None = desc("The one country the measure targets, if any")
    minerals: MineralList | None = desc("Minerals covered, ';'-separated")
    title: str = desc("What the measure is")
    usgs_control_type: str | None = desc("control_type of the matching row of export_controls (USGS MCS 2026 table 4)")
    source_id: Id = desc("Citation")
    note: str | None = desc("Caveats and the status at the date of the last source read")

    @model_validator(mode="after")
    def _dates(self) -> Measure:
        self._order(self.start_date, self.end_date, "end_date")
        if self.end_kind is not None and self.end_date is None:
            raise ValueError("end_kind: an end kind needs an end_date")
        return self


class CountryIndicator(Row):
    """A sourced fact about a country that a theme measure uses (EITI implementation, artisanal share)."""

    indicator: Id = desc("Indicator id, e.g. eiti_implementing, cobalt_asm_share_pct_low")
    country_iso3: Country = desc("Country, or WLD for the world")
    value: str = desc("Value as the source states it: true/false, or a number (units in the indicator id)")
    as_of: dt.date = desc("Date (or data year, as 1 January) the value refers to")
    source_id: Id = desc("Citation")
    note: str | None = desc("Wording and caveats")


class Correction(Row):
    """A deliberate change to a hand-curated table, with its reason (in the manner of OWID's corrections)."""

    table: Id = desc("Table corrected")
    key: str = desc("The row's primary-key values joined by '|' in the table's key order")
    field: str = desc("Column corrected, or '*' for a whole row added or removed")
    old_value: str | None = desc("Value before ('(absent)' for an added row or column)")
    new_value: str | None = desc("Value after ('(removed)' for a removed row, '(present)' for an added one)")
    reason: str = desc("Why, in one sentence")
    source_id: Id = desc("The source that justifies the new value")
    date: dt.date = desc("Date of the correction")


class Price(Row):
    """One year of a USGS salient price series."""

    mineral: Mineral = desc("Mineral id")
    series: str = desc("The series as USGS labels it (product, market, basis)")
    year: Year = desc("Year")
    value: Annotated[float, Field(ge=0)] | None = desc("Annual average price, in unit")
    value_code: Literal["W", "NA", "—"] | None = desc("USGS code when there is no value")
    unit: str = desc("Unit as USGS states it, e.g. 'dollars per metric ton'")
    status: Literal["reported", "estimated"] = desc("reported or estimated (the latest year is estimated)")
    edition: Edition = desc("Release, an edition of editions.csv")
    source_id: Id = desc("Citation")
    note: str | None = desc("Price source named by USGS (Platts, Argus, Fastmarkets, LME, US Census) and caveats")

    @model_validator(mode="after")
    def _value_or_code(self) -> Price:
        if self.value is None and self.value_code is None:
            raise ValueError("value: empty, and no value_code says why")
        return self
