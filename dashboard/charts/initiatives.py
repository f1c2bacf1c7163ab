"""Figures of the Initiatives page: who belongs to what at a date (a membership matrix) and when each
initiative ran (a timeline). The rows are chosen in ``catalog``. No Streamlit, no file I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.countries import name_of
from dashboard.text import plotly as esc
from dashboard.text import plotly_all as esc_all

from .figures import empty_chart
from .registry import Chart
from .style import BLUE, SKY, finish, legend_key, wrap


def membership_matrix(matrix: pd.DataFrame, *, chart_id: str, title: str, source_line: str,
                      source_ids: Sequence[str]) -> Chart:
    """Heatmap: initiative (rows) x country (columns), 1 = member at the date."""
    if matrix.empty:
        return empty_chart(chart_id, title, "no initiative has members for this selection", source_line)
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(dtype=float), x=[esc(name_of(c)) for c in matrix.columns],
        y=[wrap(n, 42) for n in matrix.index],
        colorscale=[[0, "#F2F2F2"], [1, BLUE]], showscale=False, xgap=1, ygap=1,
        hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
    ))
    legend_key(fig, "member (any role) at the date", BLUE)
    legend_key(fig, "not a member, or not recorded", "#F2F2F2")
    fig.update_layout(showlegend=True, legend={"y": -0.02, "yanchor": "top"})
    fig.update_xaxes(tickangle=-60, side="top", dtick=1, tickfont={"size": 10})
    fig.update_yaxes(dtick=1, tickfont={"size": 10})
    two_lines = any(len(str(n)) > 42 for n in matrix.index)
    finish(fig, title, "Only sourced memberships.",
           height=max(360, 140 + (28 if two_lines else 22) * len(matrix)))
    longest = max((len(name_of(c)) for c in matrix.columns), default=0)
    fig.update_layout(meta={**fig.layout.meta, "top_labels": int(6.2 * longest * 0.87) + 16})  # labels at -60°
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), rows=matrix.reset_index())


def timeline_chart(initiatives: pd.DataFrame, *, chart_id: str, title: str, source_line: str,
                   source_ids: Sequence[str], today: pd.Timestamp) -> Chart:
    """Initiatives from start to end (open-ended ones run to ``today``, drawn lighter)."""
    if initiatives.empty:
        return empty_chart(chart_id, title, "no initiatives for this selection", source_line)
    rows = initiatives.sort_values("start_date", ascending=False)
    fig = go.Figure()
    for ended, colour, label in ((True, BLUE, "ended"), (False, SKY, "running")):
        part = rows[rows["end_date"].notna() == ended]
        xs: list[object] = []
        ys: list[object] = []
        texts: list[object] = []
        for _, row in part.iterrows():
            end = row["end_date"] if ended else today
            span = (f"{esc(row['name'])}<br>{row['start_date'].date()} – "
                    f"{row['end_date'].date() if ended else 'running'}")
            xs += [row["start_date"], end, None]
            ys += [esc(row["name"]), esc(row["name"]), None]
            texts += [span, span, None]
        if xs:
            fig.add_scatter(x=xs, y=ys, mode="lines+markers", name=label, line={"color": colour, "width": 6},
                            marker={"size": 7}, text=texts, hovertemplate="%{text}<extra></extra>")
    fig.update_yaxes(categoryorder="array", categoryarray=esc_all(rows["name"])[::-1])
    fig.update_xaxes(title_text="date", type="date")
    fig.update_yaxes(automargin=True, tickfont={"size": 11})
    finish(fig, title, "Dark: ended; light: running (to today). Dates as precise as the source.",
           height=max(380, 120 + 20 * len(rows)))
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), rows=initiatives.reset_index(drop=True))
