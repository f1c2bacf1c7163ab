"""``python -m dashboard export``: the briefing pack and single charts without the browser.

The selection is resolved by ``filters.resolve`` exactly as on the pages. Bad arguments exit 2 with the
reason and the valid choices; an unwritable output path or a failed render exits 1 and leaves no partial
file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from dashboard import cli_args, export, filters, pack
from dashboard.charts import REGISTRY, chart_for

FORMATS = ("pdf", "pptx", "zip", "png", "svg", "csv")


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser("export", help="write the briefing pack or one chart (PDF, PPTX, ZIP, PNG, SVG, CSV)")
    cli_args.add_selection_arguments(p, one_mineral=False)
    p.add_argument("--format", required=True, choices=FORMATS, help="pack: pdf, pptx, zip; one chart: png, svg, "
                                                                    "pdf or csv with --chart")
    p.add_argument("--chart", metavar="ID", help=f"one chart: {', '.join(REGISTRY)}")
    p.add_argument("--out", required=True, type=Path, help="output file")
    p.add_argument("--base-url", default=export.DEFAULT_BASE_URL, help="dashboard address used in permalinks")
    p.set_defaults(func=run)


def _check(args: argparse.Namespace) -> str | None:
    """What is wrong with the combination of arguments, or None."""
    if args.chart and args.chart not in REGISTRY:
        return f"unknown chart {args.chart!r}; valid: {', '.join(REGISTRY)}"
    if args.format in ("png", "svg", "csv") and not args.chart:
        return f"--format {args.format} exports one chart: add --chart, one of {', '.join(REGISTRY)}"
    if args.format in ("pptx", "zip") and args.chart:
        return f"--chart goes with png, svg, pdf or csv; --format {args.format} is the whole pack"
    if args.chart and len(args.mineral) > 1:
        return "--chart exports one chart: give one --mineral"
    return None


def run(args: argparse.Namespace) -> int:
    problem = _check(args)
    if problem:
        return cli_args.fail(problem)
    ds = cli_args.load(args)
    if ds is None:
        return cli_args.EXIT_DATA
    try:
        selection = filters.resolve(ds, cli_args.request(args), strict=True)
    except filters.SelectionError as exc:
        return cli_args.fail(str(exc))
    if not args.out.parent.is_dir():
        print(f"error: cannot write {args.out}: folder {args.out.parent} does not exist", file=sys.stderr)
        return cli_args.EXIT_DATA
    names = {m: ds.vocabulary.mineral_name(m) for m in ds.vocabulary.mineral_ids}
    context = export.make_context(selection, names, base_url=args.base_url)
    began = time.perf_counter()
    try:
        if args.chart:
            chart = chart_for(ds, args.chart, selection, selection.minerals[0])
            blob = export.chart_bytes(chart, args.format, context)
            what = f"chart {args.chart}"
        else:
            charts = pack.pack_charts(ds, selection)
            blob = pack.pack(args.format, charts, context, ds.sources)
            what = f"briefing pack of {len(charts)} charts"
        export.write_atomically(args.out, blob)
    except export.ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return cli_args.EXIT_DATA
    print(f"wrote {args.out} ({what}, {args.format}, {len(blob):,} bytes, {time.perf_counter() - began:.1f} s)")
    return cli_args.EXIT_OK
