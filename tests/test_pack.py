"""The briefing pack as files, for the default filters (four minerals, partner India): the brief fits one page,
the short pack stays within 12 pages and slides, no empty page or file, a title on every slide, native
charts, talking points with sources, a Word note with real tables and numbered references, and a layout
checked from the files' own geometry (PDF text positions and link boxes, PPTX shape boxes and measured text)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from pptx import Presentation
from pptx.util import Emu, Pt
from pypdf import PdfReader

from dashboard import export, filters, pack
from dashboard.pack import measure, pdf

pytestmark = pytest.mark.export

BASE = "https://minerals.example.org"
TODAY = dt.date(2026, 11, 27)
EMU_PER_INCH = 914400
#: points of tolerance for text positions (rounding in the PDF) and of shared area for an overlap
TOLERANCE_PT = 0.75


@pytest.fixture(scope="module")
def contents(ds) -> pack.Contents:
    selection = filters.resolve(ds, filters.Filters(partner="IND"), today=TODAY)
    names = {m: ds.vocabulary.mineral_name(m) for m in ds.vocabulary.mineral_ids}
    return pack.contents(ds, selection, export.make_context(selection, names, base_url=BASE, today=TODAY))


@pytest.fixture(scope="module")
def annexed(ds) -> pack.Contents:
    selection = filters.resolve(ds, filters.Filters(partner="IND"), today=TODAY)
    names = {m: ds.vocabulary.mineral_name(m) for m in ds.vocabulary.mineral_ids}
    return pack.contents(ds, selection, export.make_context(selection, names, base_url=BASE, today=TODAY),
                         annex=True)


@pytest.fixture(scope="module")
def files(contents, exporter) -> dict[str, bytes]:
    return {fmt: pack.render(fmt, contents, exporter) for fmt in pack.FORMATS}


@pytest.fixture(scope="module")
def annex_files(annexed, exporter) -> dict[str, bytes]:
    return {fmt: pack.render(fmt, annexed, exporter) for fmt in ("pdf", "pptx")}


# -- geometry read back from the files --------------------------------------------------------------


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], slack: float = TOLERANCE_PT) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


def pdf_layout_problems(blob: bytes, margin_pt: float = 14) -> list[str]:
    """Text past the page or into its edge margin, page text over a chart (a chart's box is its link
    annotation), chart text spilling out of its box, and page text over other page text."""
    problems = []
    with pdfplumber.open(io.BytesIO(blob)) as document:
        for number, page in enumerate(document.pages, start=1):
            edge = (margin_pt, margin_pt, float(page.width) - margin_pt, float(page.height) - margin_pt)
            charts = [(float(h["x0"]), float(h["top"]), float(h["x1"]), float(h["bottom"])) for h in page.hyperlinks]
            words = page.extract_words()
            own = []
            for word in words:
                box = (float(word["x0"]), float(word["top"]), float(word["x1"]), float(word["bottom"]))
                if not _inside(box, edge, 0):
                    problems.append(f"page {number}: {word['text']!r} past the margin at {box}")
                hits = [c for c in charts if _overlap(box, c) > 0]
                if hits and not any(_inside(box, c) for c in hits):
                    problems.append(f"page {number}: {word['text']!r} crosses a chart's edge")
                if not hits:
                    own.append((box, word["text"]))
            for index, (box, word) in enumerate(own):
                for other, word2 in own[index + 1:]:
                    shared = _overlap(box, other)
                    smaller = min((box[2] - box[0]) * (box[3] - box[1]), (other[2] - other[0]) * (other[3] - other[1]))
                    if shared > 0.2 * smaller:
                        problems.append(f"page {number}: {word!r} overlaps {word2!r}")
    return problems


def pptx_layout_problems(blob: bytes) -> list[str]:
    """Shapes past the slide's edge, shapes over each other, text taller than its box, text under 12 pt."""
    deck = Presentation(io.BytesIO(blob))
    width, height = deck.slide_width, deck.slide_height
    problems = []
    for number, slide in enumerate(deck.slides, start=1):
        boxes = []
        for shape in slide.shapes:
            box = (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)
            if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
                problems.append(f"slide {number}: {shape.name} runs past the slide's edge")
            for other_name, other in boxes:
                if _overlap(box, other) > 0:
                    problems.append(f"slide {number}: {shape.name} overlaps {other_name}")
            boxes.append((shape.name, box))
            if shape.has_text_frame and shape.text_frame.text:
                frame = shape.text_frame
                inner = (shape.width - (frame.margin_left or 0) - (frame.margin_right or 0)) / EMU_PER_INCH
                paragraphs = []
                for paragraph in frame.paragraphs:
                    sizes = [r.font.size.pt for r in paragraph.runs if r.font.size is not None]
                    if not sizes or min(sizes) < 12:
                        problems.append(f"slide {number}: {shape.name} has text under 12 pt or of no size")
                    paragraphs.append((paragraph.text, max(sizes or [12]), any(r.font.bold for r in paragraph.runs)))
                need = measure.height_in(paragraphs, inner) * EMU_PER_INCH
                room = shape.height - (frame.margin_top or 0) - (frame.margin_bottom or 0)
                if need > room + 0.05 * EMU_PER_INCH:
                    problems.append(f"slide {number}: {shape.name} text needs {need / EMU_PER_INCH:.2f} in, "
                                    f"has {room / EMU_PER_INCH:.2f} in")
            if shape.has_table:
                for row in shape.table.rows:
                    for cell, column in zip(row.cells, shape.table.columns, strict=True):
                        inner = (column.width - cell.margin_left - cell.margin_right) / EMU_PER_INCH
                        runs = [r for p in cell.text_frame.paragraphs for r in p.runs]
                        size = runs[0].font.size.pt if runs and runs[0].font.size else 0
                        if size < 12:
                            problems.append(f"slide {number}: a table cell has text under 12 pt")
                        need = measure.height_in([(cell.text, size, bool(runs and runs[0].font.bold))], inner)
                        room = (row.height - cell.margin_top - cell.margin_bottom) / EMU_PER_INCH
                        if need > room + 0.05:
                            problems.append(f"slide {number}: table cell {cell.text!r} does not fit its row")
    return problems


# -- the brief --------------------------------------------------------------------------------------


def test_the_brief_fits_one_page_and_opens_the_pdf(contents, files, exporter):
    alone = PdfReader(io.BytesIO(pdf.brief_pdf(contents, exporter)))
    assert len(alone.pages) == 1
    reader = PdfReader(io.BytesIO(files["pdf"]))
    first = "".join(reader.pages[0].extract_text().split())
    assert "".join(contents.brief.title.split()) in first
    for message in contents.brief.messages:  # every key message is on the page, whole
        assert "".join(message.text.split()) in first, message.text
    assert "References" in reader.pages[0].extract_text()
    assert reader.pages[1].extract_text().lstrip().startswith("Lithium · chart 1 of 8")
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert height > width  # the brief: A4 portrait; the charts: landscape
    assert float(reader.pages[1].mediabox.width) > float(reader.pages[1].mediabox.height)


def test_the_brief_page_cites_only_references_it_lists(files):
    text = PdfReader(io.BytesIO(files["pdf"])).pages[0].extract_text()
    body, _, references = text.partition("References")
    cited = {int(n) for group in re.findall(r"\[([0-9, ]+)\]", body) for n in group.split(",")}
    listed = {int(n) for n in re.findall(r"\[(\d+)\]", references)}
    assert cited and cited <= listed


# -- counts, empty pages and files ------------------------------------------------------------------


def test_the_short_pack_has_at_most_12_pages_and_slides(files):
    pages = len(PdfReader(io.BytesIO(files["pdf"])).pages)
    slides = len(Presentation(io.BytesIO(files["pptx"])).slides)
    assert pages <= 12 and slides <= 12
    assert pages == slides == 10  # the brief, eight charts, the references


def test_no_page_is_empty_and_every_chart_page_draws_its_chart(files, contents):
    with pdfplumber.open(io.BytesIO(files["pdf"])) as document:
        for number, page in enumerate(document.pages, start=1):
            assert len(page.extract_text() or "") > 100, f"page {number} is (nearly) empty"
        chart_pages = document.pages[1:1 + len(contents.story)]
        for page in chart_pages:
            assert page.hyperlinks and page.curves + page.rects + page.lines, "a chart page without a chart"


def test_the_zip_has_no_empty_file_and_a_readme_with_the_references(files, contents):
    archive = zipfile.ZipFile(io.BytesIO(files["zip"]))
    for info in archive.infolist():
        assert info.file_size > 100, f"{info.filename} is (nearly) empty"
        if info.filename.endswith(".csv"):
            assert len(archive.read(info.filename).decode().strip().splitlines()) >= 2, info.filename
    names = archive.namelist()
    manifest = json.loads(archive.read("manifest.json"))
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    assert sum(n.endswith(".png") for n in names) == len(contents.story) == 8
    readme = archive.read("README.md").decode()
    assert readme.startswith(f"# {contents.brief.title}") and "[1] " in readme
    assert Document(io.BytesIO(archive.read("briefing_note.docx"))).tables


def test_charts_with_no_data_are_left_out_and_listed_once(annex_files, annexed):
    reader = PdfReader(io.BytesIO(annex_files["pdf"]))
    text = "".join(page.extract_text() for page in reader.pages)
    assert text.count("Nickel: end uses") == 1 and "Not available" in text
    for page in reader.pages:
        assert len(page.extract_text()) > 100
    assert len(Presentation(io.BytesIO(annex_files["pptx"])).slides) > 12


# -- slides -------------------------------------------------------------------------------------------


def test_every_slide_has_a_title_placeholder_that_states_its_message(files, contents):
    deck = Presentation(io.BytesIO(files["pptx"]))
    titles = []
    for slide in deck.slides:
        assert slide.slide_layout.name == "Title Only"
        assert slide.shapes.title is not None and slide.shapes.title.text_frame.text.strip()
        titles.append(slide.shapes.title.text_frame.text)
    assert titles[0] == contents.brief.title
    assert titles[1:1 + len(contents.story)] == [item.headline for item in contents.story]
    assert any(t.startswith("Refining is the choke point for rare earths: China ") for t in titles)


def test_bar_and_line_charts_are_native_and_editable(files, annex_files):
    deck = Presentation(io.BytesIO(files["pptx"]))
    chart_slides = list(deck.slides)[1:9]
    for slide in chart_slides:
        charts = [s for s in slide.shapes if s.has_chart]
        assert len(charts) == 1 and not [s for s in slide.shapes if s.shape_type == 13]
        plot = charts[0].chart.plots[0]
        assert plot.categories and any(v is not None for series in plot.series for v in series.values)
    full = Presentation(io.BytesIO(annex_files["pptx"]))
    pictures = [s for slide in full.slides for s in slide.shapes if s.shape_type == 13]
    assert pictures and all(s.name == "Map (picture)" for s in pictures)
    assert len(pictures) == 4  # one map per mineral: the only charts with no native equivalent


def test_speaker_notes_give_talking_points_each_with_its_source(files):
    deck = Presentation(io.BytesIO(files["pptx"]))
    for slide in list(deck.slides)[1:9]:
        notes = slide.notes_slide.notes_text_frame.text
        points = [line for line in notes.splitlines() if line.startswith("• ")]
        assert 2 <= len(points) <= 3, notes
        for point in points:
            assert re.search(r"\[\d+(, \d+)*\] \(Source: .+\)$", point), point
        assert f"View online: {BASE}/" in notes


def test_the_brief_slide_carries_the_key_numbers_as_native_tables(files, contents):
    slide = Presentation(io.BytesIO(files["pptx"])).slides[0]
    tables = [s for s in slide.shapes if s.has_table]
    assert len(tables) == 2
    cells = [c.text for s in tables for row in s.table.rows for c in row.cells]
    assert contents.brief.cite(contents.brief.mineral("rare_earths").stage("refinery").china) in cells
    assert "China: refining" in cells
    assert not [c for c in cells if c.count("(") != c.count(")")]  # no figure cut in half


# -- the Word note ----------------------------------------------------------------------------------


def test_the_word_note_has_the_brief_a_key_numbers_table_and_numbered_references(files, contents):
    document = Document(io.BytesIO(files["docx"]))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == contents.brief.title
    assert not document.inline_shapes  # no text in images
    key = next(t for t in document.tables if t.rows[0].cells[1].text == "Stage")
    assert [c.text for c in key.rows[0].cells] == ["Mineral", "Stage", "China's share", "India's share", "Year", "Ref."]
    assert len(key.rows) == 1 + 4 * 3
    mine = contents.brief.mineral("lithium").stage("mine")
    assert [c.text for c in key.rows[1].cells] == ["Lithium", "mine", mine.china.text, "not listed", str(mine.year),
                                                   contents.brief.marker(mine.china.source_ids)]
    references = [t for t in texts if re.match(r"\[\d+\] ", t)]
    assert [int(re.match(r"\[(\d+)\]", t).group(1)) for t in references] == list(range(1, len(contents.references) + 1))
    assert texts.index(references[0]) > texts.index("References")


# -- layout checked from the files ------------------------------------------------------------------


def test_pdf_text_never_overlaps_a_chart_or_other_text_or_runs_off_the_page(files, annex_files):
    assert pdf_layout_problems(files["pdf"]) == []
    assert pdf_layout_problems(annex_files["pdf"]) == []


def test_pdf_pages_are_numbered(files):
    reader = PdfReader(io.BytesIO(files["pdf"]))
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {len(reader.pages)}" in page.extract_text()


def test_slide_shapes_stay_inside_the_slide_and_apart_with_text_that_fits(files, annex_files):
    assert pptx_layout_problems(files["pptx"]) == []
    assert pptx_layout_problems(annex_files["pptx"]) == []


def test_the_geometry_checks_catch_an_overlap():
    """The checks can fail: a text box moved over the chart is reported."""
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "A title"
    box = slide.shapes.add_textbox(Emu(EMU_PER_INCH // 2), Emu(EMU_PER_INCH // 2), Emu(EMU_PER_INCH),
                                   Emu(EMU_PER_INCH // 3))
    box.text_frame.text = "A long line of text that cannot fit in one inch at twelve points, " * 3
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    out = io.BytesIO()
    deck.save(out)
    problems = pptx_layout_problems(out.getvalue())
    assert any("overlaps" in p for p in problems) and any("needs" in p for p in problems)


# -- permalinks --------------------------------------------------------------------------------------


def test_every_format_links_to_the_public_base_url_not_this_machine(files):
    with pdfplumber.open(io.BytesIO(files["pdf"])) as document:
        links = [h["uri"] for page in document.pages for h in page.hyperlinks]
        text = "".join(page.extract_text() for page in document.pages)
    assert links and all(uri.startswith(f"{BASE}/minerals?partner=IND") for uri in links)
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in Presentation(io.BytesIO(files["pptx"])).slides)
    words = " ".join(p.text for p in Document(io.BytesIO(files["docx"])).paragraphs)
    archive = zipfile.ZipFile(io.BytesIO(files["zip"]))
    bundled = " ".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith((".md", ".json",
                                                                                                   ".svg")))
    for where in (text, notes, words, bundled):
        assert BASE in where and "127.0.0.1" not in where


# -- the command line -------------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dashboard", "export", *args], capture_output=True, text=True,
                          check=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--partner", "OTH", "--format", "pdf"], "unknown partner 'OTH': not a country"),
        (["--partner", "IND", "--format", "odt"], "invalid choice: 'odt'"),
        (["--partner", "IND", "--format", "docx", "--chart", "trend", "--mineral", "lithium"], "--chart goes with"),
        (["--mineral", "lithium", "--format", "png", "--chart", "trend", "--annex"], "--annex goes with a pack"),
        (["--partner", "IND", "--format", "pdf", "--base-url", "minerals.example.org"], "must start with http"),
    ],
)
def test_bad_pack_arguments_exit_2(tmp_path: Path, args, message):
    result = cli(*args, "--out", str(tmp_path / "out.bin"))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("fmt", ["pptx", "docx"])
def test_the_command_line_writes_the_short_pack_for_the_default_minerals(tmp_path: Path, fmt):
    out = tmp_path / f"brief.{fmt}"
    result = cli("--partner", "IND", "--format", fmt, "--out", str(out), "--base-url", BASE)
    assert result.returncode == 0, result.stderr
    assert "short briefing pack: the brief and 8 charts" in result.stdout
    if fmt == "pptx":
        assert len(Presentation(str(out)).slides) == 10
    else:
        assert Document(str(out)).paragraphs[0].text.startswith("Critical minerals: India after")


def test_native_charts_label_a_published_bound_as_such_and_draw_no_empty_series(files, contents):
    """Cobalt refining is published as '>75 %': the editable chart's bar sits at 75 but its label says '>75 %'
    (as the slide title does); a series with no value (a reliance stated in words only) is not in the
    legend; shares end at 100 % on the axis."""
    deck = Presentation(io.BytesIO(files["pptx"]))
    bounds, series_seen = [], 0
    for slide in list(deck.slides)[1:]:
        for shape in (s for s in slide.shapes if s.has_chart):
            chart = shape.chart
            for series in chart.plots[0].series:
                series_seen += 1
                assert any(v is not None for v in series.values), (slide.shapes.title.text, series.name)
                own = False
                for point, value in enumerate(series.values):
                    label = series.points[point].data_label
                    if label.has_text_frame and label.text_frame.text.startswith(">"):
                        bounds.append((label.text_frame.text, value))
                        own = True
                if own:  # the other points of the series still show their numbers
                    assert series.data_labels.show_value, (slide.shapes.title.text, series.name)
            if chart.value_axis.tick_labels.number_format.endswith('" %"') or "%" in chart.value_axis.axis_title.text_frame.text:
                assert chart.value_axis.maximum_scale in (None, 100)
    assert series_seen
    cobalt = [item for item in contents.items if item.mineral == "cobalt" and item.chart_kind == "partner_share"]
    assert cobalt and (cobalt[0].chart.rows["concern_qualifier"] == ">").any()  # the short pack shows it
    assert (">75 %", 75.0) in bounds
