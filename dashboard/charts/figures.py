"""Figures: DataFrame -> Plotly figure wrapped in a :class:`Chart`, with a title with units, a subtitle
that says what is missing, and a colour-blind-safe palette (see ``style``).

Text from the data (names, labels, notes) reaches a figure through ``dashboard.text`` (``esc``, or ``wrap``
and ``finish``, which escape), so it shows as written, never as markup or a link.

Belongs here: figure construction from rows that ``metrics`` chose. Does not belong here: Streamlit
calls, file reading, metrics, choosing rows (``catalog``), source lines inside figures (exports add
them from ``Chart.source_line``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.countries import name_of
from dashboard.text import plotly as esc
from dashboard.text import plotly_all as esc_all
from dashboard.text import plotly_template as esc_template

from .registry import Chart
from .style import (
    BLUE,
    CONCERN_COLOUR,
    GREEN,
    GREY,
    ORANGE,
    OTHER_COLOUR,
    PARTNER_COLOUR,
    VERMILLION,
    finish,
    legend_key,
    wrap,
)

NO_SOURCE = "Source: none (no data shown)"


def empty_chart(chart_id: str, title: str, reason: str, source_line: str = NO_SOURCE) -> Chart:
    """An empty state that says 'no data' and why, never a chart of zeros."""
    fig = go.Figure()
    fig.add_annotation(text=f"<b>No data</b><br>{wrap(reason, 90)}", x=0.5, y=0.5, xref="paper", yref="paper",
                       showarrow=False, font={"size": 14, "color": "#555555"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    finish(fig, title, height=300)
    return Chart(chart_id, title, fig, source_line, empty=True, notes=(reason,))


def _country_colours(codes: Sequence[str], concern: str | None, partners: Iterable[str]) -> list[str]:
    partner_set = set(partners)
    out = []
    for code in codes:
        if code == concern:
            out.append(CONCERN_COLOUR)
        elif code in partner_set:
            out.append(PARTNER_COLOUR)
        elif code == "OTH":
            out.append(OTHER_COLOUR)
        else:
            out.append(GREY)
    return out


def _fmt_t(value: float | None) -> str:
    return "no data" if value is None or pd.isna(value) else f"{value:,.0f} t"


def _fmt_pct(value: float | None, digits: int = 1, qualifier: object = "") -> str:
    """A share for a label, with its published bound ('>75.0 %').

    >>> _fmt_pct(75.0, qualifier=">"), _fmt_pct(None), _fmt_pct(12.34, 0)
    ('>75.0 %', 'no data', '12 %')
    """
    if value is None or pd.isna(value):
        return "no data"
    bound = {"<": "&lt;", ">": ">"}.get(qualifier, "") if isinstance(qualifier, str) else ""  # plotly text is HTML
    return f"{bound}{value:.{digits}f} %"


def producers_bar(table: pd.DataFrame, *, chart_id: str, title: str, source_line: str, source_ids: Sequence[str],
                  unit_label: str, concern: str | None = "CHN", partners: Iterable[str] = (),
                  partner_label: str | None = None, subtitle: str = "", value_column: str = "value") -> Chart:
    """Horizontal bars of country output (``value`` in t) with shares; rows with no figure are listed
    in the subtitle as 'no data', not drawn as zero. A legend says what each colour means (China, the
    partner, other countries). Columns used: country_iso3, value, share_pct."""
    if table.empty:
        return empty_chart(chart_id, title, "the source lists no country for this selection", source_line)
    known = table[table[value_column].notna()].copy()
    missing = table[table[value_column].isna()]
    if known.empty:
        return empty_chart(chart_id, title, "every listed figure is withheld or not available", source_line)
    known["country"] = [name_of(c) for c in known["country_iso3"]]
    known = known.sort_values(value_column, ascending=True)
    colours = _country_colours(list(known["country_iso3"]), concern, partners)
    labels = [f"{_fmt_pct(s)}" if pd.notna(s) else "" for s in known.get("share_pct", [None] * len(known))]
    fig = go.Figure(go.Bar(
        x=known[value_column], y=esc_all(known["country"]), orientation="h", marker_color=colours, text=labels,
        textposition="outside", cliponaxis=False, showlegend=False,
        hovertemplate="%{y}: %{x:,.0f} " + unit_label + " (%{text})<extra></extra>",
    ))
    codes = set(known["country_iso3"])
    partner_set = set(partners)
    if concern in codes:
        legend_key(fig, esc(name_of(concern)), CONCERN_COLOUR)
    if codes & (partner_set - {concern}):
        legend_key(fig, wrap(partner_label or "partner", 45), PARTNER_COLOUR)
    legend_key(fig, "other listed countries", GREY)
    if "OTH" in codes:
        legend_key(fig, "other countries (not itemised)", OTHER_COLOUR)
    fig.update_layout(showlegend=True)
    fig.update_xaxes(title_text=unit_label, tickformat=",", range=[0, float(known[value_column].max()) * 1.22])
    notes = []
    if not missing.empty:
        notes.append("No data: " + ", ".join(
            f"{name_of(c)} ({r or 'not available'})" for c, r in zip(
                missing["country_iso3"], missing.get("no_data_reason", missing.get("value_code", [""] * len(missing))),
                strict=False)))
    sub = "; ".join([s for s in [subtitle, *notes] if s])
    finish(fig, title, sub, height=max(360, 120 + 26 * len(known)))
    top = known.iloc[-1]
    key = (f"{name_of(top['country_iso3'])} is the largest producer with {_fmt_t(top[value_column])}"
           + (f", {_fmt_pct(top.get('share_pct'))} of the world total" if pd.notna(top.get("share_pct")) else "")
           + ".")
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), key, table.reset_index(drop=True),
                 notes=tuple(notes))


def world_map(table: pd.DataFrame, *, chart_id: str, title: str, source_line: str, source_ids: Sequence[str],
              subtitle: str = "") -> Chart:
    """Choropleth of country shares on a fixed 0-100 % scale (comparable between maps; a single listed
    country is not stretched over the whole scale), Natural Earth projection, whole world (no fitting)."""
    rows = table[(~table["country_iso3"].isin(["WLD", "OTH", "EUU"])) & table["share_pct"].notna()].copy()
    if rows.empty:
        return empty_chart(chart_id, title, "no country shares for this selection", source_line)
    rows["country"] = [name_of(c) for c in rows["country_iso3"]]
    fig = go.Figure(go.Choropleth(
        locations=rows["country_iso3"], z=rows["share_pct"], locationmode="ISO-3", colorscale="Cividis",
        reversescale=True, zmin=0, zmax=100, text=esc_all(rows["country"]), marker_line_color="#FFFFFF",
        marker_line_width=0.5,
        colorbar={"title": {"text": "share, %"}, "ticksuffix": " %"},
        hovertemplate="%{text}: %{z:.1f} %<extra></extra>",
    ))
    # Land in light grey without the layer of every country border: that layer cost a third of each redraw
    # (ten sessions redrawing at once on two cores); the listed countries keep their white outlines.
    fig.update_geos(fitbounds=False, projection_type="natural earth", showcountries=False,
                    showcoastlines=False, showframe=False, landcolor="#E8E8E8", showland=True,
                    lataxis_range=[-60, 85])
    finish(fig, title, subtitle or "Countries not listed by the source are left blank (no data).",
           height=460)
    return Chart(chart_id, title, fig, source_line, tuple(source_ids),
                 rows=rows.drop(columns=["country"]).reset_index(drop=True))


def stage_concentration(profile: pd.DataFrame, *, chart_id: str, title: str, source_line: str,
                        source_ids: Sequence[str], bottleneck: str | None, concern: str = "CHN") -> Chart:
    """HHI by stage (0-10,000) with the 1,000 and 1,800 band lines; the bottleneck stage highlighted."""
    known = profile[profile["hhi"].notna()]
    if known.empty:
        reasons = "; ".join(str(r) for r in profile.get("reason", []) if r)
        return empty_chart(chart_id, title, reasons or "no stage has shares", source_line)
    labels = [f"{s} ({int(y)})" if pd.notna(y) else s for s, y in zip(profile["stage"], profile["year"], strict=True)]
    colours = [VERMILLION if s == bottleneck else BLUE for s in profile["stage"]]
    texts = [("no data" if pd.isna(h) else ("≥ " if pd.notna(ub) and ub > h + 0.5 else "") + f"{h:,.0f}")
             for h, ub in zip(profile["hhi"], profile.get("hhi_upper_bound", [None] * len(profile)), strict=False)]
    fig = go.Figure(go.Bar(x=labels, y=profile["hhi"].fillna(0).where(profile["hhi"].notna(), None),
                           marker_color=colours, text=texts, textposition="outside", cliponaxis=False,
                           name="HHI", showlegend=False, hovertemplate="%{x}: HHI %{y:,.0f}<extra></extra>"))
    # Reference lines are explained in the legend, not labelled on the plot, where a label would cover a bar.
    for level, dash in ((1000, "dot"), (1800, "dash")):
        fig.add_hline(y=level, line_dash=dash, line_color=GREY, line_width=1.5, layer="below")
    if bottleneck:
        legend_key(fig, "bottleneck stage (highest HHI)", VERMILLION)
        legend_key(fig, "other stages", BLUE)
    legend_key(fig, "1,000: moderately concentrated from here", GREY, line="dot")
    legend_key(fig, "1,800: highly concentrated above", GREY, line="dash")
    fig.update_layout(showlegend=True)
    fig.update_yaxes(title_text="HHI (0-10,000)", range=[0, 11500], tickformat=",")
    sub = (f"Bottleneck stage: {bottleneck}" if bottleneck else "") + \
        ". HHI over named countries; the 'other countries' remainder is not split, so HHI is a lower bound (≥)."
    finish(fig, title, sub.lstrip(". "))
    top = known.sort_values("hhi").iloc[-1]
    at_least = "at least " if pd.notna(top.get("hhi_upper_bound")) and top["hhi_upper_bound"] > top["hhi"] + 0.5 else ""
    key = (f"The {top['stage']} stage is the most concentrated: HHI {at_least}{top['hhi']:,.0f} ({top['hhi_band']}), "
           f"largest supplier {name_of(str(top['cr1_country_iso3']))} at {_fmt_pct(top['cr1_pct'])}.")
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), key, profile.reset_index(drop=True))


def share_by_stage(profile: pd.DataFrame, *, chart_id: str, title: str, source_line: str, source_ids: Sequence[str],
                   concern: str = "CHN", partner_label: str | None = None, note: str = "") -> Chart:
    """Concern-country share (and partner share, when given) at each stage, in %."""
    if profile["concern_share_pct"].isna().all() and (
            partner_label is None or profile.get("partner_share_pct", pd.Series(dtype=float)).isna().all()):
        return empty_chart(chart_id, title, "no share for any stage", source_line)
    labels = [f"{s} ({int(y)})" if pd.notna(y) else s for s, y in zip(profile["stage"], profile["year"], strict=True)]
    fig = go.Figure()
    fig.add_bar(x=labels, y=profile["concern_share_pct"], name=esc(name_of(concern)), marker_color=CONCERN_COLOUR,
                text=[_fmt_pct(v, qualifier=q) for v, q in zip(
                    profile["concern_share_pct"], profile.get("concern_qualifier", [""] * len(profile)), strict=True)],
                textposition="outside", cliponaxis=False)
    if partner_label is not None and "partner_share_pct" in profile:
        fig.add_bar(x=labels, y=profile["partner_share_pct"], name=wrap(partner_label, 45),
                    marker_color=PARTNER_COLOUR,
                    text=[_fmt_pct(v) for v in profile["partner_share_pct"]], textposition="outside",
                    cliponaxis=False)
    fig.add_hline(y=65, line_dash="dot", line_color=GREY, line_width=1.5, layer="below")
    legend_key(fig, "65 %: single-supplier benchmark (EU CRMA)", GREY, line="dot")
    fig.update_layout(barmode="group", showlegend=True)
    fig.update_yaxes(title_text="share of world, %", range=[0, 115], tickvals=[0, 20, 40, 60, 80, 100])
    finish(fig, title, "A bar marked 'no data' is missing because the source gives no figure."
           + (f" {note}" if note else ""))
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), rows=profile.reset_index(drop=True))


def reserves_vs_production_chart(table: pd.DataFrame, *, chart_id: str, title: str, source_line: str,
                                 source_ids: Sequence[str]) -> Chart:
    rows = table[(table["reserves_share_pct"].notna()) | (table["production_share_pct"].notna())].copy()
    rows = rows[rows["country_iso3"] != "OTH"]
    if rows.empty:
        return empty_chart(chart_id, title, "no reserve or production shares", source_line)
    rows["country"] = [name_of(c) for c in rows["country_iso3"]]
    rows = rows.sort_values("reserves_share_pct", ascending=False, na_position="last")
    fig = go.Figure()
    fig.add_bar(x=esc_all(rows["country"]), y=rows["reserves_share_pct"], name="share of world reserves, %",
                marker_color=BLUE)
    fig.add_bar(x=esc_all(rows["country"]), y=rows["production_share_pct"], name="share of world mine production, %",
                marker_color=ORANGE)
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="share of world, %", ticksuffix=" %")
    finish(fig, title, "A missing bar means the source gives no figure (e.g. reserves 'NA').")
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), rows=table.reset_index(drop=True))


def end_uses_chart(table: pd.DataFrame, *, chart_id: str, title: str, source_line: str,
                   source_ids: Sequence[str]) -> Chart:
    rows = table[table["share_pct"].notna()].copy()
    if rows.empty:
        return empty_chart(chart_id, title, "the sources name applications but give no shares", source_line)
    rows["label"] = [esc(f"{u} ({s}, {int(y)})")
                     for u, s, y in zip(rows["end_use"], rows["scope"], rows["year"], strict=True)]
    rows = rows.sort_values(["scope", "year", "share_pct"], ascending=[True, False, True])
    fig = go.Figure(go.Bar(x=rows["share_pct"], y=rows["label"], orientation="h", marker_color=GREEN,
                           text=[_fmt_pct(v, 0) for v in rows["share_pct"]], textposition="outside",
                           cliponaxis=False, hovertemplate="%{y}: %{x} %<extra></extra>"))
    fig.update_xaxes(title_text="share of consumption, %", ticksuffix=" %")
    finish(fig, title, "Scope and data year in brackets; shares as published.",
           height=max(340, 120 + 24 * len(rows)))
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), rows=table.reset_index(drop=True))


def _bar_label(importer: str, product: str, period: str) -> str:
    return esc(f"{importer} · {product or 'all forms'} · {period}")


def import_sources_chart(table: pd.DataFrame, *, chart_id: str, title: str, source_line: str,
                         source_ids: Sequence[str], concern: str = "CHN", partners: Iterable[str] = (),
                         note: str = "") -> Chart:
    """Stacked shares of an importer's import sources, one bar per importer/product/period; where a source
    ranks partners without shares, the bar row lists the ranks ('share not published') instead of a bar.
    The source's notes that change the reading (e.g. where imported compounds were mined) go in the
    subtitle."""
    table = table.copy()
    table["bar"] = [_bar_label(i, p, per) for i, p, per in
                    zip(table["importer_iso3"], table["product"], table["period"], strict=True)]
    rows = table[table["share_pct"].notna()]
    ranked_bars = [b for b in dict.fromkeys(table["bar"]) if table.loc[table["bar"] == b, "share_pct"].isna().all()]
    if rows.empty and not ranked_bars:
        return empty_chart(chart_id, title, "no import sources published for this selection", source_line)
    fig = go.Figure()
    partner_set = set(partners)
    for code in dict.fromkeys(rows["partner_iso3"]):
        part = rows[rows["partner_iso3"] == code]
        colour = (CONCERN_COLOUR if code == concern else PARTNER_COLOUR if code in partner_set
                  else OTHER_COLOUR if code == "OTH" else None)
        fig.add_bar(y=part["bar"], x=part["share_pct"], name=esc(name_of(code)), orientation="h",
                    marker_color=colour, text=[esc(f"{name_of(code)} {v:g} %") for v in part["share_pct"]],
                    textposition="inside", insidetextanchor="middle",
                    hovertemplate=esc_template(name_of(code)) + ": %{x} %<extra></extra>")
    for bar in ranked_bars:
        ranked = table[(table["bar"] == bar) & table["rank"].notna()].sort_values("rank")
        listed = " · ".join(f"{int(r)}. {name_of(c)}" for r, c in zip(ranked["rank"], ranked["partner_iso3"],
                                                                        strict=True))
        fig.add_bar(y=[bar], x=[0], orientation="h", showlegend=False, hoverinfo="skip", marker_color="#FFFFFF")
        fig.add_annotation(x=0, y=bar, xref="x", yref="y", xanchor="left", showarrow=False, font={"size": 12},
                           text=esc(f"ranked: {listed} (shares not published)"))
    for bar in dict.fromkeys(rows["bar"]):
        unshared = table[(table["bar"] == bar) & table["share_pct"].isna() & table["rank"].notna()].sort_values("rank")
        if unshared.empty:
            continue
        total = float(rows.loc[rows["bar"] == bar, "share_pct"].sum())
        listed = ", ".join(f"{int(r)}. {name_of(c)}" for r, c in zip(unshared["rank"], unshared["partner_iso3"],
                                                                       strict=True))
        fig.add_annotation(x=min(total, 60), y=bar, xref="x", yref="y", xanchor="left", xshift=6, showarrow=False,
                           font={"size": 11, "color": "#444444"},
                           text=esc(f"also ranked: {listed} (no share stated)"))
    notes = sorted({n for note in table.get("note", pd.Series(dtype=object)) for n in str(note).split("; ")
                    if n and n != "includes Hong Kong" and not n.startswith(("As above", "As reported"))
                    and "derived from" in n})
    # a label that does not fit its segment at a legible size is hidden (the legend and hover still name it),
    # never shrunk or laid over its neighbour
    fig.update_layout(barmode="stack", showlegend=True, legend={"traceorder": "normal"},
                      uniformtext={"minsize": 10, "mode": "hide"})
    fig.update_xaxes(title_text="share of imports, %", range=[0, 100], ticksuffix=" %")
    subtitle = "By quantity where USGS publishes it; India's shares and ranks as officially or publicly stated."
    if notes:
        subtitle += " USGS: " + " ".join(n.rstrip(".") + "." for n in notes)
    if note:
        subtitle += f" {note}"
    finish(fig, title, subtitle, height=max(300, 140 + 46 * table["bar"].nunique()))
    return Chart(chart_id, title, fig, source_line, tuple(source_ids),
                 rows=table.drop(columns=["bar"]).reset_index(drop=True))


def scenario_chart(before: pd.DataFrame, after: pd.DataFrame, *, chart_id: str, title: str, source_line: str,
                   source_ids: Sequence[str], threshold_pct: float = 65.0) -> Chart:
    """Shares before and after a what-if change (percent of world)."""
    merged = before[["country_iso3", "share_pct"]].merge(
        after[["country_iso3", "share_pct"]], on="country_iso3", how="outer", suffixes=("_before", "_after"))
    merged = merged[merged["country_iso3"] != "WLD"]
    if merged.empty:
        return empty_chart(chart_id, title, "no shares to change", source_line)
    merged["country"] = [name_of(c) for c in merged["country_iso3"]]
    merged = merged.sort_values("share_pct_after", ascending=False)
    fig = go.Figure()
    fig.add_bar(x=esc_all(merged["country"]), y=merged["share_pct_before"], name="before", marker_color=GREY)
    fig.add_bar(x=esc_all(merged["country"]), y=merged["share_pct_after"], name="after", marker_color=BLUE)
    fig.add_hline(y=threshold_pct, line_dash="dot", line_color=VERMILLION, line_width=1.5, layer="below")
    legend_key(fig, f"{threshold_pct:g} %: single-supplier threshold", VERMILLION, line="dot")
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="share of world, %", ticksuffix=" %", range=[0, 100])
    finish(fig, title, "What-if arithmetic on the published figures: s'_i = (Q_i + dQ_i) / (Q + sum dQ).")
    return Chart(chart_id, title, fig, source_line, tuple(source_ids),
                 rows=merged.drop(columns=["country"]).reset_index(drop=True))


def _label_places(rows: pd.DataFrame) -> dict[object, str]:
    """Where each point's label goes so that labels of one year never sit on each other: the highest value
    of the year above its point, the lowest below, any between to the right.

    >>> _label_places(pd.DataFrame({"year": [2025, 2025, 2024], "value_pct": [95.0, 100.0, 80.0]}))
    {1: 'top center', 0: 'bottom center', 2: 'top center'}
    """
    places: dict[object, str] = {}
    for _, part in rows.groupby("year", sort=False):
        ordered = part.sort_values("value_pct", ascending=False, kind="stable").index.tolist()
        for rank, index in enumerate(ordered):
            places[index] = "top center" if rank == 0 else "bottom center" if rank == len(ordered) - 1 \
                else "middle right"
    return places


def import_reliance_lines(frame: pd.DataFrame, *, chart_id: str, title: str, source_line: str,
                          source_ids: Sequence[str]) -> Chart:
    """Import reliance by year (%), one line per importer and product; qualifiers kept on the labels.
    Columns used: importer_iso3, product, year, value_pct, qualifier."""
    known_rows = frame[frame["value_pct"].notna()]
    if known_rows.empty:
        return empty_chart(chart_id, title, "no import-reliance figure", source_line)
    fig = go.Figure()
    colours = {"USA": BLUE, "IND": ORANGE}
    places = _label_places(known_rows)
    for (importer, product), part in known_rows.groupby(["importer_iso3", "product"], sort=False):
        label = name_of(str(importer)) + (f" ({product})" if product else "")
        fig.add_scatter(x=part["year"], y=part["value_pct"], mode="lines+markers+text", name=esc(label),
                        line={"color": colours.get(str(importer)), "dash": "solid" if not product else "dot"},
                        text=[f"{q}{v:g} %" for q, v in zip(part["qualifier"], part["value_pct"], strict=True)],
                        textposition=[places[i] for i in part.index],
                        hovertemplate=esc_template(label) + " %{x}: %{text}<extra></extra>")
    fig.update_yaxes(title_text="import reliance, % of apparent consumption", range=[0, 110], ticksuffix=" %")
    fig.update_xaxes(title_text="year", dtick=1)
    finish(fig, title, "'>50 %' is a lower bound as published (plotted at 50); the US figures are USGS net "
           "import reliance; India's are official statements of import dependence.")
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), rows=frame.reset_index(drop=True))


def country_profile_bars(profile: pd.DataFrame, *, chart_id: str, title: str, source_line: str,
                         source_ids: Sequence[str]) -> Chart:
    """One country's (or bloc's) share of world supply per mineral, one bar per stage (%).
    Columns used: mineral (display name), stage, share_pct."""
    rows = profile[profile["share_pct"].notna()] if not profile.empty else profile
    if rows.empty:
        return empty_chart(chart_id, title, "the sources list no figure for this selection", source_line)
    fig = go.Figure()
    for stage, colour in (("mine", BLUE), ("refinery", ORANGE), ("reserves", GREEN)):
        part = rows[rows["stage"] == stage]
        fig.add_bar(x=esc_all(part["mineral"]), y=part["share_pct"], name=stage, marker_color=colour,
                    text=[_fmt_pct(v) for v in part["share_pct"]], textposition="outside", cliponaxis=False)
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="share of world, %", ticksuffix=" %", rangemode="tozero")
    finish(fig, title, "Missing bars: the source gives no figure (see the table below).")
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), rows=profile.reset_index(drop=True))


def price_lines(frame: pd.DataFrame, *, chart_id: str, title: str, source_line: str,
                source_ids: Sequence[str]) -> Chart:
    """Annual average prices by series (one unit); estimated years drawn with open markers.
    Columns used: series, year, value, unit, status."""
    known = frame[frame["value"].notna()]
    if known.empty:
        return empty_chart(chart_id, title, "USGS publishes no price series for this mineral", source_line)
    fig = go.Figure()
    for series, part in known.groupby("series", sort=False):
        estimated = part["status"].eq("estimated")
        fig.add_scatter(x=part["year"], y=part["value"], mode="lines+markers", name=wrap(str(series), 60),
                        marker={"symbol": ["circle-open" if e else "circle" for e in estimated], "size": 8},
                        hovertemplate=f"{esc_template(series)}<br>%{{x}}: %{{y:,}}<extra></extra>")
    unit = str(known["unit"].iloc[0])
    fig.update_yaxes(title_text=esc(unit), tickformat=",", rangemode="tozero")
    fig.update_xaxes(title_text="year", dtick=1)
    fig.update_layout(legend={"orientation": "v", "y": 1.0, "x": 1.02, "yanchor": "top", "xanchor": "left"})
    finish(fig, title, "Annual averages as USGS publishes them (nominal); open markers: estimated year.",
           height=max(380, 200 + 22 * known["series"].nunique()))
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), rows=frame.reset_index(drop=True))
