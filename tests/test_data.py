"""Validation of the data package: every invariant has a negative test with the message expected."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dashboard import data

FIXTURE = Path(__file__).parent / "fixtures" / "datasets"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the tiny, valid fixture data package."""
    target = tmp_path / "datasets"
    shutil.copytree(FIXTURE, target)
    return target


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    datasets, problems = data.validate(root)
    assert datasets is None, "expected the data package to be rejected"
    # name files relative to the data package so the assertions read like the README
    return [str(replace(p, file=str(Path(p.file).resolve().relative_to(root.resolve())))) for p in problems]


def test_the_fixture_data_package_is_valid():
    datasets = data.load(FIXTURE)
    assert datasets.production.shape[0] == 6
    assert datasets.summary().startswith("21 tables, 47 rows valid")


def test_a_missing_column_names_file_header_row_and_column(mini: Path):
    edit(mini, "curated/production.csv", "year,value,value_code", "year,value_code")
    edit(mini, "curated/production.csv", "2025,230000,,", "2025,,")
    assert "curated/production.csv:1:value: required column missing from the header" in problems_of(mini)


def test_an_unknown_column_is_rejected(mini: Path):
    edit(mini, "manual/themes.csv", "theme_id,name,description,source_id", "theme_id,name,description,source_id,x")
    edit(mini, "manual/themes.csv", "Resilience of supply chains,news_test", "Resilience of supply chains,news_test,1")
    assert "manual/themes.csv:1:x: unknown column (not in the table's schema)" in problems_of(mini)


def test_text_in_a_number_names_the_row_and_column(mini: Path):
    edit(mini, "curated/production.csv", "COD,2025,230000", "COD,2025,lots")
    assert problems_of(mini) == [
        "curated/production.csv:2:value: Input should be a valid number, unable to parse string as a number "
        "(got 'lots')"
    ]


def test_an_unknown_iso_code_is_rejected(mini: Path):
    edit(mini, "curated/production.csv", "IDN,2025", "XYZ,2025")
    assert problems_of(mini) == [
        "curated/production.csv:3:country_iso3: 'XYZ' is not an ISO 3166-1 alpha-3 code (upper case) nor one of "
        "WLD, OTH, EUU (got 'XYZ')"
    ]


def test_an_unknown_code_in_a_list_cell_is_rejected(mini: Path):
    edit(mini, "manual/events.csv", "IND;USA", "IND;ZZZ")
    assert any(p.startswith("manual/events.csv:3:countries: 'ZZZ'") for p in problems_of(mini))


def test_a_value_outside_the_allowed_values_is_rejected(mini: Path):
    edit(mini, "curated/production.csv", "cobalt,mine,production,COD", "cobalt,smelter,production,COD")
    assert problems_of(mini) == [
        "curated/production.csv:2:stage: Input should be 'mine' or 'refinery' (got 'smelter')"
    ]


def test_a_duplicate_key_names_both_rows(mini: Path):
    path = mini / "manual/initiative_members.csv"
    path.write_text(path.read_text() + "msp,IND,member,2023-06-23,day,,news_test\n")
    [problem] = problems_of(mini)
    assert problem.startswith(
        "manual/initiative_members.csv:5:initiative_id+country_iso3+role: duplicate key msp/IND/member (first at "
    )
    assert problem.endswith("manual/initiative_members.csv:3)")


def test_a_dangling_source_id_is_rejected(mini: Path):
    edit(mini, "manual/refining_shares.csv", "CHN,2024,80,news_test", "CHN,2024,80,nowhere")
    assert problems_of(mini) == [
        "manual/refining_shares.csv:2:source_id: 'nowhere' is not a source_id of table sources"
    ]


def test_a_dangling_initiative_id_is_rejected(mini: Path):
    edit(mini, "manual/initiative_members.csv", "quad_cmi,IND", "quad_xyz,IND")
    assert problems_of(mini) == [
        "manual/initiative_members.csv:4:initiative_id: 'quad_xyz' is not a initiative_id of table initiatives"
    ]


def test_a_mineral_missing_from_the_minerals_table_is_rejected_everywhere_it_is_used(mini: Path):
    edit(mini, "manual/minerals.csv", "lithium,Lithium", "nickel,Nickel")
    found = problems_of(mini)
    assert ("curated/production.csv:6:mineral: 'lithium' is not a mineral of minerals.csv (cobalt, nickel) "
            "(got 'lithium')") in found


def test_an_unknown_theme_is_rejected(mini: Path):
    edit(mini, "manual/initiative_themes.csv", "msp,diversification", "msp,prosperity")
    [problem] = problems_of(mini)
    assert problem == ("manual/initiative_themes.csv:2:theme_id: 'prosperity' is not a theme of themes.csv "
                       "(supply_chain_resilience, diversification) (got 'prosperity')")


def test_a_share_above_100_is_rejected(mini: Path):
    edit(mini, "manual/refining_shares.csv", "CHN,2024,80", "CHN,2024,180")
    assert "manual/refining_shares.csv:2:share_pct: Input should be less than or equal to 100 (got '180')" in (
        problems_of(mini)
    )


def test_shares_of_one_breakdown_may_not_add_up_to_more_than_100(mini: Path):
    edit(mini, "manual/refining_shares.csv", "OTH,2024,20", "OTH,2024,30")
    assert problems_of(mini) == [
        "manual/refining_shares.csv:3:share_pct: shares of cobalt/refined cobalt/2024/news_test add up to 110 %, "
        "above 100 %"
    ]


def test_an_end_date_before_the_start_date_is_rejected(mini: Path):
    edit(mini, "manual/initiatives.csv", "2022-06-14,day,2026-02-04", "2022-06-14,day,2020-01-01")
    assert problems_of(mini) == [
        "manual/initiatives.csv:2:end_date: 2020-01-01 is before the start date 2022-06-14"
    ]


def test_an_impossible_date_is_rejected(mini: Path):
    edit(mini, "manual/events.csv", "2025-02-22,day", "2025-02-30,day")
    [problem] = problems_of(mini)
    assert problem.startswith("manual/events.csv:2:date: Input should be a valid date")


def test_an_empty_value_needs_a_code_that_says_why(mini: Path):
    edit(mini, "curated/production.csv", "USA,2025,,W,", "USA,2025,,,")
    assert problems_of(mini) == ["curated/production.csv:6:value: empty, and no value_code says why"]


def test_country_rows_must_add_up_to_the_world_total_within_the_tolerance(mini: Path):
    edit(mini, "curated/production.csv", "WLD,2025,310000", "WLD,2025,400000")
    [problem] = problems_of(mini)
    assert problem.startswith(
        "curated/production.csv:5:value: country rows of cobalt/mine/production/2025/MCS2026 add up to 310,000 t, "
        "-22.5% off the world total 400,000 t (tolerance 5%"
    )


def test_an_allow_listed_group_with_a_reason_is_exempt_from_the_sum_check(mini: Path):
    edit(mini, "curated/production.csv", "WLD,2025,310000", "WLD,2025,400000")
    path = mini / "checks_allowlist.csv"
    path.write_text(path.read_text() + "production,cobalt/mine/production/2025/MCS2026,test: the source says so\n")
    assert data.load(mini).production.shape[0] == 6


def test_an_allow_list_entry_without_a_reason_is_rejected(mini: Path):
    path = mini / "checks_allowlist.csv"
    path.write_text(path.read_text() + "production,cobalt/mine/production/2025/MCS2026,\n")
    assert problems_of(mini) == ["checks_allowlist.csv:2:reason: an allow-list entry needs a reason"]


def test_a_source_without_url_doi_or_via_is_rejected(mini: Path):
    edit(mini, "manual/sources.csv", "https://example.org/news,,", ",,")
    assert problems_of(mini) == ["manual/sources.csv:3:url: a source needs a url, a doi or the copy read (via)"]


def test_a_missing_file_is_named(mini: Path):
    (mini / "manual/events.csv").unlink()
    assert problems_of(mini) == ["manual/events.csv:-:-: file not found (table events)"]


def test_a_file_that_is_not_utf8_is_named(mini: Path):
    (mini / "manual/themes.csv").write_bytes("theme_id,name\nx,Caf\xe9\n".encode("cp1252"))
    [problem] = problems_of(mini)
    assert problem.startswith("manual/themes.csv:-:-: not UTF-8")


def test_nothing_is_half_loaded_load_raises_with_every_problem(mini: Path):
    edit(mini, "curated/production.csv", "COD,2025,230000", "COD,2025,lots")
    edit(mini, "manual/refining_shares.csv", "CHN,2024,80", "CHN,2024,180")
    with pytest.raises(data.DatasetError) as caught:
        data.load(mini)
    assert len(caught.value.problems) == 2
    assert str(caught.value).count("\n") == 1


def test_loaded_frames_are_typed_and_keep_no_data_apart_from_zero():
    datasets = data.load(FIXTURE)
    production = datasets.production
    assert str(production["year"].dtype) == "Int64"
    assert production["value"].dtype == "float64"
    withheld = production[production["country_iso3"] == "USA"].iloc[0]
    assert pd.isna(withheld["value"]) and withheld["value_code"] == "W"
    assert pd.api.types.is_datetime64_any_dtype(datasets.initiatives["start_date"])
    assert pd.isna(datasets.initiatives.set_index("initiative_id").at["quad_cmi", "end_date"])
    # an empty text cell is the empty string, never the text 'nan' or 'None'
    assert set(production["value_code"]) == {"", "W"}
    assert set(production["note"]) == {"", "World total (rounded)"}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, check=False)


def test_the_validate_command_exits_1_with_one_line_per_problem(mini: Path):
    edit(mini, "curated/production.csv", "COD,2025,230000", "COD,2025,lots")
    edit(mini, "manual/initiatives.csv", "2022-06-14,day,2026-02-04", "2022-06-14,day,2020-01-01")
    result = run_cli("validate", "--datasets", str(mini))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].endswith("curated/production.csv:2:value: Input should be a valid number, unable to parse "
                             "string as a number (got 'lots')")
    assert lines[1].endswith("manual/initiatives.csv:2:end_date: 2020-01-01 is before the start date 2022-06-14")
    assert lines[2] == "2 problem(s) found"


def test_the_validate_command_exits_0_with_a_one_line_summary():
    result = run_cli("validate", "--datasets", str(FIXTURE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("ok: 21 tables, 47 rows valid")


def test_an_edition_missing_from_the_editions_table_is_rejected_not_mis_ranked(mini: Path):
    edit(mini, "curated/production.csv", "MCS2026", "MCS2027")
    assert any("edition: 'MCS2027' is not an edition of editions.csv" in p for p in problems_of(mini))


def test_a_later_edition_wins_once_it_is_in_the_editions_table(mini: Path):
    from dashboard import metrics

    # a fake MCS 2027 release that revises Congo's 2025 cobalt output; published after MCS 2026
    (mini / "manual" / "editions.csv").write_text(
        (mini / "manual" / "editions.csv").read_text() + "MCS2027,Test release 2027,2027-02-01,day,usgs_test,\n")
    path = mini / "curated" / "production.csv"
    rows = [line for line in path.read_text().splitlines() if "cobalt,mine,production" in line and ",2025," in line]
    revised = [line.replace("MCS2026", "MCS2027").replace(",230000,", ",240000,") for line in rows]
    path.write_text(path.read_text() + "\n".join(revised) + "\n")
    ds = data.load(mini)
    assert ds.vocabulary.edition_ids[0] == "MCS2027"
    shares = metrics.stage_shares(ds, "cobalt", "mine", 2025)
    assert shares.edition == "MCS2027" and shares.share_of("COD").value == 240_000
