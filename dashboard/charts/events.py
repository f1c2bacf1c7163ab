"""The trend chart with a readable event layer: events grouped by year and kind, each group one numbered
marker on a strip above the trend (a row per kind, on the same year axis), the titles on hover, and a
numbered key next to the figure in static exports (the screen shows the numbered table under the chart).

Belongs here: grouping events for a figure and drawing the trend. No Streamlit, no file I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.text import plotly as esc

from .figures import empty_chart
from .registry import Chart
from .style import BLUE, EXPORT_ONLY, GREEN, GREY, ORANGE, PINK, SKY, VERMILLION, finish, wrap

#: Event kinds in the order of the strip's rows (top first), with their words and colours.
KINDS: dict[str, tuple[str, str]] = {
    "export_control": ("export controls", VERMILLION),
    "initiative_launch": ("initiative launches", BLUE),
    "policy": ("policy", PINK),
    "diplomatic": ("diplomacy", SKY),
}
#: The exported key: one line per group (its number, year, kind, count and first title, shortened to fit: the
#: table under the chart on screen and the chart's CSV give every title in full), and the room it takes on
#: the right. One line per group keeps the key inside a figure only 440 px tall (the PDF pack's charts).
KEY_WIDTH = 54
KEY_ROOM = 350


def kind_words(kind: str) -> str:
    return KINDS.get(kind, (kind.replace("_", " "), GREY))[0]


def group_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events (``metrics.events_by_year``) with the number of their group: one group per year and kind,
    numbered in time order (then by kind, in the strip's order).

    >>> e = pd.DataFrame({"year": [2023, 2023, 2025], "date": pd.to_datetime(["2023-07-03", "2023-08-01",
    ...                   "2025-02-13"]), "kind": ["export_control", "export_control", "initiative_launch"],
    ...                   "title": ["a", "b", "c"]})
    >>> list(group_events(e)["group"])
    [1, 1, 2]
    """
    if events.empty:
        return events.assign(group=pd.Series(dtype="int64"))
    order = {kind: index for index, kind in enumerate(KINDS)}
    keys = sorted({(int(y), order.get(str(k), len(order)), str(k)) for y, k in zip(events["year"], events["kind"],
                                                                                   strict=True)})
    number = {(year, kind): index + 1 for index, (year, _, kind) in enumerate(keys)}
    grouped = events.copy()
    grouped["group"] = [number[(int(y), str(k))] for y, k in zip(events["year"], events["kind"], strict=True)]
    return grouped.sort_values(["group", "date"]).reset_index(drop=True)


def _groups(grouped: pd.DataFrame) -> list[dict[str, object]]:
    out = []
    for number, part in grouped.groupby("group", sort=True):
        kind = str(part["kind"].iloc[0])
        titles = [f"{d.date().isoformat()} {t}" for d, t in zip(part["date"], part["title"], strict=True)]
        out.append({"group": int(str(number)), "year": int(part["year"].iloc[0]), "kind": kind, "count": len(part),
                    "titles": titles})
    return out


def _key_line(group: dict[str, object]) -> str:
    """One line of the key.

    >>> _key_line({"group": 3, "year": 2025, "kind": "export_control", "count": 2,
    ...            "titles": ["2025-10-09 China expands rare-earth export controls to technologies", "x"]})
    '<b>3</b> 2025 export controls: China expands rare-earth e… (+1)'
    """
    titles = list(group["titles"])  # type: ignore[call-overload]
    more = f" (+{len(titles) - 1})" if len(titles) > 1 else ""
    head = f"{group['year']} {kind_words(str(group['kind']))}: "
    room = KEY_WIDTH - len(head) - len(more)
    first = str(titles[0])[11:] if titles else ""
    shown = first if len(first) <= room else first[:room - 1].rstrip() + "…"
    return f"<b>{group['group']}</b> " + esc(f"{head}{shown}{more}")


def _key_text(groups: Sequence[dict[str, object]]) -> str:
    return "<br>".join(["<b>Events, numbered as on the strip</b>", *(_key_line(g) for g in groups)])


def trend_chart(trend: pd.DataFrame, events: pd.DataFrame, *, chart_id: str, title: str, source_line: str,
                source_ids: Sequence[str]) -> Chart:
    """HHI by year (left axis) and world output and capacity where published (right axis, t), with the
    events on a strip above: one numbered marker per year and kind (the number of events in the hover and
    the key)."""
    if trend.empty:
        return empty_chart(chart_id, title, "no years with data", source_line)
    fig = go.Figure()
    hhi_rows = trend[trend["hhi"].notna()]
    fig.add_scatter(x=hhi_rows["year"], y=hhi_rows["hhi"], mode="lines+markers", name="HHI (left)",
                    line={"color": BLUE, "width": 3}, hovertemplate="%{x}: HHI %{y:,.0f}<extra></extra>")
    if "world_total_t" in trend:
        prod = trend[trend["world_total_t"].notna()]
        fig.add_scatter(x=prod["year"], y=prod["world_total_t"], mode="lines+markers", yaxis="y2",
                        name="world production, t (right)", line={"color": GREEN, "dash": "solid"},
                        hovertemplate="%{x}: %{y:,.0f} t<extra></extra>")
    if "world_capacity_t" in trend:
        cap = trend[trend["world_capacity_t"].notna()]
        if not cap.empty:
            projected = cap["status"].fillna("").eq("") | cap["year"].ge(2025)
            fig.add_scatter(x=cap["year"], y=cap["world_capacity_t"], mode="lines+markers", yaxis="y2",
                            name="world capacity, t (right; 2025-29 projected)",
                            line={"color": ORANGE, "dash": "dash"},
                            marker={"symbol": ["diamond-open" if p else "diamond" for p in projected]},
                            hovertemplate="%{x}: %{y:,.0f} t<extra></extra>")
    groups = _groups(group_events(events)) if not events.empty else []
    kinds_present = [k for k in KINDS if any(g["kind"] == k for g in groups)] + sorted(
        {str(g["kind"]) for g in groups} - set(KINDS))
    for kind in kinds_present:
        mine = [g for g in groups if g["kind"] == kind]
        words, colour = KINDS.get(kind, (esc(kind_words(kind)), GREY))
        fig.add_scatter(
            x=[g["year"] for g in mine], y=[words] * len(mine), yaxis="y3", mode="markers+text",
            name=f"{words} (events)", showlegend=False,
            # one size for every marker: a year is ~17 px wide on a phone, so markers never overlap; the count is
            # in the hover and the key
            marker={"size": 16, "color": colour, "line": {"color": "#FFFFFF", "width": 1}},
            text=[str(g["group"]) for g in mine], textfont={"color": "#FFFFFF", "size": 10},
            customdata=[f"{g['year']}, {words}: {g['count']} event(s)<br>" + "<br>".join(
                wrap(str(t), 80) for t in list(g["titles"])[:8])  # type: ignore[call-overload]
                + ("<br>…" if int(str(g["count"])) > 8 else "") for g in mine],
            hovertemplate="%{customdata}<extra></extra>")
    years = [int(y) for y in trend["year"]] + [int(str(g["year"])) for g in groups]
    strip = min(0.36, 0.09 * len(kinds_present) + 0.04) if groups else 0.0
    fig.update_layout(
        yaxis={"title_text": "HHI (0-10,000)", "range": [0, 10500], "tickformat": ",", "domain": [0, 1 - strip - 0.04]},
        yaxis2={"title_text": "t of contained content", "overlaying": "y", "side": "right", "tickformat": ",.0f",
                "rangemode": "tozero", "showgrid": False, "tickmode": "auto", "nticks": 6},
        xaxis={"title_text": "year", "dtick": 1, "range": [min(years) - 0.5, max(years) + 0.5]},
    )
    if groups:
        fig.update_layout(yaxis3={"domain": [1 - strip, 1], "type": "category", "anchor": "x",
                                  "categoryorder": "array", "categoryarray": [KINDS.get(k, (k, ""))[0]
                                                                              for k in kinds_present][::-1],
                                  "showgrid": True, "tickfont": {"size": 11}, "fixedrange": True,
                                  "range": [-0.6, len(kinds_present) - 0.4]})
        fig.add_annotation(text=_key_text(groups), name=EXPORT_ONLY, xref="paper", yref="paper", x=1, y=1,
                           xshift=84, xanchor="left", yanchor="top", align="left", showarrow=False,
                           font={"size": 9, "color": "#333333"})
    subtitle = ("HHI from country figures; 2025-2029 are World Minerals Outlook capacity projections (world only, "
                "so no HHI). Top strip: policy events by year and kind, numbered and listed (hover, the key or the "
                "table).")
    finish(fig, title, subtitle, height=460 + 42 * len(kinds_present))
    if groups:
        fig.update_layout(margin={"r": KEY_ROOM}, meta={**fig.layout.meta, "export_right": KEY_ROOM - 20})
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), rows=trend.reset_index(drop=True))
