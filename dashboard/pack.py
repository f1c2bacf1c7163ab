"""The briefing pack: a PDF (cover, one page per chart, sources), a PPTX deck or a ZIP of every chart,
for one selection, with progress.

Belongs here: which charts a pack holds and how its pages and slides are laid out. Does not belong
here: what a chart shows (``charts``), the browser that renders (``exporter``).
"""

from __future__ import annotations

import io
import json
import textwrap
import zipfile
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts as charts_
from dashboard import citations
from dashboard.charts import Chart
from dashboard.charts.style import TEMPLATE
from dashboard.charts.style import wrap as _wrap
from dashboard.data import Datasets
from dashboard.export import MIME, PAGE_SIZE, PNG_SIZE, Context, Progress, decorate, safe_csv
from dashboard.exporter import Exporter, ExportError, Job, shared_exporter
from dashboard.filters import Selection

FORMATS = ("pdf", "pptx", "zip")
__all__ = ["FORMATS", "MIME", "pack", "pack_charts"]


def pack_charts(ds: Datasets, selection: Selection) -> list[Chart]:
    """The charts of the pack: per selected mineral, every registered chart the pack includes."""
    return [charts_.chart_for(ds, spec.chart_id, selection, mineral)
            for mineral in selection.minerals for spec in charts_.REGISTRY.values() if spec.in_pack]


def _text_page(title: str, blocks: Sequence[tuple[str, int]], footer: str) -> go.Figure:
    """A page of text (cover, list of sources) drawn as a figure so that it renders like the charts."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, xaxis={"visible": False}, yaxis={"visible": False},
                      margin={"l": 60, "r": 60, "t": 60, "b": 60}, showlegend=False)
    y = 0.97
    fig.add_annotation(text=f"<b>{title}</b>", x=0, y=y, xref="paper", yref="paper", showarrow=False,
                       xanchor="left", yanchor="top", font={"size": 26})
    y -= 0.09
    for text, size in blocks:
        fig.add_annotation(text=text, x=0, y=y, xref="paper", yref="paper", showarrow=False, xanchor="left",
                           yanchor="top", align="left", font={"size": size})
        y -= (text.count("<br>") + 1) * size * 1.45 / PAGE_SIZE[1] + 0.02
    fig.add_annotation(text=f"<span style='color:#555'>{footer}</span>", x=0, y=0, xref="paper", yref="paper",
                       showarrow=False, xanchor="left", yanchor="bottom", font={"size": 11})
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


def source_pages(all_citations: Sequence[tuple[str, str]], context: Context, per_page: int = 40) -> list[go.Figure]:
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


def _render_with_progress(exporter: Exporter, jobs: Sequence[Job],
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

    def text_box(slide: Any, left: int, top: int, width: int, height: int, text: str, size: int,
                 bold: bool = False) -> Any:
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
            for name, blob in ((f"{stem}.png", png), (f"{stem}.svg", svg), (f"{stem}.csv", safe_csv(chart.rows))):
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
def pack(fmt: str, charts: Sequence[Chart], context: Context, sources: pd.DataFrame,
         exporter: Exporter | None = None, progress: Progress | None = None) -> bytes:
    if fmt not in PACKERS:
        raise ExportError(f"unknown pack format {fmt!r}; valid: {', '.join(PACKERS)}")
    return PACKERS[fmt](charts, context, sources, exporter, progress)


