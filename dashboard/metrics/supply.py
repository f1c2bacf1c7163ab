"""Supply side by stage: country shares of mine output, refinery output and reserves, and what follows
from them (concern-country share by stage, stage profile, bottleneck stage, reserves vs production).

Conventions (documented once, used by every function here):
- **Share** s_i = 100 * Q_i / Q_WLD, percent of the source's own world total (`WLD` row), never of the sum
  of listed countries. No `WLD` row, or a withheld one, means no shares (None with a reason), not a
  fallback to the sum.
- **No data vs zero**: a withheld (`W`), `NA` or empty value is NaN with a `no_data_reason`; a value code
  `—` is a reported zero. A country absent from the table is "not listed" (it may be inside `OTH`).
- **Edition**: pass `edition=` to pin one. Otherwise, for the year asked, the newest edition that has
  rows for it (MCS2026 > MCS2025 > WMO2025); rows of different editions are never mixed in one year.
- **Year**: pass `year=`. Otherwise the latest year that has a world total (for the measure asked).
- **Stages**: `mine` and `refinery` come from `production` (measure `production` unless asked for
  `capacity`); `refinery` falls back to the published `refining_shares` when `production` has no
  refinery rows for the mineral and year (basis 'published shares', percent of world, no tonnes);
  `reserves` come from `reserves`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from dashboard.vocabulary import STAGES

from ._common import (
    VALUE_CODE_REASONS,
    WORLD,
    Tables,
    check_choice,
    is_number,
    jsonable,
    latest_edition,
    text_column,
    unique_source_ids,
)
from .concentration import SINGLE_SUPPLIER_THRESHOLD_PCT, Concentration, concentration

BASIS_TONNES = "tonnes against the source's world total"
BASIS_PUBLISHED_SHARES = "published shares"

ZERO_CODES = frozenset({"—", "-", "–"})


@dataclass(frozen=True)
class CountryShare:
    """One country's share of a stage (percent of world); `share_pct` None comes with a `reason`."""

    country_iso3: str
    share_pct: float | None
    value: float | None
    unit: str
    qualifier: str = ""
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(jsonable(self.__dict__))


@dataclass(frozen=True)
class StageShares:
    """Country shares of one stage of one mineral in one year and edition.

    `table` has one row per listed country (including `OTH`, excluding `WLD`): country_iso3, value (in
    `unit`), value_code, qualifier, status, share_pct, no_data_reason, source_id.
    """

    mineral: str
    stage: str
    measure: str
    year: int | None
    edition: str | None
    basis: str
    unit: str
    world_total: float | None
    table: pd.DataFrame
    source_ids: tuple[str, ...]
    product: str | None = None
    reason: str | None = None
    """Why there are no shares, when `table` is empty or `world_total` is missing."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_shares(self) -> bool:
        return self.reason is None and not self.table.empty

    def shares(self) -> pd.Series:
        """`country_iso3 -> share_pct` (percent of world; NaN = no data), `OTH` included."""
        return pd.Series(
            self.table["share_pct"].to_numpy(dtype="float64"),
            index=self.table["country_iso3"].astype(str).to_list(),
            dtype="float64",
        )

    def quantities(self) -> pd.Series:
        """`country_iso3 -> value` in `unit` (NaN = no data), `OTH` included."""
        return pd.Series(
            self.table["value"].to_numpy(dtype="float64"),
            index=self.table["country_iso3"].astype(str).to_list(),
            dtype="float64",
        )

    def concentration(self, threshold_pct: float = SINGLE_SUPPLIER_THRESHOLD_PCT) -> Concentration:
        """Concentration of these shares (see `concentration.concentration`)."""
        if not self.has_shares:
            return replace(concentration({}, threshold_pct), reason=self.reason)
        return concentration(self.shares(), threshold_pct)

    def share_of(self, country_iso3: str) -> CountryShare:
        """Share of one country, or None with the reason (withheld, not listed, no world total).

        A country the source does not list is not reported as 0: it may be inside `OTH`.
        """
        if self.reason is not None:
            return CountryShare(country_iso3, None, None, self.unit, reason=self.reason)
        rows = self.table[self.table["country_iso3"] == country_iso3]
        if rows.empty:
            return CountryShare(
                country_iso3,
                None,
                None,
                self.unit,
                reason=f"{country_iso3} not listed by the source for {self.mineral} "
                f"{self.stage} {self.year} (may be inside 'Other countries')",
            )
        row = rows.iloc[0]
        share = float(row["share_pct"]) if is_number(row["share_pct"]) else None
        value = float(row["value"]) if is_number(row["value"]) else None
        return CountryShare(
            country_iso3,
            share,
            value,
            self.unit,
            str(row["qualifier"]),
            None if share is not None else str(row["no_data_reason"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return dict(jsonable(dict(self.__dict__.items())))


def _no_data_reason(value: object, code: str) -> str:
    if is_number(value):
        return ""
    return VALUE_CODE_REASONS.get(code, f"no value in the source{f' ({code})' if code else ''}")


def _empty_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(dtype=t)
            for c, t in (
                ("country_iso3", object),
                ("value", "float64"),
                ("value_code", object),
                ("qualifier", object),
                ("status", object),
                ("share_pct", "float64"),
                ("no_data_reason", object),
                ("source_id", object),
            )
        }
    )


def _tonnage_shares(
    rows: pd.DataFrame, *, mineral: str, stage: str, measure: str, year: int, edition: str | None
) -> StageShares:
    """Shares of the rows of one (mineral, stage, measure, year, edition) against their WLD row."""
    codes = text_column(rows, "value_code")
    values = pd.to_numeric(rows["value"], errors="coerce").astype("float64")
    values = values.where(~(values.isna() & codes.isin(ZERO_CODES)), 0.0)  # '—' is a reported zero
    frame = pd.DataFrame(
        {
            "country_iso3": rows["country_iso3"].astype(str).to_numpy(),
            "value": values.to_numpy(),
            "value_code": codes.to_numpy(),
            "qualifier": text_column(rows, "qualifier").to_numpy(),
            "status": text_column(rows, "status").to_numpy(),
            "source_id": text_column(rows, "source_id").to_numpy(),
        }
    )
    unit = next((u for u in text_column(rows, "unit") if u), "t")
    world_rows = frame[frame["country_iso3"] == WORLD]
    countries = frame[frame["country_iso3"] != WORLD].reset_index(drop=True)
    world = float(world_rows["value"].iloc[0]) if not world_rows.empty else float("nan")
    reason = None
    notes: list[str] = []
    if world_rows.empty:
        reason = f"no world total (WLD) in {edition} for {mineral} {stage} {measure} {year}"
    elif not is_number(world) or world <= 0:
        reason = (
            f"world total (WLD) for {mineral} {stage} {measure} {year} is "
            f"{_no_data_reason(world, str(world_rows['value_code'].iloc[0])) or 'zero'}"
        )
    elif str(world_rows["qualifier"].iloc[0]):
        notes.append(f"world total is qualified '{world_rows['qualifier'].iloc[0]}'")
    listed = float(countries["value"].sum(skipna=True)) if not countries.empty else 0.0
    if reason is None and is_number(world) and listed > world:
        notes.append(f"the listed countries add up to {listed:,.0f} {next(iter(text_column(rows, 'unit')), 't')}, "
                     f"{100 * listed / world:.1f} % of the source's (rounded) world total {world:,.0f}: shares are "
                     "of the world total as published")
    if countries.empty and reason is None:
        reason = (
            f"{edition} gives only a world total (WLD) for {mineral} {stage} {measure} {year}: "
            "no country split, so shares and HHI cannot be computed"
        )
    shares = countries["value"] / world * 100.0 if reason is None else countries["value"] * float("nan")
    countries["share_pct"] = shares.astype("float64")
    countries["no_data_reason"] = [
        _no_data_reason(v, c) for v, c in zip(countries["value"], countries["value_code"], strict=True)
    ]
    countries = countries[
        [
            "country_iso3",
            "value",
            "value_code",
            "qualifier",
            "status",
            "share_pct",
            "no_data_reason",
            "source_id",
        ]
    ]
    return StageShares(
        mineral,
        stage,
        measure,
        year,
        edition,
        BASIS_TONNES,
        unit,
        world if is_number(world) else None,
        countries,
        unique_source_ids(rows),
        reason=reason,
        notes=tuple(notes),
    )


def _pick_year_and_edition(
    tables: Tables, rows: pd.DataFrame, year: int | None, edition: str | None
) -> tuple[int | None, str | None, pd.DataFrame]:
    if edition is not None:
        rows = rows[text_column(rows, "edition") == edition]
    if rows.empty:
        return year, edition, rows
    if year is None:
        world = rows[(rows["country_iso3"] == WORLD) & pd.to_numeric(rows["value"], errors="coerce").notna()]
        # Prefer years with a country split as well as a world total (skips world-only projections).
        split_years = set(rows.loc[rows["country_iso3"] != WORLD, "year"])
        with_split = world[world["year"].isin(split_years)]
        pool = with_split if not with_split.empty else (world if not world.empty else rows)
        year = int(pool["year"].max())
    rows = rows[rows["year"] == year]
    if edition is None:
        edition = latest_edition(tables, rows["edition"]) if "edition" in rows.columns else None
        if edition is not None:
            rows = rows[text_column(rows, "edition") == edition]
    return year, edition, rows


def stage_shares(
    tables: Tables,
    mineral: str,
    stage: str,
    year: int | None = None,
    *,
    edition: str | None = None,
    measure: str = "production",
    product: str | None = None,
) -> StageShares:
    """Country shares (percent of the source's world total) of one stage of a mineral.

    s_i = 100 * Q_i / Q_WLD; `value` in tonnes (`unit`). See the module docstring for edition, year,
    stage and no-data rules. `product` applies only to the published refining shares.

    >>> import pandas as pd, types
    >>> from dashboard.vocabulary import Mineral, Vocabulary
    >>> vocabulary = Vocabulary((Mineral("cobalt", "Cobalt", "cobalt content", True),), (), ())
    >>> production = pd.DataFrame({"mineral": "cobalt", "stage": "mine", "measure": "production",
    ...     "country_iso3": ["COD", "IDN", "OTH", "WLD"], "year": 2025,
    ...     "value": [230000.0, 44000.0, 36000.0, 310000.0],
    ...     "value_code": "", "qualifier": "", "unit": "t", "status": "estimated", "edition": "MCS2026",
    ...     "source_id": "usgs_mcs2026"})
    >>> s = stage_shares(types.SimpleNamespace(production=production, vocabulary=vocabulary), "cobalt", "mine")
    >>> round(s.share_of("COD").share_pct, 1), s.year, s.edition
    (74.2, 2025, 'MCS2026')
    """
    check_choice(mineral, tables.vocabulary.mineral_ids, "mineral")
    check_choice(stage, STAGES, "stage")
    if stage == "reserves":
        every = tables.reserves[tables.reserves["mineral"] == mineral]
        year, edition, rows = _pick_year_and_edition(tables, every, year, edition)
        if rows.empty or year is None:
            return _no_rows(mineral, stage, "reserves", year, edition, "no reserves rows")
        return with_earlier_figures(tables, _tonnage_shares(
            rows, mineral=mineral, stage=stage, measure="reserves", year=int(year), edition=edition
        ), every)
    production = tables.production
    rows = every = production[
        (production["mineral"] == mineral)
        & (production["stage"] == stage)
        & (production["measure"] == measure)
    ]
    if stage == "refinery" and measure == "production":
        published = _refining_rows(tables, mineral)
        tonnage_years = set(rows["year"])
        if year is None and not published.empty:
            candidates = [int(published["year"].max())]
            tonnage_year = _pick_year_and_edition(tables, rows, None, edition)[0] if not rows.empty else None
            if tonnage_year is not None:
                candidates.append(tonnage_year)
            year = max(candidates)
        if year is not None and year not in tonnage_years and not published.empty and year in set(published["year"]):
            return _published_shares(published, mineral, int(year), product)
    year, edition, rows = _pick_year_and_edition(tables, rows, year, edition)
    if rows.empty or year is None:
        return _no_rows(
            mineral,
            stage,
            measure,
            year,
            edition,
            f"no {measure} rows for {mineral} {stage}"
            + (f" in {year}" if year is not None else "")
            + (f" in edition {edition}" if edition else ""),
        )
    return with_earlier_figures(tables, _tonnage_shares(
        rows, mineral=mineral, stage=stage, measure=measure, year=int(year), edition=edition
    ), every)


def with_earlier_figures(tables: Tables, shares: StageShares, every: pd.DataFrame) -> StageShares:
    """Countries the chosen edition gives no figure for (W, NA) keep the latest earlier figure beside the
    gap, with its year and edition: 'no data' stays no data in the shares (editions are never mixed), but
    the reader sees that an earlier edition gave a number (e.g. India's rare-earth reserves: MCS 2026 'NA',
    MCS 2025 6,900,000 t for 2024). Adds columns earlier_value, earlier_year, earlier_edition."""
    table = shares.table.copy()
    earlier_value: list[float | None] = []
    earlier_year: list[int | None] = []
    earlier_edition: list[str | None] = []
    values = pd.to_numeric(every["value"], errors="coerce")
    known = every[values.notna() & (every["country_iso3"] != WORLD)]
    for country, value in zip(table["country_iso3"], table["value"], strict=True):
        match = known[(known["country_iso3"] == country) & (known["year"] <= (shares.year or 0))]
        if is_number(value) or match.empty or country == "OTH":
            earlier_value.append(None)
            earlier_year.append(None)
            earlier_edition.append(None)
            continue
        order = sorted(range(len(match)), key=lambda i: (-int(match["year"].iloc[i]),
                                                          tables.vocabulary.edition_rank(match["edition"].iloc[i])))
        best = match.iloc[order[0]]
        earlier_value.append(float(best["value"]))
        earlier_year.append(int(best["year"]))
        earlier_edition.append(str(best["edition"]))
    table["earlier_value"] = pd.Series(earlier_value, index=table.index, dtype="float64")
    table["earlier_year"] = pd.Series(earlier_year, index=table.index, dtype="Int64")
    table["earlier_edition"] = pd.Series(earlier_edition, index=table.index, dtype=object)
    table["no_data_reason"] = [
        f"{reason}; latest earlier figure {v:,.0f} {shares.unit} ({int(y)}, {e})" if pd.notna(v) else reason
        for reason, v, y, e in zip(table["no_data_reason"], table["earlier_value"], table["earlier_year"],
                                   table["earlier_edition"], strict=True)]
    return replace(shares, table=table)


def _no_rows(
    mineral: str, stage: str, measure: str, year: int | None, edition: str | None, reason: str
) -> StageShares:
    return StageShares(
        mineral, stage, measure, year, edition, BASIS_TONNES, "t", None, _empty_table(), (), reason=reason
    )


def _refining_rows(tables: Tables, mineral: str) -> pd.DataFrame:
    frame: pd.DataFrame | None = getattr(tables, "refining_shares", None)
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["mineral", "product", "country_iso3", "year", "share_pct", "source_id"])
    return frame[frame["mineral"] == mineral]


def _published_shares(rows: pd.DataFrame, mineral: str, year: int, product: str | None) -> StageShares:
    """Refining shares as published (percent of world); the product defaults to the first one listed."""
    rows = rows[rows["year"] == year]
    products = list(dict.fromkeys(text_column(rows, "product")))
    notes: list[str] = []
    if product is None:
        product = products[0] if products else None
        if len(products) > 1:
            notes.append(f"several refined products for {year} ({', '.join(products)}); showing {product!r}")
    elif product not in products:
        raise ValueError(
            f"unknown product {product!r} for {mineral} refining {year}; valid: {', '.join(products)}"
        )
    rows = rows[text_column(rows, "product") == (product or "")]
    shares = pd.to_numeric(rows["share_pct"], errors="coerce").astype("float64")
    table = pd.DataFrame(
        {
            "country_iso3": rows["country_iso3"].astype(str).to_numpy(),
            "value": [float("nan")] * len(rows),
            "value_code": [""] * len(rows),
            "qualifier": text_column(rows, "qualifier").to_numpy(),
            "status": [""] * len(rows),
            "share_pct": shares.to_numpy(),
            "no_data_reason": ["" if is_number(s) else "no share in the source" for s in shares],
            "source_id": text_column(rows, "source_id").to_numpy(),
        }
    )
    table = table[table["country_iso3"] != WORLD].reset_index(drop=True)
    notes.append("refinery shares as published (percent of world output); no tonnages")
    return StageShares(
        mineral,
        "refinery",
        "production",
        year,
        None,
        BASIS_PUBLISHED_SHARES,
        "%",
        None,
        table,
        unique_source_ids(rows),
        product=product,
        notes=tuple(notes),
    )


def frame_of(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows to a DataFrame; None in numeric columns become NaN, which pandas shows as "no data"."""
    return pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
