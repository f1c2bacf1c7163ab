"""Native, editable PowerPoint charts from a chart's rows: which chart type, categories and series each
registered chart becomes. Charts with no native equivalent (the map) return None and go in as a picture.

Belongs here: reading ``chart.rows`` into categories and series (no python-pptx, so it is testable alone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.charts import Chart
from dashboard.charts.style import CONCERN_COLOUR, OKABE_ITO, OTHER_COLOUR, PARTNER_COLOUR
from dashboard.countries import name_of

PERCENT = '0.0" %"'
WHOLE = "#,##0"
MAX_CATEGORIES = 12


@dataclass(frozen=True)
class NativeChart:
    """kind: 'column', 'bar' (horizontal), 'bar_stacked' or 'line'; values None are gaps, never zeros."""

    kind: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    number_format: str
    value_title: str
    colours: tuple[str, ...]
    note: str = ""
    #: per series, the label of each point where the number alone would mislead ('>50 %'), else empty
    labels: tuple[tuple[str, ...], ...] = ()


def _num(value: object) -> float | None:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return None if pd.isna(number) else float(number)


def _stage_label(row: pd.Series) -> str:
    return f"{row['stage']} ({int(row['year'])})" if pd.notna(row["year"]) else str(row["stage"])


def _bound_labels(values: tuple[float | None, ...], qualifiers: object) -> tuple[str, ...]:
    """'>75 %' where the source publishes a bound (the bar is drawn at 75), else '' (the number's own label)."""
    marks = [str(q) if isinstance(q, str) else "" for q in (qualifiers if isinstance(qualifiers, pd.Series)
                                                             else [""] * len(values))]
    return tuple(f"{q}{v:g} %" if q in (">", "<") and v is not None else "" for v, q in zip(values, marks,
                                                                                         strict=True))


def _partner_share(chart: Chart, partner: str | None) -> NativeChart:
    rows = chart.rows
    china = tuple(_num(v) for v in rows["concern_share_pct"])
    series = [("China", china)]
    labels = [_bound_labels(china, rows.get("concern_qualifier"))]
    if partner and "partner_share_pct" in rows:
        series.append((partner, tuple(_num(v) for v in rows["partner_share_pct"])))
        labels.append(("",) * len(rows))
    return NativeChart("column", tuple(_stage_label(r) for _, r in rows.iterrows()), tuple(series), PERCENT,
                       "share of world, %", (CONCERN_COLOUR, PARTNER_COLOUR), labels=tuple(labels))


def _concentration(chart: Chart, partner: str | None) -> NativeChart:
    rows = chart.rows
    return NativeChart("column", tuple(_stage_label(r) for _, r in rows.iterrows()),
                       (("HHI", tuple(_num(v) for v in rows["hhi"])),), WHOLE, "HHI (0-10,000)", (OKABE_ITO[0],),
                       "HHI over the countries the source lists; a lower bound where a remainder is not attributed.")


def _import_reliance(chart: Chart, partner: str | None) -> NativeChart:
    rows = chart.rows
    years = sorted({int(y) for y in rows["year"]})
    series, labels = [], []
    for (importer, product), group in rows.groupby(["importer_iso3", rows["product"].fillna("")], sort=True):
        by_year = {int(y): _num(v) for y, v in zip(group["year"], group["value_pct"], strict=True)}
        qualifier = {int(y): str(q) if isinstance(q, str) else "" for y, q in
                     zip(group["year"], group.get("qualifier", pd.Series([""] * len(group))), strict=True)}
        label = name_of(str(importer)) + (f" ({product})" if product else "")
        series.append((label, tuple(by_year.get(y) for y in years)))
        labels.append(tuple("" if by_year.get(y) is None else f"{qualifier.get(y, '')}{by_year[y]:g} %"
                            for y in years))
    return NativeChart("line", tuple(str(y) for y in years), tuple(series), '0" %"',
                       "import reliance, % of apparent consumption", tuple(OKABE_ITO[: len(series)]),
                       "Values published as '>50' are plotted at 50 and labelled '>50 %' (a lower bound).",
                       tuple(labels))


def _trend(chart: Chart, partner: str | None) -> NativeChart:
    rows = chart.rows
    return NativeChart("line", tuple(str(int(y)) for y in rows["year"]),
                       (("HHI, mine production", tuple(_num(v) for v in rows["hhi"])),), WHOLE, "HHI (0-10,000)",
                       (OKABE_ITO[0],), "Years with only a projected world capacity have no HHI (gaps).")


def _countries(chart: Chart, columns: tuple[tuple[str, str], ...], number_format: str, title: str,
               colours: tuple[str, ...]) -> NativeChart:
    rows = chart.rows[chart.rows["country_iso3"] != "WLD"].copy()
    rows["_key"] = pd.to_numeric(rows[columns[0][0]], errors="coerce")
    rows = rows.sort_values("_key", ascending=False, na_position="last").head(MAX_CATEGORIES)
    rows = rows.iloc[::-1]  # PowerPoint draws the first category of a bar chart at the bottom
    series = tuple((label, tuple(_num(v) for v in rows[column])) for column, label in columns)
    return NativeChart("bar", tuple(name_of(str(c)) for c in rows["country_iso3"]), series, number_format, title,
                       colours)


def _production(chart: Chart, partner: str | None) -> NativeChart:
    published = chart.rows["value"].isna().all() if "value" in chart.rows else True
    column, fmt, title = ("share_pct", PERCENT, "% of world") if published else ("value", WHOLE, "t")
    return _countries(chart, ((column, title),), fmt, title, (OKABE_ITO[0],))


def _reserves(chart: Chart, partner: str | None) -> NativeChart:
    return _countries(chart, (("reserves_share_pct", "share of world reserves"),
                              ("production_share_pct", "share of world mine production")), PERCENT, "% of world",
                      (OKABE_ITO[0], OKABE_ITO[1]))


def _end_uses(chart: Chart, partner: str | None) -> NativeChart:
    rows = chart.rows[chart.rows["share_pct"].notna()].sort_values("share_pct").tail(MAX_CATEGORIES)
    labels = tuple(f"{u} ({s}, {int(y)})" for u, s, y in zip(rows["end_use"], rows["scope"], rows["year"], strict=True))
    return NativeChart("bar", labels, (("share of consumption", tuple(_num(v) for v in rows["share_pct"])),),
                       '0" %"', "% of consumption", (OKABE_ITO[2],))


def _import_sources(chart: Chart, partner: str | None) -> NativeChart:
    rows = chart.rows[chart.rows["share_pct"].notna()].copy()
    rows["label"] = [f"{i} · {p or 'all forms'} · {t}" for i, p, t in
                     zip(rows["importer_iso3"], rows["product"].fillna(""), rows["period"], strict=True)]
    labels = list(dict.fromkeys(rows["label"]))[:MAX_CATEGORIES][::-1]
    partners = list(dict.fromkeys(rows.sort_values("share_pct", ascending=False)["partner_iso3"]))
    series = []
    for code in partners:
        picked = rows[rows["partner_iso3"] == code].set_index("label")["share_pct"]
        series.append((name_of(str(code)), tuple(_num(picked.get(label)) for label in labels)))
    colours = tuple(CONCERN_COLOUR if code == "CHN" else OTHER_COLOUR if code == "OTH" else
                    OKABE_ITO[i % 5] for i, code in enumerate(partners))
    note = "Rows published as ranks only (no shares) are listed in the notes, not drawn."
    return NativeChart("bar_stacked", tuple(labels), tuple(series), '0" %"', "% of imports", colours, note)


def _prices(chart: Chart, partner: str | None) -> NativeChart:
    rows = chart.rows[chart.rows["value"].notna()]
    years = sorted({int(y) for y in rows["year"]})
    series = []
    for name, group in rows.groupby("series", sort=False):
        by_year = {int(y): _num(v) for y, v in zip(group["year"], group["value"], strict=True)}
        series.append((str(name), tuple(by_year.get(y) for y in years)))
    unit = str(rows["unit"].iloc[0]) if not rows.empty else ""
    return NativeChart("line", tuple(str(y) for y in years), tuple(series), "#,##0.##", unit,
                       tuple(OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(series))),
                       "Annual averages as USGS publishes them (nominal); the latest year is an estimate.")


BUILDERS: dict[str, Callable[[Chart, str | None], NativeChart]] = {
    "partner_share": _partner_share, "concentration": _concentration, "import_reliance": _import_reliance,
    "trend": _trend, "production": _production, "reserves": _reserves, "end_uses": _end_uses,
    "import_sources": _import_sources, "prices": _prices,
}


def native(chart_kind: str, chart: Chart, partner: str | None) -> NativeChart | None:
    """The native chart for a registered chart, or None when only a picture fits (the map) or nothing is left."""
    builder = BUILDERS.get(chart_kind)
    if builder is None or chart.empty or chart.rows.empty:
        return None
    made = builder(chart, partner)
    # a series with no value would be a legend entry with nothing drawn (a reliance stated in words only)
    kept = [i for i, (_, values) in enumerate(made.series) if any(v is not None for v in values)]
    if not made.categories or not kept:
        return None
    if len(kept) < len(made.series):
        dropped = [made.series[i][0] for i in range(len(made.series)) if i not in kept]
        made = replace(made, series=tuple(made.series[i] for i in kept),
                       note=" ".join(filter(None, [made.note, f"No figure for {', '.join(dropped)} in this chart "
                                                   "(not listed, or stated in words only): nothing drawn."])),
                       colours=tuple(made.colours[i] for i in kept if i < len(made.colours)),
                       labels=tuple(made.labels[i] for i in kept if i < len(made.labels)))
    return made
