"""``python -m dashboard export``: the briefing pack and single charts without the browser.

Bad arguments exit 2 with the valid choices; an unwritable output path fails with a clear message (exit 1)
and leaves no partial file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from dashboard import briefing, data, export
from dashboard.countries import name_of
from dashboard.filters import Filters
from dashboard.metrics import members_at
from dashboard.models import MINERALS

FORMATS = ("pdf", "pptx", "zip", "png", "svg", "csv")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("export", help="write the briefing pack or one chart (PDF, PPTX, ZIP, PNG, SVG, CSV)")
    p.add_argument("--mineral", action="append", required=True, metavar="M",
                   help=f"mineral (repeat for several): {', '.join(MINERALS)}")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--partner", metavar="ISO3", help="partner country, ISO 3166-1 alpha-3 (e.g. IND)")
    group.add_argument("--initiative", metavar="ID", help="partner bloc: an initiative id (e.g. quad_cmi)")
    p.add_argument("--asof", metavar="YYYY-MM-DD", help="bloc membership date (default: today)")
    p.add_argument("--year", type=int, help="data year (default: the latest for each stage)")
    p.add_argument("--format", required=True, choices=FORMATS, help="pack: pdf, pptx, zip; one chart: png, svg, "
                                                                    "pdf or csv with --chart")
    p.add_argument("--chart", metavar="ID", help=f"one chart: {', '.join(briefing.CHART_KEYS)}")
    p.add_argument("--out", required=True, type=Path, help="output file")
    p.add_argument("--base-url", default=export.DEFAULT_BASE_URL, help="dashboard address used in permalinks")
    p.add_argument("--datasets", default=None, help="datasets folder (default: the repository's datasets/)")
    p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    try:
        ds = data.load(args.datasets)
    except data.DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    for mineral in args.mineral:
        if mineral not in MINERALS:
            return _fail(f"unknown mineral {mineral!r}; valid: {', '.join(MINERALS)}")
    countries = sorted(set(ds.production["country_iso3"]) | set(ds.initiative_members["country_iso3"])
                       | set(ds.import_sources["partner_iso3"]) - {"WLD", "OTH"})
    blocs = sorted(set(ds.initiative_members["initiative_id"]))
    years = sorted({int(y) for y in ds.production["year"]})
    partner = args.partner.upper() if args.partner else None
    if partner and partner not in countries:
        return _fail(f"unknown partner {args.partner!r}; valid: {', '.join(countries)}")
    if args.initiative and args.initiative not in blocs:
        return _fail(f"unknown initiative {args.initiative!r}; valid: {', '.join(blocs)}")
    if args.year is not None and args.year not in years:
        return _fail(f"no data for year {args.year}; valid: {', '.join(map(str, years))}")
    try:
        asof = dt.date.fromisoformat(args.asof) if args.asof else None
    except ValueError:
        return _fail(f"--asof {args.asof!r} is not a YYYY-MM-DD date")
    if args.chart and args.chart not in briefing.CHART_KEYS:
        return _fail(f"unknown chart {args.chart!r}; valid: {', '.join(briefing.CHART_KEYS)}")
    if args.format in ("png", "svg", "csv") and not args.chart:
        return _fail(f"--format {args.format} exports one chart: add --chart, one of {', '.join(briefing.CHART_KEYS)}")
    if args.format in ("pptx", "zip") and args.chart:
        return _fail(f"--chart goes with png, svg, pdf or csv; --format {args.format} is the whole pack")
    if args.chart and len(args.mineral) > 1:
        return _fail("--chart exports one chart: give one --mineral")
    if not args.out.parent.is_dir():
        print(f"error: cannot write {args.out}: folder {args.out.parent} does not exist", file=sys.stderr)
        return 1

    filters = Filters(minerals=tuple(dict.fromkeys(args.mineral)), partner=partner, bloc=args.initiative,
                      year=args.year, asof=asof)
    members = frozenset()
    if args.initiative:
        members = members_at(ds.initiatives, ds.initiative_members, args.initiative, asof or dt.date.today())
    partners = (members | {partner}) if partner else (members if args.initiative else None)
    label = name_of(partner) if partner else (
        ds.initiatives.set_index("initiative_id").at[args.initiative, "name"] if args.initiative else None)
    context = export.make_context(filters, label, base_url=args.base_url)
    began = time.perf_counter()
    try:
        if args.chart:
            chart = briefing.chart_for(args.chart, ds, filters.minerals[0], filters, partners, label)
            blob = export.chart_bytes(chart, args.format, context)
            what = f"chart {args.chart}"
        else:
            charts = briefing.pack_charts(ds, filters, partners, label)
            blob = export.pack(args.format, charts, context, ds.sources)
            what = f"briefing pack of {len(charts)} charts"
        export.write_atomically(args.out, blob)
    except export.ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({what}, {args.format}, {len(blob):,} bytes, {time.perf_counter() - began:.1f} s)")
    return 0
