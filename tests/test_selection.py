"""One selection: the pages (a link), the metrics command and the export command accept and reject the
same values, because all three go through ``filters.resolve``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pytest

from dashboard import data, export_cli, filters, metrics_cli

CASES = [
    {"mineral": "cobalt"},
    {"mineral": "Cobalt"},
    {"mineral": "rare earths"},
    {"mineral": "REE"},
    {"mineral": "gold"},
    {"mineral": "cobalt", "partner": "india"},
    {"mineral": "cobalt", "partner": "IND"},
    {"mineral": "cobalt", "partner": "OTH"},
    {"mineral": "cobalt", "partner": "WLD"},
    {"mineral": "cobalt", "partner": "Atlantis"},
    {"mineral": "cobalt", "year": "2025"},
    {"mineral": "cobalt", "year": "²"},
    {"mineral": "cobalt", "year": "①"},
    {"mineral": "cobalt", "year": "2028"},
    {"mineral": "cobalt", "stage": "Refining"},
    {"mineral": "cobalt", "stage": "smelter"},
    {"mineral": "cobalt", "bloc": "quad_cmi"},
    {"mineral": "cobalt", "bloc": "Quad Critical Minerals Initiative"},
    {"mineral": "cobalt", "bloc": "nato"},
    {"mineral": "cobalt", "bloc": "quad_cmi", "asof": "2026-02-05"},
    {"mineral": "cobalt", "bloc": "quad_cmi", "asof": "2026-02-30"},
    {"mineral": "cobalt", "bloc": "quad_cmi", "asof": "2099-01-01"},
]


def page_accepts(ds: data.Datasets, case: dict[str, str]) -> bool:
    selection = filters.resolve(ds, filters.from_query(case))
    return not selection.notes


def argv(case: dict[str, str]) -> list[str]:
    flags = {"mineral": "--mineral", "partner": "--partner", "year": "--year", "stage": "--stage",
             "bloc": "--initiative", "asof": "--at"}
    out: list[str] = []
    for key, value in case.items():
        out += [flags[key], value]
    return out


def metrics_accepts(case: dict[str, str], capsys: pytest.CaptureFixture[str]) -> bool:
    parser = argparse.ArgumentParser()
    metrics_cli.add_parser(parser.add_subparsers(dest="command"))
    code = metrics_cli.run(parser.parse_args(["metrics", *argv(case)]))
    capsys.readouterr()
    assert code in (0, 2)
    return code == 0


def export_accepts(case: dict[str, str], out: Path, capsys: pytest.CaptureFixture[str]) -> bool:
    parser = argparse.ArgumentParser()
    export_cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["export", *argv(case), "--format", "csv", "--chart", "production", "--out", str(out)])
    code = export_cli.run(args)
    err = capsys.readouterr().err
    assert code in (0, 2), err
    return code == 0


@pytest.mark.parametrize("case", CASES, ids=lambda c: "&".join(f"{k}={v}" for k, v in c.items()))
def test_the_pages_and_both_command_lines_accept_the_same_values(ds, case, tmp_path, capsys):
    page = page_accepts(ds, case)
    assert metrics_accepts(case, capsys) == page
    assert export_accepts(case, tmp_path / "out.csv", capsys) == page


def test_forgiving_names_resolve_to_one_canonical_id(ds):
    selection = filters.resolve(ds, filters.Filters(minerals=("Rare earths", "COBALT", "rare_earths"),
                                                    partner="india", stage="Refining", bloc="QUAD_CMI"))
    assert selection.minerals == ("rare_earths", "cobalt")
    assert (selection.partner, selection.stage, selection.bloc) == ("IND", "refinery", "quad_cmi")
    assert not selection.notes


def test_a_projection_only_year_is_not_offered(ds):
    # the World Minerals Outlook gives world capacity only for 2026-2029: no country figures, no year to pick
    assert 2028 not in filters.choices(ds).years and 2025 in filters.choices(ds).years


def test_strict_resolution_lists_every_problem(ds):
    with pytest.raises(filters.SelectionError) as raised:
        filters.resolve(ds, filters.Filters(minerals=("gold",), partner="OTH", year="²"), strict=True)
    assert len(raised.value.problems) == 3


def test_the_membership_date_is_today_unless_asked(ds):
    today = dt.date(2026, 11, 29)
    selection = filters.resolve(ds, filters.Filters(bloc="msp"), today=today)
    assert selection.membership_date == today and selection.partners == frozenset()  # MSP ended on 2026-02-04
    earlier = filters.resolve(ds, filters.Filters(bloc="msp", asof="2025-01-01"), today=today)
    assert earlier.partners and "IND" in earlier.partners
