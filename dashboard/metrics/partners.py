"""Partner lens: who is a member of an initiative at a date, and the partners' share of a stage.

Membership at a date (decided here): supporters and observers are listed but are not members; a
member counts from its `join_date`, or from the initiative's
`start_date` when `join_date` is empty, until its `leave_date`, or the initiative's `end_date` when
`leave_date` is empty. The interval is half-open, [from, until): on the day an initiative ends (MSP on
2026-02-04, replaced by FORGE) it has no members. A member with neither date counts (the source lists it
without a date). `EUU` (the EU as a bloc) is matched literally: supply tables list member states, not
`EUU`, so a bloc membership adds nothing to a share unless the states are members themselves.

Partner share (percent of the world total) only adds countries the source lists; a partner the source
does not list may sit inside `OTH`, so the share is a lower bound and those partners are named. When no
partner has a share at all, the partner share is None with a reason, not 0 (a reported 0 counts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ._common import NOT_SUPPLIERS, REMAINDER, Tables, is_number, jsonable
from .concentration import renormalised_hhi
from .supply import StageShares


def _timestamp(at: object) -> pd.Timestamp:
    if isinstance(at, pd.Timestamp):
        return at
    if isinstance(at, (dt.date, str)):
        return pd.Timestamp(at)
    raise TypeError(f"expected a date, got {at!r}")


#: Roles listed with an initiative that are not membership (stated support, observer status).
NOT_MEMBERS = frozenset({"supporter", "observer"})


def members_at(
    initiatives: pd.DataFrame,
    initiative_members: pd.DataFrame,
    initiative_id: str,
    at: dt.date | str | pd.Timestamp,
) -> frozenset[str]:
    """ISO3 codes of the members of `initiative_id` on date `at` (see the module docstring).

    Raises ValueError listing the valid initiative ids when `initiative_id` is unknown.

    >>> import pandas as pd
    >>> ini = pd.DataFrame({"initiative_id": ["msp"], "start_date": pd.to_datetime(["2022-06-14"]),
    ...                     "end_date": pd.to_datetime(["2026-02-04"])})
    >>> mem = pd.DataFrame({"initiative_id": "msp", "country_iso3": ["USA", "IND"],
    ...                     "join_date": pd.to_datetime([None, "2023-06-20"]), "leave_date": pd.NaT})
    >>> sorted(members_at(ini, mem, "msp", "2023-01-01")), sorted(members_at(ini, mem, "msp", "2024-01-01"))
    (['USA'], ['IND', 'USA'])
    >>> sorted(members_at(ini, mem, "msp", "2026-02-04"))
    []
    """
    known = [str(i) for i in initiatives["initiative_id"]]
    if initiative_id not in known:
        raise ValueError(f"unknown initiative {initiative_id!r}; valid: {', '.join(sorted(known))}")
    when = _timestamp(at)
    initiative = initiatives[initiatives["initiative_id"] == initiative_id].iloc[0]
    start, end = initiative.get("start_date", pd.NaT), initiative.get("end_date", pd.NaT)
    members = initiative_members[initiative_members["initiative_id"] == initiative_id]
    if "role" in members.columns:
        members = members[~members["role"].isin(NOT_MEMBERS)]
    active = set()
    for row in members.to_dict(orient="records"):
        since = row.get("join_date", pd.NaT)
        since = start if pd.isna(since) else since
        until = row.get("leave_date", pd.NaT)
        until = end if pd.isna(until) else until
        if (pd.isna(since) or pd.Timestamp(since) <= when) and (pd.isna(until) or when < pd.Timestamp(until)):
            active.add(str(row["country_iso3"]))
    return frozenset(active)


def resolve_partners(
    tables: Tables,
    *,
    initiative: str | None = None,
    at: dt.date | str | pd.Timestamp | None = None,
    countries: Iterable[str] | None = None,
) -> frozenset[str]:
    """A partner set from an initiative at a date, a custom list of ISO3 codes, or both (union).

    `at` is required with `initiative` (membership changes over time).
    """
    partners: set[str] = {str(c).strip().upper() for c in countries or () if str(c).strip()}
    if initiative is not None:
        if at is None:
            raise ValueError("membership changes over time: give the date `at` with an initiative")
        partners |= members_at(tables.initiatives, tables.initiative_members, initiative, at)
    return frozenset(partners)


@dataclass(frozen=True)
class PartnerShare:
    """Share of a stage held by a set of partner countries, with its companions.

    - `partner_share_pct` = sum of s_i over listed partners (percent of world; lower bound);
    - `non_partner_hhi` = HHI of the supply outside the partners, shares re-based to that supply:
      sum over named non-partners of (100 * s_i / (100 - P))**2 (0-10,000; OTH left out of the terms);
    - with and without the concern country (China by default): `partner_share_with_concern_pct`
      (partners plus the concern country), `partner_share_without_concern_pct` (partners minus it) and
      `partner_share_of_non_concern_supply_pct` = 100 * P_without / (100 - s_concern).
    """

    partners: frozenset[str]
    partner_share_pct: float | None
    partners_counted: tuple[str, ...]
    partners_no_data: tuple[str, ...]
    partners_not_listed: tuple[str, ...]
    non_partner_share_pct: float | None
    non_partner_hhi: float | None
    concern_iso3: str
    concern_share_pct: float | None
    partner_share_with_concern_pct: float | None
    partner_share_without_concern_pct: float | None
    partner_share_of_non_concern_supply_pct: float | None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(jsonable(self.__dict__))


def partner_share(shares: StageShares, partners: Iterable[str], concern_iso3: str = "CHN") -> PartnerShare:
    """Partner share of one stage and its companions (see `PartnerShare` for the formulas).

    >>> import pandas as pd
    >>> from dashboard.metrics.supply import StageShares
    >>> t = pd.DataFrame({"country_iso3": ["CHN", "AUS", "CHL", "OTH"],
    ...                   "share_pct": [60.0, 20.0, 10.0, 10.0]})
    >>> s = StageShares("lithium", "refinery", "production", 2024, None, "published shares", "%", None, t, ())
    >>> p = partner_share(s, {"AUS", "CHL", "IND"})
    >>> p.partner_share_pct, p.partners_not_listed, round(p.partner_share_of_non_concern_supply_pct, 1)
    (30.0, ('IND',), 75.0)
    """
    partner_set = frozenset(str(p) for p in partners) - NOT_SUPPLIERS
    series = shares.shares()
    if not shares.has_shares:
        return PartnerShare(
            partner_set,
            None,
            (),
            (),
            tuple(sorted(partner_set)),
            None,
            None,
            concern_iso3,
            None,
            None,
            None,
            None,
            reason=shares.reason,
        )
    listed = set(series.index)
    counted = tuple(sorted(p for p in partner_set if p in listed and is_number(series[p])))
    no_data = tuple(sorted(p for p in partner_set if p in listed and not is_number(series[p])))
    not_listed = tuple(sorted(partner_set - listed))
    if not counted:
        # Not a zero: an unlisted partner may sit inside OTH or the unattributed rest.
        why = (
            "no partner countries given"
            if not partner_set
            else f"none of the partners ({', '.join(sorted(partner_set))}) has a share in the source for "
            f"{shares.mineral} {shares.stage} {shares.year} (not listed or no data)"
        )
        concern = series.get(concern_iso3)
        return PartnerShare(
            partner_set,
            None,
            (),
            no_data,
            not_listed,
            None,
            None,
            concern_iso3,
            float(concern) if is_number(concern) else None,
            None,
            None,
            None,
            reason=why,
        )
    p_share = float(series[list(counted)].sum())
    concern = series.get(concern_iso3)
    concern_pct = float(concern) if is_number(concern) else None
    non_partner = series[[i not in partner_set for i in series.index]]
    non_partner_total = 100.0 - p_share
    non_partner_hhi = renormalised_hhi(
        non_partner.drop(labels=[REMAINDER], errors="ignore").dropna(), non_partner_total
    )
    c_in = concern_iso3 in partner_set
    concern_or_zero = concern_pct or 0.0
    with_concern = p_share + (0.0 if c_in else concern_or_zero) if concern_pct is not None or c_in else None
    without_concern = p_share - (concern_or_zero if c_in else 0.0)
    of_non_concern = (
        100.0 * without_concern / (100.0 - concern_pct)
        if concern_pct is not None and concern_pct < 100.0
        else None
    )
    return PartnerShare(
        partner_set,
        p_share,
        counted,
        no_data,
        not_listed,
        non_partner_total,
        non_partner_hhi,
        concern_iso3,
        concern_pct,
        with_concern,
        without_concern,
        of_non_concern,
    )
