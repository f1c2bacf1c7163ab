"""The Word briefing note (python-docx): the brief as text with its two tables as real Word tables, a
section per chart with its message and points to note, and the references as numbered notes at the end.
No chart pictures: every number is text a desk can search and edit."""

from __future__ import annotations

import io
import textwrap
from typing import Any

from dashboard.export import Progress
from dashboard.exporter import Exporter

from . import text
from .spec import Contents


def _page_number(paragraph: Any) -> None:
    """A PAGE field ("Page 2") in the footer."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run("Page ")
    run = paragraph.add_run()
    for kind, value in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = value
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, value in zip(table.rows[0].cells, header, strict=True):
        cell.text = value
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value


def render(pack: Contents, exporter: Exporter | None = None, progress: Progress | None = None) -> bytes:
    from docx import Document
    from docx.shared import Pt

    brief = pack.brief
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    document.styles["Title"].font.size = Pt(20)
    section = document.sections[0]
    footer = section.footer.paragraphs[0]
    footer.text = f"{brief.title} · {brief.date.isoformat()} · "
    _page_number(footer)
    # Word's core properties hold at most 255 characters (a long initiative name in the title would raise)
    document.core_properties.title = textwrap.shorten(brief.title, 255, placeholder="…")
    document.core_properties.subject = textwrap.shorten(pack.context.filters_text, 255, placeholder="…")
    document.add_heading(brief.title, level=0)
    document.add_paragraph(text.meta_line(brief))
    document.add_heading("Key messages", level=1)
    for message in brief.messages:
        document.add_paragraph(f"{message.text} {brief.marker(message.source_ids)}", style="List Number")
    for heading, header, rows in text.tables(brief):
        document.add_heading(heading, level=1)
        _table(document, header, rows)
    document.add_heading("Key numbers: mineral by stage", level=1)
    label = brief.partner_label
    header = ["Mineral", "Stage", "China's share", *([f"{label}'s share"] if label else []), "Year", "Ref."]
    rows = []
    for mineral in brief.minerals:
        for stage in mineral.stages:
            cells = [mineral.name, stage.stage, stage.china.text]
            if label:
                cells.append(stage.partner.text if stage.partner is not None else "")
            cells += ["" if stage.year is None else str(stage.year),
                      brief.marker([*stage.china.source_ids, *(stage.partner.source_ids if stage.partner else ())])]
            rows.append(cells)
    _table(document, header, rows)
    recent, earlier, more = text.initiative_lines(brief)
    if recent or earlier:
        document.add_heading(text.initiatives_heading(brief), level=1)
        for line in [*recent, *earlier, *([more] if more else [])]:
            document.add_paragraph(line, style="List Bullet")
    if brief.events:
        document.add_heading("Latest events", level=1)
        for line in text.event_lines(brief):
            document.add_paragraph(line, style="List Bullet")
    if brief.missing:
        document.add_heading("What no source gives", level=1)
        for line in brief.missing:
            document.add_paragraph(line, style="List Bullet")
    document.add_heading("The charts, and what to say", level=1)
    for item in pack.items:
        document.add_heading(item.headline, level=2)
        for point in item.points:
            document.add_paragraph(f"{point.text} {pack.marker(point.source_ids)}".rstrip(), style="List Bullet")
        document.add_paragraph(f"Chart: {item.chart.title}. Data in the dashboard: {pack.context.permalink}")
    if pack.unavailable:
        document.add_paragraph("Not available (no source gives the figures): " + "; ".join(pack.unavailable) + ".")
    document.add_heading("References", level=1)
    for reference in pack.references:
        document.add_paragraph(f"[{reference.number}] {reference.full}")
    document.add_paragraph(f"Filters: {pack.context.filters_text}. Exported {pack.context.exported.isoformat()}.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
