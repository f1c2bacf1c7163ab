"""The committed data package: valid, sourced, described, and faithful to its sources."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from dashboard import data, datapackage
from dashboard.schema import TABLES

REPO = Path(__file__).resolve().parent.parent


def value(ds: data.Datasets, **where: object) -> float:
    frame = ds.production if "stage" in where else ds.reserves
    mask = pd.Series(True, index=frame.index)
    for column, wanted in where.items():
        mask &= frame[column] == wanted
    rows = frame[mask]
    assert len(rows) == 1, f"expected one row for {where}, found {len(rows)}"
    return float(rows["value"].iloc[0])


def test_the_committed_data_package_validates(ds: data.Datasets):
    assert set(ds.frames) == {t.name for t in TABLES}
    for table in TABLES:
        assert len(ds[table.name]) > 0, f"table {table.name} is empty"


def test_cobalt_mine_production_2025_matches_mcs_2026(ds: data.Datasets):
    # MCS 2026, Cobalt, World Mine Production and Reserves: Congo (Kinshasa) 230,000 t of a 310,000 t world total
    cod = value(ds, mineral="cobalt", stage="mine", measure="production", country_iso3="COD", year=2025, edition="MCS2026")
    world = value(ds, mineral="cobalt", stage="mine", measure="production", country_iso3="WLD", year=2025, edition="MCS2026")
    assert (cod, world) == (230_000, 310_000)


def test_both_editions_are_kept_where_mcs_2026_revised_2024(ds: data.Datasets):
    # Australia rare earths 2024: 13,000 t (MCS 2025 estimate) revised to 29,000 t (MCS 2026)
    old = value(ds, mineral="rare_earths", stage="mine", measure="production", country_iso3="AUS", year=2024, edition="MCS2025")
    new = value(ds, mineral="rare_earths", stage="mine", measure="production", country_iso3="AUS", year=2024, edition="MCS2026")
    assert (old, new) == (13_000, 29_000)
    # Canada nickel 2024: 190,000 t (MCS 2025) revised to 125,000 t (MCS 2026)
    old = value(ds, mineral="nickel", stage="mine", measure="production", country_iso3="CAN", year=2024, edition="MCS2025")
    new = value(ds, mineral="nickel", stage="mine", measure="production", country_iso3="CAN", year=2024, edition="MCS2026")
    assert (old, new) == (190_000, 125_000)


def test_withheld_and_not_available_figures_are_codes_not_zeros(ds: data.Datasets):
    us_lithium = ds.production[
        (ds.production.mineral == "lithium") & (ds.production.country_iso3 == "USA") & (ds.production.edition == "MCS2026")
    ]
    assert set(us_lithium["value_code"]) == {"W"} and us_lithium["value"].isna().all()
    burma = ds.reserves[(ds.reserves.mineral == "rare_earths") & (ds.reserves.country_iso3 == "MMR")]
    assert set(burma["value_code"]) == {"NA"} and burma["value"].isna().all()


def test_world_minerals_outlook_projections_are_flagged(ds: data.Datasets):
    projected = ds.production[ds.production.status == "projected"]
    assert set(projected["year"]) == {2025, 2026, 2027, 2028, 2029}
    assert set(projected["edition"]) == {"WMO2025"} and set(projected["measure"]) == {"capacity"}
    # lithium world mine capacity 2029: 561.7 thousand t in the release, 561,700 t here
    assert value(ds, mineral="lithium", stage="mine", measure="capacity", country_iso3="WLD", year=2029,
                 edition="WMO2025") == 561_700


def test_us_net_import_reliance_keeps_its_qualifiers(ds: data.Datasets):
    nir = ds.import_reliance.set_index(["importer_iso3", "mineral", "product", "year", "edition"])
    lithium = nir.loc[("USA", "lithium", "", 2025, "MCS2026")]
    assert (lithium["value_pct"], lithium["qualifier"]) == (50, ">")
    concentrates = nir.loc[("USA", "rare_earths", "mineral concentrates", 2025, "MCS2026")]
    assert pd.isna(concentrates["value_pct"]) and concentrates["value_code"] == "E"


def test_every_row_cites_a_source_and_every_source_is_used(ds: data.Datasets):
    cited: set[str] = set()
    for table in TABLES:
        frame = ds[table.name]
        for column in [c for c in frame.columns if c.endswith("source_id")]:
            if table.name == "sources":
                continue
            assert (frame[column] != "").all(), f"{table.name}.{column} has an empty source_id"
            cited |= set(frame[column])
    unused = set(ds.sources["source_id"]) - cited
    assert not unused, f"sources listed but cited by no row: {sorted(unused)}"


def test_every_source_has_a_full_citation(ds: data.Datasets):
    for _, source in ds.sources.iterrows():
        assert source["publisher"] and source["title"] and source["year"] and source["licence"]
        assert source["url"] or source["doi"] or source["via"]
        assert source["kind"] in ("primary", "secondary")


def test_the_four_minerals_of_the_mission_are_the_defaults_and_the_five_themes_are_there(ds: data.Datasets):
    assert ds.vocabulary.default_minerals == ("lithium", "cobalt", "nickel", "rare_earths")
    assert set(ds.vocabulary.theme_ids) == {"supply_chain_resilience", "diversification", "clean_energy_transition",
                                            "responsible_mining_processing", "reducing_china_concentration"}


def test_the_datasets_object_has_one_typed_attribute_per_table(ds: data.Datasets):
    import dataclasses

    fields = {f.name for f in dataclasses.fields(data.Datasets)} - {"root", "vocabulary", "row_count", "memo"}
    assert fields == {t.name for t in TABLES}


def test_at_least_40_initiatives_including_the_ministerial_outcomes(ds: data.Datasets):
    ids = set(ds.initiatives["initiative_id"])
    assert len(ids) >= 40
    assert {"cmm_2026", "forge", "msp", "msp_finance_network", "quad_cmi", "icet", "trust", "pax_silica",
            "g7_cmap", "ipef_sca", "lobito_corridor", "in_ncmm", "eu_crma"} <= ids
    msp = ds.initiatives.set_index("initiative_id").loc["msp"]
    assert msp["end_date"] == pd.Timestamp("2026-02-04")


def test_the_article_timeline_is_in_the_events(ds: data.Datasets):
    dates = set(ds.events["date"].dt.strftime("%Y-%m-%d"))
    assert {"2026-01-13", "2026-01-25", "2026-01-29", "2026-02-02", "2026-02-04"} <= dates
    assert {"2023-08-01", "2025-04-04", "2025-10-09", "2025-02-22", "2020-01-01", "2022-12-20"} <= dates


def test_the_datapackage_describes_every_table_and_field_and_is_up_to_date(ds: data.Datasets):
    committed = (REPO / "datasets" / "datapackage.json").read_text(encoding="utf-8")
    assert committed == datapackage.dumps(ds), "datapackage.json is stale: run `python -m dashboard datapackage`"
    package = json.loads(committed)
    assert [r["name"] for r in package["resources"]] == [t.name for t in TABLES]
    for resource in package["resources"]:
        assert resource["schema"]["primaryKey"]
        for field in resource["schema"]["fields"]:
            assert field.get("description"), f"{resource['name']}.{field['name']} has no description"
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        for path in paths:
            assert (REPO / "datasets" / path).exists()
    production = next(r for r in package["resources"] if r["name"] == "production")
    value_field = next(f for f in production["schema"]["fields"] if f["name"] == "value")
    assert value_field["unit"] == "t" and value_field["type"] == "number"


def test_the_readme_test_command_is_the_one_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n# [^\n]*\n([^\n]+)\n```", readme)
    assert len(commands) == 2, "README should give exactly two commands"
    run, test = commands
    assert test in ci.splitlines(), "CI must run the README's test command exactly as written"
    for command in (run, test):
        # a fresh Debian: a virtual environment (PEP 668) and python3 (there is no `python`)
        assert "python3 -m venv .venv" in command and " python " not in f" {command} "
        assert command.startswith("apt-get update && apt-get install -y chromium python3-venv")
    assert run.endswith(".venv/bin/python -m dashboard run") and test.endswith(".venv/bin/python -m pytest")
    assert ".venv/bin/ruff check ." in ci and ".venv/bin/mypy" in ci
