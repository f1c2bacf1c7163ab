"""Hostile text for the tests: Markdown, HTML, LaTeX, shortcodes, bare links and a spreadsheet formula, in
link values and injected into a valid copy of a data package. Every outside address is in TEST-NET-3
(203.0.113.0/24, reserved for documentation), so a request to it can only come from rendering it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

OUTSIDE = "203.0.113.9"
PIECES = (
    f"![x](http://{OUTSIDE}/md.png)",
    f"<a href='http://{OUTSIDE}/a'>link</a>",
    f"<img src=http://{OUTSIDE}/i.png onerror=alert(1)>",
    "$\\frac{1}{2}$",
    ":red[alert] :material/home: :smile:",
    f"https://{OUTSIDE}/bare www.example.com x@example.com",
    "<script>alert(2)</script> **bold** %{x}",
)
PAYLOAD = " ".join(PIECES)
FORMULA = f'=HYPERLINK("http://{OUTSIDE}/f","x")'

#: (file, column, rows to change: a {column: value} filter or None for every row)
INJECTIONS: tuple[tuple[str, str, dict[str, str] | None], ...] = (
    ("manual/minerals.csv", "name", {"mineral": "lithium"}),
    ("manual/minerals.csv", "basis", {"mineral": "lithium"}),
    ("manual/themes.csv", "name", None),
    ("manual/themes.csv", "description", None),
    ("manual/initiatives.csv", "name", None),
    ("manual/initiatives.csv", "description", None),
    ("manual/events.csv", "title", None),
    ("manual/sources.csv", "title", None),
    ("manual/sources_policy.csv", "title", None),
    ("manual/sources_research.csv", "edition", None),
    ("manual/editions.csv", "title", None),
    ("manual/end_uses.csv", "end_use", None),
    ("curated/end_uses.csv", "end_use", None),
    ("manual/import_sources.csv", "product", None),
    ("curated/import_sources.csv", "period", None),
    ("manual/refining_shares.csv", "product", None),
    ("curated/production.csv", "note", None),
    ("curated/prices.csv", "series", None),
    ("manual/measures.csv", "title", None),
    ("manual/country_indicators.csv", "note", None),
)


def inject(root: Path, relative: str, column: str, where: dict[str, str] | None, text: str = PAYLOAD) -> int:
    """Append ``text`` to ``column`` of the matching rows of one CSV (quoting kept right); returns how many."""
    path = root / relative
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    changed = 0
    for row in rows:
        if where is None or all(row.get(k) == v for k, v in where.items()):
            row[column] = f"{row[column]} {text}".strip()
            changed += 1
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return changed


def hostile_package(source: Path, target: Path) -> Path:
    """A copy of the data package at ``source`` with hostile text in every kind of displayed text field. The
    corrections no longer describe the changed tables, so the copy has none; its descriptor is re-rendered
    (row counts), as after any deliberate change."""
    from dashboard import data, datapackage

    shutil.copytree(source, target)
    for relative, column, where in INJECTIONS:
        if (target / relative).exists():
            assert inject(target, relative, column, where) > 0, (relative, column)
    corrections = target / "manual" / "corrections.csv"
    if corrections.exists():
        corrections.write_text(corrections.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    if (target / "datapackage.json").exists():
        datapackage.write(data.load(target, row_counts=False))
    return target


def hostile_query() -> dict[str, str]:
    """Link values that are dropped with a note, each quoting hostile text."""
    return {"mineral": "lithium", "partner": PIECES[0], "year": PIECES[3], "stage": PIECES[4], "asof": PIECES[1],
            "zzz": PIECES[5]}
