"""Render ``datasets/datapackage.json`` (Frictionless Data Package) from the pydantic row models.

Belongs here: the mapping from models and the table registry to the data-package descriptor.
The descriptor is generated, never edited by hand: ``python -m dashboard datapackage`` (also run by
``curate``) rewrites it and a test checks that the committed file equals a fresh rendering.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from dashboard import validation
from dashboard.countries import PSEUDO_CODES
from dashboard.data import Datasets
from dashboard.schema import TABLES, Table

_TYPES = {int: "integer", float: "number", bool: "boolean", dt.date: "date", str: "string"}


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """(base type, required, constraints metadata) of a field annotation."""
    required = True
    metadata: list[Any] = []
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        required = len(args) == len(typing.get_args(annotation))
        annotation = args[0]
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *extra = typing.get_args(annotation)
        metadata.extend(extra)
    return annotation, required, metadata


def field_descriptor(name: str, info: FieldInfo) -> dict[str, Any]:
    base, required, metadata = _unwrap(info.annotation)
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if typing.get_origin(base) is typing.Literal:
        constraints["enum"] = list(typing.get_args(base))
        base = str
    for item in [*metadata, *info.metadata]:
        for attr, key in (("ge", "minimum"), ("le", "maximum")):
            if getattr(item, attr, None) is not None:
                constraints[key] = getattr(item, attr)
        if getattr(item, "pattern", None):
            constraints["pattern"] = item.pattern
    descriptor: dict[str, Any] = {"name": name, "type": _TYPES.get(base, "string")}
    if info.description:
        descriptor["description"] = info.description
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if extra.get("unit"):
        descriptor["unit"] = extra["unit"]
    if name.endswith("_iso3") or name == "countries":
        descriptor["format"] = "ISO 3166-1 alpha-3, or " + ", ".join(f"{k} ({v})" for k, v in PSEUDO_CODES.items())
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def resource(table: Table, datasets: Datasets) -> dict[str, Any]:
    used = sorted(set(datasets[table.name]["source_id"])) if "source_id" in datasets[table.name] else []
    sources = datasets.sources.set_index("source_id")
    paths = list(table.paths)
    out: dict[str, Any] = {
        "name": table.name,
        "title": table.title,
        "description": table.description,
        "path": paths[0] if len(paths) == 1 else paths,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [field_descriptor(n, i) for n, i in table.model.model_fields.items()],
            "missingValues": [""],
            "primaryKey": list(table.primary_key),
        },
    }
    # our extension: rows per file, checked by the loader (a file cut short or emptied is caught)
    out["rowCounts"] = validation.count_rows(datasets.root, table)
    if table.foreign_keys:
        out["schema"]["foreignKeys"] = [
            {"fields": list(fk.fields), "reference": {"resource": fk.table, "fields": list(fk.reference)}}
            for fk in table.foreign_keys
        ]
    if used:
        out["sources"] = [
            {"title": f"{sources.at[s, 'publisher']}: {sources.at[s, 'title']}", "path": sources.at[s, "url"] or
             f"https://doi.org/{sources.at[s, 'doi']}", "source_id": s}
            for s in used
        ]
    return out


def render(datasets: Datasets) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": "critical-minerals-supply-chain",
        "title": "Critical minerals supply chains: lithium, cobalt, nickel and rare earths",
        "description": (
            "Who mines and who refines, how concentrated each stage is, who imports from whom, and which "
            "partner initiatives bind which countries. Every row carries a source_id resolving to a full "
            "citation in the sources table. Country codes are ISO 3166-1 alpha-3 plus the pseudo-codes "
            + "; ".join(f"{k}: {v}" for k, v in PSEUDO_CODES.items())
            + "."
        ),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0 (curation and hand-curated tables)",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            },
            {
                "name": "CC0-1.0",
                "title": "USGS-derived tables: public domain (US Government work)",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/",
            },
        ],
        "sources": [
            {"title": "USGS Mineral Commodity Summaries 2026 Data Release", "path": "https://doi.org/10.5066/P1WKQ63T"},
            {"title": "USGS Mineral Commodity Summaries 2025 World Data Release", "path": "https://doi.org/10.5066/P13XCP3R"},
            {"title": "USGS World minerals outlook to 2029 (SIR 2025-5021) data", "path": "https://doi.org/10.3133/sir20255021"},
        ],
        "resources": [resource(table, datasets) for table in TABLES],
    }


def dumps(datasets: Datasets) -> str:
    return json.dumps(render(datasets), indent=2, ensure_ascii=False) + "\n"


def write(datasets: Datasets, path: Path | None = None) -> Path:
    target = path or datasets.root / "datapackage.json"
    target.write_text(dumps(datasets), encoding="utf-8")
    return target
