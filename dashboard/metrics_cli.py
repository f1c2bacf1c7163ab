"""`python -m dashboard metrics`: the headline concentration metrics of one mineral and stage.

    python -m dashboard metrics --mineral cobalt [--stage mine|refinery|reserves] [--year 2025]
        [--partner IND [--partner USA]] [--initiative quad_cmi [--at 2026-02-04]] [--theme diversification]
        [--edition MCS2025] [--format json|table]

The selection is resolved by `filters.resolve`, as on the pages: names in any case ("Rare earths",
"india"). Reads the data only through `dashboard.data.load()`; all arithmetic is in `dashboard.metrics`.
Exit codes: 0 ok, 1 invalid data package, 2 bad arguments (the message says what and lists valid
choices).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import pandas as pd

from dashboard import cli_args, filters, metrics
from dashboard.data import Datasets


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the `metrics` sub-command on an argparse sub-parsers object."""
    p = subparsers.add_parser(
        "metrics",
        help="concentration metrics (HHI, CR1/CR3, China and partner shares)",
        description=__doc__.splitlines()[0],
    )
    cli_args.add_selection_arguments(p, one_mineral=True)
    p.add_argument("--edition", default=None, help="pin an edition, e.g. MCS2025 (default: latest per year)")
    p.add_argument("--concern", default="CHN", metavar="ISO3", help="concern country (default: CHN)")
    p.add_argument("--theme", default=None, help="add a ministerial theme's measures (a theme id)")
    p.add_argument(
        "--format", choices=("json", "table"), default="json", help="output format (default: json)"
    )
    p.set_defaults(func=run)
    return p


def compute(ds: Datasets, args: argparse.Namespace) -> dict[str, Any]:
    """The JSON payload of the command (raises `filters.SelectionError` for bad choices)."""
    if len(args.mineral) != 1:
        raise filters.SelectionError([f"metrics takes one --mineral, got {len(args.mineral)}"])
    if args.at is not None and args.initiative is None:
        raise filters.SelectionError([cli_args.AT_WITHOUT_BLOC])
    selection = filters.resolve(ds, cli_args.request(args), strict=True)
    mineral, stage, year = selection.minerals[0], selection.stage, selection.year
    problems = []
    if args.edition is not None and args.edition not in ds.vocabulary.edition_ids:
        problems.append(f"unknown edition {args.edition!r}; valid: {', '.join(ds.vocabulary.edition_ids)}")
    if args.theme is not None and args.theme not in metrics.THEME_SPECS:
        problems.append(f"unknown theme {args.theme!r}; valid: {', '.join(metrics.THEME_SPECS)}")
    concern = filters.country(args.concern, filters.choices(ds).countries)
    if concern is None:
        problems.append(f"unknown concern country {args.concern!r}: not a country in the data")
    if problems or concern is None:
        raise filters.SelectionError(problems)
    shares = metrics.stage_shares(ds, mineral, stage, year, edition=args.edition)
    if args.edition is not None and not shares.has_shares and shares.table.empty:
        raise filters.SelectionError([f"edition {args.edition} has no {mineral} {stage} figures"
                                      + (f" for {year}" if year else "")])
    conc = shares.concentration()
    concern_share = shares.share_of(concern)
    payload: dict[str, Any] = {
        "mineral": mineral,
        "stage": stage,
        "year": shares.year,
        "edition": shares.edition,
        "measure": shares.measure,
        "basis": shares.basis,
        "product": shares.product,
        "unit": shares.unit,
        "world_total": shares.world_total,
        "hhi": conc.hhi,
        "hhi_band": conc.hhi_band,
        "hhi_is_lower_bound": conc.hhi_is_lower_bound,
        "hhi_upper_bound": conc.hhi_upper_bound,
        "effective_suppliers": conc.effective_suppliers,
        "cr1": {"country_iso3": conc.cr1_country_iso3, "share_pct": conc.cr1_pct},
        "cr3_pct": conc.cr3_pct,
        "cr3_countries": list(conc.cr3_countries),
        "china_share_pct": shares.share_of("CHN").share_pct,
        "china_share_reason": shares.share_of("CHN").reason,
        "concern_share_pct": concern_share.share_pct,
        "concern_iso3": concern,
        "concern_reason": concern_share.reason,
        "single_supplier_flag": conc.single_supplier_flag,
        "single_supplier_threshold_pct": metrics.SINGLE_SUPPLIER_THRESHOLD_PCT,
        "n_minus_1_pct": conc.n_minus_1_pct,
        "remainder_pct": conc.remainder_pct,
        "reason": conc.reason or shares.reason,
        "notes": [*shares.notes, *conc.notes],
        "source_ids": list(shares.source_ids),
    }
    if selection.partners is not None:
        p = metrics.partner_share(shares, selection.partners, concern)
        if selection.bloc and selection.bloc != filters.CUSTOM:
            payload.update({"initiative": selection.bloc,
                            "membership_date": selection.membership_date.isoformat()})
        payload.update(
            {
                "partners": sorted(selection.partners),
                "partner_label": selection.partner_label,
                "partner_share_pct": p.partner_share_pct,
                "partner_share_reason": p.reason,
                "partners_counted": list(p.partners_counted),
                "partners_no_data": list(p.partners_no_data),
                "partners_not_listed": list(p.partners_not_listed),
                "non_partner_hhi": p.non_partner_hhi,
                "partner_share_of_non_concern_supply_pct": p.partner_share_of_non_concern_supply_pct,
            }
        )
    payload["countries"] = shares.table[["country_iso3", "value", "share_pct", "qualifier", "no_data_reason"]]
    if args.theme is not None:
        measures = metrics.theme_measures(
            ds, args.theme, mineral,
            metrics.ThemeArgs(partners=selection.partners, year=year, concern_iso3=concern))
        payload["theme"] = {
            "theme": args.theme,
            "title": ds.vocabulary.theme_name(args.theme),
            "mineral": mineral,
            "metrics": {m.measure_id: value for m, value in measures},
            "notes": [f"{m.measure_id}: {m.unavailable}" for m, value in measures if value is None],
        }
    return dict(metrics.jsonable(payload))


def _as_table(payload: dict[str, Any]) -> str:
    lines = []
    for key, value in payload.items():
        if key in ("countries", "theme"):
            continue
        if value is None:
            value = "" if key.endswith("reason") or key == "product" else "no data"
        lines.append(f"{key:<40} {value}")
    lines.append("")
    lines.append(pd.DataFrame(payload["countries"]).to_string(index=False))
    theme = payload.get("theme")
    if theme:
        lines += ["", f"theme: {theme['title']}"]
        for name, value in theme["metrics"].items():
            lines.append(f"-- {name}")
            lines.append(
                "no data"
                if not value
                else (pd.DataFrame(value).to_string(index=False) if isinstance(value, list) else str(value))
            )
        lines += [f"note: {n}" for n in theme["notes"]]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run the command; print JSON or a table to stdout, errors to stderr. Returns the exit code."""
    ds = cli_args.load(args)
    if ds is None:
        return cli_args.EXIT_DATA
    try:
        payload = compute(ds, args)
    except (filters.SelectionError, ValueError) as exc:
        return cli_args.fail(str(exc))
    print(json.dumps(payload, indent=2, ensure_ascii=False) if args.format == "json" else _as_table(payload))
    return cli_args.EXIT_OK
