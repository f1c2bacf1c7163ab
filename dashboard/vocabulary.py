"""The one vocabulary: minerals, stages, themes and editions, and the forgiving names that resolve to them.

Minerals, themes and editions are data: they come from the data package's ``minerals``, ``themes`` and
``editions`` tables, so adding a mineral or a USGS edition is a new row, not a code change. Stages are
code (each has its own arithmetic), and live here once.

Editions rank by publication date, newest first: a later edition (say ``MCS2027``) wins over every
earlier one as soon as its row is in ``editions.csv``; an edition that is not in the table is rejected by
the loader where the table's edition must be a release (production, reserves), and ranks after every
known one where editions are free text (India's statements).

Belongs here: the ids, their display names, their order, and turning what a person types ("Rare earths",
"india", "Quad") into one canonical id. Does not belong here: reading files (``data.py`` builds a
:class:`Vocabulary` from the validated tables) or Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: Supply-chain stages; each has its own rules in ``metrics.supply``.
STAGES: tuple[str, ...] = ("mine", "refinery", "reserves")
#: The stages that supply material (reserves are a stock, not a flow).
SUPPLY_STAGES: tuple[str, ...] = ("mine", "refinery")
STAGE_NAMES: dict[str, str] = {"mine": "Mine", "refinery": "Refinery", "reserves": "Reserves"}
#: What a stage's output is called in titles.
STAGE_WORDS: dict[str, str] = {"mine": "mine production", "refinery": "refined output", "reserves": "reserves"}
#: Other words for a stage, after :func:`normalise`.
STAGE_ALIASES: dict[str, str] = {
    "mining": "mine", "mined": "mine", "extraction": "mine", "mine production": "mine",
    "refining": "refinery", "refined": "refinery", "processing": "refinery", "refinery production": "refinery",
    "reserve": "reserves",
}


def normalise(text: str) -> str:
    """A name as compared: Unicode-folded, lower case, with '-', '_' and runs of spaces as one space.

    >>> normalise("  Rare-Earths "), normalise("rare_earths"), normalise("INDIA")
    ('rare earths', 'rare earths', 'india')
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[-_]+", " ", folded).split())


@dataclass(frozen=True)
class Mineral:
    """One mineral of the vocabulary (a row of ``minerals.csv``)."""

    mineral: str
    name: str
    basis: str
    default: bool
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Theme:
    """One ministerial theme (a row of ``themes.csv``)."""

    theme_id: str
    name: str
    description: str
    source_id: str


@dataclass(frozen=True)
class Edition:
    """One release or vintage of figures (a row of ``editions.csv``)."""

    edition: str
    title: str
    published: dt.date
    source_id: str


@dataclass(frozen=True)
class Vocabulary:
    """Minerals, themes and editions of one data package, in their table order."""

    minerals: tuple[Mineral, ...]
    themes: tuple[Theme, ...]
    editions: tuple[Edition, ...]
    _mineral_names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for mineral in self.minerals:
            for text in (mineral.mineral, mineral.name, *mineral.aliases):
                lookup.setdefault(normalise(text), mineral.mineral)
        self._mineral_names.update(lookup)

    @property
    def mineral_ids(self) -> tuple[str, ...]:
        return tuple(m.mineral for m in self.minerals)

    @property
    def default_minerals(self) -> tuple[str, ...]:
        """The minerals selected when nothing is asked for (the mission's four)."""
        return tuple(m.mineral for m in self.minerals if m.default) or self.mineral_ids

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.theme_id for t in self.themes)

    @property
    def edition_ids(self) -> tuple[str, ...]:
        """Known editions, newest first."""
        return tuple(e.edition for e in sorted(self.editions, key=lambda e: e.published, reverse=True))

    def mineral_name(self, mineral: str) -> str:
        """Display name of a mineral id (the id itself when unknown)."""
        return next((m.name for m in self.minerals if m.mineral == mineral), mineral)

    def theme_name(self, theme_id: str) -> str:
        return next((t.name for t in self.themes if t.theme_id == theme_id), theme_id)

    def mineral(self, text: str) -> str | None:
        """The mineral id for what a person typed (id, name or alias, any case), or None."""
        return self._mineral_names.get(normalise(text))

    def edition_rank(self, edition: object) -> tuple[int, int, str]:
        """Sort key, newest edition first: known editions by publication date, then unknown ones (free-text
        statements) by their text.

        >>> v = Vocabulary((), (), (Edition("A2025", "", dt.date(2025, 1, 31), "s"),
        ...                        Edition("A2026", "", dt.date(2026, 2, 6), "s")))
        >>> sorted(["x", "A2025", "A2026"], key=v.edition_rank)
        ['A2026', 'A2025', 'x']
        """
        text = "" if edition is None else str(edition)
        for known in self.editions:
            if known.edition == text:
                return (0, -known.published.toordinal(), "")
        return (1, 0, text)

    def latest_edition(self, editions: Iterable[object]) -> str | None:
        """The newest of the given editions, or None when there are none."""
        present = sorted({str(e) for e in editions if e is not None and str(e) not in ("", "nan")},
                         key=self.edition_rank)
        return present[0] if present else None


def stage(text: str) -> str | None:
    """The stage id for what a person typed, or None.

    >>> stage("Refining"), stage("MINE"), stage("gold")
    ('refinery', 'mine', None)
    """
    key = normalise(text)
    if key in STAGES:
        return key
    return STAGE_ALIASES.get(key)


def lookup(text: str, names: Mapping[str, str]) -> str | None:
    """The id whose id or name matches ``text`` after :func:`normalise` (``names``: id -> display name).

    >>> lookup("quad", {"quad_cmi": "Quad Critical Minerals Initiative"})
    >>> lookup("QUAD_CMI", {"quad_cmi": "Quad Critical Minerals Initiative"})
    'quad_cmi'
    """
    key = normalise(text)
    for identifier, name in names.items():
        if key in (normalise(identifier), normalise(name)):
            return identifier
    return None
