"""Pydantic row models of every curated table.

Belongs here: what a valid row is (types, allowed values, ranges, within-row rules). Ids that belong to
the vocabulary (minerals, themes, editions) are checked against the data package's own ``minerals``,
``themes`` and ``editions`` tables, which the loader passes as the validation context
(``model_validate(row, context={"vocabulary": ...})``): adding a mineral or an edition is a row, not a code
change. The table registry (files, keys, descriptions) is in ``schema.py``. Does not belong here: reading
files (``data.py``) or cross-table checks.

The package: ``fields`` (the base row, field types and vocabulary checks), ``reference``, ``supply`` and
``initiatives`` (the tables by subject).
"""

from __future__ import annotations

from dashboard.models.fields import Row, desc
from dashboard.models.initiatives import (
    Event,
    Initiative,
    InitiativeMember,
    InitiativeMineral,
    InitiativeTheme,
    Measure,
)
from dashboard.models.reference import Correction, EditionRow, MineralRow, Publisher, Source, Theme
from dashboard.models.supply import (
    CountryIndicator,
    EndUse,
    ExportControl,
    ImportReliance,
    ImportSource,
    Price,
    Production,
    RefiningShare,
    Reserve,
)

__all__ = [
    "Correction",
    "CountryIndicator",
    "EditionRow",
    "EndUse",
    "Event",
    "ExportControl",
    "ImportReliance",
    "ImportSource",
    "Initiative",
    "InitiativeMember",
    "InitiativeMineral",
    "InitiativeTheme",
    "Measure",
    "MineralRow",
    "Price",
    "Production",
    "Publisher",
    "RefiningShare",
    "Reserve",
    "Row",
    "Source",
    "Theme",
    "desc",
]
