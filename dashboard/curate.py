"""Official USGS release files -> the curated tables in ``datasets/curated/``.

Belongs here: reading the byte-original USGS files (their encodings, codes and spellings) and turning
them into tidy long tables with a ``source_id`` and an ``edition`` on every row.
Does not belong here: hand-curated tables (``datasets/manual/``), validation (``data.py``), metrics.

Inputs (from the folder given by ``--usgs-dir``):

- ``MCS2025_World_Data.csv``: UTF-8 with BOM, wide (PROD_2023, ``PROD_EST_ 2024``, RESERVES_2024).
- ``mcs2025-{cobal,lithium,nicke,rareee}_salient.csv``: MCS 2025 salient statistics (net import reliance).
- ``MCS2026_Commodities_Data.csv``: cp1252, long; sections "World Mine Production and Reserves",
  "Salient Statistics—United States" and "Import Sources".
- ``MCS2026_T4_Country_Export_Control.csv`` and ``MCS2026_T6_Critical_Minerals_End_Use.csv``.
- ``World_Minerals_Outlook_2029_Data.csv``: production 2018-2024 and capacity projections to 2029.

USGS value codes: ``W`` withheld, ``NA`` not available, ``—`` zero or none, ``E`` net exporter,
``>50`` a lower bound, ``s`` less than half a unit. A code is kept in ``value_code`` and the value left
empty, except ``—`` (value 0) and ``>``/``<`` bounds (value = the bound, ``qualifier`` = the sign).
Nothing is rounded: values are copied digit for digit; thousand-tonne figures are scaled by 1,000 with
exact decimal arithmetic.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dashboard.countries import UnknownCountry, to_iso3

MINERAL_OF_CHAPTER = {
    "LITHIUM": "lithium",
    "COBALT": "cobalt",
    "NICKEL": "nickel",
    "RARE EARTHS": "rare_earths",
    "RARE EARTHS (Heavy)": "rare_earths",
}
MINERAL_OF_NAME = {"lithium": "lithium", "cobalt": "cobalt", "nickel": "nickel", "rare earths": "rare_earths"}

# source ids of the USGS tables (their citations are in datasets/manual/sources.csv)
SRC_MCS2025_WORLD = "usgs_mcs2025_world_data"
SRC_MCS2025_SALIENT = "usgs_mcs2025_salient"
SRC_MCS2026_WORLD = "usgs_mcs2026_world_production"
SRC_MCS2026_SALIENT = "usgs_mcs2026_salient"
SRC_MCS2026_IMPORTS = "usgs_mcs2026_import_sources"
SRC_MCS2026_T4 = "usgs_mcs2026_t4_export_controls"
SRC_MCS2026_T6 = "usgs_mcs2026_t6_end_use"
SRC_WMO = "usgs_wmo2029_data"

INPUT_FILES = {
    "mcs2025_world": "MCS2025_World_Data.csv",
    "mcs2026": "MCS2026_Commodities_Data.csv",
    "t4": "MCS2026_T4_Country_Export_Control.csv",
    "t6": "MCS2026_T6_Critical_Minerals_End_Use.csv",
    "wmo": "World_Minerals_Outlook_2029_Data.csv",
}
SALIENT_2025 = {
    "cobalt": "mcs2025-cobal_salient.csv",
    "lithium": "mcs2025-lithium_salient.csv",
    "nickel": "mcs2025-nicke_salient.csv",
    "rare_earths": "mcs2025-rareee_salient.csv",
}

#: Column order of every curated table.
COLUMNS: dict[str, list[str]] = {
    "production": [
        "mineral", "stage", "measure", "country_iso3", "year", "value", "value_code", "qualifier", "unit",
        "status", "edition", "source_id", "source_country", "note",
    ],
    "reserves": [
        "mineral", "country_iso3", "year", "value", "value_code", "qualifier", "unit", "edition",
        "source_id", "source_country", "note",
    ],
    "import_reliance": [
        "importer_iso3", "mineral", "product", "year", "value_pct", "qualifier", "value_code", "status",
        "edition", "source_id", "note",
    ],
    "import_sources": [
        "importer_iso3", "mineral", "partner_iso3", "period", "share_pct", "rank", "product", "hs_code",
        "edition", "source_id", "note",
    ],
    "export_controls": [
        "country_iso3", "mineral", "control_type", "measure", "year_imposed", "edition", "source_id",
        "data_source_url", "note",
    ],
    "end_uses": ["mineral", "scope", "end_use", "detail", "year", "share_pct", "rank", "source_id", "note"],
}


class CurateError(ValueError):
    """A release file does not look as expected; the message names file, row and column."""


@dataclass(frozen=True)
class Parsed:
    """A USGS cell: the number (as exact text, or '' when there is none), its code and qualifier."""

    value: str
    code: str = ""
    qualifier: str = ""


_CODES = {"W", "NA", "E", "XX", "s"}
_DASHES = {"—", "–", "-", "--"}


def parse_value(raw: str, *, scale: int = 1) -> Parsed:
    """Parse a USGS value cell.

    >>> parse_value("1,700,000")
    Parsed(value='1700000', code='', qualifier='')
    >>> parse_value(">9,100,000")
    Parsed(value='9100000', code='', qualifier='>')
    >>> parse_value("W"), parse_value("—")
    (Parsed(value='', code='W', qualifier=''), Parsed(value='0', code='—', qualifier=''))
    >>> parse_value("483.1", scale=1000).value
    '483100'
    """
    text = raw.strip().replace("\u00a0", "")
    if not text:
        return Parsed("")
    if text in _CODES:
        return Parsed("", text)
    if text in _DASHES:
        return Parsed("0", "—")
    qualifier = ""
    if text[0] in "<>":
        qualifier, text = text[0], text[1:].strip()
    try:
        number = Decimal(text.replace(",", "")) * scale
    except InvalidOperation:
        raise ValueError(f"not a number or a USGS code: {raw!r}") from None
    return Parsed(_decimal_text(number), "", qualifier)


def _decimal_text(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _read(path: Path, encoding: str) -> list[dict[str, str]]:
    if not path.exists():
        raise CurateError(f"{path}: file not found (is --usgs-dir the folder of the USGS release files?)")
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def _need(path: Path, row: dict[str, str], line: int, columns: Iterable[str]) -> None:
    for column in columns:
        if column not in row:
            raise CurateError(f"{path.name}:{line}:{column}: column missing from the release file")


def _iso3(path: Path, line: int, column: str, name: str) -> str:
    try:
        return to_iso3(name)
    except UnknownCountry as exc:
        raise CurateError(f"{path.name}:{line}:{column}: {exc}; add it to countries.ALIASES") from None


def _value(path: Path, line: int, column: str, raw: str, scale: int = 1) -> Parsed:
    try:
        return parse_value(raw, scale=scale)
    except ValueError as exc:
        raise CurateError(f"{path.name}:{line}:{column}: {exc}") from None


def _status_from_note(note: str, default: str = "reported") -> str:
    lowered = note.lower()
    if "outlook" in lowered or "projected" in lowered:
        return "projected"
    if "estimated" in lowered:
        return "estimated"
    return default


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# ---------------------------------------------------------------------------------------------------
# MCS 2025 world data (wide)


def mcs2025_world(path: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Mine production 2023-2024 and reserves 2024 from the MCS 2025 world data release."""
    production: list[dict[str, str]] = []
    reserves: list[dict[str, str]] = []
    rows = _read(path, "utf-8-sig")
    for line, row in enumerate(rows, start=2):
        mineral = MINERAL_OF_NAME.get(_clean(row.get("COMMODITY", "")).lower())
        if mineral is None:
            continue
        _need(path, row, line, ["COUNTRY", "TYPE", "UNIT_MEAS", "PROD_2023", "PROD_EST_ 2024", "RESERVES_2024"])
        if row["UNIT_MEAS"].strip() != "metric tons":
            raise CurateError(f"{path.name}:{line}:UNIT_MEAS: expected 'metric tons', got {row['UNIT_MEAS']!r}")
        country = _clean(row["COUNTRY"])
        iso3 = _iso3(path, line, "COUNTRY", country)
        prod_note = _clean(row.get("PROD_NOTES", ""))
        type_text = _clean(row["TYPE"])
        withheld = prod_note.startswith("W for")
        note_parts = [p for p in (prod_note,) if p and not withheld]
        if "rounded" in country.lower():
            note_parts.insert(0, "World total (rounded)")
        for column, year in (("PROD_2023", 2023), ("PROD_EST_ 2024", 2024)):
            parsed = _value(path, line, column, row[column])
            if withheld and not parsed.value:
                parsed = Parsed("", "W")
            if not parsed.value and not parsed.code:
                continue  # the source gives nothing for this cell: no row, shown as "no data"
            if year == 2024 or "estimated" in type_text.lower() or "estimated" in prod_note.lower():
                status = "estimated"
            else:
                status = "reported"
            production.append(
                {
                    "mineral": mineral, "stage": "mine", "measure": "production", "country_iso3": iso3,
                    "year": str(year), "value": parsed.value, "value_code": parsed.code,
                    "qualifier": parsed.qualifier, "unit": "t", "status": status, "edition": "MCS2025",
                    "source_id": SRC_MCS2025_WORLD, "source_country": country,
                    "note": "; ".join(note_parts),
                }
            )
        parsed = _value(path, line, "RESERVES_2024", row["RESERVES_2024"])
        reserve_note = _clean(row.get("RESERVE_NOTES", ""))
        if not parsed.value and reserve_note == "NA":
            parsed, reserve_note = Parsed("", "NA"), ""
        if parsed.value or parsed.code:
            reserves.append(
                {
                    "mineral": mineral, "country_iso3": iso3, "year": "2024", "value": parsed.value,
                    "value_code": parsed.code, "qualifier": parsed.qualifier, "unit": "t",
                    "edition": "MCS2025", "source_id": SRC_MCS2025_WORLD, "source_country": country,
                    "note": reserve_note,
                }
            )
    return production, reserves


# ---------------------------------------------------------------------------------------------------
# MCS 2025 salient statistics (net import reliance 2020-2024)

_NIR_COLUMNS = {
    "cobalt": [("NIR_pct", "")],
    "lithium": [("NIR_pct", "")],
    "nickel": [("NIR_ct", "")],
    "rare_earths": [("NIR_Compounds-Metals_t", "compounds and metals"), ("NIR_Concentrate_t", "mineral concentrates")],
}


def mcs2025_salient(folder: Path) -> list[dict[str, str]]:
    """US net import reliance 2020-2024 from the MCS 2025 per-commodity salient files."""
    out: list[dict[str, str]] = []
    for mineral, filename in SALIENT_2025.items():
        path = folder / filename
        for line, row in enumerate(_read(path, "utf-8-sig"), start=2):
            _need(path, row, line, ["Year"] + [c for c, _ in _NIR_COLUMNS[mineral]])
            for column, product in _NIR_COLUMNS[mineral]:
                parsed = _value(path, line, column, row[column])
                out.append(
                    {
                        "importer_iso3": "USA", "mineral": mineral, "product": product,
                        "year": row["Year"].strip(), "value_pct": parsed.value,
                        "qualifier": parsed.qualifier, "value_code": parsed.code,
                        "status": "estimated" if row["Year"].strip() == "2024" else "reported",
                        "edition": "MCS2025", "source_id": SRC_MCS2025_SALIENT,
                        "note": "E: net exporter" if parsed.code == "E" else "",
                    }
                )
    return out


# ---------------------------------------------------------------------------------------------------
# MCS 2026 commodities data (long)


def mcs2026(path: Path) -> dict[str, list[dict[str, str]]]:
    """Mine production 2024-2025, reserves 2025, US net import reliance 2021-2025 and US import
    sources 2021-24 from the MCS 2026 data release."""
    production: list[dict[str, str]] = []
    reserves: list[dict[str, str]] = []
    reliance: list[dict[str, str]] = []
    sources: list[dict[str, str]] = []
    columns = ["MCS chapter", "Section", "Commodity", "Country", "Statistics", "Statistics_detail", "Unit",
               "Year", "Value", "Notes"]
    for line, row in enumerate(_read(path, "cp1252"), start=2):
        mineral = MINERAL_OF_CHAPTER.get(row.get("MCS chapter", "").strip())
        if mineral is None:
            continue
        _need(path, row, line, columns)
        section, statistic = row["Section"].strip(), row["Statistics"].strip()
        notes = _clean(row["Notes"])
        country = _clean(row["Country"])
        if section == "World Mine Production and Reserves" and statistic in ("Production", "Reserves"):
            if row["Unit"].strip() != "metric tons":
                raise CurateError(f"{path.name}:{line}:Unit: expected 'metric tons', got {row['Unit']!r}")
            parsed = _value(path, line, "Value", row["Value"])
            iso3 = _iso3(path, line, "Country", country)
            kept_notes = [n for n in notes.split(" -- ") if n and n not in ("Estimated.", "Reported.")]
            kept_notes = [n for n in kept_notes if not n.startswith("See Appendix C")]
            if row["Statistics_detail"].strip().endswith("rounded"):
                kept_notes.insert(0, "World total (rounded)")
            common = {
                "mineral": mineral, "country_iso3": iso3, "year": row["Year"].strip(), "value": parsed.value,
                "value_code": parsed.code, "qualifier": parsed.qualifier, "unit": "t", "edition": "MCS2026",
                "source_id": SRC_MCS2026_WORLD, "source_country": country, "note": "; ".join(kept_notes),
            }
            if statistic == "Production":
                production.append(
                    {**common, "stage": "mine", "measure": "production", "status": _status_from_note(notes)}
                )
            else:
                reserves.append(common)
        elif section.startswith("Salient Statistics") and statistic == "Net import reliance":
            parsed = _value(path, line, "Value", row["Value"])
            detail = row["Statistics_detail"].strip()
            product = ""
            if ":" in detail:
                product = detail.split(":", 1)[1].strip().lower()
            elif "," in detail:
                product = detail.split(",", 1)[1].strip().lower()
            if row["MCS chapter"].strip() == "RARE EARTHS (Heavy)":
                product = "heavy rare earths, " + product
            reliance.append(
                {
                    "importer_iso3": "USA", "mineral": mineral, "product": product,
                    "year": row["Year"].strip(), "value_pct": parsed.value, "qualifier": parsed.qualifier,
                    "value_code": parsed.code, "status": _status_from_note(notes), "edition": "MCS2026",
                    "source_id": SRC_MCS2026_SALIENT,
                    "note": "E: net exporter" if parsed.code == "E" else "",
                }
            )
        elif section == "Import Sources":
            parsed = _value(path, line, "Value", row["Value"])
            product = _clean(row["Statistics_detail"])
            if product == "All":
                product = ""
            period = row["Year"].strip().replace("–", "-")
            sources.append(
                {
                    "importer_iso3": "USA", "mineral": mineral,
                    "partner_iso3": _iso3(path, line, "Country", country), "period": period,
                    "share_pct": parsed.value, "rank": "", "product": product.lower(), "hs_code": "",
                    "edition": "MCS2026", "source_id": SRC_MCS2026_IMPORTS,
                    "note": "includes Hong Kong" if "Includes Hong Kong" in notes else "",
                }
            )
    return {"production": production, "reserves": reserves, "import_reliance": reliance, "import_sources": sources}


# ---------------------------------------------------------------------------------------------------
# World Minerals Outlook 2029 data


def wmo(path: Path) -> list[dict[str, str]]:
    """Lithium and cobalt: mine production 2018-2024 by country and world mine capacity to 2029."""
    out: list[dict[str, str]] = []
    units = {"metric tons": 1, "thousand metric tons": 1000}
    for line, row in enumerate(_read(path, "utf-8-sig"), start=2):
        mineral = MINERAL_OF_NAME.get(row.get("Mineral_Commodity", "").strip().lower())
        if mineral is None:
            continue
        _need(path, row, line, ["Year", "Note", "Quantity", "Data_type", "Unit_MEAS", "Geographic_Region"])
        unit = row["Unit_MEAS"].strip().lower()
        if unit not in units:
            raise CurateError(f"{path.name}:{line}:Unit_MEAS: unexpected unit {row['Unit_MEAS']!r}")
        parsed = _value(path, line, "Quantity", row["Quantity"], scale=units[unit])
        country = _clean(row["Geographic_Region"])
        note = _clean(row["Note"])
        measure = row["Data_type"].strip().lower()
        if measure not in ("production", "capacity"):
            raise CurateError(f"{path.name}:{line}:Data_type: unexpected {row['Data_type']!r}")
        extra = [n for n in note.split(", ") if n not in ("reported", "estimated", "outlook")]
        figure = _clean(row.get("Figure_Use", ""))
        out.append(
            {
                "mineral": mineral, "stage": "mine", "measure": measure,
                "country_iso3": _iso3(path, line, "Geographic_Region", country), "year": row["Year"].strip(),
                "value": parsed.value, "value_code": parsed.code, "qualifier": parsed.qualifier, "unit": "t",
                "status": _status_from_note(note), "edition": "WMO2025", "source_id": SRC_WMO,
                "source_country": country,
                "note": "; ".join(
                    [*extra, figure] + (["converted from thousand metric tons"] if units[unit] > 1 else [])
                ),
            }
        )
    return out


# ---------------------------------------------------------------------------------------------------
# MCS 2026 tables 4 (export controls) and 6 (end uses)

_SEGMENT = re.compile(r"([^()]+?)\s*\((\d{4})\)")
_KEYWORDS = {"lithium": "lithium", "cobalt": "cobalt", "nickel": "nickel", "rare earth": "rare_earths"}


def export_controls(path: Path) -> list[dict[str, str]]:
    """Export controls in force on our minerals (MCS 2026 table 4), one row per country and mineral."""
    out: list[dict[str, str]] = []
    for line, row in enumerate(_read(path, "utf-8-sig"), start=2):
        _need(path, row, line, ["Country", "Control_Type", "Commodity_Year", "Data_source"])
        for match in _SEGMENT.finditer(row["Commodity_Year"]):
            segment = re.sub(r"^[,\s]*(and\s+)?", "", match.group(1)).strip()
            for keyword, mineral in _KEYWORDS.items():
                if keyword in segment.lower():
                    out.append(
                        {
                            "country_iso3": _iso3(path, line, "Country", _clean(row["Country"])),
                            "mineral": mineral, "control_type": _clean(row["Control_Type"]),
                            "measure": f"{segment} ({match.group(2)})", "year_imposed": match.group(2),
                            "edition": "MCS2026", "source_id": SRC_MCS2026_T4,
                            "data_source_url": row["Data_source"].strip(),
                            "note": "as listed in MCS 2026 table 4 (in force as of January 2026)",
                        }
                    )
    return out


def end_uses(path: Path) -> list[dict[str, str]]:
    """Primary applications listed in MCS 2026 table 6 (named, not ranked, no shares)."""
    out: list[dict[str, str]] = []
    for line, row in enumerate(_read(path, "utf-8-sig"), start=2):
        _need(path, row, line, ["Critical_Mineral", "Primary_Applications", "Category_Note"])
        name = _clean(row["Critical_Mineral"])
        mineral = MINERAL_OF_NAME.get(name.lower())
        detail = ""
        if mineral is None and "Rare Earths chapter" in row["Category_Note"]:
            mineral, detail = "rare_earths", name
        if mineral is None:
            continue
        text = _clean(row["Primary_Applications"]).rstrip(".")
        for use in re.split(r",\s*(?:and\s+)?|\s+and\s+", text):
            use = use.strip().lower()
            if use:
                out.append(
                    {
                        "mineral": mineral, "scope": "unspecified", "end_use": use, "detail": detail,
                        "year": "2026", "share_pct": "", "rank": "", "source_id": SRC_MCS2026_T6,
                        "note": "primary application named by USGS (listed alphabetically, not ranked)",
                    }
                )
    return out


# ---------------------------------------------------------------------------------------------------


def build(usgs_dir: Path) -> dict[str, list[dict[str, str]]]:
    """Every USGS-derived table, as lists of string rows in ``COLUMNS`` order, sorted by their keys."""
    production_2025, reserves_2025 = mcs2025_world(usgs_dir / INPUT_FILES["mcs2025_world"])
    tables_2026 = mcs2026(usgs_dir / INPUT_FILES["mcs2026"])
    tables = {
        "production": production_2025 + tables_2026["production"] + wmo(usgs_dir / INPUT_FILES["wmo"]),
        "reserves": reserves_2025 + tables_2026["reserves"],
        "import_reliance": mcs2025_salient(usgs_dir) + tables_2026["import_reliance"],
        "import_sources": tables_2026["import_sources"],
        "export_controls": export_controls(usgs_dir / INPUT_FILES["t4"]),
        "end_uses": end_uses(usgs_dir / INPUT_FILES["t6"]),
    }
    sort_keys = {
        "production": ["mineral", "stage", "measure", "edition", "year", "country_iso3"],
        "reserves": ["mineral", "edition", "year", "country_iso3"],
        "import_reliance": ["importer_iso3", "mineral", "product", "edition", "year"],
        "import_sources": ["importer_iso3", "mineral", "product", "period", "partner_iso3"],
        "export_controls": ["country_iso3", "mineral", "control_type"],
        "end_uses": ["mineral", "detail", "end_use"],
    }
    for name, rows in tables.items():
        rows.sort(key=lambda r, keys=sort_keys[name]: tuple(_sortable(r[k]) for k in keys))
    return tables


def _sortable(text: str) -> tuple[int, str]:
    return (0, f"{int(text):012d}") if text.isdigit() else (1, text)


def to_csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write(tables: dict[str, list[dict[str, str]]], out_dir: Path) -> Iterator[tuple[str, int]]:
    """Write each table to ``out_dir/NAME.csv`` atomically; yields (name, row count)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        target = out_dir / f"{name}.csv"
        tmp = target.with_suffix(".csv.tmp")
        tmp.write_text(to_csv(rows, COLUMNS[name]), encoding="utf-8")
        tmp.replace(target)
        yield name, len(rows)
