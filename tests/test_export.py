"""Real files from the real exporter (kaleido driving Debian's Chromium): signatures, sizes, text, manifests."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from dashboard import charts as registry
from dashboard import export, filters

pytestmark = pytest.mark.export


@pytest.fixture(scope="module")
def lithium_india(ds):
    """Every registered chart of lithium for partner India, in registry order."""
    selection = filters.resolve(ds, filters.Filters(minerals=("lithium",), partner="IND"))
    charts = [registry.chart_for(ds, chart_id, selection, "lithium") for chart_id in registry.REGISTRY]
    context = export.make_context(selection, {"lithium": "Lithium"}, base_url=export.DEFAULT_BASE_URL)
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
    assert result.stderr == ""  # nothing on stderr when all went well (no warning from the browser's shutdown)
    assert result.stdout.startswith(f"wrote {out} (short briefing pack") and result.stdout.count("\n") == 1
    assert zipfile.is_zipfile(out) and "README.md" in zipfile.ZipFile(out).namelist()
    assert [p.name for p in tmp_path.iterdir()] == ["brief.zip"]
