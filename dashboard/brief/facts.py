"""The brief's facts, read through ``metrics``: per mineral the stages (China's and the partner's share,
the largest supplier), the importers' reliance and main sources, the bottleneck; the initiatives a partner
belongs to, the events that name it, and the latest ministerial."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import pandas as pd

from dashboard import metrics
from dashboard.countries import name_of
from dashboard.data import Datasets
from dashboard.filters import Selection
from dashboard.metrics._common import is_number, split_multi, text_column

from .model import EventFact, Fact, ImportFact, InitiativeFact, MineralBrief, StageFact, pct


def _ids(text: object) -> tuple[str, ...]:
    return tuple(s for s in str(text).split(";") if s and s != "nan")


def _no_data(reason: str) -> Fact:
    return Fact("no data", "", (), None, reason)


def _stages(ds: Datasets, mineral: str, year: int | None, partners: frozenset[str] | None) -> list[StageFact]:
    profile = metrics.stage_profile(ds, mineral, year, partners=partners)
    out = []
    for row in profile.to_dict(orient="records"):
        ids, when = _ids(row["source_ids"]), "" if pd.isna(row["year"]) else str(int(row["year"]))
        bound = str(row.get("concern_qualifier") or "")  # '>75 %' stays a bound
        china = (Fact(bound + pct(row["concern_share_pct"]), when, ids, float(row["concern_share_pct"]))
                 if is_number(row["concern_share_pct"]) else _no_data(str(row["concern_reason"] or row["reason"])))
        partner = None
        if partners is not None:
            value = row.get("partner_share_pct")
            partner = (Fact(pct(value), when, ids, float(value)) if is_number(value) else
                       Fact("not listed", "", (), None, "not listed by the source (may sit in 'other countries')"))
        leader = row["cr1_country_iso3"] if isinstance(row["cr1_country_iso3"], str) else None
        out.append(StageFact(row["stage"], int(row["year"]) if when else None, china, partner,
                             float(row["hhi"]) if is_number(row["hhi"]) else None, leader,
                             float(row["cr1_pct"]) if is_number(row["cr1_pct"]) else None))
    return out


def _reliance(ds: Datasets, importer: str, mineral: str) -> Fact:
    found = metrics.net_import_reliance(ds, importer, mineral)
    if found.value_pct is None and found.source_ids:  # stated in words only: shown as said, with its source
        return Fact(found.display, str(found.year or ""), found.source_ids, None, found.reason or "")
    if found.value_pct is None:
        return _no_data(found.reason or "no figure")
    return Fact(f"{found.qualifier}{pct(found.value_pct)}", str(found.year), found.source_ids, found.value_pct)


def _sources(ds: Datasets, importer: str, mineral: str) -> ImportFact:
    """The importer's main sources in its latest period: shares where published, else ranks."""
    reliance = _reliance(ds, importer, mineral)
    table = metrics.import_table(ds, mineral, (importer,))
    if table.empty:
        return ImportFact(importer, reliance, _no_data("no import sources"), None, None, False)
    word = ds.vocabulary.mineral_name(mineral).lower().split()[0].rstrip("s")
    table = table.assign(end=[metrics.period_end_year(p) for p in table["period"]],
                         general=[not p or word in re.sub(r"\(.*?\)", "", str(p)).lower() for p in table["product"]])
    shared = table[table["largest_share_pct"].notna()]
    if not shared.empty:
        # the mineral itself before a product made from it (magnets), then the latest period, then the largest
        top = shared.sort_values(["general", "end", "largest_share_pct"], ascending=False).iloc[0]
        first, share = str(top["largest_partner_iso3"]), float(top["largest_share_pct"])
        return ImportFact(importer, reliance, Fact(f"{name_of(first)} {pct(share)}", str(top["period"]),
                                                   _ids(top["source_ids"]), share), first, share, False,
                          str(top["product"]))
    rows = ds.import_sources
    rows = rows[(rows["importer_iso3"] == importer) & (rows["mineral"] == mineral) & rows["rank"].notna()]
    latest = max(rows["period"], key=metrics.period_end_year)
    rows = rows[rows["period"] == latest].sort_values("rank")
    rows = rows[text_column(rows, "product") == text_column(rows, "product").iloc[0]]
    names = ", ".join(name_of(str(c)) for c in rows["partner_iso3"])
    fact = Fact(f"{names} (ranked)", str(latest), tuple(dict.fromkeys(rows["source_id"])), float(len(rows)))
    return ImportFact(importer, reliance, fact, str(rows["partner_iso3"].iloc[0]), None, True,
                      str(rows["product"].iloc[0]))


def mineral_brief(ds: Datasets, selection: Selection, mineral: str, importers: Sequence[str]) -> MineralBrief:
    stages = _stages(ds, mineral, selection.year, selection.partners)
    imports = [_sources(ds, importer, mineral) for importer in importers]
    bottleneck = metrics.bottleneck_stage(ds, mineral, selection.year)["stage"]
    return MineralBrief(mineral, ds.vocabulary.mineral_name(mineral), tuple(stages), tuple(imports), bottleneck,
                        _reliance(ds, "USA", mineral))


# -- initiatives and events -------------------------------------------------------------------------


def _date(value: object) -> dt.date | None:
    if not isinstance(value, (dt.date, str)) or not isinstance(stamp := pd.Timestamp(value), pd.Timestamp):
        return None  # NaT and empty cells
    return stamp.date()


def latest_ministerial(ds: Datasets, today: dt.date) -> tuple[str, dt.date, str] | None:
    """The latest ministerial meeting in the initiatives table up to ``today``: name, date, convener."""
    rows = ds.initiatives[(ds.initiatives["kind"] == "ministerial") & ds.initiatives["start_date"].notna()]
    rows = rows[rows["start_date"] <= pd.Timestamp(today)].sort_values("start_date")
    if rows.empty:
        return None
    last = rows.iloc[-1]
    return str(last["name"]), pd.Timestamp(last["start_date"]).date(), text_column(rows, "convener_iso3").iloc[-1]


def partner_countries(ds: Datasets, selection: Selection) -> tuple[str, ...]:
    """The countries the brief speaks for: the partner country, else the bloc's members or the custom set."""
    if selection.partner:
        return (selection.partner,)
    return tuple(sorted(selection.partners or ()))


def initiatives_of(ds: Datasets, countries: Sequence[str], at: dt.date, ministerial: dt.date | None,
                   host: str = "") -> list[InitiativeFact]:
    """Initiatives every one of ``countries`` belongs to (joined by ``at``), newest first; ``with_host`` marks
    those still active that the ministerial's host also belongs to (or convenes)."""
    members = ds.initiative_members
    found: dict[str, list[pd.Series]] = {}
    for _, row in members[members["country_iso3"].isin(list(countries))].iterrows():
        found.setdefault(str(row["initiative_id"]), []).append(row)
    info = ds.initiatives.set_index("initiative_id")
    out = []
    for initiative_id, rows in found.items():
        if len({str(r["country_iso3"]) for r in rows}) < len(countries):
            continue
        initiative = info.loc[initiative_id]
        joined = [_date(r["join_date"]) or _date(initiative["start_date"]) for r in rows]
        since = max((d for d in joined if d is not None), default=None)
        if since is not None and since > at:
            continue
        until = _date(initiative["end_date"])
        ids = tuple(dict.fromkeys([*(str(r["source_id"]) for r in rows), str(initiative["source_id"])]))
        role = str(rows[0]["role"]) if len(countries) == 1 else ""
        convener = str(initiative.get("convener_iso3") or "")
        with_host = bool(host) and (host in countries or host == convener or host in set(
            members.loc[members["initiative_id"] == initiative_id, "country_iso3"]))
        out.append(InitiativeFact(initiative_id, str(initiative["name"]), role, since, until,
                                  ids[:1], bool(ministerial and since and since >= ministerial),
                                  with_host and until is None))
    return sorted(out, key=lambda i: (i.since or dt.date.min, i.name), reverse=True)


def events_of(ds: Datasets, countries: Sequence[str], minerals: Sequence[str], at: dt.date,
              skip: Sequence[str] = ()) -> list[EventFact]:
    """Events naming any of ``countries`` and touching the minerals (or none in particular), newest first;
    events of the initiatives in ``skip`` (already listed) are left out."""
    events = ds.events[(ds.events["date"] <= pd.Timestamp(at)) & ~text_column(ds.events, "initiative_id").isin(
        list(skip))]
    keep = []
    for _, row in events.sort_values(["date", "event_id"], ascending=False).iterrows():
        tagged = split_multi(row["minerals"])
        if set(split_multi(row["countries"])) & set(countries) and (not tagged or set(tagged) & set(minerals)):
            keep.append(EventFact(pd.Timestamp(row["date"]).date(), str(row["title"]), (str(row["source_id"]),)))
    return keep
