"""The ZIP: every chart of the pack as PNG and SVG with the CSV of its rows (no CSV for a chart without
rows), the Word note, and a README with the brief, the charts and the numbered references."""

from __future__ import annotations

import io
import json
import zipfile

from dashboard import text as safe
from dashboard.export import PNG_SIZE, Progress, decorate, safe_csv
from dashboard.exporter import Exporter, shared_exporter

from . import note, printer, text
from .spec import Contents, sources_of


def readme(pack: Contents) -> str:
    """The README: text from the data escaped where Markdown would make it a link, an image or HTML
    (``text.md_file``); the references, whose addresses must stay as written, in a fenced block, where
    Markdown interprets nothing."""
    brief = pack.brief
    e = safe.md_file
    lines = [f"# {e(brief.title)}", "", e(text.meta_line(brief)), "", "## Key messages", ""]
    lines += [f"{i}. {e(m.text)} {brief.marker(m.source_ids)}" for i, m in enumerate(brief.messages, start=1)]
    for heading, header, rows in text.tables(brief):
        lines += ["", f"## {e(heading)}", "", "| " + " | ".join(e(h) for h in header) + " |",
                  "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(e(cell) for cell in row) + " |" for row in rows]
    recent, earlier, more = text.initiative_lines(brief)
    if recent or earlier:
        lines += ["", f"## {e(text.initiatives_heading(brief))}", ""]
        lines += [f"- {e(line)}" for line in [*recent, *earlier, *([more] if more else [])]]
    if brief.events:
        lines += ["", "## Latest events", "", *(f"- {e(line)}" for line in text.event_lines(brief))]
    if brief.missing:
        lines += ["", "## What no source gives", "", *(f"- {e(line)}" for line in brief.missing)]
    lines += ["", "## Charts", ""]
    for number, item in enumerate(pack.items, start=1):
        lines += [f"{number:02d}. {e(item.headline)} — {e(item.chart.title)}", f"    {e(sources_of(pack, item))}"]
    if pack.unavailable:
        lines += ["", "Not available (no source gives the figures): " + e("; ".join(pack.unavailable)) + "."]
    lines += ["", "## References", "", "```text", *(_line(f"[{r.number}] {r.full}") for r in pack.references),
              "", _line(f"Filters: {pack.context.filters_text}"), _line(f"View online: {pack.context.permalink}"),
              f"Exported: {pack.context.exported.isoformat()}", "```", "",
              "Each CSV holds exactly the rows behind its chart; text cells that start with = + - @ are prefixed "
              "with an apostrophe so spreadsheets do not run them as formulas."]
    return "\n".join(lines) + "\n"


def _line(value: str) -> str:
    """One line inside the fenced block: line breaks as spaces, and no run of backticks that could close it."""
    return " ".join(value.split()).replace("`", "'")


def render(pack: Contents, exporter: Exporter | None = None, progress: Progress | None = None) -> bytes:
    decorated = [decorate(item.chart, pack.context) for item in pack.items]
    jobs = [(f, "png", *PNG_SIZE) for f in decorated] + [(f, "svg", PNG_SIZE[0], PNG_SIZE[1], 1) for f in decorated]
    if progress is not None:
        progress(0.1, f"Rendering {len(jobs)} images (PNG and SVG)…")
    images = printer.images(exporter or shared_exporter(), jobs)
    pngs, svgs = images[: len(decorated)], images[len(decorated):]
    manifest: list[str] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (item, png, svg) in enumerate(zip(pack.items, pngs, svgs, strict=True), start=1):
            stem = f"{number:02d}_{item.chart.chart_id}"
            files = [(f"{stem}.png", png), (f"{stem}.svg", svg)]
            if not item.chart.rows.empty:
                files.append((f"{stem}.csv", safe_csv(item.chart.rows)))
            for name, blob in files:
                archive.writestr(name, blob)
                manifest.append(name)
        archive.writestr("briefing_note.docx", note.render(pack))
        archive.writestr("README.md", readme(pack))
        manifest += ["briefing_note.docx", "README.md"]
        archive.writestr("manifest.json", json.dumps({
            "files": manifest, "filters": pack.context.filters_text, "permalink": pack.context.permalink,
            "exported": pack.context.exported.isoformat(), "not_available": list(pack.unavailable)}, indent=2))
    return buffer.getvalue()
