"""Concentration arithmetic on country shares: HHI and its band, effective suppliers, CR1/CR3, the
single-supplier (65 %) test and the N-1 test.

Input is a mapping or Series `country_iso3 -> share_pct` (0-100) computed against the source's world
total. Nothing here reads tables or picks editions: that is `supply`'s job.

Treatment of the `OTH` remainder and of countries with no data (decided here, used everywhere):
- `OTH` is several countries, so it is never a term of HHI, CR1 or CR3; it stays in the denominator
  (shares are of the world total). The HHI is therefore a **lower bound**: the true value lies between
  `hhi` and `hhi_upper_bound = hhi + rest**2`, where `rest` is the world share not attributed to a named
  country (OTH, withheld countries, rounding).
- A country whose share is NaN (withheld `W`, `NA`, missing) is "no data": it is left out of the terms,
  counted in `n_no_data`, and the HHI is flagged as a lower bound. A reported zero is a share of 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

import pandas as pd

from ._common import NOT_SUPPLIERS, is_number

HHI_MAX = 10_000.0
HIGHLY_CONCENTRATED_ABOVE = 1_800.0
"""2023 US Merger Guidelines: HHI above 1,800 is highly concentrated."""
MODERATELY_CONCENTRATED_FROM = 1_000.0
"""2023 US Merger Guidelines: 1,000 to 1,800 is moderately concentrated; below 1,000 unconcentrated."""
SINGLE_SUPPLIER_THRESHOLD_PCT = 65.0
"""EU Critical Raw Materials Act benchmark: no more than 65 % of a strategic material from one third
country."""


def hhi(shares_pct: Iterable[float]) -> float:
    """Herfindahl-Hirschman index, HHI = sum of s_i**2 with s_i in percent; unit: points on 0-10,000.

    Shares must be finite and non-negative (drop "no data" before calling). They need not sum to 100:
    rounded world totals make listed shares sum to a little more or less.

    >>> hhi([50, 30, 20])
    3800.0
    >>> hhi([100])
    10000.0
    >>> hhi([])
    0.0
    """
    total = 0.0
    for share in shares_pct:
        if not is_number(share) or float(share) < 0:
            raise ValueError(f"HHI needs finite non-negative shares in percent, got {share!r}")
        total += float(share) ** 2
    return total


def hhi_band(hhi_value: float | None) -> str | None:
    """Band of the 2023 US Merger Guidelines: 'highly concentrated' above 1,800, 'moderately
    concentrated' from 1,000 to 1,800, else 'unconcentrated'; None when there is no HHI.

    >>> hhi_band(1800.0), hhi_band(1800.5), hhi_band(999.9), hhi_band(None)
    ('moderately concentrated', 'highly concentrated', 'unconcentrated', None)
    """
    if not is_number(hhi_value):
        return None
    value = float(hhi_value)
    if value > HIGHLY_CONCENTRATED_ABOVE:
        return "highly concentrated"
    if value >= MODERATELY_CONCENTRATED_FROM:
        return "moderately concentrated"
    return "unconcentrated"


def effective_suppliers(hhi_value: float | None) -> float | None:
    """Effective number of suppliers = 10,000 / HHI (countries); None when HHI is missing or zero.

    >>> effective_suppliers(2500.0)
    4.0
    """
    if not is_number(hhi_value) or float(hhi_value) <= 0:
        return None
    return HHI_MAX / float(hhi_value)


def n_minus_1_pct(largest_share_pct: float | None) -> float | None:
    """N-1 test: share of supply left if the largest supplier drops out, 100 - s_max (percent).

    >>> n_minus_1_pct(74.2)
    25.799999999999997
    """
    if not is_number(largest_share_pct):
        return None
    return 100.0 - float(largest_share_pct)


def single_supplier_flag(
    largest_share_pct: float | None, threshold_pct: float = SINGLE_SUPPLIER_THRESHOLD_PCT
) -> bool | None:
    """True when one country holds more than `threshold_pct` percent (EU CRM Act: 65 %); None if unknown.

    >>> single_supplier_flag(74.2), single_supplier_flag(65.0), single_supplier_flag(None)
    (True, False, None)
    """
    if not is_number(largest_share_pct):
        return None
    return float(largest_share_pct) > threshold_pct


@dataclass(frozen=True)
class Concentration:
    """Concentration of one set of country shares (percent of the world total).

    `hhi` is on 0-10,000 and excludes OTH and no-data countries (a lower bound, see the module docstring);
    `cr3_pct` is the sum of the three largest named-country shares.
    """

    hhi: float | None
    hhi_band: str | None
    hhi_upper_bound: float | None
    hhi_is_lower_bound: bool
    effective_suppliers: float | None
    cr1_country_iso3: str | None
    cr1_pct: float | None
    cr3_pct: float | None
    cr3_countries: tuple[str, ...]
    n_countries: int
    n_no_data: int
    remainder_pct: float | None
    """Share of the `OTH` row, when the source gives one."""
    unattributed_pct: float | None
    """100 - sum of named-country shares (OTH, withheld, rounding); negative when shares sum over 100."""
    single_supplier_flag: bool | None
    n_minus_1_pct: float | None
    reason: str | None = None
    """Why `hhi` is None, when it is."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def concentration(
    shares_pct: Mapping[str, float] | pd.Series, threshold_pct: float = SINGLE_SUPPLIER_THRESHOLD_PCT
) -> Concentration:
    """HHI, band, effective suppliers, CR1, CR3, 65 % test and N-1 test of `country_iso3 -> share_pct`.

    Formulas: HHI = sum over named countries of s_i**2 (0-10,000); effective suppliers = 10,000 / HHI;
    CR1 = max s_i; CR3 = sum of the three largest s_i; N-1 = 100 - CR1 (all in percent of world).
    `OTH` and `WLD` keys are not terms; NaN shares are "no data". Ties are broken by ISO3 code.

    >>> c = concentration({"AAA": 50.0, "BBB": 30.0, "CCC": 10.0, "OTH": 10.0})
    >>> c.hhi, c.hhi_band, c.cr1_country_iso3, c.cr3_pct, c.hhi_upper_bound
    (3500.0, 'highly concentrated', 'AAA', 90.0, 3600.0)
    """
    series = pd.Series(
        dict(shares_pct) if not isinstance(shares_pct, pd.Series) else shares_pct, dtype="float64"
    )
    remainder = series.get("OTH")
    named = series[[str(k) not in NOT_SUPPLIERS for k in series.index]]
    known = named.dropna()
    n_no_data = int(named.isna().sum())
    notes: list[str] = []
    remainder_pct = float(remainder) if is_number(remainder) else None
    if known.empty:
        reason = (
            "no country shares" if named.empty else "no country shares with data (withheld or not available)"
        )
        return Concentration(
            None,
            None,
            None,
            True,
            None,
            None,
            None,
            None,
            (),
            0,
            n_no_data,
            remainder_pct,
            None,
            None,
            None,
            reason,
            (),
        )
    if (known < 0).any():
        raise ValueError(f"negative shares: {known[known < 0].to_dict()}")
    ranked = sorted(known.items(), key=lambda kv: (-float(kv[1]), str(kv[0])))
    hhi_value = hhi(float(v) for _, v in ranked)
    cr1_country, cr1 = str(ranked[0][0]), float(ranked[0][1])
    top3 = ranked[:3]
    cr3 = float(sum(float(v) for _, v in top3))
    unattributed = 100.0 - float(known.sum())
    upper = hhi_value + max(0.0, unattributed) ** 2
    lower_bound = unattributed > 1e-9 or n_no_data > 0
    if remainder_pct:
        notes.append(
            f"OTH remainder ({remainder_pct:.1f} %) is several countries: kept in the world "
            "total, left out of HHI/CR terms, so HHI is a lower bound"
        )
    if n_no_data:
        notes.append(
            f"{n_no_data} listed countr{'y' if n_no_data == 1 else 'ies'} with no data "
            "(withheld or not available) left out of HHI/CR terms"
        )
    if len(ranked) < 3:
        notes.append(f"only {len(ranked)} named countr{'y' if len(ranked) == 1 else 'ies'}: CR3 sums them")
    if unattributed < -1e-9:
        notes.append(f"named shares sum to {100 - unattributed:.1f} % of the rounded world total")
    return Concentration(
        hhi=hhi_value,
        hhi_band=hhi_band(hhi_value),
        hhi_upper_bound=upper,
        hhi_is_lower_bound=lower_bound,
        effective_suppliers=effective_suppliers(hhi_value),
        cr1_country_iso3=cr1_country,
        cr1_pct=cr1,
        cr3_pct=cr3,
        cr3_countries=tuple(str(k) for k, _ in top3),
        n_countries=len(ranked),
        n_no_data=n_no_data,
        remainder_pct=remainder_pct,
        unattributed_pct=unattributed,
        single_supplier_flag=single_supplier_flag(cr1, threshold_pct),
        n_minus_1_pct=n_minus_1_pct(cr1),
        notes=tuple(notes),
    )


def renormalised_hhi(shares_pct: Mapping[str, float] | pd.Series, total_pct: float) -> float | None:
    """HHI of a subset of supply, shares re-based to the subset's own total `total_pct` (percent of world).

    HHI_sub = sum over named countries of (100 * s_i / total_pct)**2; used for "HHI of non-partner supply".
    None when `total_pct` is not positive.

    >>> renormalised_hhi({"AAA": 30.0, "BBB": 10.0, "OTH": 10.0}, 50.0)
    4000.0
    """
    if not is_number(total_pct) or total_pct <= 0:
        return None
    series = pd.Series(
        dict(shares_pct) if not isinstance(shares_pct, pd.Series) else shares_pct, dtype="float64"
    )
    named = series[[str(k) not in NOT_SUPPLIERS for k in series.index]].dropna()
    return hhi(100.0 * float(v) / total_pct for v in named)
