"""Shared vocabulary and small helpers of the metrics package (no I/O, no Streamlit).

What belongs here: the pseudo-codes the arithmetic relies on, edition picking (through the data
package's vocabulary, see ``dashboard.vocabulary``), and the conversion of results to JSON-ready values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Protocol, TypeGuard

import pandas as pd

from dashboard.vocabulary import Vocabulary

WORLD = "WLD"
"""Pseudo-code of the source's own world total (not the sum of the listed countries)."""
REMAINDER = "OTH"
"""Pseudo-code of the source's "Other countries" remainder: several countries, never one supplier."""
NOT_SUPPLIERS = frozenset({WORLD, REMAINDER})
"""Codes that are never one supplier (the world total and the remainder); see ``countries.PSEUDO_CODES``."""

VALUE_CODE_REASONS = {
    "W": "withheld by the source to avoid disclosing company proprietary data (W)",
    "NA": "not available in the source (NA)",
    "s": "less than half a unit (s)",
    "Small": "a small amount, not quantified by the source (Small)",
}


class Tables(Protocol):
    """What the metrics read: one DataFrame attribute per curated table and the vocabulary (what
    `dashboard.data.load()` returns). Functions read only the attributes they need."""

    @property
    def vocabulary(self) -> Vocabulary: ...
    @property
    def production(self) -> pd.DataFrame: ...
    @property
    def reserves(self) -> pd.DataFrame: ...
    @property
    def refining_shares(self) -> pd.DataFrame: ...
    @property
    def import_reliance(self) -> pd.DataFrame: ...
    @property
    def import_sources(self) -> pd.DataFrame: ...
    @property
    def initiatives(self) -> pd.DataFrame: ...
    @property
    def initiative_members(self) -> pd.DataFrame: ...
    @property
    def events(self) -> pd.DataFrame: ...
    @property
    def export_controls(self) -> pd.DataFrame: ...
    @property
    def end_uses(self) -> pd.DataFrame: ...
    @property
    def measures(self) -> pd.DataFrame: ...
    @property
    def initiative_minerals(self) -> pd.DataFrame: ...
    @property
    def prices(self) -> pd.DataFrame: ...


def check_choice(value: str, choices: Iterable[str], what: str) -> None:
    """Raise ValueError naming the valid choices when ``value`` is not one of them."""
    valid = tuple(choices)
    if value not in valid:
        raise ValueError(f"unknown {what} {value!r}; valid: {', '.join(valid)}")


def latest_edition(tables: Tables, editions: Iterable[object]) -> str | None:
    """The newest of the given editions by publication date (see ``Vocabulary.edition_rank``)."""
    return tables.vocabulary.latest_edition(e for e in editions if not _is_missing(e))


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
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def is_number(value: object) -> TypeGuard[float]:
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
