"""Metric results as tables for people: headers with units, "no data" for what no source gives, bounds
said in words. Pure (no Streamlit), so the pages, the exports and the tests share one wording.

Belongs here: turning a metric's DataFrame into the table a page shows. Does not belong here:
computing (``metrics``) or drawing (``charts``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

NO_DATA = "no data"


def pct(value: Any, digits: int = 1, qualifier: Any = "") -> str:
    """A percentage for a table cell, with its bound as published ('>75.0 %'), or "no data".

    >>> pct(65.04), pct(None), pct(float("nan")), pct(75, qualifier=">")
    ('65.0 %', 'no data', 'no data', '>75.0 %')
    """
    if value is None or pd.isna(value):
        return NO_DATA
    bound = qualifier if isinstance(qualifier, str) and qualifier in ("<", ">") else ""
    return f"{bound}{float(value):.{digits}f} %"


def hhi(value: Any, upper_bound: Any = None) -> str:
    """An HHI for a table cell; "≥ " when part of world output is not attributed (a lower bound).

    >>> hhi(4000.4), hhi(4000.0, 4100.0), hhi(None)
    ('4,000', '≥ 4,000', 'no data')
    """
    if value is None or pd.isna(value):
        return NO_DATA
    bound = upper_bound is not None and not pd.isna(upper_bound) and float(upper_bound) > float(value) + 0.5
    return ("≥ " if bound else "") + f"{float(value):,.0f}"


def yes_no(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return NO_DATA


def stage_table(profile: pd.DataFrame, partner_label: str | None) -> pd.DataFrame:
    """The stage profile of one mineral (``metrics.stage_profile``) as the Overview card shows it."""
    rows = []
    for _, row in profile.iterrows():
        rows.append({
            "stage (data year)": f"{row['stage']} ({int(row['year'])})" if pd.notna(row["year"]) else row["stage"],
            "HHI (0-10,000)": hhi(row["hhi"], row["hhi_upper_bound"]),
            "band": row["hhi_band"] or NO_DATA,
            "China, % of world": pct(row["concern_share_pct"], qualifier=row.get("concern_qualifier", "")),
            **({f"{partner_label}, % of world": pct(row.get("partner_share_pct"))} if partner_label else {}),
            "one country > 65 %": yes_no(row["single_supplier_flag"]),
        })
    return pd.DataFrame(rows)
