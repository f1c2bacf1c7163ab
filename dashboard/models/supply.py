"""Supply, uses, trade and prices: production, reserves, refining shares, end uses, import reliance and
sources, export controls (USGS table 4), country indicators and price series."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from dashboard.models.fields import (
    Country,
    Edition,
    Id,
    Mineral,
    Pct,
    ReleaseOrStatement,
    Row,
    Stage,
    Tonnes,
    Year,
    desc,
)


class Production(Row):
    mineral: Mineral = desc("Mineral id")
    stage: Stage = desc("Supply-chain stage")
    measure: Literal["production", "capacity"] = desc("Output, or capacity to produce")
    country_iso3: Country = desc("ISO 3166-1 alpha-3, or WLD (world total) or OTH (other countries)")
    year: Year = desc("Calendar year of the figure")
    value: Tonnes | None = desc("Quantity in contained content; empty when the source gives a code", "t")
    value_code: Literal["W", "NA", "—", "s", "Small"] | None = desc(
        "USGS code: W withheld, NA not available, — zero, s less than half a unit, Small a small amount"
    )
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
        "E: net exporter; W withheld; NA not available; S stated in words only, no figure (see stated_as)"
    )
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


class CountryIndicator(Row):
    """A sourced fact about a country that a theme measure uses (EITI implementation, artisanal share)."""

    indicator: Id = desc("Indicator id, e.g. eiti_implementing, cobalt_asm_share_pct_low")
    country_iso3: Country = desc("Country, or WLD for the world")
    value: str = desc("Value as the source states it: true/false, or a number (units in the indicator id)")
    as_of: dt.date = desc("Date (or data year, as 1 January) the value refers to")
    source_id: Id = desc("Citation")
    note: str | None = desc("Wording and caveats")


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
