"""Faulty data packages, one mutation each, with the exact report expected: the cases of
``test_faults.py`` (and of the before/after count in the benchmark notes). Each mutation is applied to a
copy of the fixture package that has a ``datapackage.json`` with row counts; an expectation of ``[]``
means the package must load (the mutation is harmless and must stay harmless)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Mutation = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    case_id: str
    mutate: Mutation
    expected: tuple[str, ...]


def edit(relative: str, old: str, new: str, count: int = 1) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return mutate


def append(relative: str, text: str) -> Mutation:
    def mutate(root: Path) -> None:
        with (root / relative).open("a", encoding="utf-8", newline="") as handle:
            handle.write(text)
    return mutate


def write_bytes(relative: str, blob: bytes) -> Mutation:
    def mutate(root: Path) -> None:
        (root / relative).write_bytes(blob)
    return mutate


def cut(relative: str, keep: Callable[[bytes], int]) -> Mutation:
    """Keep the first ``keep(content)`` bytes of a file."""
    def mutate(root: Path) -> None:
        path = root / relative
        blob = path.read_bytes()
        path.write_bytes(blob[:keep(blob)])
    return mutate


def header_only(relative: str) -> Mutation:
    return cut(relative, lambda blob: blob.index(b"\n") + 1)


def into_folder(relative: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / relative
        path.unlink()
        path.mkdir()
    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(root: Path) -> None:
        for mutation in mutations:
            mutation(root)
    return mutate


PROD = "curated/production.csv"
ALLOW = "checks_allowlist.csv"
EVENTS = "manual/events.csv"
NOT_ISO = "is not an ISO 3166-1 alpha-3 code (upper case) nor one of WLD, OTH, EUU"
FINITE = "Input should be a finite number"
NOT_DATE = "not a date written YYYY-MM-DD"
ROWS = "if the change is intended, run `python -m dashboard datapackage`"

CASES: tuple[Case, ...] = (
    # country codes: upper case only (pycountry's lookup ignores case)
    Case("lower_case_iso_code", edit(PROD, "IDN,2025", "idn,2025"),
         (f"{PROD}:3:country_iso3: 'idn' {NOT_ISO} (got 'idn')",)),
    Case("mixed_case_iso_code", edit(PROD, "IDN,2025", "Idn,2025"),
         (f"{PROD}:3:country_iso3: 'Idn' {NOT_ISO} (got 'Idn')",)),
    Case("lower_case_code_in_a_list", edit(EVENTS, "IND;USA", "ind;USA"),
         (f"{EVENTS}:3:countries: 'ind' {NOT_ISO} (got 'ind;USA')",)),
    Case("lower_case_pseudo_code", edit(PROD, "OTH,2025", "oth,2025"),
         (f"{PROD}:4:country_iso3: 'oth' {NOT_ISO} (got 'oth')",)),
    Case("code_with_a_space", edit(PROD, "IDN,2025", " IDN,2025"),
         (f"{PROD}:3:country_iso3: ' IDN' {NOT_ISO} (got ' IDN')",)),
    Case("two_letter_code", edit(PROD, "IDN,2025", "ID,2025"),
         (f"{PROD}:3:country_iso3: 'ID' {NOT_ISO} (got 'ID')",)),
    # numbers: finite, written as numbers
    Case("inf_tonnage", edit(PROD, "IDN,2025,44000", "IDN,2025,inf"),
         (f"{PROD}:3:value: {FINITE} (got 'inf')",)),
    Case("1e400_tonnage", edit(PROD, "IDN,2025,44000", "IDN,2025,1e400"),
         (f"{PROD}:3:value: {FINITE} (got '1e400')",)),
    Case("nan_tonnage", edit(PROD, "IDN,2025,44000", "IDN,2025,nan"),
         (f"{PROD}:3:value: {FINITE} (got 'nan')",)),
    Case("infinity_reserves", edit("curated/reserves.csv", "COD,2025,6000000", "COD,2025,Infinity"),
         (f"curated/reserves.csv:2:value: {FINITE} (got 'Infinity')",)),
    Case("nan_share", edit("manual/refining_shares.csv", "CHN,2024,80", "CHN,2024,NaN"),
         (f"manual/refining_shares.csv:2:share_pct: {FINITE} (got 'NaN')",)),
    Case("inf_import_reliance", edit("curated/import_reliance.csv", "2025,79", "2025,-inf"),
         (f"curated/import_reliance.csv:3:value_pct: {FINITE} (got '-inf')",)),
    Case("thousands_separator", edit(PROD, "IDN,2025,44000", 'IDN,2025,"44,000"'),
         (f"{PROD}:3:value: Input should be a valid number, unable to parse string as a number (got '44,000')",)),
    Case("fractional_year", edit(PROD, "IDN,2025", "IDN,2025.5"),
         (f"{PROD}:3:year: Input should be a valid integer, unable to parse string as an integer (got '2025.5')",)),
    # dates: ISO only
    Case("date_zero", edit(EVENTS, "2025-02-22,day", "0,day"), (f"{EVENTS}:2:date: {NOT_DATE} (got '0')",)),
    Case("date_as_a_number", edit(EVENTS, "2025-02-22,day", "20250222,day"),
         (f"{EVENTS}:2:date: {NOT_DATE} (got '20250222')",)),
    Case("date_unpadded", edit(EVENTS, "2025-02-22,day", "2025-2-22,day"),
         (f"{EVENTS}:2:date: {NOT_DATE} (got '2025-2-22')",)),
    Case("date_day_first", edit(EVENTS, "2025-02-22,day", "22/02/2025,day"),
         (f"{EVENTS}:2:date: {NOT_DATE} (got '22/02/2025')",)),
    Case("date_with_a_time", edit(EVENTS, "2025-02-22,day", "2025-02-22T00:00:00,day"),
         (f"{EVENTS}:2:date: {NOT_DATE} (got '2025-02-22T00:00:00')",)),
    Case("date_that_does_not_exist", edit(EVENTS, "2025-02-22,day", "2025-02-30,day"),
         (f"{EVENTS}:2:date: Input should be a valid date or datetime, day value is outside expected range "
          "(got '2025-02-30')",)),
    Case("boolean_yes", edit("manual/minerals.csv", "cobalt,Cobalt,true", "cobalt,Cobalt,yes"),
         ("manual/minerals.csv:2:default: not true or false (got 'yes')",)),
    # CSV structure
    Case("quoted_line_break_kept_and_rows_still_counted_right",
         both(edit(EVENTS, ",Test,news_test,false,cod", ',"Test\nsecond line",news_test,false,cod'),
              edit(EVENTS, "IND;USA", "IND;XXX")),
         (f"{EVENTS}:3:countries: 'XXX' {NOT_ISO} (got 'IND;XXX')",)),
    Case("duplicate_column_name", edit(PROD, "source_country,note", "source_country,value"),
         (f"{PROD}:1:value: duplicate column name (columns 6 and 14)",
          f"{PROD}:1:note: required column missing from the header")),
    Case("extra_cell", edit(PROD, "Indonesia,", "Indonesia,,"),
         (f"{PROD}:3:-: 15 cells where the header has 14",)),
    Case("missing_cell", edit(PROD, "Indonesia,", "Indonesia"),
         (f"{PROD}:3:-: 13 cells where the header has 14",)),
    Case("unclosed_quote", edit(PROD, "Indonesia,", '"Indonesia,'),
         (f"{PROD}:3:-: the file ends inside a quoted cell: it was cut short, or a quote is not closed",)),
    Case("stray_quote", edit(PROD, "Indonesia,", 'Indo"nesia,'), ()),  # a quote inside a cell is text
    Case("cut_inside_the_last_row", cut(PROD, lambda blob: len(blob) - 10),
         (f"{PROD}:7:-: no line break after the last row: the file may have been cut inside this row (end it "
          "with a line break if the row is whole)",)),
    Case("cut_inside_a_quoted_cell", cut("curated/import_sources.csv", lambda blob: blob.rindex(b'"metal') + 8),
         ("curated/import_sources.csv:3:-: the file ends inside a quoted cell: it was cut short, or a quote is not "
          "closed",)),
    Case("cut_at_a_line_break", cut(PROD, lambda blob: blob.rindex(b"\n", 0, len(blob) - 1) + 1),
         (f"{PROD}:-:-: 5 rows where datapackage.json records 6: rows were lost (cut short or emptied?); {ROWS}",)),
    Case("header_only", header_only(EVENTS),
         (f"{EVENTS}:-:-: 0 rows where datapackage.json records 2: rows were lost (cut short or emptied?); {ROWS}",)),
    Case("row_added_without_recording_it",
         append("manual/initiative_minerals.csv", "quad_cmi,cobalt,,news_test\n"),
         ("manual/initiative_minerals.csv:-:-: 2 rows where datapackage.json records 1: rows were added; "
          f"{ROWS}",)),
    Case("emptied_file", write_bytes(EVENTS, b""), (f"{EVENTS}:1:-: empty file: no header row",)),
    Case("blank_lines_are_not_rows", edit(PROD, "Indonesia,\n", "Indonesia,\n\n\n"), ()),
    Case("bom_in_a_data_file", lambda root: (root / PROD).write_bytes(b"\xef\xbb\xbf" + (root / PROD).read_bytes()),
         ()),
    Case("crlf_line_endings", lambda root: (root / PROD).write_bytes((root / PROD).read_bytes().replace(b"\n", b"\r\n")),
         ()),
    Case("not_utf8", lambda root: (root / "manual/themes.csv").write_bytes(
        (root / "manual/themes.csv").read_bytes().replace(b"More sources", b"More sources \xff")),
         ("manual/themes.csv:-:-: not UTF-8: invalid start byte at byte 178 (line 3)",)),
    # text: no control characters, no giant cells
    Case("nul_byte", edit(EVENTS, "DRC suspends", "DRC\x00suspends"),
         (f"{EVENTS}:2:title: control character U+0000 (NUL) at character 4: remove it",)),
    Case("escape_character", edit(EVENTS, "DRC suspends", "DRC\x1b[31msuspends"),
         (f"{EVENTS}:2:title: control character U+001B (ESCAPE) at character 4: remove it",)),
    Case("bidi_override", edit("manual/initiatives.csv", "Minerals Security", "Minerals\u202eSecurity"),
         ("manual/initiatives.csv:2:name: control character U+202E (RIGHT-TO-LEFT OVERRIDE) at character 9: "
          "remove it",)),
    Case("line_separator", edit("manual/themes.csv", "More sources", "More\u2028sources"),
         ("manual/themes.csv:3:description: control character U+2028 (LINE SEPARATOR) at character 5: remove it",)),
    Case("cell_over_128_kib", edit(EVENTS, "DRC suspends", "DRC " + "x" * (128 * 1024 + 1)),
         (f"{EVENTS}:2:-: a cell is longer than 131,072 characters (128 KiB): not this table's data",)),
    Case("table_path_is_a_folder", into_folder("manual/themes.csv"),
         ("manual/themes.csv:-:-: is a folder, not a CSV file",)),
    Case("missing_file", lambda root: (root / EVENTS).unlink(), (f"{EVENTS}:-:-: file not found (table events)",)),
    # shares of a breakdown
    Case("end_use_shares_over_100", append("manual/end_uses.csv", "lithium,world,glass,,2025,20,,usgs_test,\n"),
         ("manual/end_uses.csv:3:share_pct: shares of lithium/world//2025/usgs_test add up to 107 %, above 100 %",
          f"manual/end_uses.csv:-:-: 2 rows where datapackage.json records 1: rows were added; {ROWS}")),
    Case("import_source_shares_over_100", edit("curated/import_sources.csv", "NOR,2021-24,26", "NOR,2021-24,36"),
         ("curated/import_sources.csv:3:share_pct: shares of USA/cobalt/metal, oxide, and salts/2021-24/usgs_test "
          "add up to 110 %, above 100 %",)),
    Case("refining_shares_over_100", edit("manual/refining_shares.csv", "OTH,2024,20", "OTH,2024,30"),
         ("manual/refining_shares.csv:3:share_pct: shares of cobalt/refined cobalt/2024/news_test add up to 110 %, "
          "above 100 %",)),
    # the allow-list
    Case("allowlist_with_a_bom", both(
        edit(PROD, "WLD,2025,310000", "WLD,2025,400000"),
        write_bytes(ALLOW, "\ufefftable,group,reason\nproduction,cobalt/mine/production/2025/MCS2026,test\n"
                    .encode("utf-8"))), ()),
    Case("allowlist_missing_column", write_bytes(ALLOW, b"table,reason\nproduction,test\n"),
         (f"{ALLOW}:1:group: required column missing from the header",)),
    Case("allowlist_not_utf8", write_bytes(ALLOW, b"table,group,reason\nproduction,x,caf\xe9\n"),
         (f"{ALLOW}:-:-: not UTF-8: invalid continuation byte at byte 35 (line 2)",)),
    Case("allowlist_entry_without_a_reason", append(ALLOW, "production,cobalt/mine/production/2025/MCS2026,\n"),
         (f"{ALLOW}:2:reason: an allow-list entry needs a reason",)),
    Case("allowlist_stale_entry", append(ALLOW, "production,cobalt/mine/production/2025/MCS2026,test\n"),
         (f"{ALLOW}:2:group: stale entry: production cobalt/mine/production/2025/MCS2026 passes the check without "
          "it; remove it",)),
    Case("allowlist_entry_for_no_group", append(ALLOW, "reserves,nickel/2025/MCS2026,test\n"),
         (f"{ALLOW}:2:group: stale entry: reserves has no group 'nickel/2025/MCS2026'; remove it",)),
    Case("allowlist_entry_for_a_table_without_sums", append(ALLOW, "events,x,test\n"),
         (f"{ALLOW}:2:table: 'events' has no sum check; tables with one: production, reserves, refining_shares, "
          "import_sources, end_uses",)),
    # the descriptor
    Case("datapackage_not_json", write_bytes("datapackage.json", b"{not json"),
         ("datapackage.json:-:-: cannot read the row counts: Expecting property name enclosed in double quotes: "
          "line 1 column 2 (char 1)",)),
    Case("datapackage_row_count_not_a_number", edit("datapackage.json", '"curated/production.csv": 6',
                                                     '"curated/production.csv": "6"'),
         ("datapackage.json:-:-: cannot read the row counts: rowCounts of 'curated/production.csv' is not a whole "
          "number",)),
)
