"""The selection arguments both command lines share (``metrics`` and ``export``), read into the same
:class:`~dashboard.filters.Filters` a link makes and resolved by the same ``filters.resolve`` (strict):
a value the pages would drop with a note makes a command line exit 2 with that note.

Exit codes of every command: 0 success, 1 the data package (or an output file) failed, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys

from dashboard import data, filters

EXIT_OK, EXIT_DATA, EXIT_ARGUMENTS = 0, 1, 2


def add_selection_arguments(parser: argparse.ArgumentParser, *, one_mineral: bool) -> None:
    """--mineral, --partner, --initiative/--bloc, --at/--asof, --year, --stage, --datasets."""
    parser.add_argument("--mineral", action="append", required=one_mineral, metavar="M",
                        help="mineral id or name, any case (e.g. cobalt, 'Rare earths')"
                        + ("" if one_mineral else "; repeat for several (default: the default minerals)"))
    parser.add_argument("--partner", action="append", default=None, metavar="COUNTRY",
                        help="partner country, ISO3 code or name (e.g. IND, India); repeat or comma-separate "
                        "for a custom set (the first is the partner)")
    parser.add_argument("--initiative", "--bloc", dest="initiative", default=None, metavar="ID",
                        help="partner bloc: an initiative's id or name (e.g. quad_cmi)")
    parser.add_argument("--at", "--asof", dest="at", default=None, metavar="YYYY-MM-DD",
                        help="bloc membership date (default: today)")
    parser.add_argument("--year", default=None, help="data year (default: the latest for each stage)")
    parser.add_argument("--stage", default=None, help="mine, refinery or reserves (default: mine)")
    parser.add_argument("--datasets", default=None, help="datasets folder (default: the repository's datasets/)")


#: --at without a bloc: a chart or the metrics would take the date and use it nowhere.
AT_WITHOUT_BLOC = "--at is the bloc membership date: give --initiative with it"


def request(args: argparse.Namespace) -> filters.Filters:
    """The request the arguments make (nothing checked yet)."""
    countries = [c.strip() for raw in args.partner or () for c in str(raw).split(",") if c.strip()]
    return filters.Filters(
        minerals=tuple(args.mineral) if args.mineral else None, partner=countries[0] if countries else None,
        bloc=args.initiative,
        countries=tuple(countries[1:]), year=args.year, stage=args.stage, asof=args.at,
    )


def load(args: argparse.Namespace) -> data.Datasets | None:
    """The data package, or None after printing every problem (the caller exits 1)."""
    try:
        return data.load(getattr(args, "datasets", None))
    except data.DatasetError as exc:
        print(exc, file=sys.stderr)
        return None


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_ARGUMENTS
