"""Downloads for briefings: what every exported file states about its view (filters, date, permalink),
each chart as PNG, SVG, PDF and CSV, and writing files safely.

Every exported figure carries its title, the active filters, the source line with edition (the chart's
``source_line``, derived from source ids), the export date and a permalink to the view. The packs are in
``pack``; the browser that renders them is in ``exporter``.

Belongs here: decorating a chart for export and writing bytes. Does not belong here: choosing rows
(``charts.catalog``), Streamlit.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pandas as pd
import plotly.graph_objects as go

from dashboard import proc
from dashboard.charts import TEMPLATE, Chart
from dashboard.charts.style import BELOW_AXIS, wrap
from dashboard.exporter import Exporter, ExportError, shared_exporter
from dashboard.filters import Selection, describe
from dashboard.text import plotly as escape

DEFAULT_BASE_URL = "http://127.0.0.1:8501"
#: The public address of the dashboard, used in every permalink of an export (set it where the dashboard
#: is served to others, e.g. https://minerals.example.org); without it the page's own address is used.
BASE_URL_ENV = "DASHBOARD_BASE_URL"
CHART_FORMATS = ("png", "svg", "pdf", "csv")
PACK_FORMATS = ("pdf", "pptx", "zip")
#: slide-sized PNG: 1600 x 900 CSS pixels at 2x
PNG_SIZE = (1600, 900, 2)
#: PDF pages: A4 landscape proportions, in CSS pixels (kaleido maps them to PDF points)
PAGE_SIZE = (1403, 992)
MIME = {"pdf": "application/pdf", "png": "image/png", "svg": "image/svg+xml", "csv": "text/csv",
        "zip": "application/zip",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}

Progress = Callable[[float, str], None]

__all__ = ["ExportError", "Exporter", "shared_exporter"]


# -- context: filters, permalink, date -------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What every exported file states about the view it came from."""

    filters_text: str
    permalink: str
    exported: dt.date
    title: str


def permalink(selection: Selection, page: str = "minerals", base_url: str = DEFAULT_BASE_URL) -> str:
    """The link that reopens the view.

    >>> s = Selection(("lithium",), "IND", None, (), None, "mine", None, dt.date(2026, 2, 4),
    ...               frozenset({"IND"}), "India", default_minerals=("lithium", "cobalt"))
    >>> permalink(s, "minerals", "http://127.0.0.1:8501")
    'http://127.0.0.1:8501/minerals?mineral=lithium&partner=IND'
    """
    query = urlencode(selection.to_query(), doseq=True)
    return f"{base_url.rstrip('/')}/{page}" + (f"?{query}" if query else "")


def public_base_url(page_url: str | None = None, setting: str | None = None) -> str:
    """The address permalinks start with: ``setting`` (``--base-url``), else ``DASHBOARD_BASE_URL``, else the
    origin of the page being viewed, else the local default.

    >>> public_base_url("http://10.0.0.5:8501/minerals?mineral=lithium", "")
    'http://10.0.0.5:8501'
    >>> public_base_url(None, "https://minerals.example.org/dash/")
    'https://minerals.example.org/dash'
    """
    chosen = (setting if setting is not None else os.environ.get(BASE_URL_ENV, "")).strip()
    if chosen:
        parsed = urlparse(chosen)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ExportError(f"the base URL must start with http:// or https:// and name a host, not {chosen!r}")
        return chosen.rstrip("/")
    if page_url:
        parsed = urlparse(page_url)
        if parsed.scheme in ("http", "https") and parsed.netloc:
            return f"{parsed.scheme}://{parsed.netloc}"
    return DEFAULT_BASE_URL


def make_context(selection: Selection, mineral_names: Mapping[str, str], *, page: str = "minerals",
                 base_url: str | None = None, today: dt.date | None = None) -> Context:
    minerals = ", ".join(mineral_names.get(m, m) for m in selection.minerals)
    label = selection.partner_label
    title = f"Critical minerals briefing: {minerals}" + (f", with {label}" if label else "")
    return Context(describe(selection, mineral_names),
                   permalink(selection, page, public_base_url() if base_url is None else base_url),
                   today or dt.date.today(), title)


# -- spreadsheet-safe CSV ---------------------------------------------------------------------------


def _neutral(value: object) -> object:
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def safe_csv(frame: pd.DataFrame, preamble: Sequence[str] = ()) -> bytes:
    """CSV that is safe to open in a spreadsheet: text cells and headers starting with = + - @ (or a
    tab/CR) get a leading apostrophe so they are not run as formulas; numbers stay numbers, at full
    precision. ``preamble`` lines come first, each as a ``#`` comment line (``pandas.read_csv(...,
    comment="#")`` skips them; see :func:`comment_line`).

    >>> safe_csv(pd.DataFrame({"a": ["=1+1", "x"], "=b": [-1.5, 2]})).decode()
    "a,'=b\\n'=1+1,-1.5\\nx,2.0\\n"
    >>> safe_csv(pd.DataFrame({"a": [1]}), ["Filters: Lithium"]).decode()
    '# Filters: Lithium\\na\\n1\\n'
    >>> safe_csv(pd.DataFrame({"=cmd|' /C calc'!A0": [1]})).decode()
    "'=cmd|' /C calc'!A0\\n1\\n"
    """
    out = frame.copy()
    out.columns = [_neutral(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_neutral)
    buffer = io.StringIO()
    for line in preamble:
        buffer.write(comment_line(line) + "\n")
    out.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")


def comment_line(text: str) -> str:
    """One ``#`` line of a CSV's header block, on one line, safe where a spreadsheet splits it at its
    commas: a piece that would start with = + - @ gets an apostrophe.

    >>> comment_line("Filters: a, =HYPERLINK(x)\\nnext")
    "# Filters: a, '=HYPERLINK(x) next"
    """
    flat = " ".join(text.replace("\t", " ").split())
    pieces = flat.split(",")
    safe = [pieces[0]] + [(" " if p.startswith(" ") else "") + str(_neutral(p.lstrip())) for p in pieces[1:]]
    return "# " + ",".join(safe)


def table_preamble(title: str, context: Context, cited: Sequence[tuple[str, str]]) -> list[str]:
    """The header block of a table's CSV: what it is, the filters, the date and the link to the view, and
    the full citation of every source id its rows cite."""
    lines = [title, f"Filters: {context.filters_text}", f"Exported: {context.exported.isoformat()}",
             f"View: {context.permalink}",
             "Figures at full precision as published; empty cells: no data (no source gives the figure)."]
    if cited:
        lines.append("Sources (the ids in the sources column):")
        lines += [f"[{source_id}] {citation}" for source_id, citation in cited]
    return lines


# -- decorated figures ------------------------------------------------------------------------------


def decorate(chart: Chart, context: Context, *, key_number: bool = False,
             full_citations: Sequence[str] = ()) -> go.Figure:
    """A copy of the chart's figure for export: the filters under the title, the source line (or, for
    pack pages, the full citations), the date and the permalink in the footer, and optionally the key
    number. Every text is escaped for Plotly (``wrap`` escapes), so data and links show as written."""
    fig = go.Figure(copy.deepcopy(chart.figure.to_dict()))
    fig.update_layout(template=TEMPLATE)
    title = str(fig.layout.title.text or f"<b>{wrap(chart.title, 75)}</b>")
    lines = [f"<span style='font-size:12px;color:#333'>{wrap('Filters: ' + context.filters_text, 150)}</span>"]
    if key_number and chart.key_number:
        lines.insert(0, f"<span style='font-size:14px;color:#000'>{wrap(chart.key_number, 120)}</span>")
    fig.update_layout(title_text=title + "<br>" + "<br>".join(lines))
    footer = f"Exported {context.exported.isoformat()} · View: {context.permalink}"
    if full_citations:
        shown = list(full_citations[:4])
        more = len(full_citations) - len(shown)
        notes = ["Sources: " + wrap(shown[0], 190)] + [wrap(c, 190) for c in shown[1:]] + (
            [f"… and {more} more sources, listed in full at the end."] if more else [])
    else:
        notes = [wrap(chart.source_line, 150)]
    text = "<br>".join([*notes, escape(footer)])
    note_lines = text.count("<br>") + 1
    below_axis = BELOW_AXIS + 4  # tick labels and the axis title stay clear of the notes
    fig.add_annotation(text=f"<span style='font-size:11px;color:#444'>{text}</span>", xref="paper", yref="paper",
                       x=0, y=0, yshift=-(below_axis + 16 * note_lines), xanchor="left", yanchor="bottom",
                       showarrow=False, align="left")
    final_title = str(fig.layout.title.text)
    legend = 30 if fig.layout.showlegend is not False and len(fig.data) > 1 else 0
    fig.update_layout(margin={"t": 50 + 19 * (final_title.count("<br>") + 1) + legend,
                              "b": below_axis + 16 * note_lines + 16,
                              "l": fig.layout.margin.l, "r": fig.layout.margin.r}, height=None)
    return fig


def chart_bytes(chart: Chart, fmt: str, context: Context, exporter: Exporter | None = None) -> bytes:
    """One chart as PNG (1600 x 900 at 2x), SVG, PDF or CSV (exactly the rows behind it)."""
    if fmt == "csv":
        return safe_csv(chart.rows)
    if fmt not in CHART_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; valid: {', '.join(CHART_FORMATS)}")
    width, height, scale = PNG_SIZE if fmt == "png" else (PNG_SIZE[0], PNG_SIZE[1], 1)
    return (exporter or shared_exporter()).render(decorate(chart, context), fmt, width, height, scale)


# -- files ------------------------------------------------------------------------------------------


def write_atomically(path: Path, blob: bytes) -> None:
    """Write ``blob`` to ``path`` through a temporary file in the same folder: no partial file is left.
    The file gets the mode a plain ``open(path, "w")`` would give it (0644 under the usual umask 022), not
    the 0600 of the temporary file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: folder {folder} does not exist")
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        os.fchmod(handle, 0o666 & ~proc.umask())
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc


def file_stem(context: Context, selection: Selection) -> str:
    minerals = "-".join(selection.minerals)
    partner = selection.partner or selection.bloc
    return f"briefing_{minerals}" + (f"_{partner}" if partner else "") + f"_{context.exported.isoformat()}"
