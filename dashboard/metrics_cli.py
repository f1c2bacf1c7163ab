"""`python -m dashboard metrics`: the headline concentration metrics of one mineral and stage.

    python -m dashboard metrics --mineral cobalt [--stage mine|refinery|reserves] [--year 2025]
        [--partner IND [--partner USA]] [--initiative quad_cmi [--at 2026-02-04]] [--theme diversification]
        [--format json|table]

Reads the data only through `dashboard.data.load()`; all arithmetic is in `dashboard.metrics`.
Exit codes: 0 ok, 1 invalid data package, 2 bad arguments (the message lists the valid choices).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

import pandas as pd

from dashboard import countries, metrics


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the `metrics` sub-command on an argparse sub-parsers object."""
    p = subparsers.add_parser(
        "metrics",
        help="concentration metrics (HHI, CR1/CR3, China and partner shares)",
        description=__doc__.splitlines()[0],
    )
    p.add_argument("--mineral", required=True, help=f"one of: {', '.join(metrics.MINERALS)}")
    p.add_argument("--stage", default="mine", help=f"one of: {', '.join(metrics.STAGES)} (default: mine)")
    p.add_argument("--year", type=int, default=None, help="data year (default: the stage's latest)")
    p.add_argument("--edition", default=None, help="pin an edition, e.g. MCS2025 (default: latest per year)")
    p.add_argument(
        "--partner",
        action="append",
        default=None,
        metavar="ISO3",
        help="partner country (repeat, or comma-separate, for a custom set)",
    )
    p.add_argument("--initiative", default=None, metavar="ID", help="partner set: an initiative's members")
    p.add_argument(
        "--at", default=None, metavar="YYYY-MM-DD", help="date of initiative membership (default: today)"
    )
    p.add_argument("--concern", default="CHN", metavar="ISO3", help="concern country (default: CHN)")
    p.add_argument(
        "--theme", default=None, help=f"add a ministerial theme's metrics: {', '.join(metrics.THEMES)}"
    )
    p.add_argument(
        "--format", choices=("json", "table"), default="json", help="output format (default: json)"
    )
    p.add_argument("--datasets", default=None, help="datasets folder (default: the repository's datasets/)")
    p.set_defaults(func=run)
    return p


class _BadArgument(Exception):
    pass


def _check(value: str, choices: list[str] | tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise _BadArgument(f"unknown {what} {value!r}; valid: {', '.join(choices)}")


def _country(code: str, tables: Any, mineral: str, what: str) -> str:
    code = code.strip().upper()
    if not countries.is_valid_code(code) or code in (metrics.WORLD, metrics.REMAINDER):
        listed = sorted(
            {
                str(c)
                for frame in (tables.production, tables.reserves, tables.refining_shares)
                for c in frame.loc[frame["mineral"] == mineral, "country_iso3"]
            }
            - {"WLD", "OTH"}
        )
        raise _BadArgument(
            f"unknown {what} {code!r}: use an ISO 3166-1 alpha-3 code; valid for {mineral} "
            f"data: {', '.join(listed)} (or any other ISO3 code)"
        )
    return code


def _partners(args: argparse.Namespace, tables: Any) -> tuple[frozenset[str] | None, dict[str, Any]]:
    if not args.partner and not args.initiative:
        return None, {}
    custom = [
        _country(c, tables, args.mineral, "country")
        for raw in args.partner or ()
        for c in raw.split(",")
        if c.strip()
    ]
    info: dict[str, Any] = {}
    if args.initiative:
        _check(args.initiative, sorted(str(i) for i in tables.initiatives["initiative_id"]), "initiative")
        try:
            at = dt.date.fromisoformat(args.at) if args.at else dt.date.today()
        except ValueError:
            raise _BadArgument(f"--at must be a date YYYY-MM-DD, got {args.at!r}") from None
        info = {"initiative": args.initiative, "membership_date": at.isoformat()}
        partners = metrics.resolve_partners(tables, initiative=args.initiative, at=at, countries=custom)
    else:
        partners = frozenset(custom)
    return partners, info


def compute(tables: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The JSON payload of the command (raises `_BadArgument` for unknown choices)."""
    _check(args.mineral, metrics.MINERALS, "mineral")
    _check(args.stage, metrics.STAGES, "stage")
    if args.theme is not None:
        _check(args.theme, list(metrics.THEMES), "theme")
    concern = _country(args.concern, tables, args.mineral, "concern country")
    partners, partner_info = _partners(args, tables)
    shares = metrics.stage_shares(tables, args.mineral, args.stage, args.year, edition=args.edition)
    conc = shares.concentration()
    concern_share = shares.share_of(concern)
    payload: dict[str, Any] = {
        "mineral": args.mineral,
        "stage": args.stage,
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
    if partners is not None:
        p = metrics.partner_share(shares, partners, concern)
        payload.update(partner_info)
        payload.update(
            {
                "partners": sorted(partners),
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
        payload["theme"] = metrics.theme_metrics(
            tables, args.theme, args.mineral, partners=partners, year=args.year, concern_iso3=concern
        )
    return metrics.jsonable(payload)


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
    from dashboard import data

    try:
        tables = data.load(getattr(args, "datasets", None))
    except data.DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        payload = compute(tables, args)
    except (_BadArgument, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(payload, indent=2, ensure_ascii=False) if args.format == "json" else _as_table(payload))
    return 0
