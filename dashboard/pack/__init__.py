"""The briefing pack: a one-page partner brief, then the few charts that tell each mineral's story, as a
PDF, a PowerPoint deck, a Word note or a ZIP; the annex (every other chart and the sources in full) on
request.

- ``spec``: what the pack holds (pack spec, page budget, not available, numbered references);
  ``story``: each chart's message title and talking points; ``text``: the brief's wording.
- ``html`` + ``printer``: the PDF, one HTML document printed once by Chromium;
  ``slides`` (+ ``native``): the PPTX with native charts; ``note``: the DOCX; ``archive``: the ZIP.

Belongs here: laying the brief and the charts out in each format. Does not belong here: what a chart
shows (``charts``), the figures of the brief (``brief``), the browser (``exporter``).
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard.data import Datasets
from dashboard.export import MIME, Context, Progress
from dashboard.exporter import Exporter, ExportError, shared_exporter
from dashboard.filters import Selection

from . import spec as spec_
from .spec import Contents

FORMATS = ("pdf", "pptx", "docx", "zip")
MIME = {**MIME, "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}

__all__ = ["FORMATS", "MIME", "Contents", "build", "contents", "render"]


def contents(ds: Datasets, selection: Selection, context: Context, *, annex: bool = False) -> Contents:
    """What the pack for this selection holds (see ``spec.build``)."""
    return spec_.build(ds, selection, context, annex=annex)


def _progress(progress: Progress | None, fraction: float, text: str) -> None:
    if progress is not None:
        progress(min(1.0, fraction), text)


def render(fmt: str, pack: Contents, exporter: Exporter | None = None, progress: Progress | None = None) -> bytes:
    """The pack's bytes in one format."""
    renderers: dict[str, Callable[[Contents, Exporter | None, Progress | None], bytes]]
    from . import archive, note, pdf, slides

    renderers = {"pdf": pdf.render, "pptx": slides.render, "docx": note.render, "zip": archive.render}
    if fmt not in renderers:
        raise ExportError(f"unknown pack format {fmt!r}; valid: {', '.join(FORMATS)}")
    blob = renderers[fmt](pack, exporter, progress)
    _progress(progress, 1.0, "Done")
    return blob


def build(fmt: str, ds: Datasets, selection: Selection, context: Context, *, annex: bool = False,
          exporter: Exporter | None = None, progress: Progress | None = None) -> bytes:
    """The briefing pack for a selection: the brief and the story charts (``annex``: everything)."""
    _progress(progress, 0.02, "Writing the brief…")
    return render(fmt, contents(ds, selection, context, annex=annex), exporter or (
        shared_exporter() if fmt in ("pdf", "zip") or annex else exporter), progress)
