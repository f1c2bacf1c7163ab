"""Shared vocabulary and small helpers of the metrics package (no I/O, no Streamlit).

What belongs here: the controlled vocabularies the metrics rely on (minerals, stages, pseudo-codes,
edition order), edition picking, and the conversion of results to JSON-ready values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Protocol

import pandas as pd

MINERALS = ("lithium", "cobalt", "nickel", "rare_earths")
STAGES = ("mine", "refinery", "reserves")
SUPPLY_STAGES = ("mine", "refinery")

WORLD = "WLD"
"""Pseudo-code of the source's own world total (not the sum of the listed countries)."""
REMAINDER = "OTH"
"""Pseudo-code of the source's "Other countries" remainder: several countries, never one supplier."""
PSEUDO_CODES = frozenset({WORLD, REMAINDER})

EDITION_ORDER = ("MCS2026", "MCS2025", "WMO2025")
"""Editions from newest to oldest vintage; with no explicit edition a metric takes the first one that has
rows for the year asked (MCS 2026 revised several 2024 figures of MCS 2025; the World Minerals Outlook
2025 is older than both)."""

VALUE_CODE_REASONS = {
    "W": "withheld by the source to avoid disclosing company proprietary data (W)",
    "NA": "not available in the source (NA)",
}


class Tables(Protocol):
    """Any object with one DataFrame attribute per curated table (what `dashboard.data.load()` returns).

    Functions read only the attributes they need, so a `types.SimpleNamespace` of a few frames will do.
    """

    production: pd.DataFrame
    reserves: pd.DataFrame
    refining_shares: pd.DataFrame
    import_reliance: pd.DataFrame
    import_sources: pd.DataFrame
    initiatives: pd.DataFrame
    initiative_members: pd.DataFrame
    events: pd.DataFrame
    export_controls: pd.DataFrame
    end_uses: pd.DataFrame


def edition_rank(edition: object) -> tuple[int, str]:
    """Sort key: newer editions sort first. Known editions follow `EDITION_ORDER`; unknown ones come after,
    newest-looking (lexically largest) first.

    >>> sorted(["WMO2025", "MCS2026", "MCS2025"], key=edition_rank)
    ['MCS2026', 'MCS2025', 'WMO2025']
    """
    text = "" if _is_missing(edition) else str(edition)
    if text in EDITION_ORDER:
        return (EDITION_ORDER.index(text), "")
    # Unknown editions: after the known ones; invert characters so that larger strings sort first.
    return (len(EDITION_ORDER), "".join(chr(0x10FFFF - ord(c)) for c in text))


def latest_edition(editions: Iterable[object]) -> str | None:
    """The newest of the given editions (see `EDITION_ORDER`), or None when there are none.

    >>> latest_edition(["MCS2025", "WMO2025", "MCS2026"])
    'MCS2026'
    >>> latest_edition([]) is None
    True
    """
    present = sorted({e for e in editions if not _is_missing(e)}, key=edition_rank)
    return str(present[0]) if present else None


EMPTY_TEXT = frozenset({"", "nan", "None", "NaT", "<NA>"})


def text_column(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column with empty cells as ''.

    An empty cell may arrive as '', None, NaN or the text 'nan' (a missing value passed through str());
    all of them mean "no value" here.
    """
    if column not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    text = frame[column].astype(object).map(lambda v: "" if _is_missing(v) else str(v).strip())
    return text.map(lambda v: "" if v in EMPTY_TEXT else v).astype(object)


def split_multi(cell: object) -> list[str]:
    """Split a `;`-separated multi-valued cell.

    >>> split_multi("CHN;USA")
    ['CHN', 'USA']
    >>> split_multi(float("nan"))
    []
    """
    if _is_missing(cell) or str(cell).strip() in EMPTY_TEXT:
        return []
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def unique_source_ids(frame: pd.DataFrame) -> tuple[str, ...]:
    """Sorted distinct `source_id`s of the rows behind a figure."""
    if "source_id" not in frame.columns:
        return ()
    return tuple(sorted({str(s) for s in frame["source_id"] if not _is_missing(s) and str(s)}))


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def is_number(value: object) -> bool:
    """True for a finite number (NaN, None and text are "no data")."""
    if isinstance(value, bool) or value is None:
        return False
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def jsonable(value: Any) -> Any:
    """Convert a result (dataclass dict, DataFrame, numpy scalar, NaN) to JSON-ready Python values.

    NaN becomes None: "no data" is never written as 0.

    >>> jsonable({"a": float("nan"), "b": (1, 2.5)})
    {'a': None, 'b': [1, 2.5]}
    """
    if isinstance(value, pd.DataFrame):
        return [jsonable(r) for r in value.to_dict(orient="records")]
    if isinstance(value, pd.Series):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return [jsonable(v) for v in items]
    if hasattr(value, "to_dict") and not isinstance(value, type):
        return jsonable(value.to_dict())
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date().isoformat()
    if _is_missing(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
