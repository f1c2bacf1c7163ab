"""The PDF pack: the brief, a page per chart and the references, printed once by Chromium."""

from __future__ import annotations

import logging

from dashboard.export import Progress
from dashboard.exporter import Exporter, ExportError, shared_exporter

from . import html, printer
from .spec import Contents

log = logging.getLogger(__name__)


def render(pack: Contents, exporter: Exporter | None = None, progress: Progress | None = None) -> bytes:
    """The PDF: brief (A4 portrait), one A4 landscape page per chart, references; annex when asked for."""
    if progress is not None:
        progress(0.1, f"Laying out the brief and {len(pack.items)} charts…")
    document = html.document(pack, pack.items, full_sources=pack.with_annex)
    if progress is not None:
        progress(0.3, "Drawing the charts and printing the PDF…")
    blob, fits = printer.print_pdf(exporter or shared_exporter(), document, html.footer_template(pack),
                                   figures=len(pack.items))
    if fits != "true":  # the pack still goes out (the brief runs onto a second page); say so on stderr, not stdout
        log.warning("the brief does not fit one page even after cutting the optional lines (%s)", fits)
    return blob


def brief_pdf(pack: Contents, exporter: Exporter | None = None) -> bytes:
    """The one-page brief alone."""
    blob, fits = printer.print_pdf(exporter or shared_exporter(), html.document(pack, ()), html.footer_template(pack))
    if fits != "true":
        raise ExportError(f"the brief does not fit one page even after cutting the optional lines ({fits})")
    return blob
