"""The only reader of ``datasets/``: load every table, validate it whole, return typed frames.

Belongs here: reading the CSV files listed in the table registry and checking them (through ``validation``:
row validation with the pydantic models, unique and foreign keys, sums, row counts) and conversion to
pandas. Nothing is half-loaded: any problem raises :class:`DatasetError` carrying one
``FILE:ROW:COLUMN: what is wrong`` line per problem, and no frame is returned.
Does not belong here: metrics, charts, Streamlit.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import types
import typing
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import pandas as pd

from dashboard import checks, validation
from dashboard import vocabulary as vocab
from dashboard.models import EditionRow, MineralRow, Theme
from dashboard.schema import TABLES, VOCABULARY_TABLES
from dashboard.validation import ALLOWLIST_FILE, SHARE_SUM_MAX, SUM_TOLERANCE, Problem, Rows

T = TypeVar("T")

#: Default location of the data package (the repository's ``datasets/``); ``DASHBOARD_DATASETS``
#: overrides it.
DATASETS_DIR = Path(__file__).resolve().parent.parent / "datasets"

__all__ = ["ALLOWLIST_FILE", "SHARE_SUM_MAX", "SUM_TOLERANCE", "DatasetError", "Datasets", "Memo", "Problem",
           "load", "validate"]


class DatasetError(Exception):
    """The data package did not validate; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Memo:
    """Results computed once per process from one data package (charts, metrics), shared by every
    session. Thread-safe; a value is computed outside the lock, so two sessions asking at once may both
    compute it, and the first one stored wins (results are pure, so they are equal)."""

    LIMIT = 5000

    def __init__(self) -> None:
        self._values: dict[Hashable, object] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                return cast(T, self._values[key])
        value = compute()
        with self._lock:
            if len(self._values) >= self.LIMIT:
                self._values.clear()
            return cast(T, self._values.setdefault(key, value))


@dataclass(frozen=True, eq=False)
class Datasets:
    """Every table as a pandas DataFrame, one typed attribute per table of ``schema.TABLES``, plus the
    vocabulary built from the ``minerals``, ``themes`` and ``editions`` tables and where it came from.
    Compared and hashed by identity: one loaded package is one object, shared read-only."""

    root: Path
    vocabulary: vocab.Vocabulary
    row_count: int
    sources: pd.DataFrame
    minerals: pd.DataFrame
    themes: pd.DataFrame
    editions: pd.DataFrame
    production: pd.DataFrame
    reserves: pd.DataFrame
    refining_shares: pd.DataFrame
    end_uses: pd.DataFrame
    import_reliance: pd.DataFrame
    import_sources: pd.DataFrame
    prices: pd.DataFrame
    export_controls: pd.DataFrame
    initiatives: pd.DataFrame
    initiative_members: pd.DataFrame
    initiative_minerals: pd.DataFrame
    initiative_themes: pd.DataFrame
    measures: pd.DataFrame
    events: pd.DataFrame
    country_indicators: pd.DataFrame
    publishers: pd.DataFrame
    corrections: pd.DataFrame
    memo: Memo = field(default_factory=Memo, repr=False)

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in the registry's order."""
        return {table.name: self[table.name] for table in TABLES}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in TABLE_NAMES:
            raise KeyError(name)
        frame = getattr(self, name)
        assert isinstance(frame, pd.DataFrame)
        return frame

    def summary(self) -> str:
        return f"{len(TABLES)} tables, {self.row_count} rows valid in {self.root}"


TABLE_NAMES = frozenset(table.name for table in TABLES)


def datasets_dir(path: str | os.PathLike[str] | None = None) -> Path:
    if path is not None:
        return Path(path)
    return Path(os.environ.get("DASHBOARD_DATASETS", DATASETS_DIR))


# -- conversion to pandas ---------------------------------------------------------------------------


def _dtype(annotation: Any) -> str:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    base = annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and args:
        base = args[0]
    while typing.get_origin(base) is typing.Annotated:
        base = typing.get_args(base)[0]
    if base is int:
        return "Int64"
    if base is float:
        return "float64"
    if base is bool:
        return "boolean"
    if base is dt.date:
        return "datetime64[ns]"
    return "str"


def _text(value: Any) -> str:
    """Text cell: empty string for no value (never the text 'nan' or 'None')."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _frame(rows: Rows) -> pd.DataFrame:
    model = rows.table.model
    columns = list(model.model_fields)
    records = [{c: getattr(m, c) for c in columns} for _f, _l, m, _r in rows.rows]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in columns:
        kind = _dtype(model.model_fields[column].annotation)
        if kind == "str":
            frame[column] = pd.Series([_text(v) for v in frame[column]], index=frame.index, dtype=object)
        elif kind == "datetime64[ns]":
            frame[column] = pd.to_datetime(frame[column])
        else:
            frame[column] = frame[column].astype(kind)  # type: ignore[call-overload]
    return frame


def _provenance(frames: dict[str, pd.DataFrame], root: Path) -> list[Problem]:
    """Cross-table provenance checks (``checks``): corrections held, primary urls on their publisher's
    domain, events consistent with the measures they are steps of."""
    by_name = {table.name: table for table in TABLES}

    def shown(name: str) -> str:
        return validation.display(root / by_name[name].paths[0]) if len(by_name[name].paths) == 1 else f"table {name}"

    found = checks.corrections(frames, {t.name: t.primary_key for t in TABLES}, shown("corrections"))
    found += checks.source_locations(frames["sources"], frames["publishers"], shown("sources"))
    found += checks.measure_steps(frames["events"], frames["measures"], shown("events"))
    return [Problem(*item) for item in found]


def _vocabulary(tables: dict[str, Rows]) -> vocab.Vocabulary | None:
    """The vocabulary of a package whose vocabulary tables read cleanly, else None (no checks against it)."""
    if any(tables[name].unreadable or tables[name].invalid for name in VOCABULARY_TABLES):
        return None
    minerals = [m for _f, _l, m, _r in tables["minerals"].rows if isinstance(m, MineralRow)]
    themes = [t for _f, _l, t, _r in tables["themes"].rows if isinstance(t, Theme)]
    editions = [e for _f, _l, e, _r in tables["editions"].rows if isinstance(e, EditionRow)]
    return vocab.Vocabulary(
        tuple(vocab.Mineral(m.mineral, m.name, m.basis, m.default,
                            tuple(a.strip() for a in (m.aliases or "").split(";") if a.strip()))
              for m in minerals),
        tuple(vocab.Theme(t.theme_id, t.name, t.description, t.source_id) for t in themes),
        tuple(vocab.Edition(e.edition, e.title, e.published, e.source_id) for e in editions),
    )


def validate(path: str | os.PathLike[str] | None = None, *,
             row_counts: bool = True) -> tuple[Datasets | None, list[Problem]]:
    """Read and check every table (see ``validation``); return (datasets, []) or (None, problems).

    The vocabulary tables (minerals, themes, editions) are read first; every other table's minerals,
    themes and editions are checked against them. ``row_counts=False`` skips the comparison with the row
    counts ``datapackage.json`` records (for the commands that re-render it after a deliberate change)."""
    root = datasets_dir(path)
    problems: list[Problem] = []
    if not root.is_dir():
        return None, [Problem(validation.display(root), "-", "-", "datasets folder not found")]
    by_name = {table.name: table for table in TABLES}
    tables = {name: validation.read_table(root, by_name[name], problems) for name in VOCABULARY_TABLES}
    vocabulary = _vocabulary(tables)
    context = {"vocabulary": vocabulary} if vocabulary is not None else None
    for table in TABLES:
        if table.name not in tables:
            tables[table.name] = validation.read_table(root, table, problems, context)
    tables = {table.name: tables[table.name] for table in TABLES}
    validation.check_keys(tables, problems)
    validation.check_foreign_keys(tables, problems)
    validation.check_sums(tables, root, problems)
    if row_counts:
        validation.check_counts(root, tables.values(), problems)
    if problems or vocabulary is None:
        return None, problems
    frames = {name: _frame(rows) for name, rows in tables.items()}
    problems += _provenance(frames, root)
    if problems:
        return None, problems
    row_count = sum(len(r.rows) for r in tables.values())
    return Datasets(root, vocabulary, row_count, **frames), []  # type: ignore[arg-type]


def load(path: str | os.PathLike[str] | None = None, *, row_counts: bool = True) -> Datasets:
    """Load and validate the whole data package, or raise :class:`DatasetError` listing every problem.

    This is the one loader the app, the command line and the notebooks use.
    """
    datasets, problems = validate(path, row_counts=row_counts)
    if datasets is None:
        raise DatasetError(problems)
    return datasets
