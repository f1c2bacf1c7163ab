"""The only reader of ``datasets/``: load every table, validate it whole, return typed frames.

Belongs here: reading the CSV files listed in the table registry, row validation through the pydantic
models, cross-table checks (unique keys, foreign keys, sums against world totals) and conversion to
pandas. Nothing is half-loaded: any problem raises :class:`DatasetError` carrying one
``FILE:ROW:COLUMN: what is wrong`` line per problem, and no frame is returned.
Does not belong here: metrics, charts, Streamlit.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import threading
import types
import typing
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import pandas as pd
from pydantic import BaseModel, ValidationError

from dashboard import checks
from dashboard import vocabulary as vocab
from dashboard.models import EditionRow, MineralRow, Theme
from dashboard.schema import TABLES, VOCABULARY_TABLES, Table

T = TypeVar("T")

#: Default location of the data package (the repository's ``datasets/``); ``DASHBOARD_DATASETS``
#: overrides it.
DATASETS_DIR = Path(__file__).resolve().parent.parent / "datasets"

#: Country rows may differ from the source's world total by this fraction (USGS rounds world totals
#: to two or three significant figures and estimates some countries separately).
SUM_TOLERANCE = 0.05
#: Shares of one breakdown (refining, import sources) may add to at most this (rounded shares).
SHARE_SUM_MAX = 101.0

ALLOWLIST_FILE = "checks_allowlist.csv"


@dataclass(frozen=True, order=True)
class Problem:
    """One validation problem, located in a file."""

    file: str
    row: int | str
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


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


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # other drive on Windows
        return str(path)


# -- reading and row validation ---------------------------------------------------------------------


@dataclass
class _Rows:
    table: Table
    rows: list[tuple[str, int, BaseModel, dict[str, str]]]  # (file, line, model, raw strings)
    unreadable: bool = False  # a file is missing or its header is wrong: its rows are not all here
    invalid: list[dict[str, str]] = field(default_factory=list)  # raw cells of rows that failed validation


def _field_names(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _read_table(root: Path, table: Table, problems: list[Problem],
                context: dict[str, Any] | None = None) -> _Rows:
    out = _Rows(table, [])
    expected = _field_names(table.model)
    for relative in table.paths:
        path = root / relative
        shown = _display(path)
        if not path.exists():
            problems.append(Problem(shown, "-", "-", f"file not found (table {table.name})"))
            out.unreadable = True
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(shown, "-", "-", f"not UTF-8: {exc.reason} at byte {exc.start}"))
            out.unreadable = True
            continue
        reader = csv.reader(text.splitlines())
        header = next(reader, None)
        if header is None:
            problems.append(Problem(shown, 1, "-", "empty file: no header row"))
            out.unreadable = True
            continue
        header = [h.lstrip("\ufeff") for h in header]
        missing = [c for c in expected if c not in header]
        unknown = [c for c in header if c not in expected]
        for column in missing:
            problems.append(Problem(shown, 1, column, "required column missing from the header"))
        for column in unknown:
            problems.append(Problem(shown, 1, column, "unknown column (not in the table's schema)"))
        if missing or unknown:
            out.unreadable = True
            continue
        for line, cells in enumerate(reader, start=2):
            if not cells:
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(shown, line, "-", f"{len(cells)} cells where the header has {len(header)}")
                )
                continue
            raw = dict(zip(header, cells, strict=True))
            data = {k: (v if v != "" else None) for k, v in raw.items()}
            try:
                model = table.model.model_validate(data, context=context)
            except ValidationError as exc:
                for error in exc.errors():
                    problems.append(Problem(shown, line, *_locate(error, raw)))
                out.invalid.append(raw)
                continue
            out.rows.append((shown, line, model, raw))
    return out


def _locate(error: Any, raw: dict[str, str]) -> tuple[str, str]:
    """(column, message) of a pydantic error; model-level messages start with 'column: '."""
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["loc"]:
        column = str(error["loc"][0])
        got = raw.get(column, "")
        if error["type"] == "missing" or got == "":
            return column, "required value is empty"
        return column, f"{message} (got {got!r})"
    message = message.removeprefix("Value error, ")
    column, _, text = message.partition(": ")
    if column in raw:
        return column, text
    return "-", message


# -- cross-table checks -----------------------------------------------------------------------------


def _key(model: BaseModel, fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("" if getattr(model, f) is None else str(getattr(model, f)) for f in fields)


def _check_keys(tables: dict[str, _Rows], problems: list[Problem]) -> None:
    for rows in tables.values():
        seen: dict[tuple[str, ...], tuple[str, int]] = {}
        key_fields = rows.table.primary_key
        for shown, line, model, _raw in rows.rows:
            key = _key(model, key_fields)
            if key in seen:
                first_file, first_line = seen[key]
                problems.append(
                    Problem(
                        shown, line, "+".join(key_fields),
                        f"duplicate key {'/'.join(key)} (first at {first_file}:{first_line})",
                    )
                )
            else:
                seen[key] = (shown, line)


def _check_foreign_keys(tables: dict[str, _Rows], problems: list[Problem]) -> None:
    for rows in tables.values():
        for fk in rows.table.foreign_keys:
            target = tables.get(fk.table)
            if target is None or target.unreadable:
                continue  # already reported; checking against a partial table would only add noise
            valid = {_key(m, fk.reference) for _f, _l, m, _r in target.rows}
            # a row that failed its own checks still names its key: do not report its dependants too
            valid |= {tuple(raw.get(f, "") for f in fk.reference) for raw in target.invalid}
            for shown, line, model, _raw in rows.rows:
                key = _key(model, fk.fields)
                if all(k == "" for k in key):
                    continue  # optional reference left empty
                if key not in valid:
                    problems.append(
                        Problem(
                            shown, line, fk.fields[0],
                            f"{'/'.join(key)!r} is not a {'/'.join(fk.reference)} of table {fk.table}",
                        )
                    )


def _load_allowlist(root: Path, problems: list[Problem]) -> dict[tuple[str, str], str]:
    """Groups exempt from the sum checks: (table, group) -> reason."""
    path = root / ALLOWLIST_FILE
    if not path.exists():
        return {}
    allowed: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if not (row.get("reason") or "").strip():
                problems.append(Problem(_display(path), line, "reason", "an allow-list entry needs a reason"))
                continue
            allowed[(row["table"], row["group"])] = row["reason"]
    return allowed


def _check_sums(tables: dict[str, _Rows], root: Path, problems: list[Problem]) -> None:
    """Country rows against the world total (production, reserves); shares of a breakdown <= 100 %."""
    allowed = _load_allowlist(root, problems)
    grouping = {
        "production": ("mineral", "stage", "measure", "year", "edition"),
        "reserves": ("mineral", "year", "edition"),
    }
    for name, fields in grouping.items():
        if name not in tables or tables[name].invalid or tables[name].unreadable:
            continue  # sums over a table with rejected rows would only repeat those problems
        groups: dict[tuple[str, ...], list[tuple[str, int, Any]]] = defaultdict(list)
        for shown, line, model, _raw in tables[name].rows:
            groups[_key(model, fields)].append((shown, line, model))
        for key, members in groups.items():
            world = [m for m in members if m[2].country_iso3 == "WLD" and m[2].value is not None]
            countries = [m[2].value for m in members if m[2].country_iso3 != "WLD" and m[2].value is not None]
            if not world or not countries:
                continue  # a world-only series (e.g. capacity projections) has nothing to add up
            shown, line, total = world[0]
            group = "/".join(key)
            if (name, group) in allowed:
                continue
            summed = sum(countries)
            gap = (summed - total.value) / total.value if total.value else 0.0
            if abs(gap) > SUM_TOLERANCE:
                problems.append(
                    Problem(
                        shown, line, "value",
                        f"country rows of {group} add up to {summed:,.0f} t, {gap:+.1%} off the world total "
                        f"{total.value:,.0f} t (tolerance {SUM_TOLERANCE:.0%}; allow-list it in "
                        f"datasets/{ALLOWLIST_FILE} with a reason if the source says why)",
                    )
                )
    shares = {
        "refining_shares": ("mineral", "product", "year", "source_id"),
        "import_sources": ("importer_iso3", "mineral", "product", "period", "source_id"),
    }
    for name, fields in shares.items():
        if name not in tables or tables[name].invalid or tables[name].unreadable:
            continue
        totals: dict[tuple[str, ...], list[tuple[str, int, float]]] = defaultdict(list)
        for shown, line, model, _raw in tables[name].rows:
            share = getattr(model, "share_pct", None)
            if share is not None:
                totals[_key(model, fields)].append((shown, line, float(share)))
        for key, members in totals.items():
            summed = sum(m[2] for m in members)
            group = "/".join(key)
            if summed > SHARE_SUM_MAX and (name, group) not in allowed:
                shown, line, _ = members[-1]
                problems.append(
                    Problem(shown, line, "share_pct", f"shares of {group} add up to {summed:g} %, above 100 %")
                )


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


def _frame(rows: _Rows) -> pd.DataFrame:
    model = rows.table.model
    columns = _field_names(model)
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
        return _display(root / by_name[name].paths[0]) if len(by_name[name].paths) == 1 else f"table {name}"

    found = checks.corrections(frames, {t.name: t.primary_key for t in TABLES}, shown("corrections"))
    found += checks.source_locations(frames["sources"], frames["publishers"], shown("sources"))
    found += checks.measure_steps(frames["events"], frames["measures"], shown("events"))
    return [Problem(*item) for item in found]


def _vocabulary(tables: dict[str, _Rows]) -> vocab.Vocabulary | None:
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


def validate(path: str | os.PathLike[str] | None = None) -> tuple[Datasets | None, list[Problem]]:
    """Read and check every table; return (datasets, []) or (None, problems).

    The vocabulary tables (minerals, themes, editions) are read first; every other table's minerals,
    themes and editions are checked against them."""
    root = datasets_dir(path)
    problems: list[Problem] = []
    if not root.is_dir():
        return None, [Problem(_display(root), "-", "-", "datasets folder not found")]
    by_name = {table.name: table for table in TABLES}
    tables = {name: _read_table(root, by_name[name], problems) for name in VOCABULARY_TABLES}
    vocabulary = _vocabulary(tables)
    context = {"vocabulary": vocabulary} if vocabulary is not None else None
    for table in TABLES:
        if table.name not in tables:
            tables[table.name] = _read_table(root, table, problems, context)
    tables = {table.name: tables[table.name] for table in TABLES}
    _check_keys(tables, problems)
    _check_foreign_keys(tables, problems)
    _check_sums(tables, root, problems)
    if problems or vocabulary is None:
        return None, problems
    frames = {name: _frame(rows) for name, rows in tables.items()}
    problems += _provenance(frames, root)
    if problems:
        return None, problems
    row_count = sum(len(r.rows) for r in tables.values())
    return Datasets(root, vocabulary, row_count, **frames), []  # type: ignore[arg-type]


def load(path: str | os.PathLike[str] | None = None) -> Datasets:
    """Load and validate the whole data package, or raise :class:`DatasetError` listing every problem.

    This is the one loader the app, the command line and the notebooks use.
    """
    datasets, problems = validate(path)
    if datasets is None:
        raise DatasetError(problems)
    return datasets
