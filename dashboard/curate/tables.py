"""MCS 2026 tables 4 (export controls) and 6 (end uses), and the salient price series of MCS 2025 and
MCS 2026, for every mineral of the vocabulary.

Prices are USGS's own series, copied digit for digit with their unit and their price source (Platts,
Argus, Fastmarkets, LME, US Census) in the note: MCS 2026 long-format "Price" rows, and the ``Price_*``
columns of the MCS 2025 per-commodity salient files, whose labels come from the files' FGDC metadata
(``mcs2025-*_meta.xml``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .cells import CurateError, clean, iso3, need, read, status_from_note, value
from .mcs import SALIENT_2025
from .names import Names

SRC_MCS2026_T4 = "usgs_mcs2026_t4_export_controls"
SRC_MCS2026_T6 = "usgs_mcs2026_t6_end_use"
SRC_MCS2026_PRICES = "usgs_mcs2026_salient"
SRC_MCS2025_PRICES = "usgs_mcs2025_salient"

_SEGMENT = re.compile(r"([^()]+?)\s*\((\d{4})\)")
#: The FGDC metadata file of each MCS 2025 salient file (their names differ).
META_2025 = {"cobalt": "mcs2025-cobal_meta.xml", "lithium": "mcs2025-lithi_meta.xml",
             "nickel": "mcs2025-nicke_meta.xml", "rare_earths": "mcs2025-rareee_meta.xml"}
_UNIT_OF_SUFFIX = {"dlb": "dollars per pound", "dt": "dollars per metric ton", "dkg": "dollars per kilogram"}


def export_controls(path: Path, names: Names) -> list[dict[str, str]]:
    """Export controls on our minerals listed by MCS 2026 table 4, one row per country and mineral."""
    out: list[dict[str, str]] = []
    keywords = names.keywords()
    for line, row in enumerate(read(path, "utf-8-sig"), start=2):
        need(path, row, line, ["Country", "Control_Type", "Commodity_Year", "Data_source"])
        for match in _SEGMENT.finditer(row["Commodity_Year"]):
            segment = re.sub(r"^[,\s]*(and\s+)?", "", match.group(1)).strip()
            found = dict.fromkeys(m for k, m in keywords.items() if re.search(rf"\b{re.escape(k)}", segment.lower()))
            for mineral in found:
                out.append({
                    "country_iso3": iso3(path, line, "Country", clean(row["Country"])), "mineral": mineral,
                    "control_type": clean(row["Control_Type"]), "measure": f"{segment} ({match.group(2)})",
                    "year_imposed": match.group(2), "edition": "MCS2026", "source_id": SRC_MCS2026_T4,
                    "data_source_url": row["Data_source"].strip(),
                    "note": "as listed in MCS 2026 table 4 (listed as in force as of January 2026; see the "
                            "measures table for its status at other dates)",
                })
    return out


def end_uses(path: Path, names: Names) -> list[dict[str, str]]:
    """Primary applications listed in MCS 2026 table 6 (named, not ranked, no shares)."""
    out: list[dict[str, str]] = []
    rare_earths = names.mineral("rare earths")
    for line, row in enumerate(read(path, "utf-8-sig"), start=2):
        need(path, row, line, ["Critical_Mineral", "Primary_Applications", "Category_Note"])
        name = clean(row["Critical_Mineral"])
        mineral = names.mineral(name)
        detail = ""
        if mineral is None and "Rare Earths chapter" in row["Category_Note"] and rare_earths:
            mineral, detail = rare_earths, name
        if mineral is None:
            continue
        text = clean(row["Primary_Applications"]).rstrip(".")
        for use in re.split(r",\s*(?:and\s+)?|\s+and\s+", text):
            use = use.strip().lower()
            if use:
                out.append({
                    "mineral": mineral, "scope": "unspecified", "end_use": use, "detail": detail, "year": "2026",
                    "share_pct": "", "rank": "", "source_id": SRC_MCS2026_T6,
                    "note": "primary application named by USGS (listed alphabetically, not ranked)",
                })
    return out


def _series(label: str) -> str:
    """A price label without its leading 'Price' word (the series name shown to users).

    >>> _series("Price, average, dollars per pound: U.S. spot, cathode")
    'average, dollars per pound: U.S. spot, cathode'
    >>> _series("Price: Average, dollars per kilogram: Cerium oxide, 99.5% minimum")
    'average, dollars per kilogram: Cerium oxide, 99.5% minimum'
    """
    text = re.sub(r"^Price\s*[,:]\s*", "", clean(label))
    return text[:1].lower() + text[1:]


def _price_source(note: str) -> str:
    match = re.search(r"Source:\s*([^.]+(?:\.[A-Z][^.]*)?)", note)
    return f"price source: {match.group(1).strip()}" if match else ""


def prices_2026(path: Path, names: Names) -> list[dict[str, str]]:
    """The 'Price' rows of the MCS 2026 salient statistics (2021-2025)."""
    out: list[dict[str, str]] = []
    for line, row in enumerate(read(path, "cp1252"), start=2):
        mineral = names.mineral(row.get("MCS chapter", ""))
        if mineral is None:
            continue
        need(path, row, line, ["Section", "Statistics", "Statistics_detail", "Unit", "Year", "Value", "Notes"])
        if not row["Section"].strip().startswith("Salient Statistics") or row["Statistics"].strip() != "Price":
            continue
        parsed = value(path, line, "Value", row["Value"])
        notes = clean(row["Notes"])
        kept = [n for n in notes.split(" -- ") if n and n != "Estimated."]
        unit = clean(row["Unit"]).lower()
        if "metric ton unit" in row["Statistics_detail"].lower() and unit == "dollars per metric ton":
            unit = "dollars per metric ton unit"  # the label's unit (10 kg of contained metal), not the column's
        out.append({
            "mineral": mineral, "series": _series(row["Statistics_detail"]), "year": row["Year"].strip(),
            "value": parsed.value, "value_code": parsed.code, "unit": unit,
            "status": status_from_note(notes), "edition": "MCS2026", "source_id": SRC_MCS2026_PRICES,
            "note": " ".join(kept),
        })
    return out


def _labels(meta: Path) -> dict[str, str]:
    """Column -> definition from a salient file's FGDC metadata."""
    if not meta.exists():
        raise CurateError(f"{meta}: file not found (the MCS 2025 salient metadata names the price columns)")
    try:
        root = ET.parse(meta).getroot()
    except ET.ParseError as exc:
        raise CurateError(f"{meta.name}: not well-formed XML ({exc})") from None
    return {clean(a.findtext("attrlabl") or ""): clean(a.findtext("attrdef") or "") for a in root.iter("attr")}


def prices_2025(folder: Path, names: Names) -> list[dict[str, str]]:
    """The ``Price_*`` columns of the MCS 2025 salient files (2020-2024), labelled from their metadata.
    (The nickel metadata names them ``Price_LME_dt``/``Price_LME_dlb``, the file ``Price_dt``/``Price_dlb``.)"""
    out: list[dict[str, str]] = []
    for mineral, (filename, _) in SALIENT_2025.items():
        if mineral not in names.stage_of:
            continue
        labels = _labels(folder / META_2025[mineral])
        path = folder / filename
        for line, row in enumerate(read(path, "utf-8-sig"), start=2):
            need(path, row, line, ["Year"])
            for column in [c for c in row if c and c.startswith("Price_")]:
                definition = labels.get(column) or labels.get(column.replace("Price_", "Price_LME_"), "")
                if not definition:
                    raise CurateError(f"{path.name}:{line}:{column}: no definition in {META_2025[mineral]}")
                label, _, rest = definition.partition(". ")
                parsed = value(path, line, column, row[column])
                if not parsed.value and not parsed.code:
                    continue
                out.append({
                    "mineral": mineral, "series": _series(label), "year": row["Year"].strip(), "value": parsed.value,
                    "value_code": parsed.code, "unit": _UNIT_OF_SUFFIX[column.rsplit("_", 1)[1]],
                    "status": "estimated" if row["Year"].strip() == "2024" else "reported", "edition": "MCS2025",
                    "source_id": SRC_MCS2025_PRICES, "note": _price_source(rest),
                })
    return out
