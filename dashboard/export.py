"""Downloads for briefings: each chart as PNG, SVG, PDF and CSV, and the briefing pack as PDF, PPTX or ZIP.

Figures are rendered server-side by kaleido driving Debian's Chromium (``BROWSER_PATH`` or ``chromium`` on
PATH), kept warm in one long-lived browser per process: the :class:`Exporter` owns an event loop on its
own thread and serialises calls, because kaleido's sync server is not thread-safe and Streamlit sessions
are threads. Every exported figure carries its title, the active filters, the source line with edition
(derived from source ids), the export date and a permalink to the view.

Belongs here: rendering and packaging. Does not belong here: choosing rows (``briefing``), Streamlit.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import io
import json
import os
import tempfile
import textwrap
import threading
import time
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from dashboard import citations
from dashboard.charts import BELOW_AXIS, TEMPLATE, Chart, is_source_note
from dashboard.filters import CUSTOM, MINERAL_NAMES, Filters

TOPOJSON_DIR = Path(__file__).resolve().parent / "static" / "topojson"
DEFAULT_BASE_URL = "http://127.0.0.1:8501"
CHART_FORMATS = ("png", "svg", "pdf", "csv")
PACK_FORMATS = ("pdf", "pptx", "zip")
#: slide-sized PNG: 1600 x 900 CSS pixels at 2x
PNG_SIZE = (1600, 900, 2)
#: PDF pages: A4 landscape proportions, in CSS pixels (kaleido maps them to PDF points)
PAGE_SIZE = (1403, 992)

Progress = Callable[[float, str], None]


class ExportError(RuntimeError):
    """Rendering or packaging failed; the message says what and where."""


# -- context: filters, permalink, date -------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What every exported file states about the view it came from."""

    filters_text: str
    permalink: str
    exported: dt.date
    title: str


def describe_filters(filters: Filters, partner_label: str | None) -> str:
    """The active filters in words.

    >>> describe_filters(Filters(minerals=("lithium",), partner="IND"), "India")
    'Minerals: Lithium · Partner: India · Year: latest · Stage: mine'
    """
    parts = ["Minerals: " + ", ".join(MINERAL_NAMES[m] for m in filters.minerals)]
    if partner_label:
        parts.append(f"Partner: {partner_label}")
    if filters.bloc and filters.bloc != CUSTOM:
        parts.append(f"Membership as of {(filters.asof or dt.date.today()).isoformat()}")
    parts.append(f"Year: {filters.year if filters.year is not None else 'latest'}")
    parts.append(f"Stage: {filters.stage}")
    return " · ".join(parts)


def permalink(filters: Filters, page: str = "minerals", base_url: str = DEFAULT_BASE_URL) -> str:
    """The link that reopens the view.

    >>> permalink(Filters(minerals=("lithium",), partner="IND"), "minerals", "http://127.0.0.1:8501")
    'http://127.0.0.1:8501/minerals?mineral=lithium&partner=IND'
    """
    query = urlencode(filters.to_query(), doseq=True)
    return f"{base_url.rstrip('/')}/{page}" + (f"?{query}" if query else "")


def make_context(filters: Filters, partner_label: str | None, *, page: str = "minerals",
                 base_url: str = DEFAULT_BASE_URL, today: dt.date | None = None) -> Context:
    minerals = ", ".join(MINERAL_NAMES[m] for m in filters.minerals)
    title = f"Critical minerals briefing: {minerals}" + (f", with {partner_label}" if partner_label else "")
    return Context(describe_filters(filters, partner_label), permalink(filters, page, base_url),
                   today or dt.date.today(), title)


# -- spreadsheet-safe CSV ---------------------------------------------------------------------------


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV that is safe to open in a spreadsheet: text cells starting with = + - @ (or a tab/CR) get a
    leading apostrophe so they are not run as formulas; numbers stay numbers.

    >>> safe_csv(pd.DataFrame({"a": ["=1+1", "x"], "b": [-1.5, 2]})).decode()
    "a,b\\n'=1+1,-1.5\\nx,2.0\\n"
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
            )
    buffer = io.StringIO()
    out.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")


# -- decorated figures ------------------------------------------------------------------------------


def _wrap(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(text, width)) if text else ""


def decorate(chart: Chart, context: Context, *, key_number: bool = False,
             full_citations: Sequence[str] = ()) -> go.Figure:
    """A copy of the chart's figure with the filters under the title, the date and permalink in the footer
    and, for pack pages, the key number and the full citations."""
    fig = go.Figure(copy.deepcopy(chart.figure.to_dict()))
    fig.update_layout(template=TEMPLATE)
    title = str(fig.layout.title.text or f"<b>{chart.title}</b>")
    lines = [f"<span style='font-size:12px;color:#333'>{_wrap('Filters: ' + context.filters_text, 150)}</span>"]
    if key_number and chart.key_number:
        lines.insert(0, f"<span style='font-size:14px;color:#000'>{_wrap(chart.key_number, 120)}</span>")
    fig.update_layout(title_text=title + "<br>" + "<br>".join(lines))
    footer = f"Exported {context.exported.isoformat()} · View: {context.permalink}"
    source_notes = [a for a in fig.layout.annotations if is_source_note(a)]
    source_lines = sum(str(a.text).count("<br>") + 1 for a in source_notes)
    notes = [footer]
    if full_citations:
        # a pack page gives the full citations, so the short source line would only repeat them
        fig.layout.annotations = [a for a in fig.layout.annotations if not is_source_note(a)]
        source_lines = 0
        shown = list(full_citations[:4])
        more = len(full_citations) - len(shown)
        notes = ["Sources: " + _wrap(shown[0], 190)] + [_wrap(c, 190) for c in shown[1:]] + (
            [f"… and {more} more sources, listed in full at the end."] if more else []) + [footer]
    text = "<br>".join(notes)
    note_lines = text.count("<br>") + 1
    below_axis = BELOW_AXIS + 4  # tick labels and the axis title stay clear of the notes
    for annotation in fig.layout.annotations:
        if is_source_note(annotation):
            annotation.update(yshift=-(below_axis + 18 * source_lines), yanchor="bottom")
    fig.add_annotation(text=f"<span style='font-size:10px;color:#555'>{text}</span>", xref="paper", yref="paper",
                       x=0, y=0, yshift=-(below_axis + 18 * source_lines + 15 * note_lines), xanchor="left",
                       yanchor="bottom", showarrow=False, align="left")
    final_title = str(fig.layout.title.text)
    legend = 30 if fig.layout.showlegend is not False and len(fig.data) > 1 else 0
    fig.update_layout(margin=dict(t=50 + 19 * (final_title.count("<br>") + 1) + legend,
                                  b=below_axis + 18 * source_lines + 15 * note_lines + 16,
                                  l=fig.layout.margin.l, r=fig.layout.margin.r), height=None)
    return fig


def _text_page(title: str, blocks: Sequence[tuple[str, int]], footer: str) -> go.Figure:
    """A page of text (cover, list of sources) drawn as a figure so that it renders like the charts."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, xaxis=dict(visible=False), yaxis=dict(visible=False),
                      margin=dict(l=60, r=60, t=60, b=60), showlegend=False)
    y = 0.97
    fig.add_annotation(text=f"<b>{title}</b>", x=0, y=y, xref="paper", yref="paper", showarrow=False,
                       xanchor="left", yanchor="top", font=dict(size=26))
    y -= 0.09
    for text, size in blocks:
        fig.add_annotation(text=text, x=0, y=y, xref="paper", yref="paper", showarrow=False, xanchor="left",
                           yanchor="top", align="left", font=dict(size=size))
        y -= (text.count("<br>") + 1) * size * 1.45 / PAGE_SIZE[1] + 0.02
    fig.add_annotation(text=f"<span style='color:#555'>{footer}</span>", x=0, y=0, xref="paper", yref="paper",
                       showarrow=False, xanchor="left", yanchor="bottom", font=dict(size=11))
    return fig


def cover_page(context: Context, charts: Sequence[Chart]) -> go.Figure:
    contents = "<b>Contents</b><br>" + "<br>".join(
        f"{i}. {textwrap.shorten(c.title, 120)}" for i, c in enumerate(charts, start=1))
    points = [c.key_number for c in charts if c.key_number]
    key_points = ("<b>Key points</b><br>" + "<br>".join(f"• {_wrap(p, 150)}" for p in points)) if points else ""
    return _text_page(
        context.title,
        [(f"{context.exported.strftime('%d %B %Y')}", 16),
         (_wrap(context.filters_text, 120), 14),
         (f"View online: {context.permalink}", 12),
         ("Every figure below carries its source and edition; the sources are listed in full at the end. "
          "'No data' means no source gives the figure; nothing is estimated by the dashboard.", 12),
         (key_points, 13),
         (contents, 12)],
        "Critical-minerals supply-chain dashboard · USGS data are public domain; other sources as cited",
    )


def source_pages(all_citations: Sequence[tuple[str, str]], context: Context, per_page: int = 58) -> list[go.Figure]:
    lines: list[str] = []
    for number, (source_id, text) in enumerate(all_citations, start=1):
        lines.append(_wrap(f"[{number}] {text} ({source_id})", 190))
    pages: list[list[str]] = [[]]
    used = 0
    for line in lines:
        height = line.count("<br>") + 1
        if used + height > per_page and pages[-1]:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += height
    footer = f"Exported {context.exported.isoformat()} · {context.permalink}"
    return [_text_page("Sources" + (f" ({i}/{len(pages)})" if len(pages) > 1 else ""), [("<br>".join(p), 11)], footer)
            for i, p in enumerate(pages, start=1)]


# -- the warm exporter ------------------------------------------------------------------------------


class Exporter:
    """One Chromium (via kaleido), started once and reused; thread-safe."""

    def __init__(self, browser_path: str | None = None, tabs: int = 2, timeout: float = 60.0):
        self.browser_path = browser_path or os.environ.get("BROWSER_PATH")
        self.tabs = tabs
        self.timeout = timeout
        self.started_in: float | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido-exporter", daemon=True)
        self._thread.start()
        self._lock = threading.Lock()
        self._kaleido = None

    def _submit(self, coroutine) -> Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def _open(self) -> None:
        import kaleido

        kwargs = {"path": self.browser_path} if self.browser_path else {}
        self._kaleido = kaleido.Kaleido(n=self.tabs, mathjax=False, timeout=self.timeout, **kwargs)
        await self._kaleido.open()

    def start(self) -> Exporter:
        with self._lock:
            if self._kaleido is None:
                began = time.perf_counter()
                try:
                    self._submit(self._open()).result(timeout=120)
                except Exception as exc:  # noqa: BLE001 - any failure to start Chromium is reported the same way
                    self._kaleido = None
                    raise ExportError(f"could not start Chromium for exports ({exc}); install Debian's chromium "
                                      "or set BROWSER_PATH") from exc
                self.started_in = time.perf_counter() - began
        return self

    async def _render_all(self, specs: list[dict], finished: list[int]) -> list[bytes]:
        assert self._kaleido is not None

        async def one(spec: dict) -> bytes:
            blob = await self._kaleido.calc_fig(spec["fig"], opts=spec["opts"], topojson=spec["topojson"])
            finished[0] += 1
            return blob

        return list(await asyncio.gather(*(one(s) for s in specs)))

    def render_jobs(self, jobs: Sequence[tuple[go.Figure, str, int, int, float]],
                    progress: Callable[[int], None] | None = None) -> list[bytes]:
        """Render (figure, format, width, height, scale) jobs in one call: kaleido keeps all its tabs busy
        until the last one, with no pause between batches. ``progress(done)`` is called from the calling
        thread (where Streamlit may update a progress bar) while the jobs run."""
        for _, fmt, *_ in jobs:
            if fmt not in ("png", "svg", "pdf"):
                raise ExportError(f"unknown image format {fmt!r}; valid: png, svg, pdf")
        self.start()
        specs = [{"fig": f.to_dict(), "opts": {"format": fmt, "width": w, "height": h, "scale": scale},
                  "topojson": TOPOJSON_DIR.as_uri() + "/"} for f, fmt, w, h, scale in jobs]
        finished = [0]
        with self._lock:
            future = self._submit(self._render_all(specs, finished))
            deadline = time.monotonic() + self.timeout * max(1, len(specs))
            try:
                while True:
                    try:
                        return future.result(timeout=0.25)
                    except TimeoutError:
                        if time.monotonic() > deadline:
                            future.cancel()
                            raise
                        if progress is not None:
                            progress(finished[0])
            except Exception as exc:  # noqa: BLE001
                raise ExportError(f"rendering {len(specs)} figure(s) failed: {exc}") from exc

    def render_many(self, figures: Sequence[go.Figure], fmt: str, width: int, height: int,
                    scale: float = 1) -> list[bytes]:
        """Render figures in one call (kaleido spreads them over its tabs)."""
        return self.render_jobs([(f, fmt, width, height, scale) for f in figures])

    def render(self, figure: go.Figure, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        return self.render_many([figure], fmt, width, height, scale)[0]

    def close(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                try:
                    self._submit(self._kaleido.close()).result(timeout=30)
                finally:
                    self._kaleido = None
            if self._loop.is_running():
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(timeout=10)
            if not self._loop.is_running() and not self._loop.is_closed():
                self._loop.close()


_SHARED: Exporter | None = None
_SHARED_LOCK = threading.Lock()


def shared_exporter() -> Exporter:
    """The process-wide exporter (started on first use)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Exporter()
        return _SHARED


# -- per chart --------------------------------------------------------------------------------------


def chart_bytes(chart: Chart, fmt: str, context: Context, exporter: Exporter | None = None) -> bytes:
    """One chart as PNG (1600 x 900 at 2x), SVG, PDF or CSV (exactly the rows behind it)."""
    if fmt == "csv":
        return safe_csv(chart.data)
    if fmt not in CHART_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; valid: {', '.join(CHART_FORMATS)}")
    width, height, scale = PNG_SIZE if fmt == "png" else (PNG_SIZE[0], PNG_SIZE[1], 1)
    return (exporter or shared_exporter()).render(decorate(chart, context), fmt, width, height, scale)


# -- the briefing pack ------------------------------------------------------------------------------


def _citations_of(chart: Chart, sources: pd.DataFrame) -> list[tuple[str, str]]:
    return citations.citations(sources, chart.source_ids)


def _all_citations(charts: Sequence[Chart], sources: pd.DataFrame) -> list[tuple[str, str]]:
    ids: list[str] = []
    for chart in charts:
        ids += list(chart.source_ids)
    return citations.citations(sources, ids)


def _progress(progress: Progress | None, fraction: float, text: str) -> None:
    if progress is not None:
        progress(min(1.0, fraction), text)


def _render_with_progress(exporter: Exporter, jobs: Sequence[tuple[go.Figure, str, int, int, float]],
                          progress: Progress | None, start: float, end: float, what: str) -> list[bytes]:
    """Render all jobs at once, showing how many are done while they run."""
    total = len(jobs)
    _progress(progress, start, f"Rendering {total} {what}…")
    return exporter.render_jobs(jobs, None if progress is None else lambda done: _progress(
        progress, start + (end - start) * done / max(1, total), f"Rendered {done} of {total} {what}…"))


def pack_pdf(charts: Sequence[Chart], context: Context, sources: pd.DataFrame, exporter: Exporter | None = None,
             progress: Progress | None = None) -> bytes:
    """Cover, one page per chart (key number, chart, citations), and the sources in full."""
    from pypdf import PdfReader, PdfWriter

    exporter = exporter or shared_exporter()
    _progress(progress, 0.05, "Laying out the pages…")
    pages = [cover_page(context, charts)]
    pages += [decorate(c, context, key_number=True, full_citations=[t for _, t in _citations_of(c, sources)])
              for c in charts]
    pages += source_pages(_all_citations(charts, sources), context)
    rendered = _render_with_progress(exporter, [(page, "pdf", *PAGE_SIZE, 1) for page in pages], progress, 0.1,
                                     0.9, "pages")
    _progress(progress, 0.9, "Binding the PDF…")
    writer = PdfWriter()
    for blob in rendered:
        for page in PdfReader(io.BytesIO(blob)).pages:
            writer.add_page(page)
    writer.add_metadata({"/Title": context.title, "/Subject": context.filters_text,
                         "/Creator": "Critical-minerals supply-chain dashboard"})
    out = io.BytesIO()
    writer.write(out)
    _progress(progress, 1.0, "Done")
    return out.getvalue()


def pack_pptx(charts: Sequence[Chart], context: Context, sources: pd.DataFrame, exporter: Exporter | None = None,
              progress: Progress | None = None) -> bytes:
    """A deck: title slide, one chart per slide (key number and citations on the slide and in the notes),
    and the sources."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    exporter = exporter or shared_exporter()
    images = _render_with_progress(exporter, [(decorate(c, context), "png", PNG_SIZE[0], PNG_SIZE[1], 1.5)
                                              for c in charts], progress, 0.05, 0.8, "charts")
    _progress(progress, 0.8, "Building the slides…")
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]

    def text_box(slide, left, top, width, height, text, size, bold=False):
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(text.split("\n")):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.text = line
            paragraph.font.size = Pt(size)
            paragraph.font.bold = bold
        return box

    slide = deck.slides.add_slide(blank)
    text_box(slide, Inches(0.7), Inches(1.6), Inches(12), Inches(1.2), context.title, 36, bold=True)
    text_box(slide, Inches(0.7), Inches(3.0), Inches(12), Inches(2.5),
             f"{context.exported.strftime('%d %B %Y')}\n{context.filters_text}\nView online: {context.permalink}", 16)
    slide.notes_slide.notes_text_frame.text = f"{context.filters_text}\n{context.permalink}"
    for chart, image in zip(charts, images, strict=True):
        slide = deck.slides.add_slide(blank)
        cited = _citations_of(chart, sources)
        text_box(slide, Inches(0.4), Inches(0.2), Inches(12.5), Inches(0.6), chart.key_number or chart.title, 18,
                 bold=True)
        slide.shapes.add_picture(io.BytesIO(image), Inches(0.9), Inches(0.85), width=Inches(11.5))
        short = citations.source_line(sources, chart.source_ids)
        text_box(slide, Inches(0.4), Inches(7.0), Inches(12.5), Inches(0.4), short, 9)
        slide.notes_slide.notes_text_frame.text = "\n".join(
            [chart.title, chart.key_number, "Sources:", *(f"- {t}" for _, t in cited),
             f"Filters: {context.filters_text}", f"View: {context.permalink}",
             f"Exported {context.exported.isoformat()}"])
    everything = _all_citations(charts, sources)
    for start in range(0, len(everything), 12):
        slide = deck.slides.add_slide(blank)
        text_box(slide, Inches(0.4), Inches(0.3), Inches(12.5), Inches(0.6), "Sources", 24, bold=True)
        chunk = everything[start:start + 12]
        text_box(slide, Inches(0.4), Inches(1.0), Inches(12.5), Inches(6.2),
                 "\n".join(f"[{start + i}] {t}" for i, (_, t) in enumerate(chunk, start=1)), 10)
        slide.notes_slide.notes_text_frame.text = "\n".join(t for _, t in chunk)
    out = io.BytesIO()
    deck.save(out)
    _progress(progress, 1.0, "Done")
    return out.getvalue()


def pack_zip(charts: Sequence[Chart], context: Context, sources: pd.DataFrame, exporter: Exporter | None = None,
             progress: Progress | None = None) -> bytes:
    """Every chart as PNG and SVG, the CSVs, and a README with the citations and the filters."""
    exporter = exporter or shared_exporter()
    decorated = [decorate(c, context) for c in charts]
    images = _render_with_progress(exporter, [(f, "png", *PNG_SIZE) for f in decorated]
                                   + [(f, "svg", PNG_SIZE[0], PNG_SIZE[1], 1) for f in decorated], progress, 0.05,
                                   0.9, "images (PNG and SVG)")
    pngs, svgs = images[:len(decorated)], images[len(decorated):]
    _progress(progress, 0.9, "Writing the archive…")
    manifest = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (chart, png, svg) in enumerate(zip(charts, pngs, svgs, strict=True), start=1):
            stem = f"{number:02d}_{chart.chart_id}"
            for name, blob in ((f"{stem}.png", png), (f"{stem}.svg", svg), (f"{stem}.csv", safe_csv(chart.data))):
                archive.writestr(name, blob)
                manifest.append(name)
        readme = [f"# {context.title}", "", f"Exported: {context.exported.isoformat()}",
                  f"Filters: {context.filters_text}", f"View online: {context.permalink}", "", "## Charts", ""]
        for number, chart in enumerate(charts, start=1):
            readme.append(f"{number:02d}. {chart.title}" + (f" — {chart.key_number}" if chart.key_number else ""))
            readme.append(f"    {citations.source_line(sources, chart.source_ids, max_items=None)}")
        readme += ["", "## Sources", ""]
        readme += [f"- [{sid}] {text}" for sid, text in _all_citations(charts, sources)]
        readme += ["", "Each CSV holds exactly the rows behind its chart; text cells that start with = + - @ are "
                   "prefixed with an apostrophe so spreadsheets do not run them as formulas."]
        archive.writestr("README.md", "\n".join(readme) + "\n")
        manifest.append("README.md")
        archive.writestr("manifest.json", json.dumps({"files": manifest, "filters": context.filters_text,
                                                      "permalink": context.permalink,
                                                      "exported": context.exported.isoformat()}, indent=2))
    _progress(progress, 1.0, "Done")
    return buffer.getvalue()


PACKERS = {"pdf": pack_pdf, "pptx": pack_pptx, "zip": pack_zip}
MIME = {"pdf": "application/pdf", "png": "image/png", "svg": "image/svg+xml", "csv": "text/csv",
        "zip": "application/zip",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def pack(fmt: str, charts: Sequence[Chart], context: Context, sources: pd.DataFrame,
         exporter: Exporter | None = None, progress: Progress | None = None) -> bytes:
    if fmt not in PACKERS:
        raise ExportError(f"unknown pack format {fmt!r}; valid: {', '.join(PACKERS)}")
    return PACKERS[fmt](charts, context, sources, exporter, progress)


def write_atomically(path: Path, blob: bytes) -> None:
    """Write ``blob`` to ``path`` through a temporary file in the same folder: no partial file is left."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: folder {folder} does not exist")
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc


def file_stem(context: Context, filters: Filters) -> str:
    minerals = "-".join(filters.minerals)
    partner = f"_{filters.partner or filters.bloc}" if (filters.partner or filters.bloc) else ""
    return f"briefing_{minerals}{partner}_{context.exported.isoformat()}"
