"""What each chart of the pack says: a title that states the message ("Refining is the choke point for rare
earths: China 91 % (2025)") and two or three talking points, each with its sources, derived from the
brief's facts (themselves read through ``metrics``). Pure: no layout, no file formats.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.brief import Brief, MineralBrief, possessive, the
from dashboard.brief.model import STAGE_NOUNS, STAGE_VERBS
from dashboard.charts import Chart
from dashboard.countries import name_of


@dataclass(frozen=True)
class Point:
    """A talking point and the source ids behind it."""

    text: str
    source_ids: tuple[str, ...]


def kind(chart: Chart, mineral: str) -> str:
    """The registry id a chart was built by, from its chart id ('lithium_share_by_stage' -> 'partner_share')."""
    rest = chart.chart_id.removeprefix(f"{mineral}_")
    for suffix, registered in (("share_by_stage", "partner_share"), ("concentration_by_stage", "concentration"),
                               ("trend_to_2029", "trend"), ("import_reliance", "import_reliance"),
                               ("import_sources", "import_sources"), ("reserves_vs_production", "reserves"),
                               ("end_uses", "end_uses"), ("_map", "map"), ("_by_country", "production")):
        if rest.endswith(suffix):
            return registered
    return rest


def _partner_importer(brief: Brief, facts: MineralBrief) -> str | None:
    return next((i.importer for i in facts.imports), None)


def headline(brief: Brief, facts: MineralBrief, chart: Chart) -> str:
    """The slide or page title: the chart's message in words, with the year."""
    name, what = facts.name, kind(chart, facts.mineral)
    if what in ("partner_share", "concentration") and facts.bottleneck:
        stage = facts.stage(facts.bottleneck)
        if stage.leader and stage.leader_share is not None:
            text = (f"{STAGE_NOUNS[stage.stage]} is the choke point for {name.lower()}: {name_of(stage.leader)} "
                    f"{stage.leader_text} ({stage.year})")
            refinery = facts.stage("refinery")
            if stage.leader != "CHN" and stage.stage != "refinery" and refinery.china.known:
                text += f"; China refines {refinery.china.text} ({refinery.china.year})"
            return text
    if what == "import_reliance":
        importer = _partner_importer(brief, facts)
        us = facts.us_reliance
        us_text = f"the United States {us.text} ({us.year})" if us.known else ""
        if importer and importer != "USA":
            own = next(i for i in facts.imports if i.importer == importer).reliance
            if own.known:
                return f"{the(importer)} imports {own.text} of its {name.lower()} ({own.year})" + (
                    f"; {us_text}" if us_text else "")
            return f"No source gives {possessive(importer)} {name.lower()} import reliance" + (
                f"; {us_text}" if us_text else "")
        if us.known:
            return f"The United States relies on imports for {us.text} of its {name.lower()} ({us.year})"
    if what == "trend":
        rows = chart.rows
        known = rows[pd.to_numeric(rows["hhi"], errors="coerce").notna()] if "hhi" in rows else pd.DataFrame()
        if len(known) >= 2:
            first, last = known.iloc[0], known.iloc[-1]
            moved = "rose" if last["hhi"] > first["hhi"] else "fell"
            return (f"{name} mine concentration {moved} from HHI {first['hhi']:,.0f} ({first['year']}) to "
                    f"{last['hhi']:,.0f} ({last['year']})")
    return chart.key_number.rstrip(".") if chart.key_number else chart.title


def points(brief: Brief, facts: MineralBrief, chart: Chart) -> tuple[Point, ...]:
    """Two or three talking points for the speaker notes, each with its sources."""
    what, name = kind(chart, facts.mineral), facts.name.lower()
    out: list[Point] = []
    if what in ("partner_share", "concentration"):
        for stage in facts.stages:
            if stage.china.known and stage.stage != "reserves":
                out.append(Point(f"China {STAGE_VERBS[stage.stage]} {stage.china.text} of the world's {name} in "
                                 f"{stage.china.year}.", stage.china.source_ids))
        mine = facts.stage("mine")
        if mine.partner is not None and brief.partner_label:
            out.append(Point(f"{brief.partner_label}: {mine.partner.text} of world {name} mine production "
                             f"({mine.year})." if mine.partner.known else
                             f"The source lists no {name} mine output for {brief.partner_label} ({mine.year}); "
                             "not a zero: it may sit in 'other countries'.", mine.china.source_ids))
        if facts.bottleneck and what == "concentration":
            stage = facts.stage(facts.bottleneck)
            if stage.hhi is not None:
                out.insert(0, Point(f"The {stage.stage} stage is the most concentrated: HHI {stage.hhi:,.0f} "
                                    f"({stage.year}).", stage.china.source_ids))
    elif what == "import_reliance":
        for item in facts.imports:  # what no source gives is said once, in the brief, not as a point
            if item.reliance.known:
                out.append(Point(f"{the(item.importer)}: import reliance {item.reliance.text} "
                                 f"({item.reliance.year}).", item.reliance.source_ids))
            if item.sources.known:
                what = f" of {item.product}" if item.product else ""
                out.append(Point(f"Main sources for {the(item.importer)}: {item.sources.text}{what} "
                                 f"({item.sources.year}).", item.sources.source_ids))
        if facts.us_reliance.known and "USA" not in {i.importer for i in facts.imports}:
            out.append(Point(f"The United States: net import reliance {facts.us_reliance.text} "
                             f"({facts.us_reliance.year}).", facts.us_reliance.source_ids))
    if chart.key_number and len(out) < 2:
        out.append(Point(chart.key_number, chart.source_ids))
    if not out:
        out.append(Point(chart.title + ".", chart.source_ids))
    return tuple(p for p in out if p.source_ids)[:3] or (Point(chart.title + ".", chart.source_ids),)
