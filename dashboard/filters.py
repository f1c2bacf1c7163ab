"""One selection: what the user asked for (a link, the sidebar, a command line) checked and resolved in
one place, with no Streamlit in it.

- :class:`Filters` is the request as typed: text, nothing checked.
- :func:`resolve` checks every value against the data package and turns it into a :class:`Selection`:
  canonical ids, the partner set (bloc members at the membership date, plus the partner country and a
  custom set) and its label. Names are forgiving: any case, ids, names or aliases ("Rare earths",
  "india", "Quad") resolve to one canonical id, the same way for the URL and the command lines.
- A value that cannot be resolved is dropped with a note the page shows (``strict=False``, the pages), or
  raises :class:`SelectionError` listing every problem (``strict=True``, the command lines, exit 2).

A view is a link: ``Selection.to_query()`` is the query string (``?mineral=lithium&partner=IND``);
:func:`from_query` reads one back and never raises.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from dashboard import countries as country_codes
from dashboard.data import Datasets
from dashboard.metrics.country import bloc_caveat
from dashboard.metrics.partners import members_at
from dashboard.page_state import PAGE_KEYS
from dashboard.vocabulary import STAGES, lookup, stage

CUSTOM = "custom"
#: Longest query value even looked at; anything longer is dropped with a note.
MAX_VALUE_LENGTH = 64
URL_KEYS = ("mineral", "partner", "bloc", "country", "year", "stage", "asof")
#: Earliest membership date a view may ask for (the oldest initiative we hold starts after it).
EARLIEST_ASOF = dt.date(2015, 1, 1)
_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class SelectionError(ValueError):
    """A request that cannot be resolved; ``problems`` says every reason, one sentence each."""

    def __init__(self, problems: Sequence[str]):
        self.problems = tuple(problems)
        super().__init__(" ".join(self.problems))


@dataclass(frozen=True)
class Choices:
    """What a selection may take, from the data: countries in any table, initiatives with members (id ->
    name, for blocs), years with a country split that is not a projection, and today."""

    countries: tuple[str, ...]
    blocs: dict[str, str]
    years: tuple[int, ...]
    today: dt.date


@dataclass(frozen=True)
class Filters:
    """A request as typed: nothing checked. ``minerals=None`` means "the default minerals"."""

    minerals: tuple[str, ...] | None = None
    partner: str | None = None
    bloc: str | None = None
    countries: tuple[str, ...] = ()
    year: str | None = None
    stage: str | None = None
    asof: str | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Selection:
    """A checked request: canonical ids, the partner set it stands for, and notes on what was dropped."""

    minerals: tuple[str, ...]
    partner: str | None
    bloc: str | None
    countries: tuple[str, ...]
    year: int | None
    stage: str
    asof: dt.date | None
    membership_date: dt.date
    partners: frozenset[str] | None
    partner_label: str | None
    default_minerals: tuple[str, ...] = field(default=(), repr=False)
    notes: tuple[str, ...] = field(default=(), compare=False)
    partner_note: str | None = None
    """For a bloc: how many members are recorded at the date and whether the roster is complete; every
    figure of the bloc says it."""

    def to_query(self) -> dict[str, list[str]]:
        """The query-string form; defaults are left out so links stay short."""
        query: dict[str, list[str]] = {}
        if self.minerals != self.default_minerals:
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

    def to_filters(self) -> Filters:
        """The request that resolves to this selection again."""
        return Filters(
            minerals=self.minerals, partner=self.partner, bloc=self.bloc, countries=self.countries,
            year=None if self.year is None else str(self.year), stage=self.stage,
            asof=None if self.asof is None else self.asof.isoformat(),
        )


def choices(ds: Datasets, today: dt.date | None = None) -> Choices:
    """What the filters may take in this data package (computed once per package and day)."""
    day = today or dt.date.today()

    def compute() -> Choices:
        found: set[str] = set()
        for frame, column in ((ds.production, "country_iso3"), (ds.reserves, "country_iso3"),
                              (ds.refining_shares, "country_iso3"), (ds.initiative_members, "country_iso3"),
                              (ds.import_sources, "partner_iso3"), (ds.import_sources, "importer_iso3")):
            found |= {str(c) for c in frame[column]}
        found -= {"WLD", "OTH"}
        names = dict(zip(ds.initiatives["initiative_id"], ds.initiatives["name"], strict=True))
        blocs = {str(i): str(names[i]) for i in sorted(set(ds.initiative_members["initiative_id"]))}
        production = ds.production
        split = production[(production["country_iso3"] != "WLD") & (production["status"] != "projected")]
        years = tuple(sorted({int(y) for y in split["year"]}))
        return Choices(tuple(sorted(found, key=country_codes.name_of)), blocs, years, day)

    return ds.memo.get(("choices", day), compute)


def _shown(value: str) -> str:
    text = value if len(value) <= 40 else value[:37] + "..."
    return repr(text)


def from_query(query: Mapping[str, Sequence[str] | str]) -> Filters:
    """The request a query string makes; unknown keys, repeated single keys and over-long values are
    dropped, each with a note. Keys of the page's own state (``page_state.PAGE_KEYS``) are left to the
    page. Never raises.

    >>> f = from_query({"mineral": ["Cobalt", "x" * 70], "partner": ["india", "USA"], "utm": "1"})
    >>> f.minerals, f.partner
    (('Cobalt',), 'india')
    >>> len(f.notes)
    3
    """
    notes: list[str] = [f"Ignored unknown link parameter {_shown(str(key))}." for key in query
                        if key not in URL_KEYS and key not in PAGE_KEYS]

    def values(key: str) -> list[str]:
        raw = query.get(key, [])
        items = [raw] if isinstance(raw, str) else list(raw)
        kept = []
        for item in items:
            text = str(item)
            if len(text) > MAX_VALUE_LENGTH:
                notes.append(f"Ignored a {len(text):,}-character value for {key} from the link.")
            else:
                kept.append(text.strip())
        return kept

    def single(key: str) -> str | None:
        items = values(key)
        if len(items) > 1:
            notes.append(f"The link gives {key} {len(items)} times; used the first ({_shown(items[0])}).")
        return items[0] if items else None

    minerals = values("mineral")
    return Filters(
        minerals=tuple(minerals) if minerals else None, partner=single("partner"), bloc=single("bloc"),
        countries=tuple(values("country")), year=single("year"), stage=single("stage"), asof=single("asof"),
        notes=tuple(notes),
    )


def country(text: str, known: Sequence[str]) -> str | None:
    """The ISO3 code of a country typed as a code or a name (any case), if it is one of ``known``.

    >>> country("india", ("IND", "USA")), country("usa", ("IND", "USA")), country("Atlantis", ("IND",))
    ('IND', 'USA', None)
    """
    code = text.strip().upper()
    if code in known:
        return code
    try:
        code = country_codes.to_iso3(text)
    except country_codes.UnknownCountry:
        return None
    return code if code in known else None


def resolve(ds: Datasets, filters: Filters, *, today: dt.date | None = None, strict: bool = False) -> Selection:
    """Check and resolve a request against the data package.

    Every value that cannot be resolved leaves a note (what was asked, why it was dropped); with
    ``strict`` those notes raise :class:`SelectionError` instead (the command lines), so the pages and the
    command lines accept exactly the same values.
    """
    options = choices(ds, today)
    vocabulary = ds.vocabulary
    notes: list[str] = list(filters.notes)

    def drop(kind: str, value: str, why: str) -> None:
        if strict:
            notes.append(f"unknown {kind} {_shown(value)}: {why}.")
        else:
            notes.append(f"Ignored {kind} {_shown(value)} from the link: {why}.")

    minerals: list[str] = []
    for item in filters.minerals or ():
        found = vocabulary.mineral(item)
        if found is None:
            drop("mineral", item, f"not one of {', '.join(vocabulary.mineral_ids)}")
        elif found not in minerals:
            minerals.append(found)
    if filters.minerals is None or (not minerals and filters.minerals):
        minerals = list(vocabulary.default_minerals)

    partner = None
    if filters.partner:
        partner = country(filters.partner, options.countries)
        if partner is None:
            drop("partner", filters.partner, "not a country in the data")
    bloc = None
    if filters.bloc:
        if filters.bloc.strip().lower() == CUSTOM:
            bloc = CUSTOM
        else:
            bloc = lookup(filters.bloc, options.blocs)
            if bloc is None:
                drop("bloc", filters.bloc, "not an initiative with members")
    custom: list[str] = []
    for item in filters.countries:
        code = country(item, options.countries)
        if code is None:
            drop("country", item, "not a country in the data")
        elif code not in custom:
            custom.append(code)
    if custom and bloc is None:
        bloc = CUSTOM
    year = None
    if filters.year:
        text = filters.year.strip()
        if _YEAR.fullmatch(text) and int(text) in options.years:
            year = int(text)
        else:
            valid = ", ".join(str(y) for y in options.years)
            drop("year", text, f"no country figures for that year (valid: {valid})")
    chosen_stage = "mine"
    if filters.stage:
        found_stage = stage(filters.stage)
        if found_stage is None:
            drop("stage", filters.stage, f"not one of {', '.join(STAGES)}")
        else:
            chosen_stage = found_stage
    asof = None
    if filters.asof:
        text = filters.asof.strip()
        try:
            asof = dt.date.fromisoformat(text) if _DATE.fullmatch(text) else None
        except ValueError:
            asof = None
        if asof is None:
            drop("date", text, "not a YYYY-MM-DD date")
        elif not EARLIEST_ASOF <= asof <= options.today:
            drop("date", text, f"membership dates run from {EARLIEST_ASOF.isoformat()} to today "
                 f"({options.today.isoformat()})")
            asof = None
    if strict and notes:
        raise SelectionError(notes)

    membership_date = asof or options.today
    members: frozenset[str] = frozenset()
    if bloc and bloc != CUSTOM:
        members = members_at(ds.initiatives, ds.initiative_members, bloc, membership_date)
    chosen = bool(partner or (bloc and bloc != CUSTOM) or custom)
    partners = frozenset(members | ({partner} if partner else set()) | set(custom)) if chosen else None
    parts = []
    if bloc and bloc != CUSTOM:
        parts.append(options.blocs[bloc])
    if partner:
        parts.append(country_codes.name_of(partner))
    if custom:
        parts.append("custom set (" + ", ".join(country_codes.name_of(c) for c in custom) + ")")
    return Selection(
        minerals=tuple(minerals), partner=partner, bloc=bloc,
        countries=tuple(custom), year=year, stage=chosen_stage, asof=asof, membership_date=membership_date,
        partners=partners, partner_label=" + ".join(parts) if parts else None,
        default_minerals=vocabulary.default_minerals, notes=tuple(notes),
        partner_note=bloc_caveat(ds, bloc, membership_date, options.blocs[bloc]) if bloc and bloc != CUSTOM
        else None,
    )


def describe(selection: Selection, mineral_name: Mapping[str, str]) -> str:
    """The selection in words, for exported files.

    >>> s = Selection(("lithium",), "IND", None, (), None, "mine", None, dt.date(2026, 2, 4),
    ...               frozenset({"IND"}), "India")
    >>> describe(s, {"lithium": "Lithium"})
    'Minerals: Lithium · Partner: India · Year: latest · Stage: mine'
    """
    parts = ["Minerals: " + ", ".join(mineral_name.get(m, m) for m in selection.minerals)]
    if selection.partner_label:
        parts.append(f"Partner: {selection.partner_label}")
    if selection.bloc and selection.bloc != CUSTOM:
        parts.append(f"Membership as of {selection.membership_date.isoformat()}")
    parts.append(f"Year: {selection.year if selection.year is not None else 'latest'}")
    parts.append(f"Stage: {selection.stage}")
    return " · ".join(parts)


def with_minerals(selection: Selection, minerals: tuple[str, ...]) -> Selection:
    """The same selection for other minerals (a page that shows one mineral at a time)."""
    return replace(selection, minerals=minerals)
