"""The global filters and their URL form, with no Streamlit in it (so it can be tested directly).

A view is a link: the filters live in the query string (``?mineral=lithium&mineral=cobalt&partner=IND``).
Reading a query string never raises: unknown keys and values are dropped, each with a note the page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dashboard.models import MINERALS

STAGES = ("mine", "refinery", "reserves")
MINERAL_NAMES = {"lithium": "Lithium", "cobalt": "Cobalt", "nickel": "Nickel", "rare_earths": "Rare earths"}
CUSTOM = "custom"
#: Longest query value we even look at; anything longer is dropped with a note.
MAX_VALUE_LENGTH = 64
URL_KEYS = ("mineral", "partner", "bloc", "country", "year", "stage", "asof")


@dataclass(frozen=True)
class Choices:
    """What the filters may take, from the data."""

    countries: tuple[str, ...]
    blocs: tuple[str, ...]
    years: tuple[int, ...]
    today: dt.date


@dataclass(frozen=True)
class Filters:
    minerals: tuple[str, ...] = MINERALS
    partner: str | None = None
    bloc: str | None = None
    countries: tuple[str, ...] = ()
    year: int | None = None
    stage: str = "mine"
    asof: dt.date | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)

    def to_query(self) -> dict[str, list[str]]:
        """The query-string form; defaults are left out so links stay short."""
        query: dict[str, list[str]] = {}
        if tuple(self.minerals) != MINERALS:
            query["mineral"] = list(self.minerals)
        if self.partner:
            query["partner"] = [self.partner]
        if self.bloc:
            query["bloc"] = [self.bloc]
        if self.countries:
            query["country"] = list(self.countries)
        if self.year is not None:
            query["year"] = [str(self.year)]
        if self.stage != "mine":
            query["stage"] = [self.stage]
        if self.asof is not None:
            query["asof"] = [self.asof.isoformat()]
        return query


def _shown(value: str) -> str:
    text = value if len(value) <= 40 else value[:37] + "..."
    return repr(text)


def parse_query(query: Mapping[str, Sequence[str] | str], choices: Choices) -> Filters:
    """Filters from a query string; every dropped key or value leaves a note.

    >>> c = Choices(("IND", "USA"), ("msp",), (2024, 2025), dt.date(2026, 11, 26))
    >>> f = parse_query({"mineral": ["cobalt", "gold"], "partner": "IND", "year": "1999"}, c)
    >>> f.minerals, f.partner, f.year
    (('cobalt',), 'IND', None)
    >>> f.notes
    ("Ignored mineral 'gold' from the link: not one of lithium, cobalt, nickel, rare_earths.", "Ignored year '1999' from the link: no data for that year (valid: 2024, 2025).")
    """
    notes: list[str] = []

    def values(key: str) -> list[str]:
        raw = query.get(key, [])
        items = [raw] if isinstance(raw, str) else list(raw)
        kept = []
        for item in items:
            item = str(item)
            if len(item) > MAX_VALUE_LENGTH:
                notes.append(f"Ignored a {len(item):,}-character value for {key} from the link.")
            else:
                kept.append(item.strip())
        return kept

    def single(key: str) -> str | None:
        items = values(key)
        if len(items) > 1:
            notes.append(f"The link gives {key} {len(items)} times; used the first ({_shown(items[0])}).")
        return items[0] if items else None

    for key in query:
        if key not in URL_KEYS:
            notes.append(f"Ignored unknown link parameter {_shown(str(key))}.")

    minerals: list[str] = []
    for item in values("mineral"):
        if item in MINERALS and item not in minerals:
            minerals.append(item)
        elif item not in MINERALS:
            notes.append(f"Ignored mineral {_shown(item)} from the link: not one of {', '.join(MINERALS)}.")
    partner = single("partner")
    if partner is not None and partner.upper() not in choices.countries:
        notes.append(f"Ignored partner {_shown(partner)} from the link: not a country in the data.")
        partner = None
    bloc = single("bloc")
    if bloc is not None and bloc not in choices.blocs and bloc != CUSTOM:
        notes.append(f"Ignored bloc {_shown(bloc)} from the link: not an initiative with members.")
        bloc = None
    countries: list[str] = []
    for item in values("country"):
        if item.upper() in choices.countries:
            if item.upper() not in countries:
                countries.append(item.upper())
        else:
            notes.append(f"Ignored country {_shown(item)} from the link: not a country in the data.")
    year: int | None = None
    year_text = single("year")
    if year_text is not None:
        if year_text.isdigit() and int(year_text) in choices.years:
            year = int(year_text)
        else:
            valid = ", ".join(str(y) for y in choices.years)
            notes.append(f"Ignored year {_shown(year_text)} from the link: no data for that year (valid: {valid}).")
    stage = single("stage") or "mine"
    if stage not in STAGES:
        notes.append(f"Ignored stage {_shown(stage)} from the link: not one of {', '.join(STAGES)}.")
        stage = "mine"
    asof: dt.date | None = None
    asof_text = single("asof")
    if asof_text is not None:
        try:
            asof = dt.date.fromisoformat(asof_text)
        except ValueError:
            notes.append(f"Ignored date {_shown(asof_text)} from the link: not a YYYY-MM-DD date.")
    return Filters(
        minerals=tuple(minerals) if minerals else MINERALS,
        partner=partner.upper() if partner else None,
        bloc=bloc,
        countries=tuple(countries),
        year=year,
        stage=stage,
        asof=asof,
        notes=tuple(notes),
    )


def partner_label(filters: Filters, initiative_names: Mapping[str, str], country_name) -> str | None:
    """How the selected partner set is named in titles."""
    parts = []
    if filters.bloc and filters.bloc != CUSTOM:
        parts.append(initiative_names.get(filters.bloc, filters.bloc))
    if filters.partner:
        parts.append(country_name(filters.partner))
    if filters.countries:
        parts.append("custom set (" + ", ".join(country_name(c) for c in filters.countries) + ")")
    return " + ".join(parts) if parts else None


def partner_set(filters: Filters, members_of: Iterable[str]) -> frozenset[str] | None:
    """Partner, bloc members (already resolved at the as-of date) and custom countries, or None."""
    members = set(members_of)
    if filters.partner:
        members.add(filters.partner)
    members |= set(filters.countries)
    if not (filters.partner or filters.bloc or filters.countries):
        return None
    return frozenset(members)
