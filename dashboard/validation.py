"""Reading the data package's CSV files and checking them: every problem becomes one
``FILE:ROW:COLUMN: what is wrong`` line, never an exception.

- Reading (:func:`read_table`): UTF-8 (a leading BOM is allowed), real CSV parsing (quoted line breaks stay
  in their cell and a row is a record, as a spreadsheet numbers it: the header is row 1), no duplicate
  or missing or unknown column, no field over 128 KiB, no control character (line breaks and tabs aside),
  a line break after the last row (a file cut inside its last row has none), every row through its
  pydantic model.
- Cross-table checks: unique keys, foreign keys, country rows against the world total, shares of a
  breakdown at most 100 % (:data:`SHARE_GROUPS`: every table with a ``share_pct`` column), the allow-list
  (``checks_allowlist.csv``: well formed, every entry needed) and the row count of every file against the
  ``rowCounts`` that ``datapackage.json`` records (a file cut at a line break, emptied to its header, or
  grown by accident).

Belongs here: what makes a file or a package wrong. Does not belong here: the typed frames (``data``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from dashboard.schema import Table

#: Country rows may differ from the source's world total by this fraction (USGS rounds world totals
#: to two or three significant figures and estimates some countries separately).
SUM_TOLERANCE = 0.05
#: Shares of one breakdown may add to at most this (rounded shares).
SHARE_SUM_MAX = 101.0
ALLOWLIST_FILE = "checks_allowlist.csv"
ALLOWLIST_COLUMNS = ("table", "group", "reason")
DATAPACKAGE_FILE = "datapackage.json"
#: Longest cell read (characters): Python's csv default, 128 KiB. No real cell comes close.
MAX_FIELD_CHARS = 128 * 1024
#: Control characters other than tab and line breaks, C1 controls, Unicode line and paragraph separators,
#: bidirectional overrides and isolates (which can make text display in another order than it reads) and
#: a byte-order mark inside the text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
#: Country rows against the world total: table -> the fields of a group.
WORLD_TOTAL_GROUPS = {
    "production": ("mineral", "stage", "measure", "year", "edition"),
    "reserves": ("mineral", "year", "edition"),
}
#: Shares that must add up to at most 100 %: table -> the fields of one breakdown. Every table with a
#: ``share_pct`` column has an entry (a test says so).
SHARE_GROUPS = {
    "refining_shares": ("mineral", "product", "year", "source_id"),
    "import_sources": ("importer_iso3", "mineral", "product", "period", "source_id"),
    "end_uses": ("mineral", "scope", "detail", "year", "source_id"),
}


@dataclass(frozen=True, order=True)
class Problem:
    """One validation problem, located in a file."""

    file: str
    row: int | str
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


def display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # other drive on Windows
        return str(path)


# -- one CSV file -----------------------------------------------------------------------------------


def _control(value: str) -> str | None:
    """A description of the first control character in ``value``, or None."""
    found = CONTROL.search(value)
    if found is None:
        return None
    char = found.group(0)
    name = unicodedata.name(char, "") or {"\x00": "NUL", "\x1b": "ESCAPE", "\x7f": "DELETE"}.get(char, "control")
    return f"U+{ord(char):04X} ({name}) at character {found.start() + 1}"


def read_csv(path: Path, problems: list[Problem], what: str = "",
             ) -> tuple[list[str], list[tuple[int, list[str]]], bool] | None:
    """(header, [(row number, cells)], ends with a line break) of one CSV file, or None after adding why it
    cannot be read. The header is row 1; blank lines are rows too (and skipped by the callers). ``what``
    is added to "file not found" (e.g. " (table events)")."""
    shown = display(path)
    if not path.exists():
        problems.append(Problem(shown, "-", "-", f"file not found{what}"))
        return None
    if not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file"
        problems.append(Problem(shown, "-", "-", f"is {what}, not a CSV file"))
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, "-", "-", f"cannot be read: {exc.strerror}"))
        return None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        problems.append(Problem(shown, "-", "-", f"not UTF-8: {exc.reason} at byte {exc.start} (line {line})"))
        return None
    if not text:
        problems.append(Problem(shown, 1, "-", "empty file: no header row"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for cells in reader:
            number += 1
            rows.append((number, cells))
    except csv.Error as exc:
        number += 1
        reason = str(exc)
        if "field larger than field limit" in reason:
            reason = f"a cell is longer than {MAX_FIELD_CHARS:,} characters (128 KiB): not this table's data"
        elif "unexpected end of data" in reason:
            reason = "the file ends inside a quoted cell: it was cut short, or a quote is not closed"
        else:
            reason = f"not valid CSV: {reason}"
        problems.append(Problem(shown, number, "-", reason))
        return None
    header = rows.pop(0)[1] if rows else []
    return header, rows, text.endswith(("\n", "\r"))


# -- one table ----------------------------------------------------------------------------------------


@dataclass
class Rows:
    table: Table
    rows: list[tuple[str, int, BaseModel, dict[str, str]]]  # (file, row, model, raw strings)
    unreadable: bool = False  # a file is missing or its header is wrong: its rows are not all here
    invalid: list[dict[str, str]] = field(default_factory=list)  # raw cells of rows that failed validation
    counts: dict[str, int] = field(default_factory=dict)  # rows per file (by path in the package)


def _check_header(header: list[str], expected: list[str], shown: str, problems: list[Problem]) -> bool:
    found = len(problems)
    for column in dict.fromkeys(h for h in header if header.count(h) > 1):
        places = [str(i) for i, h in enumerate(header, start=1) if h == column]
        problems.append(Problem(shown, 1, column, f"duplicate column name (columns {' and '.join(places)})"))
    for column in expected:
        if column not in header:
            problems.append(Problem(shown, 1, column, "required column missing from the header"))
    for column in dict.fromkeys(header):
        if column not in expected:
            problems.append(Problem(shown, 1, column or "-", "unknown column (not in the table's schema)"))
    return len(problems) == found


def _check_cells(cells: list[str], header: list[str], shown: str, number: int, problems: list[Problem]) -> bool:
    found = len(problems)
    if len(cells) != len(header):
        problems.append(Problem(shown, number, "-", f"{len(cells)} cells where the header has {len(header)}"))
        return False
    for column, value in zip(header, cells, strict=True):
        if len(value) > MAX_FIELD_CHARS:
            problems.append(Problem(shown, number, column, f"a cell is longer than {MAX_FIELD_CHARS:,} characters "
                                                           "(128 KiB): not this table's data"))
        elif (control := _control(value)) is not None:
            problems.append(Problem(shown, number, column, f"control character {control}: remove it"))
    return len(problems) == found


def locate(error: Any, raw: dict[str, str]) -> tuple[str, str]:
    """(column, message) of a pydantic error; model-level messages start with 'column: '."""
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["loc"]:
        column = str(error["loc"][0])
        got = raw.get(column, "")
        if error["type"] == "missing" or got == "":
            return column, "required value is empty"
        return column, f"{message} (got {got!r})"
    column, _, text = message.partition(": ")
    if column in raw:
        return column, text
    return "-", message


def read_table(root: Path, table: Table, problems: list[Problem], context: dict[str, Any] | None = None) -> Rows:
    """Every file of one table, row by row through the table's model."""
    out = Rows(table, [])
    expected = list(table.model.model_fields)
    for relative in table.paths:
        path = root / relative
        shown = display(path)
        read = read_csv(path, problems, f" (table {table.name})")
        if read is None:
            out.unreadable = True
            continue
        header, rows, ends_with_break = read
        if not _check_header(header, expected, shown, problems):
            out.unreadable = True
            continue
        data_rows = [(n, cells) for n, cells in rows if cells]
        out.counts[relative] = len(data_rows)
        if data_rows and not ends_with_break:  # report the cut, not what the cut broke in the row
            number, cells = data_rows.pop()
            problems.append(Problem(shown, number, "-", "no line break after the last row: the file may have been "
                                    "cut inside this row (end it with a line break if the row is whole)"))
            out.invalid.append(dict(zip(header, cells, strict=False)))
        for number, cells in data_rows:
            if not _check_cells(cells, header, shown, number, problems):
                out.invalid.append(dict(zip(header, cells, strict=False)))
                continue
            raw = dict(zip(header, cells, strict=True))
            values = {k: (v if v != "" else None) for k, v in raw.items()}
            try:
                model = table.model.model_validate(values, context=context)
            except ValidationError as exc:
                for error in exc.errors():
                    problems.append(Problem(shown, number, *locate(error, raw)))
                out.invalid.append(raw)
                continue
            out.rows.append((shown, number, model, raw))
    return out


# -- across tables ------------------------------------------------------------------------------------


def key_of(model: BaseModel, fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("" if getattr(model, f) is None else str(getattr(model, f)) for f in fields)


def check_keys(tables: dict[str, Rows], problems: list[Problem]) -> None:
    for rows in tables.values():
        seen: dict[tuple[str, ...], tuple[str, int]] = {}
        key_fields = rows.table.primary_key
        for shown, line, model, _raw in rows.rows:
            key = key_of(model, key_fields)
            if key in seen:
                first_file, first_line = seen[key]
                problems.append(Problem(shown, line, "+".join(key_fields),
                                        f"duplicate key {'/'.join(key)} (first at {first_file}:{first_line})"))
            else:
                seen[key] = (shown, line)


def check_foreign_keys(tables: dict[str, Rows], problems: list[Problem]) -> None:
    for rows in tables.values():
        for fk in rows.table.foreign_keys:
            target = tables.get(fk.table)
            if target is None or target.unreadable:
                continue  # already reported; checking against a partial table would only add noise
            valid = {key_of(m, fk.reference) for _f, _l, m, _r in target.rows}
            # a row that failed its own checks still names its key: do not report its dependants too
            valid |= {tuple(raw.get(f, "") for f in fk.reference) for raw in target.invalid}
            for shown, line, model, _raw in rows.rows:
                key = key_of(model, fk.fields)
                if all(k == "" for k in key):
                    continue  # optional reference left empty
                if key not in valid:
                    problems.append(Problem(shown, line, fk.fields[0],
                                            f"{'/'.join(key)!r} is not a {'/'.join(fk.reference)} of table {fk.table}"))


@dataclass
class AllowList:
    """Groups exempt from the sum checks: (table, group) -> (row of the allow-list, reason)."""

    shown: str
    entries: dict[tuple[str, str], int] = field(default_factory=dict)
    used: set[tuple[str, str]] = field(default_factory=set)

    def allows(self, table: str, group: str) -> bool:
        if (table, group) in self.entries:
            self.used.add((table, group))
            return True
        return False


def load_allowlist(root: Path, problems: list[Problem]) -> AllowList:
    path = root / ALLOWLIST_FILE
    allowed = AllowList(display(path))
    if not path.exists():
        return allowed
    read = read_csv(path, problems)
    if read is None:
        return allowed
    header, rows, _ = read
    if not _check_header(header, list(ALLOWLIST_COLUMNS), allowed.shown, problems):
        return allowed
    for number, cells in rows:
        if not cells or not _check_cells(cells, header, allowed.shown, number, problems):
            continue
        row = dict(zip(header, cells, strict=True))
        if not row["reason"].strip():
            problems.append(Problem(allowed.shown, number, "reason", "an allow-list entry needs a reason"))
            continue
        allowed.entries[(row["table"], row["group"])] = number
    return allowed


def _clean(tables: dict[str, Rows], name: str) -> bool:
    return name in tables and not tables[name].invalid and not tables[name].unreadable


def check_sums(tables: dict[str, Rows], root: Path, problems: list[Problem]) -> None:
    """Country rows against the world total (production, reserves); shares of a breakdown <= 100 %; every
    allow-list entry names a group that would fail without it."""
    allowed = load_allowlist(root, problems)
    groups_seen: dict[str, set[str]] = defaultdict(set)
    for name, fields in WORLD_TOTAL_GROUPS.items():
        if not _clean(tables, name):
            continue  # sums over a table with rejected rows would only repeat those problems
        groups: dict[tuple[str, ...], list[tuple[str, int, Any]]] = defaultdict(list)
        for shown, line, model, _raw in tables[name].rows:
            groups[key_of(model, fields)].append((shown, line, model))
        for key, members in groups.items():
            groups_seen[name].add("/".join(key))
            world = [m for m in members if m[2].country_iso3 == "WLD" and m[2].value is not None]
            countries = [m[2].value for m in members if m[2].country_iso3 != "WLD" and m[2].value is not None]
            if not world or not countries:
                continue  # a world-only series (e.g. capacity projections) has nothing to add up
            shown, line, total = world[0]
            group = "/".join(key)
            summed = sum(countries)
            gap = (summed - total.value) / total.value if total.value else 0.0
            if abs(gap) > SUM_TOLERANCE and not allowed.allows(name, group):
                problems.append(Problem(
                    shown, line, "value",
                    f"country rows of {group} add up to {summed:,.0f} t, {gap:+.1%} off the world total "
                    f"{total.value:,.0f} t (tolerance {SUM_TOLERANCE:.0%}; allow-list it in "
                    f"datasets/{ALLOWLIST_FILE} with a reason if the source says why)"))
    for name, fields in SHARE_GROUPS.items():
        if not _clean(tables, name):
            continue
        totals: dict[tuple[str, ...], list[tuple[str, int, float]]] = defaultdict(list)
        for shown, line, model, _raw in tables[name].rows:
            share = getattr(model, "share_pct", None)
            if share is not None:
                totals[key_of(model, fields)].append((shown, line, float(share)))
        for key, members in totals.items():
            group = "/".join(key)
            groups_seen[name].add(group)
            summed = sum(m[2] for m in members)
            if summed > SHARE_SUM_MAX and not allowed.allows(name, group):
                shown, line, _ = members[-1]
                problems.append(Problem(shown, line, "share_pct",
                                        f"shares of {group} add up to {summed:g} %, above 100 %"))
    checked = {n for n in [*WORLD_TOTAL_GROUPS, *SHARE_GROUPS] if _clean(tables, n)}
    for (table, group), number in sorted(allowed.entries.items(), key=lambda item: item[1]):
        if table not in {*WORLD_TOTAL_GROUPS, *SHARE_GROUPS}:
            problems.append(Problem(allowed.shown, number, "table", f"{table!r} has no sum check; tables with "
                                    f"one: {', '.join([*WORLD_TOTAL_GROUPS, *SHARE_GROUPS])}"))
        elif table in checked and group not in groups_seen[table]:
            problems.append(Problem(allowed.shown, number, "group", f"stale entry: {table} has no group {group!r}; "
                                    "remove it"))
        elif table in checked and (table, group) not in allowed.used:
            problems.append(Problem(allowed.shown, number, "group", f"stale entry: {table} {group} passes the check "
                                    "without it; remove it"))


# -- row counts -----------------------------------------------------------------------------------------


def recorded_counts(root: Path, problems: list[Problem]) -> dict[str, int] | None:
    """Rows per file as ``datapackage.json`` records them (``rowCounts`` of each resource); None when the
    package has no ``datapackage.json`` (then nothing is checked) or after adding why it cannot be read."""
    path = root / DATAPACKAGE_FILE
    if not path.is_file():
        return None
    shown = display(path)
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        counts: dict[str, int] = {}
        for resource in descriptor.get("resources", []):
            for relative, count in (resource.get("rowCounts") or {}).items():
                if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                    raise ValueError(f"rowCounts of {relative!r} is not a whole number")
                counts[str(relative)] = count
    except (OSError, UnicodeDecodeError, ValueError, AttributeError, TypeError) as exc:
        problems.append(Problem(shown, "-", "-", f"cannot read the row counts: {exc}"))
        return None
    return counts


def count_rows(root: Path, table: Table) -> dict[str, int]:
    """Rows (non-blank records after the header) of each file of a table, as :func:`read_table` counts
    them: what ``datapackage.json`` records."""
    counts = {}
    for relative in table.paths:
        read = read_csv(root / relative, [])
        if read is not None:
            counts[relative] = sum(1 for _, cells in read[1] if cells)
    return counts


def check_counts(root: Path, tables: Iterable[Rows], problems: list[Problem]) -> None:
    """Every file holds as many rows as ``datapackage.json`` records (a file cut at a line break, emptied to
    its header, or with rows added or removed without re-rendering the descriptor)."""
    recorded = recorded_counts(root, problems)
    if recorded is None:
        return
    for rows in tables:
        for relative, count in rows.counts.items():
            shown = display(root / relative)
            if relative not in recorded:
                problems.append(Problem(shown, "-", "-", f"{DATAPACKAGE_FILE} records no row count for this file: "
                                        "run `python -m dashboard datapackage`"))
            elif count != recorded[relative]:
                change = "rows were lost (cut short or emptied?)" if count < recorded[relative] else "rows were added"
                problems.append(Problem(shown, "-", "-", f"{count} rows where {DATAPACKAGE_FILE} records "
                                        f"{recorded[relative]}: {change}; if the change is intended, run "
                                        "`python -m dashboard datapackage`"))
