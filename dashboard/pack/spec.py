"""What a briefing pack holds, whatever its format: the brief, the few charts that tell each mineral's
story, the annex on request, what is not available, and one numbered list of references.

The short pack follows a pack spec (:data:`STORY`, chart ids of the registry in the order they tell a
mineral's story) within a page budget: with the brief and the references taking two pages, each mineral
gets ``(MAX_PAGES - 2) // minerals`` story charts (at least one, at most the whole story). A chart with no
data is left out, the next in the story takes its place, and it is listed once as not available. The
annex holds every other chart of the registry that is ``in_pack``, then the sources in full.

Belongs here: choosing and numbering. Does not belong here: layout (``html``, ``slides``, ``note``,
``archive``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from dashboard import brief as brief_
from dashboard.brief import Brief, Reference
from dashboard.charts import REGISTRY, Chart, chart_for
from dashboard.data import Datasets
from dashboard.export import Context
from dashboard.filters import Selection

from .story import Point, headline, points

#: The pack spec: registry chart ids in the order they tell a mineral's story.
STORY: tuple[str, ...] = ("partner_share", "import_reliance", "concentration", "trend")
#: Pages (or slides) the short pack aims at, and those the brief and the references take.
MAX_PAGES = 12
FIXED_PAGES = 2


@dataclass(frozen=True)
class Item:
    """One chart of the pack with its message title and talking points."""

    chart: Chart
    mineral: str
    chart_kind: str
    headline: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Contents:
    brief: Brief
    context: Context
    story: tuple[Item, ...]
    annex: tuple[Item, ...]
    unavailable: tuple[str, ...]
    references: tuple[Reference, ...]
    with_annex: bool

    @property
    def items(self) -> tuple[Item, ...]:
        return self.story + self.annex

    def numbers(self, source_ids: Iterable[str]) -> list[int]:
        index = {r.source_id: r.number for r in self.references}
        return sorted({index[s] for s in source_ids if s in index})

    def marker(self, source_ids: Iterable[str]) -> str:
        """'[2, 5]' for these source ids in the pack's numbered references."""
        numbers = self.numbers(source_ids)
        return f"[{', '.join(str(n) for n in numbers)}]" if numbers else ""


def per_mineral(minerals: int, budget: int = MAX_PAGES) -> int:
    """Story charts per mineral within the page budget.

    >>> per_mineral(4), per_mineral(3), per_mineral(1), per_mineral(12)
    (2, 3, 4, 1)
    """
    return max(1, min(len(STORY), (budget - FIXED_PAGES) // max(1, minerals)))


def _item(brief: Brief, chart: Chart, mineral: str, chart_kind: str) -> Item:
    facts = brief.mineral(mineral)
    return Item(chart, mineral, chart_kind, headline(brief, facts, chart), points(brief, facts, chart))


def _unavailable(ds: Datasets, chart: Chart, mineral: str) -> str:
    why = "; ".join(chart.notes) or "no data"
    return f"{ds.vocabulary.mineral_name(mineral)}: {chart.title.split(': ', 1)[-1]} ({why})"


def build(ds: Datasets, selection: Selection, context: Context, *, annex: bool = False,
          budget: int = MAX_PAGES) -> Contents:
    """The pack's contents for a selection (``annex``: every other chart and the sources in full)."""
    brief = ds.memo.get(("brief", selection, context.exported), lambda: brief_.build(ds, selection, context.exported))
    take = per_mineral(len(selection.minerals), budget)
    story: list[Item] = []
    rest: list[tuple[str, str]] = []
    unavailable: list[str] = []
    for mineral in selection.minerals:
        taken = 0
        for chart_kind in STORY:
            if taken == take:
                rest.append((mineral, chart_kind))
                continue
            chart = chart_for(ds, chart_kind, selection, mineral)
            if chart.empty:
                unavailable.append(_unavailable(ds, chart, mineral))
                continue
            story.append(_item(brief, chart, mineral, chart_kind))
            taken += 1
    extra: list[Item] = []
    if annex:
        for mineral in selection.minerals:
            kinds = [k for m, k in rest if m == mineral] + [
                spec.chart_id for spec in REGISTRY.values() if spec.in_pack and spec.chart_id not in STORY]
            for chart_kind in kinds:
                chart = chart_for(ds, chart_kind, selection, mineral)
                if chart.empty:
                    unavailable.append(_unavailable(ds, chart, mineral))
                else:
                    extra.append(_item(brief, chart, mineral, chart_kind))
    references = list(brief.references)
    known = {r.source_id for r in references}
    for item in story + extra:
        for source_id in [*item.chart.source_ids, *(s for p in item.points for s in p.source_ids)]:
            if source_id not in known:
                known.add(source_id)
                references.append(brief_.reference(ds, len(references) + 1, source_id))
    return Contents(brief, replace(context, title=brief.title), tuple(story), tuple(extra),
                    tuple(dict.fromkeys(unavailable)), tuple(references), annex)


def sources_of(contents: Contents, item: Item) -> str:
    """The chart's source line with its reference numbers: 'Sources [3, 9]: USGS, …'."""
    marker = contents.marker(item.chart.source_ids)
    line = item.chart.source_line
    return line.replace(":", f" {marker}:", 1) if marker and ":" in line else line


def cited(contents: Contents, points_: Sequence[Point]) -> list[str]:
    """Talking points with their reference markers and short sources."""
    index = {r.source_id: r for r in contents.references}
    out = []
    for point in points_:
        shorts = "; ".join(index[s].short for s in point.source_ids if s in index)
        out.append(f"{point.text} {contents.marker(point.source_ids)}".rstrip()
                   + (f" (Source: {shorts})" if shorts else ""))
    return out
