"""``python -m dashboard export``: the briefing pack and single charts without the browser.

The selection is resolved by ``filters.resolve`` exactly as on the pages; without ``--mineral`` the pack
covers the default minerals. The pack is short by default (the brief and the charts that tell each
mineral's story); ``--annex`` adds every other chart and the sources in full. Permalinks start with
``--base-url``, else ``DASHBOARD_BASE_URL``, else the local address.

Bad arguments exit 2 with the reason and the valid choices; an unwritable output path or a failed render
exits 1 and leaves no partial file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from dashboard import cli_args, export, filters, pack
from dashboard.charts import REGISTRY, chart_for

PACK_FORMATS = pack.FORMATS
FORMATS = (*PACK_FORMATS, "png", "svg", "csv")


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser("export", help="write the briefing pack (PDF, PPTX, DOCX, ZIP) or one chart (PNG, "
                                             "SVG, PDF, CSV)")
    cli_args.add_selection_arguments(p, one_mineral=False)
    p.add_argument("--format", required=True, choices=FORMATS, help="pack: pdf, pptx, docx, zip; one chart: png, "
                                                                    "svg, pdf or csv with --chart")
    p.add_argument("--chart", metavar="ID", help=f"one chart: {', '.join(REGISTRY)}")
    p.add_argument("--annex", action="store_true", help="the full pack: the brief, the story charts, then every "
                                                        "other chart and the sources in full")
    p.add_argument("--out", required=True, type=Path, help="output file")
    p.add_argument("--base-url", default=None, help=f"public address of the dashboard used in permalinks (default: "
                                                    f"${export.BASE_URL_ENV}, else {export.DEFAULT_BASE_URL})")
    p.set_defaults(func=run)


def _check(args: argparse.Namespace) -> str | None:
    """What is wrong with the combination of arguments, or None."""
    if args.chart and args.chart not in REGISTRY:
        return f"unknown chart {args.chart!r}; valid: {', '.join(REGISTRY)}"
    if args.format in ("png", "svg", "csv") and not args.chart:
        return f"--format {args.format} exports one chart: add --chart, one of {', '.join(REGISTRY)}"
    if args.format in ("pptx", "docx", "zip") and args.chart:
        return f"--chart goes with png, svg, pdf or csv; --format {args.format} is the whole pack"
    if args.chart and len(args.mineral or ()) != 1:
        return "--chart exports one chart: give one --mineral"
    if args.chart and args.at is not None and args.initiative is None:  # a pack's brief dates initiatives by it
        return cli_args.AT_WITHOUT_BLOC
    if args.chart and args.annex:
        return "--annex goes with a pack, not with --chart"
    try:
        export.public_base_url(None, args.base_url)
    except export.ExportError as exc:
        return str(exc)
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
    context = export.make_context(selection, names, base_url=export.public_base_url(None, args.base_url))
    began = time.perf_counter()
    try:
        if args.chart:
            chart = chart_for(ds, args.chart, selection, selection.minerals[0])
            if chart.empty:
                print(f"error: {chart.title}: no data ({'; '.join(chart.notes) or 'no source gives it'}); "
                      "nothing written", file=sys.stderr)
                return cli_args.EXIT_DATA
            blob = export.chart_bytes(chart, args.format, context)
            what = f"chart {args.chart}"
        else:
            contents = pack.contents(ds, selection, context, annex=args.annex)
            blob = pack.render(args.format, contents)
            what = (f"{'full' if args.annex else 'short'} briefing pack: the brief and {len(contents.items)} "
                    "charts" + (f"; not available: {len(contents.unavailable)}" if contents.unavailable else ""))
        export.write_atomically(args.out, blob)
    except export.ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return cli_args.EXIT_DATA
    print(f"wrote {args.out} ({what}, {args.format}, {len(blob):,} bytes, {time.perf_counter() - began:.1f} s)")
    return cli_args.EXIT_OK
