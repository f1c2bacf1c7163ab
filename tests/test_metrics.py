"""Metrics engine on a tiny hand-computed dataset (tests/fixtures/metrics/*.csv).

The fixture mimics the loader's typing: text columns hold '' for empty cells, numbers are float64 (NaN
for empty), years Int64, dates datetime64. Every expected number below is worked out by hand in a
comment from the fixture rows.

Cobalt mine 2025 (MCS2026), world total WLD = 1,000 t:
    COD 600 (60 %), IDN 200 (20 %), CHN 50 (5 %), AUS 50 (5 %), CAN '—' (0 %, a reported zero),
    USA 'W' (withheld: no data), OTH 100 (10 %, the remainder, not a country).
"""

from __future__ import annotations

import datetime as dt
import math
import types
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import metrics as m
from dashboard import vocabulary as v

FIXTURES = Path(__file__).parent / "fixtures" / "metrics"
FLOATS = {"value", "share_pct", "value_pct", "rank"}
INTS = {"year", "year_imposed"}
DATES = {"start_date", "end_date", "join_date", "leave_date", "date"}


def load_fixture() -> types.SimpleNamespace:
    tables = {}
    for path in sorted(FIXTURES.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            if column in FLOATS and path.stem != "country_indicators":  # its values are text (true, 9)
                frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("float64")
            elif column in INTS:
                frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
            elif column in DATES:
                frame[column] = pd.to_datetime(frame[column].replace("", None))
            else:
                frame[column] = frame[column].astype(object)
        tables[path.stem] = frame
    vocabulary = v.Vocabulary(
        tuple(v.Mineral(i, i.replace("_", " ").capitalize(), "content", True)
              for i in ("lithium", "cobalt", "nickel", "rare_earths")),
        tuple(v.Theme(i, i, "", "s") for i in ("supply_chain_resilience", "diversification", "clean_energy_transition",
                                             "responsible_mining_processing", "reducing_china_concentration")),
        (v.Edition("MCS2026", "", dt.date(2026, 2, 6), "s"), v.Edition("MCS2025", "", dt.date(2025, 1, 31), "s"),
         v.Edition("WMO2025", "", dt.date(2025, 3, 11), "s")),
    )
    return types.SimpleNamespace(vocabulary=vocabulary, **tables)


@pytest.fixture(scope="module")
def ds() -> types.SimpleNamespace:
    return load_fixture()


# -- arithmetic ---------------------------------------------------------------------------------------


def test_hhi_of_a_monopoly_is_10000():
    assert m.hhi([100.0]) == 10_000.0


def test_hhi_squares_percent_shares():
    # 50² + 30² + 20² = 2,500 + 900 + 400 = 3,800
    assert m.hhi([50, 30, 20]) == 3_800.0


def test_hhi_rejects_a_missing_share_with_its_value_in_the_message():
    with pytest.raises(ValueError, match="finite non-negative shares in percent, got nan"):
        m.hhi([50.0, float("nan")])


def test_hhi_rejects_a_negative_share():
    with pytest.raises(ValueError, match="got -1"):
        m.hhi([50.0, -1])


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1800.01, "highly concentrated"),
        (1800.0, "moderately concentrated"),
        (1000.0, "moderately concentrated"),
        (999.99, "unconcentrated"),
        (None, None),
        (float("nan"), None),
    ],
)
def test_hhi_band_follows_the_2023_merger_guidelines(value, band):
    assert m.hhi_band(value) == band


def test_effective_suppliers_is_10000_over_hhi_and_none_without_hhi():
    assert m.effective_suppliers(4_050.0) == pytest.approx(2.4691358)
    assert m.effective_suppliers(None) is None
    assert m.effective_suppliers(0.0) is None


def test_single_supplier_flag_is_strictly_above_65_percent():
    assert m.single_supplier_flag(65.0) is False
    assert m.single_supplier_flag(65.1) is True
    assert m.single_supplier_flag(None) is None


# -- stage shares -------------------------------------------------------------------------------------


def test_shares_are_against_the_sources_world_total(ds):
    s = m.stage_shares(ds, "cobalt", "mine", 2025)
    # COD 600 / WLD 1,000 = 60 % (the no-WLD case below shows there is no fallback to the listed sum)
    assert s.share_of("COD").share_pct == pytest.approx(60.0)
    assert s.world_total == 1_000.0
    assert s.edition == "MCS2026" and s.source_ids == ("fx_mcs2026",)


def test_shares_do_not_fall_back_to_the_sum_of_listed_countries(ds):
    # Lithium 2025 lists AUS 100 and CHL 50 but no WLD row: no shares, not 100/150.
    s = m.stage_shares(ds, "lithium", "mine", 2025)
    assert s.share_of("AUS").share_pct is None
    assert "no world total (WLD)" in s.reason
    assert s.concentration().hhi is None and "no world total" in s.concentration().reason


def test_a_withheld_value_is_no_data_with_a_reason_and_a_dash_is_a_reported_zero(ds):
    s = m.stage_shares(ds, "cobalt", "mine", 2025)
    usa = s.share_of("USA")
    assert usa.share_pct is None and "withheld" in usa.reason and "(W)" in usa.reason
    assert s.share_of("CAN").share_pct == 0.0 and s.share_of("CAN").reason is None


def test_a_country_the_source_does_not_list_is_none_not_zero(ds):
    ind = m.stage_shares(ds, "cobalt", "mine", 2025).share_of("IND")
    assert ind.share_pct is None and "not listed" in ind.reason


def test_without_an_edition_the_latest_edition_of_the_year_is_used(ds):
    # 2024 is in MCS2026 (COD 540 / 900 = 60 %) and MCS2025 (COD 400 / 800 = 50 %): MCS2026 wins.
    assert m.stage_shares(ds, "cobalt", "mine", 2024).share_of("COD").share_pct == pytest.approx(60.0)
    pinned = m.stage_shares(ds, "cobalt", "mine", 2024, edition="MCS2025")
    assert pinned.share_of("COD").share_pct == pytest.approx(50.0) and pinned.edition == "MCS2025"


def test_without_a_year_the_latest_year_with_a_world_total_and_a_split_is_used(ds):
    # Capacity projections for 2026-27 are world-only; production's latest year is 2025.
    assert m.stage_shares(ds, "cobalt", "mine").year == 2025


def test_unknown_mineral_and_stage_list_the_valid_choices(ds):
    with pytest.raises(
        ValueError, match="unknown mineral 'copper'; valid: lithium, cobalt, nickel, rare_earths"
    ):
        m.stage_shares(ds, "copper", "mine")
    with pytest.raises(ValueError, match="unknown stage 'smelter'; valid: mine, refinery, reserves"):
        m.stage_shares(ds, "cobalt", "smelter")


def test_refinery_falls_back_to_published_shares(ds):
    s = m.stage_shares(ds, "cobalt", "refinery")
    assert (s.year, s.basis, s.product) == (2024, m.supply.BASIS_PUBLISHED_SHARES, "refined cobalt")
    assert s.share_of("CHN").share_pct == 75.0 and s.world_total is None


def test_a_stage_with_no_rows_gives_a_reason(ds):
    s = m.stage_shares(ds, "nickel", "mine", 2025)
    assert not s.has_shares and s.reason == "no production rows for nickel mine in 2025"


# -- concentration ------------------------------------------------------------------------------------


def test_concentration_of_cobalt_mine_2025_by_hand(ds):
    c = m.stage_shares(ds, "cobalt", "mine", 2025).concentration()
    # Terms: COD 60, IDN 20, CHN 5, AUS 5, CAN 0 (OTH out, USA no data)
    # HHI = 3,600 + 400 + 25 + 25 + 0 = 4,050 -> highly concentrated; effective = 10,000/4,050 = 2.469
    assert c.hhi == pytest.approx(4_050.0)
    assert c.hhi_band == "highly concentrated"
    assert c.effective_suppliers == pytest.approx(10_000 / 4_050)
    # CR1 = COD 60; CR3 = 60 + 20 + 5 = 85 (AUS and CHN tie at 5: ISO3 order picks AUS)
    assert (c.cr1_country_iso3, c.cr1_pct) == ("COD", 60.0)
    assert c.cr3_pct == pytest.approx(85.0) and c.cr3_countries == ("COD", "IDN", "AUS")
    # 60 % <= 65 %: no single-supplier flag; N-1 = 100 - 60 = 40
    assert c.single_supplier_flag is False and c.n_minus_1_pct == pytest.approx(40.0)


def test_oth_is_kept_in_the_denominator_but_not_a_term_so_hhi_is_a_lower_bound(ds):
    c = m.stage_shares(ds, "cobalt", "mine", 2025).concentration()
    # Named shares sum to 90 %; the 10 % rest could at most be one country: upper = 4,050 + 10² = 4,150
    assert c.remainder_pct == pytest.approx(10.0) and c.unattributed_pct == pytest.approx(10.0)
    assert c.hhi_is_lower_bound and c.hhi_upper_bound == pytest.approx(4_150.0)
    assert c.n_no_data == 1 and any("OTH remainder" in n for n in c.notes)


def test_the_single_supplier_test_flags_a_stage_above_65_percent(ds):
    # Cobalt mine 2023 (MCS2025): COD 350 / 500 = 70 % > 65 %; N-1 = 30
    c = m.stage_shares(ds, "cobalt", "mine", 2023).concentration()
    assert c.single_supplier_flag is True and c.n_minus_1_pct == pytest.approx(30.0)


def test_concentration_of_no_shares_is_none_with_a_reason():
    c = m.concentration({"USA": float("nan"), "OTH": 10.0})
    assert c.hhi is None and c.hhi_band is None and c.reason and c.n_no_data == 1


# -- concern country, profile, bottleneck ------------------------------------------------------------


def test_china_share_at_every_stage(ds):
    table = m.concern_share_by_stage(ds, "cobalt").set_index("stage")
    # mine 2025: 50/1,000 = 5 %; refinery 2024: published 75 %; reserves 2025: CHN is 'NA' -> no data
    assert table.loc["mine", "share_pct"] == pytest.approx(5.0)
    assert table.loc["refinery", "share_pct"] == pytest.approx(75.0)
    assert pd.isna(table.loc["reserves", "share_pct"]) and "(NA)" in table.loc["reserves", "reason"]


def test_any_country_can_be_the_concern_country(ds):
    table = m.concern_share_by_stage(ds, "cobalt", "COD", stages=("mine",))
    assert table["share_pct"].iloc[0] == pytest.approx(60.0)


def test_the_bottleneck_is_the_stage_with_the_highest_hhi(ds):
    # mine 2025 HHI 4,050; refinery 2024 (published): 75² + 10² + 5² = 5,625 + 100 + 25 = 5,750
    result = m.bottleneck_stage(ds, "cobalt")
    assert result["stage"] == "refinery" and result["hhi"] == pytest.approx(5_750.0)
    assert result["compared"]["mine"]["hhi"] == pytest.approx(4_050.0)


def test_no_bottleneck_without_any_hhi_says_why(ds):
    result = m.bottleneck_stage(ds, "nickel")
    assert result["stage"] is None and "no stage has an HHI" in result["reason"]


def test_stage_profile_has_one_row_per_stage_with_partner_share(ds):
    profile = m.stage_profile(ds, "cobalt", partners=frozenset({"AUS", "CAN", "FIN"})).set_index("stage")
    assert list(profile.index) == ["mine", "refinery", "reserves"]
    # mine: AUS 5 + CAN 0 = 5; refinery: FIN 10 + CAN 5 = 15; reserves: AUS 2,000/10,000 = 20
    assert profile["partner_share_pct"].tolist() == pytest.approx([5.0, 15.0, 20.0])
    assert bool(profile.loc["refinery", "single_supplier_flag"]) is True


# -- partners -----------------------------------------------------------------------------------------


def test_membership_counts_from_join_date_or_initiative_start(ds):
    # MSP starts 2022-06-14; IND joins 2023-06-20.
    assert m.members_at(ds.initiatives, ds.initiative_members, "msp", "2022-06-13") == frozenset()
    assert m.members_at(ds.initiatives, ds.initiative_members, "msp", "2023-01-01") == {
        "USA",
        "AUS",
        "CAN",
        "FIN",
    }
    assert "IND" in m.members_at(ds.initiatives, ds.initiative_members, "msp", "2023-06-20")


def test_membership_ends_at_the_initiatives_end_date(ds):
    # MSP ends 2026-02-04 when FORGE starts: half-open interval, no overlap on the day.
    assert m.members_at(ds.initiatives, ds.initiative_members, "msp", "2026-02-04") == frozenset()
    assert m.members_at(ds.initiatives, ds.initiative_members, "forge", "2026-02-04") == {"USA", "KOR", "IND"}
    assert m.members_at(ds.initiatives, ds.initiative_members, "forge", "2026-02-03") == frozenset()


def test_a_leave_date_ends_membership():
    ini = pd.DataFrame(
        {"initiative_id": ["x"], "start_date": pd.to_datetime(["2020-01-01"]), "end_date": [pd.NaT]}
    )
    mem = pd.DataFrame(
        {
            "initiative_id": ["x"],
            "country_iso3": ["GBR"],
            "join_date": [pd.NaT],
            "leave_date": pd.to_datetime(["2021-01-31"]),
        }
    )
    assert m.members_at(ini, mem, "x", "2021-01-30") == {"GBR"}
    assert m.members_at(ini, mem, "x", "2021-01-31") == frozenset()


def test_an_unknown_initiative_lists_the_valid_ids(ds):
    with pytest.raises(ValueError, match="unknown initiative 'nato'; valid: forge, msp, quad_cmi"):
        m.members_at(ds.initiatives, ds.initiative_members, "nato", "2025-01-01")


def test_resolve_partners_needs_a_date_with_an_initiative(ds):
    with pytest.raises(ValueError, match="give the date"):
        m.resolve_partners(ds, initiative="msp")
    assert m.resolve_partners(ds, initiative="quad_cmi", at="2025-08-01", countries=["kor"]) == {
        "USA",
        "AUS",
        "IND",
        "JPN",
        "KOR",
    }


def test_partner_share_of_msp_members_by_hand(ds):
    partners = m.members_at(ds.initiatives, ds.initiative_members, "msp", "2024-01-01")  # USA AUS CAN FIN IND
    p = m.partner_share(m.stage_shares(ds, "cobalt", "mine", 2025), partners)
    # AUS 5 + CAN 0 = 5 %; USA withheld; FIN and IND not listed (may be inside OTH)
    assert p.partner_share_pct == pytest.approx(5.0)
    assert p.partners_counted == ("AUS", "CAN") and p.partners_no_data == ("USA",)
    assert p.partners_not_listed == ("FIN", "IND")
    # Non-partner supply = 95 %; named non-partners COD 60, IDN 20, CHN 5 re-based to 95:
    # HHI = 10,000 × (60² + 20² + 5²) / 95² = 10,000 × 4,025 / 9,025 = 4,459.83
    assert p.non_partner_share_pct == pytest.approx(95.0)
    assert p.non_partner_hhi == pytest.approx(10_000 * 4_025 / 9_025)
    # With China: 5 + 5 = 10; without: 5; share of non-China supply: 5 / 95 = 5.263 %
    assert p.concern_share_pct == pytest.approx(5.0)
    assert p.partner_share_with_concern_pct == pytest.approx(10.0)
    assert p.partner_share_without_concern_pct == pytest.approx(5.0)
    assert p.partner_share_of_non_concern_supply_pct == pytest.approx(500 / 95)


def test_partner_share_without_shares_is_none_with_the_reason(ds):
    p = m.partner_share(m.stage_shares(ds, "lithium", "mine", 2025), {"AUS"})
    assert p.partner_share_pct is None and "no world total" in p.reason


def test_partner_share_is_none_not_zero_when_no_partner_is_listed(ds):
    p = m.partner_share(m.stage_shares(ds, "cobalt", "mine", 2025), {"IND", "JPN"})
    assert p.partner_share_pct is None and "none of the partners (IND, JPN) has a share" in p.reason
    assert p.concern_share_pct == pytest.approx(5.0)


def test_a_reported_zero_partner_share_is_zero(ds):
    assert m.partner_share(m.stage_shares(ds, "cobalt", "mine", 2025), {"CAN"}).partner_share_pct == 0.0


def test_partner_share_of_a_single_partner(ds):
    assert m.partner_share(
        m.stage_shares(ds, "cobalt", "reserves"), {"AUS"}
    ).partner_share_pct == pytest.approx(20.0)


# -- reserves vs production ---------------------------------------------------------------------------


def test_reserves_next_to_production_with_reserve_life_by_hand(ds):
    r = m.reserves_vs_production(ds, "cobalt")
    # reserves 2025 (MCS2026): COD 60, AUS 20, IDN 10 (>) -> HHI 3,600 + 400 + 100 = 4,100
    assert r.year == 2025 and r.reserves.hhi == pytest.approx(4_100.0)
    assert r.production.hhi == pytest.approx(4_050.0)
    table = r.table.set_index("country_iso3")
    # life = reserves / production: COD 6,000/600 = 10 y; AUS 2,000/50 = 40 y; IDN >1,000/200 = >5 y
    assert table.loc["COD", "reserve_life_years"] == pytest.approx(10.0)
    assert table.loc["AUS", "reserve_life_years"] == pytest.approx(40.0)
    assert (
        table.loc["IDN", "reserve_life_years"] == pytest.approx(5.0)
        and table.loc["IDN", "reserves_qualifier"] == ">"
    )
    # CHN reserves 'NA': no life, with a reason; CAN produces 0 and has no reserves row
    assert (
        pd.isna(table.loc["CHN", "reserve_life_years"]) and table.loc["CHN", "reason"] == "no reserves figure"
    )
    assert r.world_reserve_life_years == pytest.approx(10.0)  # 10,000 / 1,000


def test_reserve_life_of_a_zero_producer_is_none_not_infinite():
    assert m.reserve_life_years(500.0, 0.0) == (None, "no production (0 reported)")


# -- imports ------------------------------------------------------------------------------------------


def test_net_import_reliance_keeps_its_qualifier(ds):
    r = m.net_import_reliance(ds, "USA", "lithium")
    assert (r.value_pct, r.qualifier, r.display, r.year) == (50.0, ">", ">50 %", 2025)


def test_net_import_reliance_takes_the_latest_year_and_edition(ds):
    r = m.net_import_reliance(ds, "USA", "cobalt")
    assert (r.year, r.edition, r.value_pct) == (2025, "MCS2026", 79.0)


def test_a_net_exporter_is_none_with_the_reason_not_zero(ds):
    r = m.net_import_reliance(ds, "USA", "nickel")
    assert r.value_pct is None and r.reason == "net exporter (E)"


def test_import_concentration_of_us_cobalt_by_hand(ds):
    c = m.import_concentration(ds, "USA", "cobalt", partners={"CAN", "JPN", "AUS"})
    # Latest period 2021-24: NOR 26, FIN 16, CAN 14, JPN 14, OTH 30 (not a term)
    # HHI = 676 + 256 + 196 + 196 = 1,324 -> moderately concentrated
    assert (
        c.period == "2021-24" and c.hhi == pytest.approx(1_324.0) and c.hhi_band == "moderately concentrated"
    )
    assert (c.largest_partner_iso3, c.largest_share_pct) == ("NOR", 26.0)
    # partners CAN 14 + JPN 14 = 28 (AUS not named)
    assert c.partner_share_pct == pytest.approx(28.0) and c.partners_counted == ("CAN", "JPN")
    # China is not named: None, at most the 30 % remainder
    assert c.concern_share_pct is None and "at most the 'Other' remainder, 30 %" in c.concern_reason


def test_import_concentration_needs_a_product_when_there_are_several(ds):
    with pytest.raises(ValueError, match="choose one of: 'magnets', 'metals'"):
        m.import_concentration(ds, "IND", "rare_earths")
    c = m.import_concentration(ds, "IND", "rare_earths", product="metals")
    # CHN 62, JPN 20, HKG 10: 3,844 + 400 + 100 = 4,344; China's share 62 %
    assert c.hhi == pytest.approx(4_344.0) and c.concern_share_pct == 62.0 and c.period == "FY2024-25"


def test_import_sources_with_only_ranks_name_the_top_partner_but_give_no_hhi(ds):
    c = m.import_concentration(ds, "IND", "lithium")
    assert c.hhi is None and c.largest_partner_iso3 == "BEL" and "only ranks" in c.reason
    assert c.concern_share_pct is None


def test_import_table_has_a_row_per_importer_and_product(ds):
    table = m.import_table(ds, "rare_earths")
    assert table[["importer_iso3", "product"]].values.tolist() == [["IND", "magnets"], ["IND", "metals"]]
    assert table["concern_share_pct"].tolist() == [93.0, 62.0]


def test_period_order_uses_the_end_year():
    assert m.period_end_year("FY2023-24") == 2024 and m.period_end_year("2021-24") == 2024


# -- trend --------------------------------------------------------------------------------------------


def test_trend_joins_editions_by_year_and_says_when_hhi_cannot_be_computed(ds):
    trend = m.concentration_trend(ds, "cobalt").set_index("year")
    assert list(trend.index) == [2022, 2023, 2024, 2025, 2026, 2027]
    # 2022 WMO2025: 70² + 10² = 5,000; 2023 MCS2025: 70² + 20² = 5,300;
    # 2024 MCS2026: 60² + 20² + 10² = 4,100; 2025 MCS2026: 4,050
    assert trend["edition"].tolist()[:4] == ["WMO2025", "MCS2025", "MCS2026", "MCS2026"]
    assert trend["hhi"].tolist()[:4] == pytest.approx([5_000.0, 5_300.0, 4_100.0, 4_050.0])
    # CR3 2023: 70 + 20 = 90 (only two named countries)
    assert trend.loc[2023, "cr3_pct"] == pytest.approx(90.0)
    # 2026-27: world capacity projection only -> no HHI, with the reason and the capacity kept
    assert pd.isna(trend.loc[2026, "hhi"]) and trend.loc[2026, "world_capacity_t"] == 1_500.0
    assert "WMO2025 gives only a projected world capacity total (WLD)" in trend.loc[2026, "reason"]


def test_trend_attaches_events_of_the_mineral_to_their_year(ds):
    trend = m.concentration_trend(ds, "cobalt").set_index("year")
    assert trend.loc[2022, "event_ids"] == ["msp_launch"]
    assert trend.loc[2025, "events"] == ["2025-10-16 DRC cobalt export quotas"]
    assert trend.loc[2023, "event_ids"] == []  # China's 2023 rare-earth ban is not a cobalt event


def test_events_by_year_filters_by_mineral_and_skips_untagged_events(ds):
    events = m.events_by_year(ds.events, "rare_earths")
    assert events["event_id"].tolist() == ["msp_launch", "chn_ree_controls"]
    assert m.events_by_year(ds.events)["year"].tolist() == [2022, 2023, 2025, 2026]


# -- scenarios ----------------------------------------------------------------------------------------


def test_adding_capacity_outside_the_top_supplier_by_hand(ds):
    shares = m.stage_shares(ds, "cobalt", "mine", 2025)
    s = m.scenario(shares, {"IDN": 200.0}, partners={"AUS", "IDN"})
    # Q' = 1,200: COD 600/1,200 = 50 %, IDN 400/1,200 = 33.33 %, CHN and AUS 50/1,200 = 4.17 %
    # HHI = 2,500 + 1,111.11 + 2 × 17.36 = 3,645.83; CR3 = 50 + 33.33 + 4.17 = 87.5
    assert s.world_after == 1_200.0
    assert s.after.hhi == pytest.approx(2_500 + (400 / 12) ** 2 + 2 * (50 / 12) ** 2)
    assert s.after.cr3_pct == pytest.approx(87.5)
    # partners AUS + IDN: 25 % before, (50 + 400) / 1,200 = 37.5 % after
    assert (s.partner_share_before_pct, s.partner_share_after_pct) == pytest.approx((25.0, 37.5))


def test_moving_capacity_keeps_the_world_total(ds):
    s = m.scenario(m.stage_shares(ds, "cobalt", "mine", 2025), {"COD": -100.0, "AUS": 100.0})
    # COD 500, AUS 150 of 1,000: CR1 50 %
    assert s.world_after == 1_000.0 and s.after.cr1_pct == pytest.approx(50.0)


def test_a_scenario_cannot_add_to_a_withheld_country_or_go_negative(ds):
    shares = m.stage_shares(ds, "cobalt", "mine", 2025)
    with pytest.raises(ValueError, match="USA has no data"):
        m.scenario(shares, {"USA": 10.0})
    with pytest.raises(ValueError, match="CHN would go below zero"):
        m.scenario(shares, {"CHN": -60.0})


def test_a_new_country_enters_a_scenario_from_zero(ds):
    s = m.scenario(m.stage_shares(ds, "cobalt", "mine", 2025), {"IND": 250.0})
    # IND 250 / 1,250 = 20 %
    assert s.table.set_index("country_iso3").loc["IND", "share_after_pct"] == pytest.approx(20.0)


def test_threshold_supply_by_hand(ds):
    # COD 600 of 1,000: to bring COD to 50 %, X = 600 / 0.5 - 1,000 = 200 t; at 65 % it is already below.
    assert m.threshold_supply(600.0, 1_000.0, 50.0) == pytest.approx(200.0)
    assert m.threshold_supply(600.0, 1_000.0, 65.0) == 0.0
    # refinery (published shares): CHN 75 points, X = 75 / 0.65 - 100 = 15.38 points of today's output
    need = m.supply_needed(m.stage_shares(ds, "cobalt", "refinery"))
    assert need["country_iso3"] == "CHN" and need["new_supply"] == pytest.approx(75 / 0.65 - 100)


def test_threshold_supply_rejects_a_threshold_outside_0_to_100():
    with pytest.raises(ValueError, match=r"threshold_pct must be in \(0, 100\], got 0"):
        m.threshold_supply(1.0, 2.0, 0)


# -- themes -------------------------------------------------------------------------------------------


def measures(ds, theme_id: str, mineral: str, **args) -> dict:
    return {measure.measure_id: value for measure, value in m.theme_measures(ds, theme_id, mineral, m.ThemeArgs(**args))}


def test_every_ministerial_theme_has_measures_and_charts(ds):
    assert set(m.THEME_SPECS) == set(ds.vocabulary.theme_ids)
    from dashboard.charts import REGISTRY

    for theme_id, spec in m.THEME_SPECS.items():
        assert len(spec.measures) >= 2 and set(spec.charts) <= set(REGISTRY)
        result = measures(ds, theme_id, "cobalt", partners=frozenset({"AUS", "CAN"}))
        assert list(result) == [measure.measure_id for measure in spec.measures]
        # cobalt has every input in the fixture: each measure gives a table, and says what it says
        assert all(value is not None and not value.empty for value in result.values()), theme_id
        assert all(measure.says and measure.label for measure in spec.measures)
    # a measure that cannot be computed says why in words, never with an internal name
    for spec in m.THEME_SPECS.values():
        for measure in spec.measures:
            assert measure.unavailable == "" or "_" not in measure.unavailable, measure.measure_id


def test_at_least_two_measures_of_each_theme_give_figures_for_a_mineral_with_the_inputs(ds):
    for theme_id in m.THEME_SPECS:
        given = [value for value in measures(ds, theme_id, "cobalt").values() if value is not None]
        assert len(given) >= 2, theme_id


def test_measures_without_their_table_say_no_data_not_zero(ds):
    # the data package without country indicators (before they land): the EITI and artisanal measures
    # are None with a reason, the refining measure still gives its table
    bare = types.SimpleNamespace(**{k: v for k, v in vars(ds).items() if k != "country_indicators"})
    result = measures(bare, "responsible_mining_processing", "cobalt")
    assert result["eiti_share"] is None and result["artisanal_share"] is None
    assert result["refining_concentration"] is not None


def test_eiti_share_counts_the_latest_status_and_leaves_unknown_countries_out(ds):
    table = m.eiti_share(ds, "cobalt")
    # cobalt mine 2025: COD 60 % (implementing), IDN 20 % (implementing in 2022, delisted 2024-02-29: the latest
    # status counts), CHN 5 % and AUS 5 % (not implementing), CAN 0 % and OTH 10 % (no recorded status)
    assert table.attrs["headline"].startswith("Countries implementing the EITI supplied 60.0 % of world mine "
                                              "production in 2025; countries with a recorded status supplied 90.0 %")
    status = dict(zip(table["country_iso3"], table["eiti_implementing"], strict=True))
    assert status["COD"] is True and status["IDN"] is False and pd.isna(status["OTH"])
    assert "USA" not in status  # withheld: no share, not a zero
    assert m.eiti_share(ds, "lithium") is None  # the fixture gives lithium no world total: no shares, no sum


def test_artisanal_share_keeps_the_stated_range_newest_first(ds):
    table = m.artisanal_share(ds, "cobalt")
    assert list(zip(table["country_iso3"], table["year"], table["asm_low_pct"], table["asm_high_pct"],
                    strict=True)) == [("WLD", 2020, 6.0, 8.0), ("COD", 2020, 9.0, 11.0), ("WLD", 2008, 18.0, 23.0)]
    assert table.attrs["headline"] == "Artisanal mining: 6-8 % of world cobalt mine production in 2020, as the " \
                                      "source states it."
    assert m.artisanal_share(ds, "lithium") is None


def test_the_clean_energy_share_is_the_battery_share_as_stated(ds):
    table = m.clean_energy_share(ds, "cobalt")
    # world batteries 70 % (2024) and 60 % (2023); superalloys are not a clean-energy use
    assert list(zip(table["year"], table["share_pct"], strict=True)) == [(2024, 70.0), (2023, 60.0)]
    assert table.attrs["headline"] == "Batteries: 70 % of world demand in 2024, as the source states it."
    assert m.clean_energy_share(ds, "nickel") is None


def test_clean_energy_applications_are_named_even_without_a_share(ds):
    table = m.clean_energy_applications(ds, "cobalt")
    # the fixture's batteries rows (2024 and 2023, with shares); superalloys are not a clean-energy technology
    assert list(zip(table["end_use"], table["year"], strict=True)) == [("batteries", 2024), ("batteries", 2023)]
    assert table.attrs["headline"] == "The sources name 1 clean-energy application of cobalt: batteries."
    assert m.clean_energy_applications(ds, "nickel") is None


def with_pact(ds) -> types.SimpleNamespace:
    """The fixture plus an initiative launched in 2023 whose members are DR Congo and Indonesia."""
    initiatives = pd.concat([ds.initiatives, pd.DataFrame({
        "initiative_id": ["pact"], "name": ["Cobalt pact"], "kind": ["bilateral"], "status": ["active"],
        "start_date": pd.to_datetime(["2023-03-01"]), "end_date": pd.NaT})], ignore_index=True)
    members = pd.concat([ds.initiative_members, pd.DataFrame({
        "initiative_id": "pact", "country_iso3": ["COD", "IDN"], "role": "member", "join_date": pd.NaT,
        "leave_date": pd.NaT, "source_id": "fx_pact"})], ignore_index=True)
    themes = pd.concat([ds.initiative_themes, pd.DataFrame({
        "initiative_id": ["pact"], "theme_id": ["diversification"], "source_id": ["fx_pact"]})], ignore_index=True)
    minerals = pd.concat([ds.initiative_minerals, pd.DataFrame({
        "initiative_id": ["pact"], "mineral": ["cobalt"], "scope_note": [""], "source_id": ["fx_pact"]})],
        ignore_index=True)
    return types.SimpleNamespace(**{**vars(ds), "initiatives": initiatives, "initiative_members": members,
                                    "initiative_themes": themes, "initiative_minerals": minerals})


def test_initiatives_pursuing_a_theme_are_those_tagged_with_the_theme_and_the_mineral(ds):
    table = m.theme_initiatives(ds, "diversification", "cobalt", dt.date(2026, 6, 1))
    # forge pursues diversification but is tagged with lithium only
    assert table["initiative_id"].tolist() == ["quad_cmi", "msp"]
    # msp had ended by the date: its members on its last day (USA, AUS, CAN, FIN, IND)
    assert table["members"].tolist() == [4, 5]
    assert set(table["roster"]) == {"roster completeness not recorded"}


def test_before_and_after_a_launch_compares_the_launch_year_with_the_latest(ds):
    effects = m.launch_effects(with_pact(ds), "diversification", "cobalt", at=dt.date(2026, 6, 1))
    pact = effects[(effects["initiative_id"] == "pact") & (effects["stage"] == "mine")].iloc[0]
    # 2023 (MCS2025): COD 350 + IDN 100 of 500 t = 90 %; 2025 (MCS2026): COD 600 + IDN 200 of 1,000 t = 80 %
    assert (pact["launch_year"], pact["latest_year"]) == (2023, 2025)
    assert pact["share_at_launch_pct"] == pytest.approx(90.0) and pact["share_latest_pct"] == pytest.approx(80.0)
    assert pact["change_pts"] == pytest.approx(-10.0)
    assert pd.isna(pact["china_at_launch_pct"]) and pact["china_latest_pct"] == pytest.approx(5.0)
    refinery = effects[(effects["initiative_id"] == "pact") & (effects["stage"] == "refinery")].iloc[0]
    assert refinery["reason"] == "no refinery data for 2023 or earlier (first year 2024)"
    quad = effects[(effects["initiative_id"] == "quad_cmi") & (effects["stage"] == "mine")].iloc[0]
    # launched in 2025, the latest data year: no 'after' yet, never a change of zero
    assert pd.isna(quad["change_pts"]) and "no 'after' yet" in quad["reason"]
    assert effects.iloc[0]["initiative_id"] == "pact"  # rows with a before and an after come first


def test_a_bloc_figure_says_its_member_count_and_roster(ds):
    assert m.bloc_caveat(ds, "forge", dt.date(2026, 6, 1), "FORGE") == \
        "FORGE: 3 members recorded at 2026-06-01; roster completeness not recorded."
    rostered = types.SimpleNamespace(**{**vars(ds), "initiatives": ds.initiatives.assign(
        roster=["complete", "partial", ""])})
    assert "roster complete" in m.bloc_caveat(rostered, "msp", dt.date(2024, 1, 1))
    assert m.bloc_caveat(rostered, "forge", dt.date(2026, 6, 1)).endswith(
        "roster partial (the full member list is not published, or not every member is recorded).")
    assert m.bloc_caveat(rostered, "quad_cmi", dt.date(2026, 6, 1)).endswith("roster completeness not recorded.")


def test_resilience_theme_shows_export_controls_with_their_status_at_the_date(ds):
    controls = measures(ds, "supply_chain_resilience", "cobalt", at=dt.date(2025, 6, 1))["export_controls_in_force"]
    assert controls["country_iso3"].tolist() == ["COD"]
    assert controls["status"].tolist() == ["in force since 2025-02-22, until 2025-10-16"]
    later = measures(ds, "supply_chain_resilience", "cobalt", at=dt.date(2027, 2, 1))["export_controls_in_force"]
    assert later["status"].tolist() == ["quota period lapsed on 2026-12-31; no later source read"]
    assert later["lapsed"].tolist() == [True] and later["usgs_listed"].tolist() == [True]


def test_diversification_without_a_partner_says_so(ds):
    result = m.theme_measures(ds, "diversification", "cobalt")
    partner = next((measure, value) for measure, value in result if measure.measure_id == "partner_share_by_stage")
    assert partner[1] is None and partner[0].unavailable == "choose a partner country or bloc in the sidebar"


def test_clean_energy_theme_shows_the_latest_end_uses_per_scope(ds):
    uses = measures(ds, "clean_energy_transition", "cobalt")["end_uses"]
    # world: 2024 (batteries 70, superalloys no share but rank 2); USA: 2024 superalloys 50
    assert sorted(zip(uses["scope"], uses["end_use"], uses["year"], strict=True)) == [
        ("USA", "superalloys", 2024),
        ("world", "batteries", 2024),
        ("world", "superalloys", 2024),
    ]


def test_china_theme_covers_stages_and_imports(ds):
    result = measures(ds, "reducing_china_concentration", "rare_earths")
    assert result["china_share_of_imports"]["concern_share_pct"].tolist() == [93.0, 62.0]


def test_an_unknown_theme_lists_the_valid_ids(ds):
    with pytest.raises(
        ValueError, match="unknown theme 'peace'; valid: supply_chain_resilience, diversification"
    ):
        m.theme_measures(ds, "peace", "cobalt")


def test_results_serialise_to_json_with_none_for_no_data(ds):
    import json

    payload = m.jsonable(m.stage_shares(ds, "cobalt", "mine", 2025).concentration())
    text = json.dumps(payload)
    assert "NaN" not in text and payload["hhi"] == pytest.approx(4_050.0)
    usa = m.jsonable(m.stage_shares(ds, "cobalt", "mine", 2025).table.set_index("country_iso3").loc["USA"])
    assert usa["share_pct"] is None


# -- properties ---------------------------------------------------------------------------------------

share_lists = st.lists(st.floats(min_value=0.01, max_value=1_000.0), min_size=1, max_size=12)


def _normalise(values: list[float]) -> list[float]:
    total = sum(values)
    return [100.0 * v / total for v in values]


@given(share_lists)
def test_hhi_lies_between_10000_over_n_and_10000(values):
    shares = _normalise(values)
    value = m.hhi(shares)
    assert 10_000 / len(shares) - 1e-6 <= value <= 10_000 + 1e-6


@given(share_lists, st.randoms(use_true_random=False))
def test_hhi_does_not_depend_on_order(values, rnd):
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert math.isclose(m.hhi(values), m.hhi(shuffled), rel_tol=1e-9)


@given(st.floats(min_value=0.01, max_value=1e9))
def test_a_monopoly_has_hhi_10000_whatever_its_size(q):
    # the tonnage reaches the arithmetic: one producer of q tonnes against a world total of q tonnes
    result = m.apply_change({"AAA": q}, q, {})
    assert result.before.hhi == pytest.approx(10_000.0)
    assert result.before.cr1_pct == pytest.approx(100.0) and result.before.single_supplier_flag is True


countries = st.sampled_from(["AUS", "CAN", "CHN", "COD", "IDN", "IND", "JPN", "USA", "FIN", "OTH"])


@settings(deadline=None)
@given(
    st.dictionaries(countries, st.floats(min_value=0, max_value=100), min_size=1),
    st.frozensets(countries),
    countries,
)
def test_partner_share_never_falls_when_a_member_is_added(shares, partners, extra):
    table = pd.DataFrame(
        {"country_iso3": list(shares), "share_pct": list(shares.values())},
        columns=["country_iso3", "share_pct"],
    )
    stage = m.StageShares(
        "cobalt", "refinery", "production", 2024, None, "published shares", "%", None, table, ()
    )
    before = m.partner_share(stage, partners).partner_share_pct
    after = m.partner_share(stage, partners | {extra}).partner_share_pct
    # None means "no partner has a share" (unknown, not 0); once known, a share can only grow.
    if before is not None:
        assert after is not None and after >= before - 1e-9


@settings(deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["AUS", "CAN", "CHN", "COD", "IDN"]),
        st.floats(min_value=1, max_value=1e6),
        min_size=1,
    ),
    st.lists(st.sampled_from(["AUS", "IND", "CHN", "BRA"]), max_size=4),
)
def test_a_zero_capacity_scenario_changes_nothing(quantities, changed):
    world = sum(quantities.values()) * 1.1
    s = m.apply_change(quantities, world, dict.fromkeys(changed, 0.0))
    assert s.world_after == world
    for field in ("hhi", "cr1_pct", "cr3_pct", "single_supplier_flag", "n_minus_1_pct"):
        before, after = getattr(s.before, field), getattr(s.after, field)
        assert before == pytest.approx(after) if isinstance(before, float) else before == after


@given(
    st.floats(min_value=1, max_value=1e6),
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=1, max_value=99),
)
def test_the_threshold_supply_brings_the_top_share_to_the_threshold(q_max, q_rest, threshold):
    q_total = q_max + q_rest
    x = m.threshold_supply(q_max, q_total, threshold)
    share_after = 100.0 * q_max / (q_total + x)
    if 100.0 * q_max / q_total > threshold:
        assert share_after == pytest.approx(threshold, rel=1e-9)
    else:
        assert x == 0.0 and share_after <= threshold + 1e-9


def test_an_empty_text_cell_given_as_the_text_nan_means_no_qualifier():
    table = pd.DataFrame(
        {
            "importer_iso3": ["USA"],
            "mineral": ["cobalt"],
            "product": ["nan"],
            "year": [2025],
            "value_pct": [79.0],
            "qualifier": ["nan"],
            "value_code": ["nan"],
            "edition": ["MCS2026"],
            "source_id": ["s"],
        }
    )
    tables = types.SimpleNamespace(vocabulary=v.Vocabulary((), (), ()), import_reliance=table)
    assert m.net_import_reliance(tables, "USA", "cobalt").display == "79 %"
