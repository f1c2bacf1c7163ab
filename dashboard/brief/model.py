"""The brief's content types: sourced facts, per-mineral facts, initiatives, events, messages and
references, and the few wording helpers they share. Frozen dataclasses, no computation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dashboard.countries import name_of

#: Importers whose import reliance and import sources the tables hold.
IMPORTERS = ("IND", "USA")
CONCERN = "CHN"
MAX_MESSAGES = 5
MAX_EVENTS = 3
MAX_EARLIER_INITIATIVES = 4
#: How each stage reads in a sentence: "China refined 70 % of the world's lithium".
STAGE_VERBS = {"mine": "mined", "refinery": "refined", "reserves": "held"}
STAGE_NOUNS = {"mine": "Mining", "refinery": "Refining", "reserves": "Reserves"}


@dataclass(frozen=True)
class Fact:
    """A sourced figure in words: ``text`` ("70 %", "no data"), the year or period it describes, the source
    ids behind it, and when there is no figure, why."""

    text: str
    year: str
    source_ids: tuple[str, ...]
    value: float | None = None
    reason: str = ""

    @property
    def known(self) -> bool:
        """A figure (a statement in words has sources but no value)."""
        return self.value is not None


@dataclass(frozen=True)
class StageFact:
    """One stage of one mineral: China's and the partner's share of world supply, and the largest supplier."""

    stage: str
    year: int | None
    china: Fact
    partner: Fact | None
    hhi: float | None
    leader: str | None
    leader_share: float | None

    @property
    def leader_text(self) -> str:
        """The largest supplier's share as printed, a published bound kept ('>75 %')."""
        if self.leader == CONCERN and self.china.known:
            return self.china.text
        return pct(self.leader_share) if self.leader_share is not None else "no data"


@dataclass(frozen=True)
class ImportFact:
    """One importer's import reliance for a mineral and its main sources: ``sources`` in words ("China 62 %",
    or "Belgium, Russia, China (ranked)" where only ranks are published) for ``product``, the first supplier
    and its share if published."""

    importer: str
    reliance: Fact
    sources: Fact
    first: str | None
    first_share: float | None
    ranked_only: bool
    product: str = ""


@dataclass(frozen=True)
class MineralBrief:
    mineral: str
    name: str
    stages: tuple[StageFact, ...]
    imports: tuple[ImportFact, ...]
    bottleneck: str | None
    us_reliance: Fact

    def stage(self, stage: str) -> StageFact:
        return next(s for s in self.stages if s.stage == stage)


@dataclass(frozen=True)
class InitiativeFact:
    initiative_id: str
    name: str
    role: str
    since: dt.date | None
    until: dt.date | None
    source_ids: tuple[str, ...]
    at_or_after_ministerial: bool
    with_host: bool = False


@dataclass(frozen=True)
class EventFact:
    date: dt.date
    title: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Message:
    """A key message a minister could say aloud; it names its minerals, its stage and its year."""

    text: str
    minerals: tuple[str, ...]
    stage: str
    year: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    number: int
    source_id: str
    short: str
    full: str
    url: str


@dataclass(frozen=True)
class Brief:
    title: str
    date: dt.date
    partner_label: str | None
    importers: tuple[str, ...]
    ministerial: str | None
    ministerial_date: dt.date | None
    messages: tuple[Message, ...]
    minerals: tuple[MineralBrief, ...]
    initiatives: tuple[InitiativeFact, ...]
    more_initiatives: int
    events: tuple[EventFact, ...]
    missing: tuple[str, ...]
    references: tuple[Reference, ...]

    def numbers(self, source_ids: Iterable[str]) -> list[int]:
        index = {r.source_id: r.number for r in self.references}
        return sorted({index[s] for s in source_ids if s in index})

    def marker(self, source_ids: Iterable[str]) -> str:
        """'[1, 3]' for the references of these source ids ('' when none)."""
        numbers = self.numbers(source_ids)
        return f"[{', '.join(str(n) for n in numbers)}]" if numbers else ""

    def cite(self, fact: Fact) -> str:
        """'70 % (2024) [2]'; a statement in words with its year and reference; or 'no data'."""
        if not fact.known and not fact.source_ids:
            return fact.text
        marker = self.marker(fact.source_ids)
        return f"{fact.text} ({fact.year})" + (f" {marker}" if marker else "")

    def mineral(self, mineral: str) -> MineralBrief:
        return next(m for m in self.minerals if m.mineral == mineral)


def pct(value: float) -> str:
    """A share as printed: one decimal unless whole ('70 %', '21.4 %').

    >>> pct(70.0), pct(21.37931), pct(0.64)
    ('70 %', '21.4 %', '0.6 %')
    """
    rounded = round(value, 1)
    return f"{rounded:g} %" if rounded != int(rounded) else f"{int(rounded)} %"


#: Country names read with "the" in a sentence.
WITH_THE = frozenset({"USA", "GBR", "NLD", "PHL", "ARE", "CZE", "BHS", "GMB"})


def the(code: str) -> str:
    """A country's name as the subject of a sentence: 'India', 'The United States'."""
    return ("The " if code in WITH_THE else "") + name_of(code)


def possessive(code: str) -> str:
    """"India's", "the United States'"."""
    name = ("the " if code in WITH_THE else "") + name_of(code)
    return name + ("'" if name.endswith("s") else "'s")


def and_(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
