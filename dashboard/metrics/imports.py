"""Import side for an importer (USA, IND): net import reliance, and the concentration of import sources.

- **Net import reliance** (USGS) = (imports - exports +/- stock changes) / apparent consumption, percent;
  a qualifier such as '>' (">50") is kept next to the number; negative means net exporter; no figure is
  None with a reason, never 0.
- **Import concentration**: HHI over the named partners' shares of the importer's imports (0-10,000), `OTH`
  kept in the 100 % but not a term (a lower bound, as on the supply side); largest partner; China's share;
  a partner set's share.
- Period: the latest period by its end year ('2021-24' -> 2024, 'FY2023-24' -> 2024) unless `period` is
  given; edition: the newest for that period (MCS2026 > MCS2025 > others).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from ._common import REMAINDER, Tables, is_number, jsonable, latest_edition, text_column, unique_source_ids
from .concentration import hhi as hhi_of
from .concentration import hhi_band


def period_end_year(period: object) -> int:
    """The last calendar or fiscal year a period string covers (for ordering periods).

    >>> [period_end_year(p) for p in ("2021-24", "FY2023-24", "2020-2023", "2024")]
    [2024, 2024, 2023, 2024]
    """
    text = str(period)
    years = [int(y) for y in re.findall(r"\d{4}", text)]
    if not years:
        return -1
    tail = re.search(r"[-–](\d{2})$", text)
    if tail and len(re.findall(r"\d{4}", text)) == 1:
        return years[0] // 100 * 100 + int(tail.group(1))
    return max(years)


@dataclass(frozen=True)
class ImportReliance:
    """Net import reliance of one importer for one mineral and year (percent of apparent consumption)."""

    importer_iso3: str
    mineral: str
    year: int | None
    edition: str | None
    value_pct: float | None
    qualifier: str
    display: str
    reason: str | None
    source_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return dict(jsonable(self.__dict__))


def net_import_reliance(
    tables: Tables,
    importer_iso3: str,
    mineral: str,
    year: int | None = None,
    *,
    edition: str | None = None,
) -> ImportReliance:
    """Net import reliance (percent of apparent consumption) with its qualifier, e.g. '>50 %'.

    `year=None`: the latest year the importer has a row for; edition: newest for that year.

    >>> import pandas as pd, types
    >>> from dashboard.vocabulary import Vocabulary
    >>> t = types.SimpleNamespace(vocabulary=Vocabulary((), (), ()), import_reliance=pd.DataFrame({
    ...     "importer_iso3": "USA", "mineral": "lithium", "year": [2024, 2025],
    ...     "value_pct": [50.0, float("nan")], "qualifier": [">", ""], "edition": "MCS2026",
    ...     "source_id": "s"}))
    >>> net_import_reliance(t, "USA", "lithium", 2024).display
    '>50 %'
    >>> r = net_import_reliance(t, "USA", "lithium")
    >>> r.value_pct, r.reason
    (None, 'no figure in MCS2026 for USA lithium 2025')
    """
    import_reliance = tables.import_reliance
    rows = import_reliance[
        (import_reliance["importer_iso3"] == importer_iso3) & (import_reliance["mineral"] == mineral)
    ]
    if edition is not None:
        rows = rows[text_column(rows, "edition") == edition]
    def no_data(reason: str) -> ImportReliance:
        return ImportReliance(importer_iso3, mineral, year, edition, None, "", "no data", reason, ())

    if rows.empty:
        return no_data(f"no official figure found for {importer_iso3} {mineral}")
    if year is None:
        year = int(rows["year"].max())
    rows = rows[rows["year"] == year]
    if rows.empty:
        return no_data(f"no net import reliance for {importer_iso3} {mineral} in {year}")
    edition = edition or latest_edition(tables, text_column(rows, "edition"))
    rows = rows[text_column(rows, "edition") == (edition or "")]
    # Several products (e.g. nickel primary vs scrap) may share a year: prefer the all-product row.
    if "product" in rows.columns and len(rows) > 1:
        blank = rows[text_column(rows, "product") == ""]
        rows = blank if not blank.empty else rows
    row = rows.iloc[0]
    qualifier = text_column(rows, "qualifier").iloc[0]
    value = float(row["value_pct"]) if is_number(row["value_pct"]) else None
    if value is None:
        code = text_column(rows, "value_code").iloc[0]
        stated = text_column(rows, "stated_as").iloc[0]
        if code == "S" and stated:
            # a statement in words: shown as said, never turned into a number
            return ImportReliance(importer_iso3, mineral, year, edition, None, "", f"\u201c{stated}\u201d (no figure)",
                                  "stated in words only, no figure", unique_source_ids(rows))
        why = (
            "net exporter (E)"
            if qualifier == "E" or code == "E"
            else f"no figure in {edition} for {importer_iso3} {mineral} {year}"
        )
        return ImportReliance(
            importer_iso3, mineral, year, edition, None, qualifier, "no data", why, unique_source_ids(rows)
        )
    display = f"{qualifier}{value:g} %"
    return ImportReliance(
        importer_iso3, mineral, year, edition, value, qualifier, display, None, unique_source_ids(rows)
    )


@dataclass(frozen=True)
class ImportConcentration:
    """Concentration of one importer's import sources for one mineral, product and period.

    `hhi` over named partners' shares (0-10,000; `OTH` not a term, so a lower bound); `largest_*` is the
    partner with the largest share, or the rank-1 partner when only ranks are published.
    """

    importer_iso3: str
    mineral: str
    product: str
    period: str | None
    edition: str | None
    hhi: float | None
    hhi_band: str | None
    largest_partner_iso3: str | None
    largest_share_pct: float | None
    concern_iso3: str
    concern_share_pct: float | None
    concern_reason: str | None
    partner_share_pct: float | None
    partners_counted: tuple[str, ...]
    remainder_pct: float | None
    reason: str | None
    source_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return dict(jsonable(self.__dict__))


def import_products(tables: Tables, importer_iso3: str, mineral: str) -> list[str]:
    """The products an importer's import sources are published for (in table order)."""
    import_sources = tables.import_sources
    rows = import_sources[
        (import_sources["importer_iso3"] == importer_iso3) & (import_sources["mineral"] == mineral)
    ]
    return list(dict.fromkeys(text_column(rows, "product")))


def import_concentration(
    tables: Tables,
    importer_iso3: str,
    mineral: str,
    *,
    product: str | None = None,
    period: str | None = None,
    edition: str | None = None,
    partners: Iterable[str] | None = None,
    concern_iso3: str = "CHN",
) -> ImportConcentration:
    """HHI of import sources, largest partner, concern-country (China) share, partner share (percent of
    the importer's imports of the product in the period).

    `product` may be omitted when the importer has one product for the mineral; otherwise ValueError
    lists the products. A concern country that is not named is None with a reason (it may be in `OTH`).

    >>> import pandas as pd, types
    >>> from dashboard.vocabulary import Vocabulary
    >>> t = types.SimpleNamespace(vocabulary=Vocabulary((), (), ()), import_sources=pd.DataFrame({
    ...     "importer_iso3": "USA", "mineral": "rare_earths",
    ...     "partner_iso3": ["CHN", "MYS", "OTH"], "period": "2021-24", "share_pct": [70.0, 20.0, 10.0],
    ...     "rank": float("nan"), "product": "compounds",
    ...     "edition": "MCS2026", "source_id": "s"}))
    >>> c = import_concentration(t, "USA", "rare_earths")
    >>> c.hhi, c.largest_partner_iso3, c.concern_share_pct
    (5300.0, 'CHN', 70.0)
    """
    import_sources = tables.import_sources
    rows = import_sources[
        (import_sources["importer_iso3"] == importer_iso3) & (import_sources["mineral"] == mineral)
    ]
    products = list(dict.fromkeys(text_column(rows, "product")))
    if product is None:
        if len(products) > 1:
            raise ValueError(
                f"{importer_iso3} {mineral} imports are published for several products; "
                f"choose one of: {', '.join(repr(p) for p in products)}"
            )
        product = products[0] if products else ""
    elif product not in products:
        raise ValueError(
            f"unknown product {product!r} for {importer_iso3} {mineral}; valid: "
            f"{', '.join(repr(p) for p in products) or 'none'}"
        )
    rows = rows[text_column(rows, "product") == product]
    partner_set = frozenset(partners or ())

    def empty(reason: str) -> ImportConcentration:
        return ImportConcentration(
            importer_iso3=importer_iso3, mineral=mineral, product=product, period=period, edition=edition,
            hhi=None, hhi_band=None, largest_partner_iso3=None, largest_share_pct=None,
            concern_iso3=concern_iso3, concern_share_pct=None, concern_reason=reason, partner_share_pct=None,
            partners_counted=(), remainder_pct=None, reason=reason, source_ids=(),
        )

    if rows.empty:
        return empty(f"no import sources for {importer_iso3} {mineral}")
    if period is None:
        period = max(dict.fromkeys(text_column(rows, "period")), key=period_end_year)
    rows = rows[text_column(rows, "period") == period]
    if rows.empty:
        return empty(f"no import sources for {importer_iso3} {mineral} in period {period}")
    edition = edition or latest_edition(tables, text_column(rows, "edition"))
    rows = rows[text_column(rows, "edition") == (edition or "")]
    if rows.empty:
        return empty(f"no import sources for {importer_iso3} {mineral} {period} in edition {edition}")
    partners_col = rows["partner_iso3"].astype(str)
    shares = pd.Series(
        pd.to_numeric(rows["share_pct"], errors="coerce").to_numpy(dtype="float64"),
        index=partners_col.to_list(),
    )
    named = shares.drop(labels=[REMAINDER], errors="ignore")
    remainder = shares.get(REMAINDER)
    remainder_pct = float(remainder) if is_number(remainder) else None
    sources = unique_source_ids(rows)
    if named.isna().all():
        ranks = pd.to_numeric(rows["rank"], errors="coerce") if "rank" in rows.columns else None
        top = None
        if ranks is not None and ranks.notna().any():
            top = str(partners_col[ranks == ranks.min()].iloc[0])
        reason = "only ranks published: no shares, so no HHI"
        ranks_reason = (
            reason if concern_iso3 in named.index else f"{concern_iso3} not named; only ranks published"
        )
        # `period` and `edition` were resolved above, so the empty result is rebuilt with them
        return replace(empty(reason), largest_partner_iso3=top, concern_reason=ranks_reason,
                       remainder_pct=remainder_pct, source_ids=sources)
    known = named.dropna()
    hhi_value = hhi_of(known.to_numpy())
    ranked = sorted(known.items(), key=lambda kv: (-kv[1], kv[0]))
    concern = named.get(concern_iso3)
    concern_pct: float | None
    concern_reason: str | None
    if is_number(concern):
        concern_pct, concern_reason = float(concern), None
    elif concern_iso3 in named.index:
        concern_pct, concern_reason = None, f"{concern_iso3} named without a share"
    else:
        concern_pct = None
        concern_reason = f"{concern_iso3} not among the named sources" + (
            f" (at most the 'Other' remainder, {remainder_pct:g} %)" if remainder_pct is not None else ""
        )
    counted = tuple(sorted(p for p in partner_set if p in known.index))
    partner_pct = float(known[list(counted)].sum()) if partners is not None else None
    partial = "some named partners have no share" if named.isna().any() else None
    return ImportConcentration(
        importer_iso3,
        mineral,
        product,
        period,
        edition,
        hhi_value,
        hhi_band(hhi_value),
        str(ranked[0][0]),
        float(ranked[0][1]),
        concern_iso3,
        concern_pct,
        concern_reason,
        partner_pct,
        counted,
        remainder_pct,
        partial,
        sources,
    )


def import_table(
    tables: Tables,
    mineral: str,
    importers: Iterable[str] = ("USA", "IND"),
    *,
    partners: Iterable[str] | None = None,
    concern_iso3: str = "CHN",
) -> pd.DataFrame:
    """`import_concentration` for every importer and product of a mineral (latest period each), one row
    each: importer_iso3, product, period, edition, hhi, largest partner and share, concern share and
    reason, partner share, source_ids."""
    partner_list = list(partners) if partners is not None else None
    rows = []
    for importer in importers:
        for product in import_products(tables, importer, mineral):
            c = import_concentration(
                tables,
                importer,
                mineral,
                product=product,
                partners=partner_list,
                concern_iso3=concern_iso3,
            )
            record = c.to_dict()
            record["source_ids"] = ";".join(c.source_ids)
            record["partners_counted"] = ";".join(c.partners_counted)
            rows.append(record)
    columns = list(ImportConcentration.__dataclass_fields__)
    return pd.DataFrame.from_records(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
