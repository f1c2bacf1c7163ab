"""The export section of ``python -m dashboard bench``: the briefing pack for the default minerals and partner
India with a warm exporter, as a ministry desk would ask for it. Prints numbers; never fails on a number.

Measured: the exporter's cold start; one chart as a slide-sized PNG (median and p95 of 10); the one-page
brief (its content and its PDF); the short pack as PDF, PPTX, DOCX and ZIP (first build, which computes the
charts and the brief, then the median of three), with its page and slide counts; the full pack (``--annex``)
once per format; the machine's load average before and after.
"""

from __future__ import annotations

import io
import os
import statistics
import time
import zipfile
from collections.abc import Callable
from typing import Any

TARGETS = {
    "export_single_chart_warm_s": "<= 0.3",
    "export_brief_s": "<= 2",
    "export_pack_pdf_s": "<= 5",
    "export_pack_pptx_s": "<= 5",
    "export_pack_zip_s": "<= 8",
    "export_pack_pages": "<= 12 (four minerals and a partner)",
}


def _timed(build: Callable[[], bytes]) -> tuple[float, bytes]:
    began = time.perf_counter()
    blob = build()
    return time.perf_counter() - began, blob


def count(fmt: str, blob: bytes) -> int:
    """Pages of a PDF, slides of a deck, files of a ZIP, paragraphs of a Word note."""
    if fmt == "pdf":
        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(blob)).pages)
    if fmt == "pptx":
        from pptx import Presentation

        return len(Presentation(io.BytesIO(blob)).slides)
    if fmt == "zip":
        return len(zipfile.ZipFile(io.BytesIO(blob)).namelist())
    from docx import Document

    return len(Document(io.BytesIO(blob)).paragraphs)


def run(descendants_pss_mb: Callable[[int], float] | None = None) -> dict[str, Any]:
    from dashboard import data, export, filters, pack
    from dashboard.exporter import Exporter
    from dashboard.pack import pdf

    load_before = os.getloadavg()
    ds = data.load()
    selection = filters.resolve(ds, filters.Filters(partner="IND"))
    names = {m: ds.vocabulary.mineral_name(m) for m in ds.vocabulary.mineral_ids}
    context = export.make_context(selection, names)
    exporter = Exporter()
    began = time.perf_counter()
    exporter.start()
    cold = time.perf_counter() - began
    result: dict[str, Any] = {"selection": context.filters_text, "exporter_cold_start_s": round(cold, 2)}
    # the one-page brief: content (charts and metrics computed on the first build) and its PDF
    first, _ = _timed(lambda: pdf.brief_pdf(pack.contents(ds, selection, context), exporter))
    runs = [round(_timed(lambda: pdf.brief_pdf(pack.contents(ds, selection, context), exporter))[0], 2)
            for _ in range(3)]
    result["brief_pdf_s"] = {"first": round(first, 2), "median": statistics.median(runs), "runs": runs}
    chart = pack.contents(ds, selection, context).story[0].chart
    singles = [_timed(lambda: export.chart_bytes(chart, "png", context, exporter))[0] for _ in range(10)]
    ordered = sorted(singles)
    result["single_chart_png_warm_s"] = {"median": round(statistics.median(ordered), 2),
                                         "p95": round(ordered[round(0.95 * (len(ordered) - 1))], 2), "n": 10}
    packs: dict[str, Any] = {}
    for fmt in pack.FORMATS:
        timings = []
        for _ in range(3):
            seconds, blob = _timed(lambda fmt=fmt: pack.render(fmt, pack.contents(ds, selection, context), exporter))
            timings.append(round(seconds, 2))
        packs[fmt] = {"median": statistics.median(timings), "runs": timings, "count": count(fmt, blob),
                      "bytes": len(blob)}
    result["short_pack_s"] = packs
    full: dict[str, Any] = {}
    for fmt in pack.FORMATS:
        seconds, blob = _timed(lambda fmt=fmt: pack.render(fmt, pack.contents(ds, selection, context, annex=True),
                                                           exporter))
        full[fmt] = {"s": round(seconds, 2), "count": count(fmt, blob), "bytes": len(blob)}
    result["full_pack_with_annex_s"] = full
    result["counted"] = "pdf: pages, pptx: slides, zip: files, docx: paragraphs"
    if descendants_pss_mb is not None:
        result["exporter_chromium_pss_mb"] = round(descendants_pss_mb(os.getpid()), 1)
    exporter.close()
    result["load_average_before_after"] = [[round(x, 2) for x in load_before], [round(x, 2) for x in
                                                                               os.getloadavg()]]
    result["cpus"] = os.cpu_count()
    return result
