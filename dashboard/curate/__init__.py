"""Official USGS release files -> the curated tables in ``datasets/curated/``.

Belongs here: reading the byte-original USGS files (their encodings, codes, units and spellings) and
turning them into tidy long tables with a ``source_id`` and an ``edition`` on every row, for every mineral
of the data package's ``minerals`` table (its ``usgs_names`` say which USGS chapters and commodities are
ours). Does not belong here: hand-curated tables (``datasets/manual/``), validation (``data.py``), metrics.

Modules: ``cells`` (value codes, exact numbers, units), ``names`` (USGS names -> minerals), ``mcs``
(production, reserves, net import reliance, import sources; World Minerals Outlook), ``tables`` (export
controls, end uses, prices). Nothing is rounded: values are copied digit for digit; other units are
converted to metric tons with exact decimal arithmetic.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from . import mcs, tables
from .cells import CurateError, Parsed, parse_value
from .names import Names, from_datasets

__all__ = ["COLUMNS", "INPUT_FILES", "CurateError", "Names", "Parsed", "build", "from_datasets", "parse_value",
           "to_csv", "write"]

INPUT_FILES = {
    "mcs2025_world": "MCS2025_World_Data.csv",
    "mcs2026": "MCS2026_Commodities_Data.csv",
    "t4": "MCS2026_T4_Country_Export_Control.csv",
    "t6": "MCS2026_T6_Critical_Minerals_End_Use.csv",
    "wmo": "World_Minerals_Outlook_2029_Data.csv",
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
        "edition", "source_id", "note", "stated_as",
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
    "prices": ["mineral", "series", "year", "value", "value_code", "unit", "status", "edition", "source_id", "note"],
}
SORT_KEYS = {
    "production": ["mineral", "stage", "measure", "edition", "year", "country_iso3"],
    "reserves": ["mineral", "edition", "year", "country_iso3"],
    "import_reliance": ["importer_iso3", "mineral", "product", "edition", "year"],
    "import_sources": ["importer_iso3", "mineral", "product", "period", "partner_iso3"],
    "export_controls": ["country_iso3", "mineral", "control_type"],
    "end_uses": ["mineral", "detail", "end_use"],
    "prices": ["mineral", "series", "edition", "year"],
}
DEFAULT_DATASETS = Path(__file__).resolve().parent.parent.parent / "datasets"


def build(usgs_dir: Path, names: Names | None = None) -> dict[str, list[dict[str, str]]]:
    """Every USGS-derived table, as lists of string rows in ``COLUMNS`` order, sorted by their keys.
    ``names`` defaults to the minerals of the repository's data package."""
    names = names or from_datasets(DEFAULT_DATASETS)
    production_2025, reserves_2025 = mcs.mcs2025_world(usgs_dir / INPUT_FILES["mcs2025_world"], names)
    tables_2026 = mcs.mcs2026(usgs_dir / INPUT_FILES["mcs2026"], names)
    built = {
        "production": production_2025 + tables_2026["production"] + mcs.wmo(usgs_dir / INPUT_FILES["wmo"], names),
        "reserves": reserves_2025 + tables_2026["reserves"],
        "import_reliance": mcs.mcs2025_salient(usgs_dir, names) + tables_2026["import_reliance"],
        "import_sources": tables_2026["import_sources"],
        "export_controls": tables.export_controls(usgs_dir / INPUT_FILES["t4"], names),
        "end_uses": tables.end_uses(usgs_dir / INPUT_FILES["t6"], names),
        "prices": tables.prices_2025(usgs_dir, names) + tables.prices_2026(usgs_dir / INPUT_FILES["mcs2026"], names),
    }
    for name, rows in built.items():
        keys = SORT_KEYS[name]
        rows.sort(key=lambda r: tuple(_sortable(r[k]) for k in keys))
    return built


def _sortable(text: str) -> tuple[int, str]:
    return (0, f"{int(text):012d}") if text.isdigit() else (1, text)


def to_csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write(built: dict[str, list[dict[str, str]]], out_dir: Path) -> Iterator[tuple[str, int]]:
    """Write each table to ``out_dir/NAME.csv`` atomically; yields (name, row count)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in built.items():
        target = out_dir / f"{name}.csv"
        tmp = target.with_suffix(".csv.tmp")
        tmp.write_text(to_csv(rows, COLUMNS[name]), encoding="utf-8")
        tmp.replace(target)
        yield name, len(rows)
