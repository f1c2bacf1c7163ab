"""The USGS-derived tables are rebuilt by code from the official release files, and equal the committed ones."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dashboard import curate
from dashboard.curate import Parsed, parse_value

REPO = Path(__file__).resolve().parent.parent
USGS_DIR = REPO.parent / "shared" / "data" / "usgs"
CURATED = REPO / "datasets" / "curated"

HAVE_USGS = (USGS_DIR / "MCS2026_Commodities_Data.csv").exists()
#: In CI (``CI`` set) the release files must be there: a missing ../shared fails the run instead of
#: silently skipping the one test that proves the curated tables equal a rebuild.
needs_usgs = pytest.mark.skipif(
    not HAVE_USGS and not os.environ.get("CI"),
    reason=f"USGS release files not found in {USGS_DIR}; the rebuild test needs them (set CI=1 to fail instead)",
)


@pytest.fixture(autouse=True)
def _release_files_present_in_ci(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("usgs") and not HAVE_USGS:
        pytest.fail(f"CI is set but the USGS release files are not in {USGS_DIR}")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("230,000", Parsed("230000")),
        ("W", Parsed("", "W")),
        ("NA", Parsed("", "NA")),
        ("—", Parsed("0", "—")),
        ("E", Parsed("", "E")),
        (">50", Parsed("50", "", ">")),
        (">140,000,000", Parsed("140000000", "", ">")),
        ("8.38", Parsed("8.38")),
        ("", Parsed("")),
    ],
)
def test_usgs_cells_are_parsed_without_rounding(raw: str, expected: Parsed):
    assert parse_value(raw) == expected


def test_thousand_tonne_figures_are_scaled_exactly():
    assert parse_value("483.1", scale=1000).value == "483100"
    assert parse_value("0.0001", scale=1000).value == "0.1"


def test_text_that_is_neither_number_nor_code_is_an_error():
    with pytest.raises(ValueError, match="not a number or a USGS code: 'about 5'"):
        parse_value("about 5")


@needs_usgs
@pytest.mark.usgs
def test_rebuilding_from_the_release_files_gives_exactly_the_committed_tables(tmp_path: Path):
    tables = curate.build(USGS_DIR)
    written = dict(curate.write(tables, tmp_path))
    assert set(written) == {p.stem for p in CURATED.glob("*.csv")}
    for name in written:
        rebuilt = (tmp_path / f"{name}.csv").read_text(encoding="utf-8")
        committed = (CURATED / f"{name}.csv").read_text(encoding="utf-8")
        assert rebuilt == committed, f"datasets/curated/{name}.csv differs from a rebuild: run `python -m dashboard curate`"


@needs_usgs
@pytest.mark.usgs
def test_a_malformed_release_file_stops_the_build_naming_file_row_and_column(tmp_path: Path):
    for path in USGS_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / "World_Minerals_Outlook_2029_Data.csv"
    lines = target.read_bytes().split(b"\r\n")
    lines[1] = lines[1].replace(b",4878,", b",4.8k,")
    target.write_bytes(b"\r\n".join(lines))
    with pytest.raises(curate.CurateError) as caught:
        curate.build(tmp_path)
    assert str(caught.value) == "World_Minerals_Outlook_2029_Data.csv:2:Quantity: not a number or a USGS code: '4.8k'"


@needs_usgs
@pytest.mark.usgs
def test_an_unknown_country_spelling_is_reported_with_its_place(tmp_path: Path):
    for path in USGS_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / "MCS2026_T4_Country_Export_Control.csv"
    text = target.read_text(encoding="utf-8-sig").replace("Zimbabwe,Export ban", "Zimbabwe Republic,Export ban")
    target.write_text(text, encoding="utf-8-sig")
    with pytest.raises(curate.CurateError, match=r"^MCS2026_T4_Country_Export_Control.csv:14:Country: unknown "
                                                  r"country name 'Zimbabwe Republic'"):
        curate.build(tmp_path)


@needs_usgs
@pytest.mark.usgs
def test_a_missing_release_file_is_named(tmp_path: Path):
    with pytest.raises(curate.CurateError, match=r"MCS2025_World_Data\.csv: file not found"):
        curate.build(tmp_path)
