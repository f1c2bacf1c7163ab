"""Briefing-grade facts: corrections are what the tables hold, primary sources point at their publisher,
events and measures agree, and a status with a passed end date says it lapsed."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pandas as pd

from dashboard import data, metrics
from dashboard.checks import cell  # a table cell as the corrections file writes it
from dashboard.schema import TABLE_BY_NAME

TODAY = dt.date(2026, 11, 29)


def rows_by_key(ds: data.Datasets, table: str) -> dict[str, pd.Series]:
    frame = ds[table]
    key = TABLE_BY_NAME[table].primary_key
    return {"|".join(cell(row[c]) for c in key): row for _, row in frame.iterrows()}


def test_every_correction_is_what_the_table_now_holds(ds):
    corrections = ds.corrections.reset_index(drop=True)
    assert len(corrections) > 100
    # a later whole-row correction (added, removed) supersedes earlier corrections of the row's cells
    last_row_fix = {(t, k): i for i, (t, k, f) in enumerate(zip(corrections["table"], corrections["key"],
                                                                 corrections["field"], strict=True)) if f == "*"}
    live = corrections[[i >= last_row_fix.get((t, k), -1) for i, (t, k) in
                        enumerate(zip(corrections["table"], corrections["key"], strict=True))]]
    latest = live.drop_duplicates(["table", "key", "field"], keep="last")
    checked = 0
    for _, fix in latest.iterrows():
        rows = rows_by_key(ds, fix["table"])
        if fix["field"] == "*":
            if fix["new_value"] == "(removed)":
                assert fix["key"] not in rows, f"{fix['table']} {fix['key']} should be removed"
            else:
                assert fix["key"] in rows, f"{fix['table']} {fix['key']} should be present"
            checked += 1
            continue
        assert fix["key"] in rows, f"{fix['table']} has no row {fix['key']} (correction of {fix['field']})"
        held = cell(rows[fix["key"]][fix["field"]])
        new = fix["new_value"] if isinstance(fix["new_value"], str) else ""
        if fix["field"] in ("share_pct", "value_pct", "value") and held and new:
            assert float(held) == float(new), (fix["table"], fix["key"], fix["field"])
        else:
            assert held == new, (fix["table"], fix["key"], fix["field"], held[:80], new[:80])
        checked += 1
    assert checked == len(latest)


def test_the_loader_rejects_a_correction_the_table_does_not_hold(tmp_path):
    import shutil
    from pathlib import Path

    root = tmp_path / "datasets"
    shutil.copytree(Path(__file__).parent / "fixtures" / "datasets", root)
    path = root / "manual" / "corrections.csv"
    path.write_text(path.read_text().replace(",75,80,", ",75,85,"))
    _, problems = data.validate(root)
    assert [p.message for p in problems] == [
        "refining_shares cobalt|refined cobalt|CHN|2024|news_test share_pct holds '80', not the corrected '85'"]


def test_the_loader_rejects_a_primary_source_on_someone_elses_domain(tmp_path):
    import shutil
    from pathlib import Path

    root = tmp_path / "datasets"
    shutil.copytree(Path(__file__).parent / "fixtures" / "datasets", root)
    path = root / "manual" / "sources.csv"
    path.write_text(path.read_text().replace("https://example.org/usgs", "https://blog.example.net/usgs-copy"))
    _, problems = data.validate(root)
    assert any(p.column == "url" and "primary source on blog.example.net" in p.message for p in problems)


def test_the_loader_rejects_an_event_that_contradicts_its_measure(tmp_path):
    import shutil
    from pathlib import Path

    root = tmp_path / "datasets"
    shutil.copytree(Path(__file__).parent / "fixtures" / "datasets", root)
    path = root / "manual" / "events.csv"
    path.write_text(path.read_text().replace("evt_2025_02_22_drc_cobalt_halt,2025-02-22",
                                             "evt_2025_02_22_drc_cobalt_halt,2025-02-23"))
    _, problems = data.validate(root)
    assert [p.message for p in problems] == ["2025-02-23 starts no period of measure cod_cobalt_exports"]


def test_primary_sources_point_at_the_publishers_own_pages(ds):
    domains: dict[str, set[str]] = {}
    for publisher, domain in zip(ds.publishers["publisher"], ds.publishers["domain"], strict=True):
        domains.setdefault(publisher, set()).add(domain)
    offenders = []
    for _, source in ds.sources[ds.sources["kind"] == "primary"].iterrows():
        if not source["url"]:
            assert source["via"] or source["doi"], source["source_id"]
            continue
        host = (urlparse(source["url"]).hostname or "").lower()
        allowed = domains.get(source["publisher"], set())
        if not any(host == d or host.endswith("." + d) for d in allowed):
            offenders.append((source["source_id"], host, sorted(allowed)))
    assert not offenders, f"primary sources whose url is not on the publisher's domain: {offenders}"


def test_a_repost_copy_is_in_via_never_in_url_of_a_primary_source(ds):
    reposts = ("pubt.io", "nie-podam.pl", "bitget", "orissadiary", "menafn", "newsindiatimes", "blogspot")
    primary = ds.sources[ds.sources["kind"] == "primary"]
    assert not [u for u in primary["url"] if any(r in u for r in reposts)]


def test_export_control_events_are_steps_of_their_measures(ds):
    steps = ds.events[ds.events["measure_id"] != ""]
    assert len(steps) >= 10
    for _, event in steps.iterrows():
        periods = ds.measures[ds.measures["measure_id"] == event["measure_id"]]
        starts = set(periods["start_date"])
        assert event["date"] in starts, f"{event['event_id']} does not start a period of {event['measure_id']}"
        period = periods[periods["start_date"] == event["date"]].iloc[0]
        if pd.notna(event["end_date"]):
            assert event["end_date"] == period["end_date"], event["event_id"]
    # every export-control event names its measure
    assert (ds.events.loc[ds.events["kind"] == "export_control", "measure_id"] != "").all()


def test_every_usgs_export_control_is_linked_to_a_measure_of_the_same_mineral(ds):
    linked = {(c, m, t) for c, ms, t in zip(ds.measures["country_iso3"], ds.measures["minerals"],
                                            ds.measures["usgs_control_type"], strict=True) if t
              for m in ms.split(";") if m}
    missing = [(r["country_iso3"], r["mineral"], r["measure"]) for _, r in ds.export_controls.iterrows()
               if (r["country_iso3"], r["mineral"], r["control_type"]) not in linked]
    assert not missing, missing


def test_the_october_2025_battery_controls_were_suspended_in_january_2026_not_in_force(ds):
    status = metrics.measure_status(ds, "chn_2025_10_battery_materials", dt.date(2026, 1, 15))
    assert status.state == "suspended"


def test_every_measure_whose_scheduled_end_has_passed_shows_as_lapsed_today(ds):
    last = ds.measures.sort_values("start_date").groupby("measure_id").tail(1)
    expired = last[(last["end_kind"] == "expires") & (last["end_date"].dt.date < TODAY)]
    assert not expired.empty  # the November 2026 ends of China's suspensions
    for measure_id in expired["measure_id"]:
        status = metrics.measure_status(ds, measure_id, TODAY)
        assert status.lapsed and "no later source read" in status.text, measure_id


def test_india_is_a_forge_supporter_not_a_member(ds):
    forge = ds.initiative_members[ds.initiative_members["initiative_id"] == "forge"]
    assert forge.set_index("country_iso3").loc["IND", "role"] == "supporter"
    assert "IND" not in metrics.members_at(ds.initiatives, ds.initiative_members, "forge", TODAY)


def test_a_stated_only_reliance_carries_no_figure(ds):
    stated = ds.import_reliance[ds.import_reliance["value_code"] == "S"]
    assert not stated.empty and stated["value_pct"].isna().all() and (stated["stated_as"] != "").all()
    lithium_2023 = ds.import_reliance[(ds.import_reliance["importer_iso3"] == "IND")
                                      & (ds.import_reliance["mineral"] == "lithium")
                                      & (ds.import_reliance["year"] == 2023)]
    assert lithium_2023["value_code"].tolist() == ["S"]


def test_general_events_reach_every_mineral(ds):
    for mineral in ds.vocabulary.mineral_ids:
        ids = set(metrics.events_by_year(ds.events, mineral)["event_id"])
        assert "evt_2026_02_04_critical_minerals_ministerial" in ids, mineral
