"""The landing chart: where China's grip lies, at a glance: China's share of world supply for every
selected mineral (rows) and stage (columns), the partner's share beside it, the data year in every cell.

Belongs here: the figure. The rows are chosen in ``catalog.china_grip``. No Streamlit, no file I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.text import plotly as esc
from dashboard.vocabulary import STAGE_NAMES

from .figures import empty_chart
from .registry import Chart
from .style import finish, wrap


def _pct(value: object, qualifier: object = "") -> str:
    """A share for a cell, with its published bound.

    >>> _pct(75.0, ">"), _pct(float("nan")), _pct(None)
    ('>75 %', 'no data', 'no data')
    """
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:  # NaN != NaN
        return "no data"
    bound = {"<": "&lt;", ">": ">"}.get(qualifier, "") if isinstance(qualifier, str) else ""  # plotly text is HTML
    return f"{bound}{float(value):.0f} %"


def grip_heatmap(rows: pd.DataFrame, *, chart_id: str, title: str, source_line: str, source_ids: Sequence[str],
                 partner_label: str | None = None, note: str = "") -> Chart:
    """Heatmap of China's share (0-100 %, one colour scale with its bar) by mineral and stage; each cell
    says China's share, the partner's share when one is chosen, and the data year. A cell with no figure
    is left blank and says "no data". Columns used: mineral (display name), stage, year, concern_share_pct,
    partner_share_pct (optional)."""
    if rows.empty or rows["concern_share_pct"].isna().all():
        return empty_chart(chart_id, title, "no share of China for any selected mineral and stage", source_line)
    minerals = list(dict.fromkeys(rows["mineral"]))
    partner_word = esc(partner_label) if partner_label and len(partner_label) <= 14 else "partner"
    stages = list(dict.fromkeys(rows["stage"]))
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    for mineral in minerals:
        z_row: list[float | None] = []
        text_row: list[str] = []
        for stage in stages:
            found = rows[(rows["mineral"] == mineral) & (rows["stage"] == stage)]
            row = found.iloc[0] if not found.empty else None
            share = None if row is None or pd.isna(row["concern_share_pct"]) else float(row["concern_share_pct"])
            z_row.append(share)
            lines = [f"<b>China {_pct(share, '' if row is None else row.get('concern_qualifier', ''))}</b>"]
            if partner_label is not None and row is not None:
                lines.append(f"{partner_word} {_pct(row.get('partner_share_pct'))}")
            if row is not None and pd.notna(row["year"]):
                lines.append(f"({int(row['year'])})")
            text_row.append("<br>".join(lines))
        z.append(z_row)
        text.append(text_row)
    fig = go.Figure(go.Heatmap(
        z=z, x=[STAGE_NAMES.get(s, s) for s in stages], y=[wrap(m, 8) for m in minerals], text=text,
        texttemplate="%{text}", textfont={"size": 11}, colorscale="Cividis", reversescale=True, zmin=0, zmax=100,
        xgap=3, ygap=3, hovertemplate="%{y}, %{x}: China %{z:.1f} %<extra></extra>",
        colorbar={"title": {"text": "China, %"}, "ticksuffix": " %", "thickness": 14},
    ))
    fig.update_xaxes(side="top", tickfont={"size": 13})
    fig.update_yaxes(autorange="reversed", tickfont={"size": 12})
    parts = ["Darker: a larger share of world supply held by China. Data year in brackets (each stage has its own)."]
    if partner_label:
        parts.append(f"Partner: {partner_label}.")
    if note:
        parts.append(note)
    finish(fig, title, " ".join(parts), height=170 + 78 * len(minerals))
    # on screen the colour bar lies under the cells, so that three stages fit side by side on a phone
    fig.update_layout(meta={**fig.layout.meta, "colorbar_below": "China's share of world supply"})
    return Chart(chart_id, title, fig, source_line, tuple(source_ids), rows=rows.reset_index(drop=True))
