"""Metric results as tables for people: one vocabulary of column labels with their units, one way to round
and to say "no data", short citations instead of source ids. Pure (no Streamlit), so the pages, the CSV
downloads and the tests share one wording.

- :func:`label` is the header of an internal column name (``cr1_pct`` -> "largest supplier, % of world").
- :func:`table` turns any metric frame into a :class:`PeopleTable`: ``shown`` (headers with units, country
  names, short citations, internal columns left out, numbers rounded but still numbers so that columns
  sort; ``formats`` says how the grid writes them, and :data:`NO_DATA` is its placeholder for a missing
  figure, never "None" or "nan") and ``csv`` (the same human headers, full precision, codes and source
  ids kept next to the names so that every row can be traced).

Belongs here: turning a metric's DataFrame into the table a page shows or a CSV holds. Does not belong
here: computing (``metrics``) or drawing (``charts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard import citations
from dashboard.countries import name_of

NO_DATA = "no data"


@dataclass(frozen=True)
class Column:
    """How one internal column is shown: its header (with the unit) and its kind of value.

    Kinds: ``pct`` (percent, 1 decimal), ``hhi`` (0-10,000, no decimals), ``tonnes`` (no decimals),
    ``number`` (1 decimal), ``years`` (no decimals), ``year``, ``date``, ``until`` (a date where none means
    "not ended": left empty), ``country`` (ISO3 -> name), ``countries`` (';'-separated ISO3), ``listed``
    (the same, where none means "none listed"), ``words`` (ids in words: ``rare_earths;nickel`` -> "rare
    earths, nickel"), ``source`` / ``sources`` (ids -> short citations),
    ``flag`` (yes / no / no data), ``optional`` (text where empty means nothing to say, not "no data"),
    ``text``.
    """

    label: str
    kind: str = "text"


COLUMNS: dict[str, Column] = {
    "mineral": Column("mineral", "words"),
    "stage": Column("stage"),
    "year": Column("data year", "year"),
    "edition": Column("edition"),
    "basis": Column("basis of the figures"),
    "product": Column("product"),
    "measure": Column("measure"),
    "status": Column("status"),
    "status_at": Column("status at the date"),
    "period": Column("period"),
    "scope": Column("scope"),
    "hhi": Column("HHI (0-10,000)", "hhi"),
    "hhi_band": Column("concentration band"),
    "hhi_upper_bound": Column("HHI if the unattributed rest were one country (0-10,000)", "hhi"),
    "effective_suppliers": Column("effective number of suppliers (10,000 / HHI)", "number"),
    "cr1_country_iso3": Column("largest supplier", "country"),
    "cr1_pct": Column("largest supplier, % of world", "pct"),
    "cr3_pct": Column("three largest together, % of world", "pct"),
    "cr3_countries": Column("three largest", "countries"),
    "single_supplier_flag": Column("one country above 65 %", "flag"),
    "n_minus_1_pct": Column("world without the largest supplier, %", "pct"),
    "concern_share_pct": Column("China, % of world", "pct"),
    "concern_reason": Column("why no figure for China", "optional"),
    "concern_qualifier": Column("China's share is a bound (> or <, as published)", "optional"),
    "partner_share_pct": Column("partner, % of world", "pct"),
    "share_pct": Column("share, %", "pct"),
    "share_at_launch_pct": Column("share at launch, %", "pct"),
    "share_latest_pct": Column("share latest, %", "pct"),
    "change_pts": Column("change, percentage points", "number"),
    "china_at_launch_pct": Column("China at launch, %", "pct"),
    "china_latest_pct": Column("China latest, %", "pct"),
    "launch_year": Column("data year at launch", "year"),
    "latest_year": Column("latest data year", "year"),
    "value": Column("output, t", "tonnes"),
    "value_pct": Column("import reliance, % of apparent consumption", "pct"),
    "value_code": Column("source code (W withheld, NA not available, E net exporter)", "optional"),
    "qualifier": Column("qualifier", "optional"),
    "world_total_t": Column("world mine production, t", "tonnes"),
    "world_capacity_t": Column("world mine capacity, t", "tonnes"),
    "reserves": Column("reserves, t", "tonnes"),
    "reserves_qualifier": Column("reserves qualifier", "optional"),
    "production": Column("mine production, t", "tonnes"),
    "reserves_share_pct": Column("share of world reserves, %", "pct"),
    "production_share_pct": Column("share of world mine production, %", "pct"),
    "reserve_life_years": Column("reserve life, years", "years"),
    "country_iso3": Column("country", "country"),
    "importer_iso3": Column("importer", "country"),
    "partner_iso3": Column("supplier country", "country"),
    "largest_partner_iso3": Column("largest supplier", "country"),
    "largest_share_pct": Column("largest supplier, % of imports", "pct"),
    "remainder_pct": Column("other countries, % of imports", "pct"),
    "partners_counted": Column("partners the source lists", "listed"),
    "convener_iso3": Column("convener", "country"),
    "rank": Column("rank", "years"),
    "hs_code": Column("HS code"),
    "end_use": Column("end use"),
    "detail": Column("detail", "optional"),
    "control_type": Column("control"),
    "year_imposed": Column("year imposed", "year"),
    "name": Column("initiative"),
    "kind": Column("kind", "words"),
    "role": Column("role"),
    "title": Column("title"),
    "description": Column("description", "optional"),
    "countries": Column("countries", "countries"),
    "minerals": Column("minerals", "words"),
    "themes": Column("themes", "words"),
    "date": Column("date", "date"),
    "join_date": Column("joined", "date"),
    "start_date": Column("started", "date"),
    "end_date": Column("ended", "until"),
    "as_of": Column("as of", "date"),
    "indicator": Column("indicator"),
    "eiti_implementing": Column("implements EITI", "flag"),
    "members": Column("members recorded", "years"),
    "roster": Column("roster"),
    "reason": Column("why no data", "optional"),
    "no_data_reason": Column("why no data", "optional"),
    "why no data": Column("why no data", "optional"),
    "note": Column("note", "optional"),
    "source_id": Column("source", "source"),
    "source_ids": Column("sources", "sources"),
    "events": Column("policy events", "optional"),
}
#: Internal columns a page never shows (the CSV keeps them, under a readable header).
HIDDEN = frozenset({"concern_iso3", "event_ids", "data_source_url", "start_precision", "end_precision",
                    "join_precision", "date_precision", "initiative_id", "event_id", "hhi_upper_bound"})
#: Decimals shown on screen per kind, and the grid's number format ("localized": thousands separators).
_DIGITS = {"pct": 1, "hhi": 0, "tonnes": 0, "number": 1, "years": 0, "year": 0}
_GRID_FORMATS = {"pct": "%.1f", "hhi": "localized", "tonnes": "localized", "number": "%.1f", "years": "localized",
                 "year": "%d"}


def label(column: str, overrides: Mapping[str, str] | None = None) -> str:
    """The header of an internal column: from the vocabulary, else the name in words.

    >>> label("cr1_pct"), label("partner_share_pct", {"partner_share_pct": "India, % of world"}), label("x_y")
    ('largest supplier, % of world', 'India, % of world', 'x y')
    """
    if overrides and column in overrides:
        return overrides[column]
    found = COLUMNS.get(column)
    return found.label if found else column.replace("_", " ")


def kind(column: str) -> str:
    found = COLUMNS.get(column)
    return found.kind if found else "text"


def pct(value: Any, digits: int = 1, qualifier: Any = "") -> str:
    """A percentage for a sentence or a cell, with its bound as published ('>75.0 %'), or "no data".

    >>> pct(65.04), pct(None), pct(float("nan")), pct(75, qualifier=">")
    ('65.0 %', 'no data', 'no data', '>75.0 %')
    """
    if value is None or pd.isna(value):
        return NO_DATA
    bound = qualifier if isinstance(qualifier, str) and qualifier in ("<", ">") else ""
    return f"{bound}{float(value):.{digits}f} %"


def hhi(value: Any, upper_bound: Any = None) -> str:
    """An HHI for a table cell; "≥ " when part of world output is not attributed (a lower bound).

    >>> hhi(4000.4), hhi(4000.0, 4100.0), hhi(None)
    ('4,000', '≥ 4,000', 'no data')
    """
    if _missing(value):
        return NO_DATA
    bound = not _missing(upper_bound) and float(upper_bound) > float(value) + 0.5
    return ("≥ " if bound else "") + f"{float(value):,.0f}"


def tonnes(value: Any) -> str:
    """Tonnes for a sentence or a cell, or "no data".

    >>> tonnes(230000.0), tonnes(None)
    ('230,000 t', 'no data')
    """
    return NO_DATA if _missing(value) else f"{float(value):,.0f} t"


def yes_no(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return NO_DATA


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _names(value: Any) -> Any:
    if _missing(value) or value == "":
        return None
    return ", ".join(name_of(c) for c in str(value).split(";") if c)


def _date(value: Any) -> Any:
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _text(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return None if _missing(value) else value


@dataclass(frozen=True)
class PeopleTable:
    """A table for people (``shown``: rounded; ``formats``: header -> the grid's number format) and for
    spreadsheets (``csv``: the same headers, full precision, codes and source ids kept), with the source ids
    it cites."""

    shown: pd.DataFrame
    csv: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)
    optional: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()


def table(frame: pd.DataFrame, sources: pd.DataFrame | None = None, *,
          labels: Mapping[str, str] | None = None, hidden: Iterable[str] = ()) -> PeopleTable:
    """A metric frame as a table for people (see the module docstring). ``labels`` overrides headers
    (say, the partner's name for ``partner_share_pct``); ``hidden`` leaves more columns off the screen."""
    hide = HIDDEN | set(hidden)
    short: dict[str, str] = {}

    def cite(source_id: str) -> str:
        if source_id not in short:
            short[source_id] = citations.short_citation(sources, source_id) if sources is not None else source_id
        return short[source_id]

    shown: dict[str, list[Any]] = {}
    csv: dict[str, list[Any]] = {}
    formats: dict[str, str] = {}
    optional: list[str] = []
    for column in frame.columns:
        name = str(column)
        header = label(name, labels)
        what = kind(name)
        if what in _DIGITS and not pd.api.types.is_numeric_dtype(frame[column]):
            what = "text"  # a column already written out for people (say, a stage named "reserves")
        values = list(frame[column])
        if what in ("country", "countries", "listed"):
            display = [_names(v) for v in values]
            csv[header] = display
            csv[f"{header} (ISO3 code)"] = [_text(v) for v in values]
        elif what in ("source", "sources"):
            display = [None if _missing(v) or v == "" else "; ".join(cite(s) for s in str(v).split(";") if s)
                       for v in values]
            csv[f"{header} (ids, cited in full above)"] = [_text(v) for v in values]
        elif what == "words":
            display = [None if _missing(v) or v == "" else str(v).replace(";", ", ").replace("_", " ") for v in values]
            csv[header] = [_text(v) for v in values]
        elif what == "flag":
            display = [yes_no(v) for v in values]
            csv[header] = display
        elif what in ("date", "until"):
            display = [_date(v) for v in values]
            csv[header] = display
        elif what in _DIGITS:
            csv[header] = [None if _missing(v) else float(v) for v in values]
            display = [None if _missing(v) else round(float(v), _DIGITS[what]) for v in values]
            formats[header] = _GRID_FORMATS[what]
        else:
            display = [_text(v) for v in values]
            csv[header] = display
        if what == "optional":
            optional.append(header)
        if name not in hide and header not in shown:
            shown[header] = _for_screen(display, what)
    ids = citations.ids_in(frame)
    return PeopleTable(pd.DataFrame(shown), pd.DataFrame(csv), {k: v for k, v in formats.items() if k in shown},
                       tuple(o for o in optional if o in shown), tuple(ids))


def _for_screen(values: list[Any], what: str) -> list[Any]:
    """Cells as the screen shows them: where empty means something other than "no data" (a note with nothing
    to say, an initiative not ended, no partner listed) the cell says so. Other missing cells stay missing,
    so that a column of numbers sorts as numbers; the grid draws them as :data:`NO_DATA` (its placeholder)."""
    if what in ("optional", "until", "listed") and any(_missing(v) for v in values):
        empty = "none listed" if what == "listed" else ""
        return [empty if _missing(v) else v for v in values]
    return values


#: Short words for the HHI bands where a table is narrow.
BAND_WORDS = {"highly concentrated": "high", "moderately concentrated": "moderate", "unconcentrated": "low"}


def stage_table(profile: pd.DataFrame, partner_label: str | None) -> pd.DataFrame:
    """The stage profile of one mineral (``metrics.stage_profile``) as the Overview card shows it: one row
    per measure and one column per stage (with its data year), so that it fits a narrow card."""
    columns: dict[str, list[str]] = {"measure": ["HHI (0-10,000)", "concentration", "China, % of world"]
                                     + ([f"{partner_label}, % of world"] if partner_label else [])
                                     + ["one country above 65 %"]}
    for _, row in profile.iterrows():
        header = f"{row['stage']} ({int(row['year'])})" if pd.notna(row["year"]) else str(row["stage"])
        band = NO_DATA if _missing(row["hhi_band"]) or not row["hhi_band"] else \
            BAND_WORDS.get(str(row["hhi_band"]), str(row["hhi_band"]))
        china = pct(row["concern_share_pct"], qualifier=row.get("concern_qualifier", ""))
        columns[header] = [hhi(row["hhi"], row["hhi_upper_bound"]), band, china] \
            + ([pct(row.get("partner_share_pct"))] if partner_label else []) \
            + [yes_no(row["single_supplier_flag"])]
    return pd.DataFrame(columns)
