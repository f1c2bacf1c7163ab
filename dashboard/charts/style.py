"""The look shared by every figure: a colour-blind-safe palette (Okabe-Ito, Cividis), an explicit template
(so the browser and the exporter draw the same thing), and titles with units.

Belongs here: colours, fonts, margins and the title block. Source lines are not drawn here: a chart
carries its source line as a field, printed under the chart on screen and inside the figure by the
exporter (``export.decorate``).
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from dashboard.text import plotly as escape

#: Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, PINK, SKY, VERMILLION, YELLOW, BLACK = OKABE_ITO
GREY = "#8C8C8C"
CONCERN_COLOUR = VERMILLION
PARTNER_COLOUR = BLUE
OTHER_COLOUR = "#BBBBBB"
#: Behind the labels of reference lines, so that they stay legible where they cross a bar.
LABEL_BACKGROUND = "rgba(255,255,255,0.85)"
#: Room below the plot for tick labels and an axis title.
BELOW_AXIS = 58

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": "Arial, Helvetica, sans-serif", "size": 13, "color": "#222222"},
        title={"font": {"size": 17}, "x": 0.0, "xanchor": "left", "y": 0.97, "yanchor": "top"},
        colorway=OKABE_ITO,
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        xaxis={"gridcolor": "#E6E6E6", "zerolinecolor": "#999999", "linecolor": "#999999", "automargin": True},
        yaxis={"gridcolor": "#E6E6E6", "zerolinecolor": "#999999", "linecolor": "#999999", "automargin": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0.0,
                "font": {"size": 11}},
        hoverlabel={"font": {"family": "Arial, Helvetica, sans-serif"}},
        coloraxis={"colorscale": "Cividis"},
    )
)


def wrap(text: str, width: int) -> str:
    """Plain text as Plotly text, with line breaks at ``width`` characters (figure text cannot wrap by
    itself): each line is escaped (``text.plotly``), so whatever the text holds shows as written.

    >>> wrap("a b c", 3)
    'a b<br>c'
    >>> wrap("<a href='x'>y</a>", 80)
    "&lt;a href='x'&gt;y&lt;/a&gt;"
    """
    return "<br>".join(escape(line) for line in textwrap.wrap(text, width)) if text else ""


def finish(fig: go.Figure, title: str, subtitle: str = "", height: int = 460) -> go.Figure:
    """Apply the template, the title (with units) and the subtitle (plain text, escaped here); leave room for a
    legend."""
    title_text = wrap(title, 75)
    sub_text = wrap(subtitle, 110)
    lines = title_text.count("<br>") + (sub_text.count("<br>") + 1 if subtitle else 0)
    legend = 30 if fig.layout.showlegend is not False and len(fig.data) > 1 else 0
    fig.update_layout(
        template=TEMPLATE,
        title={"text": f"<b>{title_text}</b>" + (
            f"<br><span style='font-size:12px;color:#555'>{sub_text}</span>" if subtitle else "")},
        margin={"l": 10, "r": 20, "t": 60 + 18 * lines + legend, "b": BELOW_AXIS},
        height=height,
    )
    return fig
