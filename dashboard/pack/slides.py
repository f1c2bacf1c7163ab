"""The PowerPoint deck: the brief on the first slide, one slide per chart, the references last.

Every slide uses the "Title Only" layout, so outlines and screen readers see its title, and the title states
the message. Bar and line charts are native PowerPoint charts (editable: data, colours, labels); a picture
only where no native chart fits (the map). The source line sits inside the slide; the speaker notes carry
two or three talking points, each with its source. No text under 12 pt; every text box is sized from the
measured text (``measure``), and what does not fit is cut, not shrunk.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from dashboard.export import Progress
from dashboard.exporter import Exporter, shared_exporter

from . import measure, printer, text
from .native import NativeChart, native
from .spec import Contents, Item, cited, sources_of

WIDTH, HEIGHT = 13.333, 7.5
MARGIN = 0.5
TITLE_TOP, TITLE_HEIGHT = 0.3, 1.0
BODY_TOP = TITLE_TOP + TITLE_HEIGHT + 0.1
BOTTOM = HEIGHT - 0.25
MIN_PT = 12
TITLE_ONLY = 5
NUMBER_WIDTH = 0.7


def _inches(value: float) -> Any:
    from pptx.util import Emu

    return Emu(round(value * 914400))


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#"))  # type: ignore[no-untyped-call]


def _deck() -> Any:
    from pptx import Presentation

    deck = Presentation()
    deck.slide_width, deck.slide_height = _inches(WIDTH), _inches(HEIGHT)
    return deck


def _style(run: Any, size: float, bold: bool = False, colour: str = "111111") -> None:
    from pptx.util import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Arial"
    run.font.color.rgb = _rgb(colour)


def _fill(frame: Any, paragraphs: Sequence[tuple[str, float, bool]], space_pt: float = 0) -> None:
    from pptx.util import Pt

    frame.word_wrap = True
    for index, (line, size, bold) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(space_pt)
        run = paragraph.add_run()
        run.text = line
        _style(run, size, bold)


def _box(slide: Any, left: float, top: float, width: float, paragraphs: Sequence[tuple[str, float, bool]],
         space_pt: float = 0, name: str = "Text") -> float:
    """A text box exactly as tall as its measured text; returns its bottom (inches)."""
    from pptx.enum.text import MSO_AUTO_SIZE

    inner = width - 0.2
    height = measure.height_in(list(paragraphs), inner, space_pt) + 0.12
    shape = slide.shapes.add_textbox(_inches(left), _inches(top), _inches(width), _inches(height))
    shape.name = name
    frame = shape.text_frame
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = _inches(0.1)
    frame.margin_top = frame.margin_bottom = _inches(0.05)
    _fill(frame, paragraphs, space_pt)
    return top + height


def _title(slide: Any, words: str) -> None:
    """The layout's title placeholder, moved to the wide slide; 26 pt, down to 20 pt for a long message."""
    from pptx.enum.text import MSO_ANCHOR

    size = next((s for s in (26, 24, 22, 20) if measure.height_in([(words, s, True)], WIDTH - 2 * MARGIN - 0.2)
                 <= TITLE_HEIGHT - 0.1), 20)
    title = slide.shapes.title
    title.left, title.top = _inches(MARGIN), _inches(TITLE_TOP)
    title.width, title.height = _inches(WIDTH - 2 * MARGIN), _inches(TITLE_HEIGHT)
    frame = title.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = _inches(0.1)
    paragraph = frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = words
    _style(run, size, True, "1A3B66")
    from pptx.enum.text import PP_ALIGN

    paragraph.alignment = PP_ALIGN.LEFT


def _number(slide: Any, number: int, total: int) -> None:
    _box(slide, WIDTH - MARGIN - NUMBER_WIDTH, BOTTOM - 0.35, NUMBER_WIDTH, [(f"{number}/{total}", MIN_PT, False)],
         name="Slide number")


def _notes(slide: Any, lines: Sequence[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _table(slide: Any, left: float, top: float, widths: Sequence[float], header: Sequence[str],
           rows: Sequence[Sequence[str]], name: str) -> float:
    """A native table with rows as tall as their measured cells; returns its bottom."""

    heights = [max(len(measure.wrap(cell, MIN_PT, w - 0.2, bold)) for cell, w in zip(row, widths, strict=True))
               * MIN_PT * measure.LINE_HEIGHT / 72 + 0.14
               for row, bold in [(header, True), *((r, False) for r in rows)]]
    shape = slide.shapes.add_table(len(rows) + 1, len(header), _inches(left), _inches(top),
                                   _inches(sum(widths)), _inches(sum(heights)))
    shape.name = name
    table = shape.table
    for index, width in enumerate(widths):
        table.columns[index].width = _inches(width)
    for index, height in enumerate(heights):
        table.rows[index].height = _inches(height)
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = _inches(0.1)
            cell.margin_top = cell.margin_bottom = _inches(0.04)
            frame = cell.text_frame
            frame.word_wrap = True
            run = frame.paragraphs[0].add_run()
            run.text = value
            _style(run, MIN_PT, r == 0, "FFFFFF" if r == 0 else "111111")
            if r == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb("1A3B66")
    return top + sum(heights)


def brief_slide(deck: Any, pack: Contents, total: int) -> Any:
    """Slide 1: key messages and the partner's lines on the left, the key numbers on the right."""
    brief = pack.brief
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(slide, brief.title)
    left_width = 6.1
    paragraphs = [("Key messages", 16, True)] + [(f"{i}. {m.text} {brief.marker(m.source_ids)}", 14, False)
                                                  for i, m in enumerate(brief.messages, start=1)]
    bottom = _box(slide, MARGIN, BODY_TOP, left_width, paragraphs, 4, "Key messages")
    recent, earlier, _ = text.initiative_lines(brief)
    lines: list[tuple[str, float, bool]] = []
    if recent:
        lines.append(("At and after the ministerial: " + "; ".join(recent), MIN_PT, False))
    if earlier:
        lines.append(("Earlier: " + "; ".join(earlier[:2]), MIN_PT, False))
    if brief.events:
        lines.append(("Latest: " + text.event_lines(brief)[0], MIN_PT, False))
    lines += [(line, MIN_PT, False) for line in brief.missing]
    room = BOTTOM - 0.45 - (bottom + 0.1)
    while lines and measure.height_in(lines, left_width - 0.2, 3) + 0.12 > room:
        lines.pop(1 if len(lines) > 1 else 0)  # keep what was signed at and after the ministerial longest
    if lines:
        _box(slide, MARGIN, bottom + 0.1, left_width, lines, 3, "Initiatives and gaps")
    x, width = MARGIN + left_width + 0.3, WIDTH - 2 * MARGIN - left_width - 0.3
    top = BODY_TOP
    for heading, header, rows in text.tables(brief, products=False):
        if len(header) == 3:
            widths = [1.3, 1.7, width - 3.0]
        else:
            first = 1.25
            widths = [first] + [(width - first) / (len(header) - 2)] * (len(header) - 2) + [0.0]
            header, rows = header[:-1], [r[:-1] for r in rows]  # the most concentrated stage is in the messages
            widths = widths[:-1]
        top = _box(slide, x, top, width, [(heading, 14, True)], name=heading)
        top = _table(slide, x, top, widths, header, rows, heading) + 0.15
    _notes(slide, [*(f"• {m.text} {brief.marker(m.source_ids)}" for m in brief.messages), "",
                   *(f"[{r.number}] {r.short}" for r in brief.references), "",
                   f"Filters: {pack.context.filters_text}", f"View online: {pack.context.permalink}"])
    _number(slide, 1, total)
    return slide


def _chart(slide: Any, spec: NativeChart, left: float, top: float, width: float, height: float) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Pt

    kinds = {"column": XL_CHART_TYPE.COLUMN_CLUSTERED, "bar": XL_CHART_TYPE.BAR_CLUSTERED,
             "bar_stacked": XL_CHART_TYPE.BAR_STACKED, "line": XL_CHART_TYPE.LINE_MARKERS}
    data = CategoryChartData(number_format=spec.number_format)  # type: ignore[no-untyped-call]
    data.categories = list(spec.categories)
    for name, values in spec.series:
        data.add_series(name, list(values))  # type: ignore[no-untyped-call]
    frame = slide.shapes.add_chart(kinds[spec.kind], _inches(left), _inches(top), _inches(width), _inches(height),
                                   data)
    frame.name = "Chart"
    chart = frame.chart
    chart.font.size = Pt(MIN_PT)
    chart.font.name = "Arial"
    # the slide's title is the chart's; a legend names every series, even one (else PowerPoint would title
    # a one-series chart with its name)
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    plot = chart.plots[0]
    if spec.kind != "bar_stacked":
        plot.has_data_labels = True
        plot.data_labels.number_format = spec.number_format
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(MIN_PT)
    axis = chart.value_axis
    axis.has_title = True
    axis.axis_title.text_frame.text = spec.value_title
    axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(MIN_PT)
    axis.tick_labels.font.size = Pt(MIN_PT)
    axis.has_major_gridlines = True
    if spec.number_format.endswith('" %"'):  # shares: the axis ends at 100 %, not at 120
        axis.minimum_scale, axis.maximum_scale = 0, 100
    chart.category_axis.tick_labels.font.size = Pt(MIN_PT)
    for series, texts in zip(plot.series, spec.labels, strict=False):
        if any(texts) and spec.kind != "bar_stacked":
            # a point's own label adds the series' labels, which python-pptx starts with every value hidden:
            # the other points keep their numbers
            series.data_labels.show_value = True
            series.data_labels.number_format = spec.number_format
            series.data_labels.number_format_is_linked = False
            series.data_labels.font.size = Pt(MIN_PT)
        for index, label in enumerate(texts):
            if label:  # the published figure with its qualifier ('>50 %'), not the plotted number
                point = series.points[index].data_label
                point.text_frame.text = label
                point.text_frame.paragraphs[0].runs[0].font.size = Pt(MIN_PT)
    for series, colour in zip(plot.series, spec.colours, strict=False):
        colour_rgb = _rgb(colour)
        if spec.kind == "line":
            series.format.line.color.rgb = colour_rgb
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour_rgb
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour_rgb


def chart_slide(deck: Any, pack: Contents, item: Item, picture: bytes | None, number: int, total: int) -> Any:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(slide, item.headline)
    width = WIDTH - 2 * MARGIN
    source = sources_of(pack, item)
    source_width = width - NUMBER_WIDTH - 0.1
    source_height = measure.height_in([(source, MIN_PT, False)], source_width - 0.2) + 0.12
    source_top = BOTTOM - source_height
    _box(slide, MARGIN, source_top, source_width, [(source, MIN_PT, False)], name="Source")
    spec = native(item.chart_kind, item.chart, pack.brief.partner_label)
    height = source_top - 0.1 - BODY_TOP
    if spec is not None:
        _chart(slide, spec, MARGIN, BODY_TOP, width, height)
    elif picture is not None:
        scale = min(width / 16, height / 9)
        frame = slide.shapes.add_picture(io.BytesIO(picture), _inches(MARGIN + (width - 16 * scale) / 2),
                                         _inches(BODY_TOP), _inches(16 * scale), _inches(9 * scale))
        frame.name = "Map (picture)"
    notes = ["Talking points:", *(f"• {p}" for p in cited(pack, item.points)), "", item.chart.title]
    if spec is not None and spec.note:
        notes.append(spec.note)
    notes += ["", f"Filters: {pack.context.filters_text}", f"View online: {pack.context.permalink}"]
    _notes(slide, notes)
    _number(slide, number, total)
    return slide


def _reference_pages(pack: Contents) -> list[list[str]]:
    lines = [f"[{r.number}] {text.short_reference(r, 140)}" for r in pack.references]
    if pack.unavailable:
        lines.append("Not available (no source gives the figures): " + "; ".join(pack.unavailable) + ".")
    return _paginate(lines)


def render(pack: Contents, exporter: Exporter | None = None, progress: Progress | None = None) -> bytes:
    """The deck: brief, a slide per chart (native charts), references (and the sources in full with the annex)."""
    pictures: dict[int, bytes] = {}
    needs = [i for i, item in enumerate(pack.items) if native(item.chart_kind, item.chart, None) is None]
    if needs:
        if progress is not None:
            progress(0.1, f"Rendering {len(needs)} map(s) as pictures…")
        rendered = printer.images(exporter or shared_exporter(),
                                  [(pack.items[i].chart.figure, "png", 1600, 900, 1) for i in needs])
        pictures = dict(zip(needs, rendered, strict=True))
    if progress is not None:
        progress(0.6, "Building the slides…")
    reference_pages = _reference_pages(pack)
    full = [[f"[{r.number}] {r.full}" for r in pack.references]] if pack.with_annex else []
    total = 1 + len(pack.items) + len(reference_pages) + (len(_paginate(full[0])) if full else 0)
    deck = _deck()
    brief_slide(deck, pack, total)
    for number, item in enumerate(pack.items, start=2):
        chart_slide(deck, pack, item, pictures.get(number - 2), number, total)
    number = 1 + len(pack.items)
    for index, lines in enumerate(reference_pages, start=1):
        number += 1
        shown = {line.split("]")[0] + "]" for line in lines}
        _text_slide(deck, "References" + (f" ({index} of {len(reference_pages)})" if len(reference_pages) > 1 else ""),
                    lines, number, total, [f"[{r.number}] {r.full}" for r in pack.references
                                           if f"[{r.number}]" in shown])
    if full:
        pages = _paginate(full[0])
        for index, lines in enumerate(pages, start=1):
            number += 1
            _text_slide(deck, f"Sources in full ({index} of {len(pages)})", lines, number, total)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


#: Space after each line of a list slide (points).
LIST_SPACING = 1


def _paginate(lines: list[str]) -> list[list[str]]:
    room = BOTTOM - 0.45 - BODY_TOP
    pages: list[list[str]] = [[]]
    for line in lines:
        if pages[-1] and measure.height_in([(x, MIN_PT, False) for x in [*pages[-1], line]], WIDTH - 2 * MARGIN - 0.2,
                                           LIST_SPACING) + 0.12 > room:
            pages.append([])
        pages[-1].append(line)
    return pages


def _text_slide(deck: Any, title: str, lines: Sequence[str], number: int, total: int,
                notes: Sequence[str] = ()) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(slide, title)
    _box(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, [(line, MIN_PT, False) for line in lines], LIST_SPACING, "Text")
    _notes(slide, list(notes or lines))
    _number(slide, number, total)
