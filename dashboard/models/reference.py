"""Reference tables: sources and their publishers, the vocabulary tables (minerals, themes, editions)
and the corrections made to the hand-curated tables."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import model_validator

from dashboard.models.fields import EditionId, Id, Precision, Row, Stage, Year, desc


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
        "primary: the publisher is the originator of the figure or a party to the act; secondary: a report of it"
    )
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
    usgs_stage: Stage = desc(
        "Stage USGS's world production table describes (gallium: primary low-purity production, a refinery stage)"
    )
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
