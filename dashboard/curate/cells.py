"""Reading USGS release cells: codes, bounds, exact numbers, units, country names.

USGS value codes: ``W`` withheld, ``NA`` not available, ``—`` zero or none, ``E`` net exporter,
``>50`` a lower bound, ``s`` less than half a unit. A code is kept in ``value_code`` and the value left
empty, except ``—`` (value 0) and ``>``/``<`` bounds (value = the bound, ``qualifier`` = the sign).
Nothing is rounded: values are copied digit for digit; other units are converted to metric tons with
exact decimal arithmetic (thousand metric tons x 1,000, kilograms / 1,000).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dashboard.countries import UnknownCountry, to_iso3

#: Metric tons per unit, for the units the releases use for quantities (case-insensitive).
TONNES_PER_UNIT = {"metric tons": Decimal(1), "thousand metric tons": Decimal(1000), "kilograms": Decimal("0.001")}


class CurateError(ValueError):
    """A release file does not look as expected; the message names file, row and column."""


@dataclass(frozen=True)
class Parsed:
    """A USGS cell: the number (as exact text, or '' when there is none), its code and qualifier."""

    value: str
    code: str = ""
    qualifier: str = ""


_CODES = {"W", "NA", "E", "XX", "s", "Small"}
_DASHES = {"—", "–", "-", "--"}


def parse_value(raw: str, *, scale: Decimal | int = 1) -> Parsed:
    """Parse a USGS value cell.

    >>> parse_value("1,700,000")
    Parsed(value='1700000', code='', qualifier='')
    >>> parse_value(">9,100,000")
    Parsed(value='9100000', code='', qualifier='>')
    >>> parse_value("W"), parse_value("—")
    (Parsed(value='', code='W', qualifier=''), Parsed(value='0', code='—', qualifier=''))
    >>> parse_value("483.1", scale=1000).value
    '483100'
    >>> parse_value("325,000", scale=Decimal("0.001")).value
    '325'
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


def read(path: Path, encoding: str) -> list[dict[str, str]]:
    if not path.exists():
        raise CurateError(f"{path}: file not found (is --usgs-dir the folder of the USGS release files?)")
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def need(path: Path, row: dict[str, str], line: int, columns: Iterable[str]) -> None:
    for column in columns:
        if column not in row:
            raise CurateError(f"{path.name}:{line}:{column}: column missing from the release file")


def iso3(path: Path, line: int, column: str, name: str) -> str:
    try:
        return to_iso3(name)
    except UnknownCountry as exc:
        raise CurateError(f"{path.name}:{line}:{column}: {exc}; add it to countries.ALIASES") from None


def value(path: Path, line: int, column: str, raw: str, scale: Decimal | int = 1) -> Parsed:
    try:
        return parse_value(raw, scale=scale)
    except ValueError as exc:
        raise CurateError(f"{path.name}:{line}:{column}: {exc}") from None


def status_from_note(note: str, default: str = "reported") -> str:
    lowered = note.lower()
    if "outlook" in lowered or "projected" in lowered:
        return "projected"
    if "estimated" in lowered:
        return "estimated"
    return default


def clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def tonnes_per_unit(path: Path, line: int, column: str, unit: str) -> Decimal:
    """The factor that turns a quantity in ``unit`` into metric tons, or CurateError for another unit."""
    factor = TONNES_PER_UNIT.get(clean(unit).lower())
    if factor is None:
        raise CurateError(f"{path.name}:{line}:{column}: unexpected unit {unit!r} "
                          f"(known: {', '.join(TONNES_PER_UNIT)})")
    return factor


def conversion_note(factor: Decimal, unit: str) -> list[str]:
    """What a unit conversion says in a row's note (nothing for metric tons)."""
    return [] if factor == 1 else [f"converted from {clean(unit).lower()}"]

