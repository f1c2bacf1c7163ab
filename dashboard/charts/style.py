"""The look shared by every figure: a colour-blind-safe palette (Okabe-Ito, Cividis), an explicit template
(so the browser and the exporter draw the same thing), and titles with units.

Belongs here: colours, fonts, margins and the title block. Source lines are not drawn here: a chart
carries its source line as a field, printed under the chart on screen and inside the figure by the
exporter (``export.decorate``).
"""

from __future__ import annotations

import html
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
    legend. The title and subtitle are also kept in ``layout.meta`` as written (see :func:`chart_heading`):
    the screen prints them as text above the figure, where they wrap to any width."""
    title_text = wrap(title, 75)
    sub_text = wrap(subtitle, 110)
    lines = title_text.count("<br>") + (sub_text.count("<br>") + 1 if subtitle else 0)
    legend = 30 if _has_legend(fig) else 0
    fig.update_layout(
        template=TEMPLATE,
        title={"text": f"<b>{title_text}</b>" + (
            f"<br><span style='font-size:12px;color:#555'>{sub_text}</span>" if subtitle else "")},
        margin={"l": 10, "r": 20, "t": 60 + 18 * lines + legend, "b": BELOW_AXIS},
        height=height,
        meta={"title": escape(title), "subtitle": escape(subtitle)},  # data text: escaped like any figure text
    )
    return fig


def _has_legend(fig: go.Figure) -> bool:
    shown = [t for t in fig.data if t.showlegend is not False]
    return fig.layout.showlegend is not False and (len(shown) > 1 or fig.layout.showlegend is True)


def chart_heading(fig: go.Figure) -> tuple[str, str] | None:
    """(title, subtitle) of a figure made by :func:`finish`, as written (the figure keeps them escaped), or
    None.

    >>> chart_heading(finish(go.Figure(), "Cobalt <b>x</b> & $y", "a > b"))
    ('Cobalt <b>x</b> & $y', 'a > b')
    """
    meta = fig.layout.meta
    if isinstance(meta, dict) and "title" in meta:
        return html.unescape(str(meta["title"])), html.unescape(str(meta.get("subtitle") or ""))
    return None


#: Room at the top of a figure on screen for the toolbar (it appears over the top right corner).
TOOLBAR_ROOM = 34
#: Annotations with this name are for static exports only (say, the numbered key of the events).
EXPORT_ONLY = "export only"


def screen_figure(fig: go.Figure) -> go.Figure:
    """The figure as the screen draws it: no title inside (the page prints it above, where it wraps), the
    legend as a list above the plot with room for the toolbar over it (a list's height does not depend on
    the screen's width, so the toolbar never sits on it, on a phone either), no export-only annotations (nor
    the room they took on the right: ``meta``'s ``export_right``), the plot area as tall as in the export.
    A copy: ``fig`` is not changed."""
    screen = go.Figure(fig)
    meta = screen.layout.meta if isinstance(screen.layout.meta, dict) else {}
    annotations = [a for a in screen.layout.annotations if a.name != EXPORT_ONLY]
    margin = screen.layout.margin
    old_top, old_right = int(margin.t or 0), int(margin.r or 0)
    top = TOOLBAR_ROOM
    if screen.layout.xaxis.side == "top":  # tick labels above the plot go under the toolbar's room
        top += int(meta.get("top_labels", 24))
    if _has_legend(screen) and not (isinstance(screen.layout.legend.y, (int, float)) and screen.layout.legend.y < 1):
        lines = sum(1 + str(t.name or "").count("<br>") for t in screen.data if t.showlegend is not False)
        top += LEGEND_LINE * lines + 6
        screen.update_layout(legend={"orientation": "v", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                                     "yref": "paper"})
    right = int(meta.get("export_right", 0))
    screen.layout.annotations = annotations  # assigned: an update with an empty list would change nothing
    screen.update_layout(title_text="",
                         margin={"t": top, "l": margin.l, "r": old_right - right, "b": margin.b})
    if meta.get("colorbar_below"):
        screen.update_traces(colorbar={"title": {"text": str(meta["colorbar_below"]), "side": "top"},
                                       "orientation": "h", "thickness": 12, "x": 0, "xanchor": "left", "y": -0.04,
                                       "yanchor": "top", "len": 1.0})
        screen.update_layout(margin={"b": 90}, height=(screen.layout.height or 460) + 60)
    if screen.layout.height:
        change = top - old_top
        screen.update_layout(height=max(240, int(screen.layout.height) + change))
    return screen


#: Height of one legend line on screen (11 px text).
LEGEND_LINE = 19


def legend_key(fig: go.Figure, name: str, colour: str, *, line: str | None = None) -> None:
    """A legend entry that explains a colour (``line`` None: a square) or a reference line (``line`` a
    dash style), without drawing any data."""
    if line is None:
        fig.add_scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                        marker={"symbol": "square", "size": 12, "color": colour})
    else:
        fig.add_scatter(x=[None], y=[None], mode="lines", name=name, hoverinfo="skip",
                        line={"color": colour, "dash": line, "width": 2})
