"""Key messages (each names its minerals, its stage and its year) and what no source gives, from the facts."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.countries import name_of

from .model import (
    CONCERN,
    STAGE_NOUNS,
    STAGE_VERBS,
    ImportFact,
    Message,
    MineralBrief,
    StageFact,
    and_,
    pct,
    possessive,
    the,
)


def choke_points(minerals: Sequence[MineralBrief]) -> list[Message]:
    """One message per bottleneck stage: who holds the most concentrated stage of each mineral."""
    groups: dict[str, list[tuple[MineralBrief, StageFact]]] = {}
    for mineral in minerals:
        if mineral.bottleneck is None:
            continue
        stage = mineral.stage(mineral.bottleneck)
        if stage.leader and stage.leader_share is not None:
            groups.setdefault(stage.stage, []).append((mineral, stage))
    out = []
    for stage_id, items in sorted(groups.items(), key=lambda kv: -max(s.leader_share or 0 for _, s in kv[1])):
        items.sort(key=lambda item: -(item[1].leader_share or 0))
        names = [m.name.lower() for m, _ in items]
        parts = []
        for index, (m, s) in enumerate(items):
            same = index > 0 and s.leader == items[index - 1][1].leader
            who = "" if same else f"{name_of(s.leader or '')} "
            parts.append(f"{who}{STAGE_VERBS[stage_id] + ' ' if index == 0 else ''}{s.leader_text} of "
                         f"the world's {m.name.lower()} in {s.year}")
        text = f"{STAGE_NOUNS[stage_id]} is the choke point for {and_(names)}: {and_(parts)}."
        ids = tuple(dict.fromkeys(i for _, s in items for i in s.china.source_ids))
        years = sorted({str(s.year) for _, s in items})
        out.append(Message(text, tuple(m.mineral for m, _ in items), stage_id, "/".join(years), ids))
    return out


def china_refining(minerals: Sequence[MineralBrief], told: set[str]) -> list[Message]:
    """China's share of refining where it is not already the choke-point message."""
    items = [(m, m.stage("refinery")) for m in minerals if m.mineral not in told]
    items = [(m, s) for m, s in items if s.china.known and (s.china.value or 0) >= 25]
    if not items:
        return []
    parts = [f"{s.china.text} of the world's {m.name.lower()} in {s.china.year}" for m, s in items]
    ids = tuple(dict.fromkeys(i for _, s in items for i in s.china.source_ids))
    return [Message(f"China also refined {and_(parts)}.", tuple(m.mineral for m, _ in items), "refinery",
                    "/".join(sorted({s.china.year for _, s in items})), ids)]


def imported(mineral: MineralBrief, fact: ImportFact) -> str:
    """What the import shares are of, as the source names it: the product ('lithium-ion electric
    accumulators' are batteries, not lithium), with the mineral's name in front where the product does not
    name it as the brief does (a key message always names its mineral).

    >>> from dashboard.brief.model import Fact
    >>> m = MineralBrief("rare_earths", "Rare earths", (), (), None, Fact("", "", ()))
    >>> imported(m, ImportFact("IND", Fact("", "", ()), Fact("", "", ()), "CHN", 62.0, False, "rare-earth metals"))
    'rare earths as rare-earth metals'
    >>> imported(m, ImportFact("IND", Fact("", "", ()), Fact("", "", ()), "CHN", 62.0, False, "rare earths"))
    'rare earths'
    >>> imported(m, ImportFact("IND", Fact("", "", ()), Fact("", "", ()), "CHN", 62.0, False, ""))
    'rare earths'
    """
    name = mineral.name.lower()
    product = fact.product.strip()
    if not product:
        return name
    return product if name in product.lower() else f"{name} as {product}"


def partner_messages(minerals: Sequence[MineralBrief], label: str) -> list[Message]:
    out = []
    for importer in dict.fromkeys(i.importer for m in minerals for i in m.imports):
        facts = [(m, next(i for i in m.imports if i.importer == importer)) for m in minerals]
        known = [(m, i.reliance) for m, i in facts if i.reliance.known]
        groups: dict[str, list[MineralBrief]] = {}
        for m, fact in known:
            groups.setdefault(fact.text, []).append(m)
        if known:
            parts = [f"{text} of its {and_([m.name.lower() for m in items])}" for text, items in groups.items()]
            years = sorted({f.year for _, f in known})
            out.append(Message(f"{the(importer)} relied on imports for {and_(parts)} supply in {'/'.join(years)}.",
                               tuple(m.mineral for m, _ in known), "imports", "/".join(years),
                               tuple(dict.fromkeys(s for _, f in known for s in f.source_ids))))
        china = [(m, i) for m, i in facts if i.first == CONCERN]
        if china:
            parts = [f"{imported(m, i)} ({'first by rank' if i.ranked_only else pct(i.first_share or 0)}, "
                     f"{i.sources.year})" for m, i in china]
            out.append(Message(f"China was the largest source of {possessive(importer)} imports of {and_(parts)}.",
                               tuple(m.mineral for m, _ in china), "imports",
                               "/".join(sorted({i.sources.year for _, i in china})),
                               tuple(dict.fromkeys(s for _, i in china for s in i.sources.source_ids))))
    shares = [(m, m.stage("mine")) for m in minerals]
    held = [(m, s) for m, s in shares if s.partner is not None and s.partner.known]
    if held:
        parts = [f"{s.partner.text} of the world's {m.name.lower()}" for m, s in held if s.partner]
        years = sorted({str(s.year) for _, s in held})
        out.append(Message(f"{label} mined {and_(parts)} in {'/'.join(years)}.", tuple(m.mineral for m, _ in held),
                           "mine", "/".join(years),
                           tuple(dict.fromkeys(i for _, s in held for i in s.china.source_ids))))
    return out


def missing(minerals: Sequence[MineralBrief], countries: Sequence[str], importers: Sequence[str],
             label: str) -> list[str]:
    out = []
    for importer in importers:
        who = possessive(importer)
        facts = [(m, next(i for i in m.imports if i.importer == importer)) for m in minerals]
        no_reliance = [m.name.lower() for m, i in facts if not i.reliance.known and not i.reliance.source_ids]
        in_words = [m.name.lower() for m, i in facts if not i.reliance.known and i.reliance.source_ids]
        if no_reliance:
            out.append(f"No source gives {who} import reliance for {and_(no_reliance)}.")
        if in_words:
            out.append(f"For {and_(in_words)}, {who} import reliance is stated in words only, without a figure.")
        ranks = [m.name.lower() for m, i in facts if i.ranked_only]
        none = [m.name.lower() for m, i in facts if not i.sources.known]
        if ranks:
            out.append(f"No source gives {who} import shares for {and_(ranks)} (suppliers are ranked only).")
        if none:
            out.append(f"No source gives {who} import sources for {and_(none)}.")
    others = [name_of(c) for c in countries if c not in importers]
    if others:
        out.append(f"No source in the data package gives the import reliance of {and_(others)}.")
    blank = [m.name.lower() for m in minerals if not any(s.china.known or s.leader for s in m.stages)]
    if blank:
        out.append(f"No source in the data package gives country shares of world supply for {and_(blank)}.")
    unlisted = [m.name.lower() for m in minerals if m.name.lower() not in blank
                and m.stage("mine").partner is not None and not m.stage("mine").partner.known]  # type: ignore[union-attr]
    if unlisted:
        out.append(f"The sources list no mine output of {and_(unlisted)} for {label} (it may sit in 'other "
                   "countries'; not a zero).")
    return out
