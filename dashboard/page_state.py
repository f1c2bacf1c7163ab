"""Page-level state in the URL, with no Streamlit in it: what a page adds to the global filters so that a
link reopens the same view (the mineral shown, the open section, the theme, the country profiled, the
initiative picked, searches, scenario edits).

- A page declares its parameters (:class:`Choice`, :class:`Text`, :class:`Number`, :class:`Changes`) with
  the options it has at this run (the selected minerals, the sections, the themes...).
- :func:`read` checks a query string against them: unknown, invalid or foreign values are dropped with a
  note the page shows, the same way :func:`dashboard.filters.resolve` treats the global filters; it never
  raises.
- :func:`write` is the query-string form of a page's values, defaults left out so links stay short;
  ``read(write(values))`` gives the values back.

The keys live in one namespace with the global filters (``filters.URL_KEYS``), so :data:`PAGE_KEYS` must
not reuse them; ``filters.from_query`` leaves page keys to the page.

Scenario edits have a compact form, ``d=AUS:5000,IDN:-2000`` (country code, colon, change in the
baseline's unit; comma-separated).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from dashboard.vocabulary import lookup

#: Every key a page may put in the URL (next to ``filters.URL_KEYS``).
PAGE_KEYS: tuple[str, ...] = ("focus", "tab", "theme", "profile", "initiative", "q", "kind", "sstage", "threshold",
                              "d")
#: Longest text (search) kept from a link.
MAX_TEXT_LENGTH = 64
#: Most scenario changes a link may carry, and the largest change (in the baseline's unit).
MAX_CHANGES = 40
MAX_CHANGE = 1e12
_CHANGE = re.compile(r"^\s*([A-Za-z]{3})\s*:\s*([+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*$")
_INTEGER = re.compile(r"^[+-]?[0-9]{1,6}$")

Value = str | int | float | tuple[str, ...] | tuple[tuple[str, float], ...] | None


@dataclass(frozen=True)
class Choice:
    """One option out of ``options`` (id -> display name; matched in any case, by id or name), or several
    with ``multi``. ``default`` None means the first option (or nothing, with ``multi``)."""

    key: str
    what: str
    options: Mapping[str, str]
    default: str | None = None
    multi: bool = False

    def default_value(self) -> Value:
        if self.multi:
            return ()
        if self.default is not None:
            return self.default
        return next(iter(self.options), None)


@dataclass(frozen=True)
class Text:
    """Free text (a search), trimmed; control characters removed."""

    key: str
    what: str
    default: str = ""

    def default_value(self) -> Value:
        return self.default


@dataclass(frozen=True)
class Number:
    """A whole number between ``low`` and ``high`` on a grid of ``step`` from ``low``."""

    key: str
    what: str
    low: int
    high: int
    default: int
    step: int = 1

    def default_value(self) -> Value:
        return self.default


@dataclass(frozen=True)
class Changes:
    """Scenario edits: (country code, change) pairs, countries out of ``countries``."""

    key: str
    what: str
    countries: Sequence[str]

    def default_value(self) -> Value:
        return ()


Param = Choice | Text | Number | Changes


@dataclass(frozen=True)
class PageState:
    """The checked values of a page's parameters (key -> value) and notes on what was dropped."""

    values: dict[str, Value]
    notes: tuple[str, ...] = field(default=())

    def __getitem__(self, key: str) -> Value:
        return self.values[key]


def _shown(value: str) -> str:
    text = value if len(value) <= 40 else value[:37] + "..."
    return repr(text)


def _clean_text(text: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def format_changes(changes: Sequence[tuple[str, float]]) -> str:
    """The compact form of scenario edits.

    >>> format_changes([("AUS", 5000.0), ("IDN", -2000.5)])
    'AUS:5000,IDN:-2000.5'
    """
    return ",".join(f"{code}:{value:.12g}" for code, value in changes)


def parse_changes(text: str, countries: Sequence[str]) -> tuple[tuple[tuple[str, float], ...], list[str]]:
    """Scenario edits from their compact form, and a note per item dropped (unknown country, not a number,
    zero, repeated, too many).

    >>> parse_changes("aus:5000, IDN:-2e3,XXX:1,AUS:7", ("AUS", "IDN"))
    ((('AUS', 5000.0), ('IDN', -2000.0)), ["unknown country 'XXX'", 'AUS given twice (kept the first)'])
    """
    known = {str(c).upper() for c in countries}
    kept: list[tuple[str, float]] = []
    problems: list[str] = []
    items = [item for item in text.split(",") if item.strip()]
    for item in items:
        match = _CHANGE.match(item)
        if match is None:
            problems.append(f"{_shown(item.strip())} is not COUNTRY:CHANGE")
            continue
        code, number = match.group(1).upper(), float(match.group(2))
        if code not in known:
            problems.append(f"unknown country {_shown(match.group(1))}")
        elif not math.isfinite(number) or abs(number) > MAX_CHANGE:
            problems.append(f"{code}: the change {match.group(2)} is out of range")
        elif any(code == seen for seen, _ in kept):
            problems.append(f"{code} given twice (kept the first)")
        elif number != 0.0:
            if len(kept) >= MAX_CHANGES:
                problems.append(f"more than {MAX_CHANGES} changes (kept the first {MAX_CHANGES})")
                break
            kept.append((code, number))
    return tuple(kept), problems


def _items(raw: Sequence[str] | str | None) -> list[str]:
    if raw is None:
        return []
    return [raw] if isinstance(raw, str) else [str(item) for item in raw]


def _read_one(param: Param, items: list[str], notes: list[str]) -> Value:
    """The value of one parameter from its query items; the default (with a note) when it is invalid."""
    default = param.default_value()
    if not items:
        return default
    if isinstance(param, Choice) and param.multi:
        chosen: list[str] = []
        for item in items:
            found = lookup(item, param.options) if len(item) <= MAX_TEXT_LENGTH else None
            if found is None:
                notes.append(f"Ignored {param.what} {_shown(item)} from the link: not one of "
                             f"{', '.join(param.options.values())}.")
            elif found not in chosen:
                chosen.append(found)
        return tuple(chosen)
    if len(items) > 1:
        notes.append(f"The link gives {param.what} {len(items)} times; used the first ({_shown(items[0])}).")
    item = items[0]
    if len(item) > (500 if isinstance(param, Changes) else MAX_TEXT_LENGTH):
        notes.append(f"Ignored a {len(item):,}-character value for {param.what} from the link.")
        return default
    if isinstance(param, Choice):
        found = lookup(item, param.options)
        if found is None:
            valid = ", ".join(param.options.values()) or "nothing to choose here"
            notes.append(f"Ignored {param.what} {_shown(item)} from the link: not one of {valid}.")
            return default
        return found
    if isinstance(param, Text):
        return _clean_text(item)
    if isinstance(param, Number):
        text = item.strip()
        number = int(text) if _INTEGER.fullmatch(text) else None
        if number is None or not param.low <= number <= param.high or (number - param.low) % param.step:
            notes.append(f"Ignored {param.what} {_shown(item)} from the link: a whole number from {param.low} "
                         f"to {param.high}" + (f" in steps of {param.step}" if param.step > 1 else "") + ".")
            return default
        return number
    changes, problems = parse_changes(item, param.countries)
    notes.extend(f"Ignored part of the {param.what} from the link: {p}." for p in problems)
    return changes


def read(query: Mapping[str, Sequence[str] | str], params: Sequence[Param]) -> PageState:
    """A page's values from a query string: each parameter checked against its options; page keys this
    page does not use are dropped with a note. Keys of the global filters are not looked at. Never raises.

    >>> tab = Choice("tab", "section", {"producers": "Producers", "trend": "Trend to 2029"})
    >>> state = read({"tab": "Trend to 2029", "theme": "x"}, [tab])
    >>> state["tab"], state.notes
    ('trend', ("Ignored link parameter 'theme': this page does not use it.",))
    """
    notes: list[str] = []
    used = {param.key for param in params}
    for key in query:
        if key in PAGE_KEYS and key not in used:
            notes.append(f"Ignored link parameter {_shown(key)}: this page does not use it.")
    values = {param.key: _read_one(param, _items(query.get(param.key)), notes) for param in params}
    return PageState(values, tuple(notes))


def write(values: Mapping[str, Value], params: Sequence[Param]) -> dict[str, list[str]]:
    """The query-string form of a page's values; defaults and empty values are left out.

    >>> tab = Choice("tab", "section", {"producers": "Producers", "trend": "Trend"})
    >>> write({"tab": "trend"}, [tab]), write({"tab": "producers"}, [tab])
    ({'tab': ['trend']}, {})
    """
    query: dict[str, list[str]] = {}
    for param in params:
        value = values.get(param.key, param.default_value())
        if value == param.default_value() or value is None or value == "" or value == ():
            continue
        if isinstance(param, Changes):
            query[param.key] = [format_changes(value)]  # type: ignore[arg-type]
        elif isinstance(param, Choice) and param.multi:
            query[param.key] = [str(v) for v in value]  # type: ignore[union-attr]
        else:
            query[param.key] = [str(value)]
    return query


def page_part(query: Mapping[str, Sequence[str] | str]) -> dict[str, list[str]]:
    """Only the page keys of a query string."""
    return {key: _items(value) for key, value in query.items() if key in PAGE_KEYS}
