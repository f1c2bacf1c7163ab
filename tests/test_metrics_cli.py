"""`python -m dashboard metrics` on the real data package (datasets/).

Expected figures come from the committed curated tables, e.g. cobalt mine 2025 (MCS 2026):
Congo (Kinshasa) 230,000 t of a world total of 310,000 t = 74.19 %.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import metrics_cli

ROOT = Path(__file__).resolve().parents[1]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    metrics_cli.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["metrics", *argv])


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert metrics_cli.run(parse(*argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_cobalt_mine_2025_names_congo_as_cr1_at_about_74_percent(capsys):
    out = run_json(capsys, "--mineral", "cobalt", "--stage", "mine", "--year", "2025")
    assert out["cr1"]["country_iso3"] == "COD"
    assert out["cr1"]["share_pct"] == pytest.approx(100 * 230_000 / 310_000)
    assert out["edition"] == "MCS2026" and out["year"] == 2025 and out["world_total"] == 310_000
    assert out["hhi_band"] == "highly concentrated" and out["single_supplier_flag"] is True
    assert out["effective_suppliers"] == pytest.approx(10_000 / out["hhi"])
    for key in ("hhi", "cr3_pct", "china_share_pct", "source_ids"):
        assert key in out
    assert "partner_share_pct" not in out


def test_a_partner_adds_partner_share(capsys):
    out = run_json(
        capsys, "--mineral", "cobalt", "--year", "2025", "--partner", "AUS,CAN", "--partner", "IND"
    )
    # AUS 3,700 + CAN 3,500 of 310,000 = 2.32 %; India is not listed for cobalt mining
    assert out["partner_share_pct"] == pytest.approx(100 * 7_200 / 310_000)
    assert out["partners_not_listed"] == ["IND"]


def test_an_initiative_is_resolved_at_the_membership_date(capsys):
    out = run_json(capsys, "--mineral", "lithium", "--initiative", "quad_cmi", "--at", "2026-02-05")
    assert out["initiative"] == "quad_cmi" and out["membership_date"] == "2026-02-05"
    assert "AUS" in out["partners"] and out["partner_share_pct"] is not None


def test_a_theme_adds_its_headline_metrics(capsys):
    out = run_json(capsys, "--mineral", "rare_earths", "--theme", "reducing_china_concentration")
    assert set(out["theme"]["metrics"]) == {"china_share_by_stage", "china_share_trend", "china_share_of_imports"}
    assert out["theme"]["title"] == "Reducing concentration (China)"


def test_table_format_prints_the_headline_lines(capsys):
    assert metrics_cli.run(parse("--mineral", "nickel", "--format", "table")) == 0
    text = capsys.readouterr().out
    assert "hhi_band" in text and "country_iso3" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--mineral", "copper"), "unknown mineral 'copper': not one of lithium, cobalt, nickel, rare_earths"),
        (
            ("--mineral", "cobalt", "--stage", "smelter"),
            "unknown stage 'smelter': not one of mine, refinery, reserves",
        ),
        (("--mineral", "cobalt", "--initiative", "nato"), "unknown bloc 'nato': not an initiative with members"),
        (("--mineral", "cobalt", "--partner", "XYZ"), "unknown partner 'XYZ': not a country in the data"),
        (("--mineral", "cobalt", "--year", "2031"), "unknown year '2031': no country figures for that year"),
        (("--mineral", "cobalt", "--edition", "MCS1999"), "unknown edition 'MCS1999'; valid: MCS2026"),
        (
            ("--mineral", "cobalt", "--theme", "peace"),
            "unknown theme 'peace'; valid: supply_chain_resilience",
        ),
    ],
)
def test_unknown_choices_exit_2_and_list_the_valid_ones(capsys, argv, message):
    assert metrics_cli.run(parse(*argv)) == 2
    err = capsys.readouterr().err
    assert message in err


def test_the_command_runs_through_python_m_dashboard():
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "metrics", "--mineral", "cobalt", "--year", "2025"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["cr1"]["country_iso3"] == "COD"
    bad = subprocess.run(
        [sys.executable, "-m", "dashboard", "metrics", "--mineral", "tin"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2 and "not one of lithium, cobalt, nickel, rare_earths" in bad.stderr
