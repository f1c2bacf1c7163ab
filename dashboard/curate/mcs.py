"""The Mineral Commodity Summaries and World Minerals Outlook releases -> production, reserves, net import
reliance and import sources, for every mineral of the vocabulary (``names.Names``).

- ``MCS2025_World_Data.csv``: UTF-8 with BOM, wide (PROD_2023, ``PROD_EST_ 2024``, RESERVES_2024).
- ``mcs2025-*_salient.csv``: MCS 2025 salient statistics (net import reliance) of the four minerals that
  release has files for.
- ``MCS2026_Commodities_Data.csv``: cp1252, long; the world production section of each chapter ("World Mine
  Production and Reserves", "World Mine Production (manganese content) and Reserves", "World Low-Purity
  Production and Production Capacity"), "Salient Statistics—United States" and "Import Sources".
- ``World_Minerals_Outlook_2029_Data.csv``: production 2018-2024 and capacity projections to 2029.
"""

from __future__ import annotations

from pathlib import Path

from .cells import (
    CurateError,
    Parsed,
    clean,
    conversion_note,
    iso3,
    need,
    read,
    status_from_note,
    tonnes_per_unit,
    value,
)
from .names import Names

SRC_MCS2025_WORLD = "usgs_mcs2025_world_data"
SRC_MCS2025_SALIENT = "usgs_mcs2025_salient"
SRC_MCS2026_WORLD = "usgs_mcs2026_world_production"
SRC_MCS2026_SALIENT = "usgs_mcs2026_salient"
SRC_MCS2026_IMPORTS = "usgs_mcs2026_import_sources"
SRC_WMO = "usgs_wmo2029_data"

#: MCS 2025's per-commodity salient files and their net-import-reliance columns (product, when several).
SALIENT_2025 = {
    "cobalt": ("mcs2025-cobal_salient.csv", [("NIR_pct", "")]),
    "lithium": ("mcs2025-lithium_salient.csv", [("NIR_pct", "")]),
    "nickel": ("mcs2025-nicke_salient.csv", [("NIR_ct", "")]),
    "rare_earths": ("mcs2025-rareee_salient.csv", [("NIR_Compounds-Metals_t", "compounds and metals"),
                                                   ("NIR_Concentrate_t", "mineral concentrates")]),
}


def _capacity(statistic: str) -> bool:
    return statistic.strip().lower() == "capacity"


def mcs2025_world(path: Path, names: Names) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Production 2023-2024 and reserves 2024 from the MCS 2025 world data release."""
    production: list[dict[str, str]] = []
    reserves: list[dict[str, str]] = []
    for line, row in enumerate(read(path, "utf-8-sig"), start=2):
        mineral = names.mineral(row.get("COMMODITY", ""))
        if mineral is None:
            continue
        need(path, row, line, ["COUNTRY", "TYPE", "UNIT_MEAS", "PROD_2023", "PROD_EST_ 2024", "RESERVES_2024"])
        factor = tonnes_per_unit(path, line, "UNIT_MEAS", row["UNIT_MEAS"])
        country = clean(row["COUNTRY"])
        code = iso3(path, line, "COUNTRY", country)
        prod_note = clean(row.get("PROD_NOTES", ""))
        type_text = clean(row["TYPE"])
        withheld = prod_note.startswith("W for")
        note_parts = [p for p in (prod_note,) if p and not withheld]
        if "rounded" in country.lower():
            note_parts.insert(0, "World total (rounded)")
        note_parts += conversion_note(factor, row["UNIT_MEAS"])
        for column, year in (("PROD_2023", 2023), ("PROD_EST_ 2024", 2024)):
            parsed = value(path, line, column, row[column], scale=factor)
            if withheld and not parsed.value:
                parsed = Parsed("", "W")
            if not parsed.value and not parsed.code:
                continue  # the source gives nothing for this cell: no row, shown as "no data"
            if year == 2024 or "estimated" in type_text.lower() or "estimated" in prod_note.lower():
                status = "estimated"
            else:
                status = "reported"
            production.append({
                "mineral": mineral, "stage": names.stage_of[mineral], "measure": "production",
                "country_iso3": code, "year": str(year), "value": parsed.value, "value_code": parsed.code,
                "qualifier": parsed.qualifier, "unit": "t", "status": status, "edition": "MCS2025",
                "source_id": SRC_MCS2025_WORLD, "source_country": country, "note": "; ".join(note_parts),
            })
        parsed = value(path, line, "RESERVES_2024", row["RESERVES_2024"], scale=factor)
        reserve_note = clean(row.get("RESERVE_NOTES", ""))
        if not parsed.value and reserve_note == "NA":
            parsed, reserve_note = Parsed("", "NA"), ""
        if parsed.value or parsed.code:
            reserves.append({
                "mineral": mineral, "country_iso3": code, "year": "2024", "value": parsed.value,
                "value_code": parsed.code, "qualifier": parsed.qualifier, "unit": "t", "edition": "MCS2025",
                "source_id": SRC_MCS2025_WORLD, "source_country": country,
                "note": "; ".join([p for p in (reserve_note,) if p] + conversion_note(factor, row["UNIT_MEAS"])),
            })
    return production, reserves


def mcs2025_salient(folder: Path, names: Names) -> list[dict[str, str]]:
    """US net import reliance 2020-2024 from the MCS 2025 per-commodity salient files."""
    out: list[dict[str, str]] = []
    for mineral, (filename, columns) in SALIENT_2025.items():
        if mineral not in names.stage_of:
            continue
        path = folder / filename
        for line, row in enumerate(read(path, "utf-8-sig"), start=2):
            need(path, row, line, ["Year"] + [c for c, _ in columns])
            for column, product in columns:
                parsed = value(path, line, column, row[column])
                out.append({
                    "importer_iso3": "USA", "mineral": mineral, "product": product, "year": row["Year"].strip(),
                    "value_pct": parsed.value, "qualifier": parsed.qualifier, "value_code": parsed.code,
                    "status": "estimated" if row["Year"].strip() == "2024" else "reported", "edition": "MCS2025",
                    "source_id": SRC_MCS2025_SALIENT, "note": "E: net exporter" if parsed.code == "E" else "",
                    "stated_as": "",
                })
    return out


def _world_row(path: Path, line: int, row: dict[str, str], mineral: str, names: Names,
               notes: str) -> tuple[str, dict[str, str]]:
    """('production'|'capacity'|'reserves', row) of a world production/reserves section line."""
    factor = tonnes_per_unit(path, line, "Unit", row["Unit"])
    parsed = value(path, line, "Value", row["Value"], scale=factor)
    country = clean(row["Country"])
    kept_notes = [n for n in notes.split(" -- ") if n and n not in ("Estimated.", "Reported.")]
    kept_notes = [n for n in kept_notes if not n.startswith("See Appendix C")]
    if row["Statistics_detail"].strip().endswith("rounded"):
        kept_notes.insert(0, "World total (rounded)")
    kept_notes += conversion_note(factor, row["Unit"])
    common = {
        "mineral": mineral, "country_iso3": iso3(path, line, "Country", country), "year": row["Year"].strip(),
        "value": parsed.value, "value_code": parsed.code, "qualifier": parsed.qualifier, "unit": "t",
        "edition": "MCS2026", "source_id": SRC_MCS2026_WORLD, "source_country": country,
        "note": "; ".join(kept_notes),
    }
    statistic = row["Statistics"].strip()
    if statistic == "Reserves":
        return "reserves", common
    measure = "capacity" if _capacity(statistic) else "production"
    return measure, {**common, "stage": names.stage_of[mineral], "measure": measure,
                     "status": status_from_note(notes)}


def mcs2026(path: Path, names: Names) -> dict[str, list[dict[str, str]]]:
    """Production and capacity 2024-2025, reserves 2025, US net import reliance 2021-2025 and US import
    sources 2021-24 from the MCS 2026 data release."""
    production: list[dict[str, str]] = []
    reserves: list[dict[str, str]] = []
    reliance: list[dict[str, str]] = []
    sources: list[dict[str, str]] = []
    columns = ["MCS chapter", "Section", "Commodity", "Country", "Statistics", "Statistics_detail", "Unit",
               "Year", "Value", "Notes"]
    for line, row in enumerate(read(path, "cp1252"), start=2):
        mineral = names.mineral(row.get("MCS chapter", ""))
        if mineral is None:
            continue
        need(path, row, line, columns)
        section, statistic = row["Section"].strip(), row["Statistics"].strip()
        notes = clean(row["Notes"])
        country = clean(row["Country"])
        if section.startswith("World") and statistic in ("Production", "Reserves", "Capacity"):
            kind, record = _world_row(path, line, row, mineral, names, notes)
            (reserves if kind == "reserves" else production).append(record)
        elif section.startswith("Salient Statistics") and statistic == "Net import reliance":
            parsed = value(path, line, "Value", row["Value"])
            detail = row["Statistics_detail"].strip()
            product = ""
            if ":" in detail:
                product = detail.split(":", 1)[1].strip().lower()
            elif "," in detail:
                product = detail.split(",", 1)[1].strip().lower()
            if row["MCS chapter"].strip() == "RARE EARTHS (Heavy)":
                product = "heavy rare earths, " + product
            reliance.append({
                "importer_iso3": "USA", "mineral": mineral, "product": product, "year": row["Year"].strip(),
                "value_pct": parsed.value, "qualifier": parsed.qualifier, "value_code": parsed.code,
                "status": status_from_note(notes), "edition": "MCS2026", "source_id": SRC_MCS2026_SALIENT,
                "note": "E: net exporter" if parsed.code == "E" else "", "stated_as": "",
            })
        elif section == "Import Sources":
            parsed = value(path, line, "Value", row["Value"])
            product = clean(row["Statistics_detail"])
            if product == "All":
                product = ""
            kept = ["includes Hong Kong" if n == "Includes Hong Kong." else n.rstrip(".")
                    for n in notes.split(" -- ") if n]
            sources.append({
                "importer_iso3": "USA", "mineral": mineral, "partner_iso3": iso3(path, line, "Country", country),
                "period": row["Year"].strip().replace("–", "-"), "share_pct": parsed.value, "rank": "",
                "product": product.lower(), "hs_code": "", "edition": "MCS2026", "source_id": SRC_MCS2026_IMPORTS,
                "note": "; ".join(kept),
            })
    return {"production": production, "reserves": reserves, "import_reliance": reliance, "import_sources": sources}


def wmo(path: Path, names: Names) -> list[dict[str, str]]:
    """Production 2018-2024 by country and world capacity to 2029 (the outlook's minerals we cover)."""
    out: list[dict[str, str]] = []
    for line, row in enumerate(read(path, "utf-8-sig"), start=2):
        mineral = names.mineral(row.get("Mineral_Commodity", ""))
        if mineral is None:
            continue
        need(path, row, line, ["Year", "Note", "Quantity", "Data_type", "Unit_MEAS", "Geographic_Region"])
        factor = tonnes_per_unit(path, line, "Unit_MEAS", row["Unit_MEAS"])
        parsed = value(path, line, "Quantity", row["Quantity"], scale=factor)
        country = clean(row["Geographic_Region"])
        note = clean(row["Note"])
        measure = row["Data_type"].strip().lower()
        if measure not in ("production", "capacity"):
            raise CurateError(f"{path.name}:{line}:Data_type: unexpected {row['Data_type']!r}")
        extra = [n for n in note.split(", ") if n not in ("reported", "estimated", "outlook")]
        figure = clean(row.get("Figure_Use", ""))
        out.append({
            "mineral": mineral, "stage": names.stage_of[mineral], "measure": measure,
            "country_iso3": iso3(path, line, "Geographic_Region", country), "year": row["Year"].strip(),
            "value": parsed.value, "value_code": parsed.code, "qualifier": parsed.qualifier, "unit": "t",
            "status": status_from_note(note), "edition": "WMO2025", "source_id": SRC_WMO, "source_country": country,
            "note": "; ".join([*extra, figure, *conversion_note(factor, row["Unit_MEAS"])]),
        })
    return out
