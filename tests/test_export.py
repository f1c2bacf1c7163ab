"""Real files from the real exporter (kaleido driving Debian's Chromium): signatures, sizes, text, manifests."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from dashboard import charts as registry
from dashboard import data, export, filters, pack
from dashboard.exporter import Exporter

pytestmark = pytest.mark.export


@pytest.fixture(scope="module")
def ds() -> data.Datasets:
    return data.load()


@pytest.fixture(scope="module")
def exporter():
    started = Exporter().start()
    yield started
    started.close()


@pytest.fixture(scope="module")
def lithium_india(ds):
    selection = filters.resolve(ds, filters.Filters(minerals=("lithium",), partner="IND"))
    charts = pack.pack_charts(ds, selection)
    context = export.make_context(selection, {"lithium": "Lithium"})
    return selection, charts, context


def png_size(blob: bytes) -> tuple[int, int]:
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", blob[16:24])


def test_a_chart_exports_as_a_slide_sized_png(lithium_india, exporter):
    _, charts, context = lithium_india
    blob = export.chart_bytes(charts[0], "png", context, exporter)
    assert png_size(blob) == (3200, 1800)  # 1600 x 900 at 2x
    assert len(blob) > 50_000


def test_a_chart_exports_as_svg_with_its_title_filters_source_date_and_permalink(lithium_india, exporter):
    _, charts, context = lithium_india
    svg = export.chart_bytes(charts[0], "svg", context, exporter).decode("utf-8")
    assert svg.startswith("<svg")
    assert "Lithium: mine production by country, 2025 (t)" in svg
    assert "Filters: Minerals: Lithium · Partner: India" in svg
    assert "Mineral Commodity Summaries 2026 Data Release (MCS 2026)" in svg
    assert f"Exported {context.exported.isoformat()}" in svg
    assert "minerals?mineral=lithium&amp;partner=IND" in svg


def test_a_chart_exports_as_pdf(lithium_india, exporter):
    _, charts, context = lithium_india
    blob = export.chart_bytes(charts[2], "pdf", context, exporter)
    assert blob[:5] == b"%PDF-"
    text = PdfReader(io.BytesIO(blob)).pages[0].extract_text()
    assert "concentration by stage" in text


def test_the_map_renders_offline_from_the_shipped_topojson(ds, exporter, lithium_india):
    _, _, context = lithium_india
    chart = registry.build(ds, "map", registry.ChartArgs("cobalt", year=2025))
    svg = export.chart_bytes(chart, "svg", context, exporter).decode("utf-8")
    assert svg.count("choroplethlocation") >= 10  # country shapes drawn: the geometry loaded without a network


def test_the_csv_of_a_chart_holds_exactly_its_rows(lithium_india):
    _, charts, context = lithium_india
    text = export.chart_bytes(charts[0], "csv", context).decode("utf-8")
    lines = text.strip().splitlines()
    assert len(lines) == len(charts[0].rows) + 1
    assert any(line.startswith("AUS,") and ",92000.0," in line for line in lines)


def test_the_pdf_pack_has_a_cover_a_page_per_chart_and_the_sources(ds, lithium_india, exporter):
    _, charts, context = lithium_india
    steps: list[tuple[float, str]] = []
    blob = pack.pack("pdf", charts, context, ds.sources, exporter, progress=lambda f, text: steps.append((f, text)))
    reader = PdfReader(io.BytesIO(blob))
    # progress is reported while the pages render, never goes backwards, and ends at done
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(text == f"Rendering {len(reader.pages)} pages…" for _, text in steps)
    texts = [page.extract_text() for page in reader.pages]
    source_pages = [t for t in texts if t.lstrip().startswith("Sources")]
    assert len(reader.pages) == 1 + len(charts) + len(source_pages) and source_pages
    assert "Critical minerals briefing: Lithium, with India" in texts[0]
    assert "Minerals: Lithium · Partner: India" in texts[0]
    everything = "".join("".join(texts).split())  # ids may wrap across lines in the extracted text
    for source_id in {s for c in charts for s in c.source_ids}:
        assert f"({source_id})" in everything, f"{source_id} missing from the closing pages"
    assert "Australia is the largest producer with 92,000 t" in texts[1]
    assert reader.metadata.title == context.title


def test_the_pptx_pack_has_one_chart_per_slide_and_citations_in_the_notes(ds, lithium_india, exporter):
    from pptx import Presentation

    _, charts, context = lithium_india
    deck = Presentation(io.BytesIO(pack.pack("pptx", charts, context, ds.sources, exporter)))
    slides = list(deck.slides)
    chart_slides = slides[1:1 + len(charts)]
    assert all(any(s.shape_type == 13 for s in slide.shapes) for slide in chart_slides)  # 13 = picture
    notes = chart_slides[0].notes_slide.notes_text_frame.text
    assert "U.S. Geological Survey, National Minerals Information Center (2026)" in notes
    assert "Filters: Minerals: Lithium · Partner: India" in notes
    assert len(slides) > len(charts) + 1  # title, charts, sources


def test_the_zip_pack_has_png_svg_csv_per_chart_and_a_readme(ds, lithium_india, exporter):
    _, charts, context = lithium_india
    archive = zipfile.ZipFile(io.BytesIO(pack.pack("zip", charts, context, ds.sources, exporter)))
    names = set(archive.namelist())
    manifest = json.loads(archive.read("manifest.json"))
    assert set(manifest["files"]) == names - {"manifest.json"}
    for number, chart in enumerate(charts, start=1):
        for ext in ("png", "svg", "csv"):
            assert f"{number:02d}_{chart.chart_id}.{ext}" in names
    readme = archive.read("README.md").decode("utf-8")
    assert "Filters: Minerals: Lithium · Partner: India" in readme and context.permalink in readme
    assert "[usgs_mcs2026_world_production] U.S. Geological Survey" in readme


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dashboard", "export", *args], capture_output=True, text=True,
                          check=False)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mineral", "gold", "--format", "pdf"], "unknown mineral 'gold': not one of lithium, cobalt, nickel"),
        (["--mineral", "lithium", "--partner", "XXX", "--format", "pdf"], "unknown partner 'XXX': not a country"),
        (["--mineral", "lithium", "--partner", "OTH", "--format", "pdf"], "unknown partner 'OTH': not a country"),
        (["--mineral", "lithium", "--partner", "WLD", "--format", "pdf"], "unknown partner 'WLD': not a country"),
        (["--mineral", "lithium", "--initiative", "nope", "--format", "pdf"], "unknown bloc 'nope': not an initiative"),
        (["--mineral", "lithium", "--year", "1990", "--format", "pdf"], "unknown year '1990': no country figures"),
        (["--mineral", "lithium", "--format", "png"], "add --chart, one of production, map, concentration"),
        (["--mineral", "lithium", "--format", "png", "--chart", "pie"], "unknown chart 'pie'; valid: production"),
        (["--mineral", "lithium", "--format", "gif"], "invalid choice: 'gif'"),
    ],
)
def test_bad_export_arguments_exit_2_listing_the_valid_choices(tmp_path: Path, args, message):
    result = cli(*args, "--out", str(tmp_path / "out.bin"))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert not list(tmp_path.iterdir())


def test_an_unwritable_output_fails_clearly_and_leaves_no_partial_file(tmp_path: Path):
    taken = tmp_path / "report.csv"
    taken.mkdir()  # a folder where the file should go: not writable as a file, even for root
    result = cli("--mineral", "lithium", "--format", "csv", "--chart", "production", "--out", str(taken))
    assert result.returncode == 1
    assert f"cannot write {taken}" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"] and not list(taken.iterdir())


def test_a_missing_output_folder_fails_clearly(tmp_path: Path):
    result = cli("--mineral", "lithium", "--format", "csv", "--chart", "production", "--out",
                 str(tmp_path / "missing" / "x.csv"))
    assert result.returncode == 1
    assert f"folder {tmp_path / 'missing'} does not exist" in result.stderr


def test_the_command_line_writes_a_pack(tmp_path: Path):
    out = tmp_path / "brief.zip"
    result = cli("--mineral", "cobalt", "--initiative", "quad_cmi", "--format", "zip", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert zipfile.is_zipfile(out) and "README.md" in zipfile.ZipFile(out).namelist()
    assert [p.name for p in tmp_path.iterdir()] == ["brief.zip"]
