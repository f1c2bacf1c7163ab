"""Charts: the registry of mineral charts (``registry``), their builders (``catalog``), the figures
(``figures``) and the shared look (``style``). No Streamlit, no file I/O.

Every chart is a frozen :class:`Chart`; a mineral chart is built through the registry by its id
(``build``/``chart_for``), once per process for the same arguments.
"""

from . import catalog as catalog
from .figures import empty_chart
from .registry import REGISTRY, Chart, ChartArgs, ChartSpec, args_for, build, chart_for, register
from .style import (
    BLUE,
    CONCERN_COLOUR,
    GREEN,
    GREY,
    OKABE_ITO,
    ORANGE,
    PARTNER_COLOUR,
    TEMPLATE,
    VERMILLION,
    chart_heading,
    screen_figure,
)

__all__ = [
    "BLUE",
    "CONCERN_COLOUR",
    "GREEN",
    "GREY",
    "OKABE_ITO",
    "ORANGE",
    "PARTNER_COLOUR",
    "REGISTRY",
    "TEMPLATE",
    "VERMILLION",
    "Chart",
    "ChartArgs",
    "ChartSpec",
    "args_for",
    "build",
    "catalog",
    "chart_for",
    "chart_heading",
    "empty_chart",
    "register",
    "screen_figure",
]
