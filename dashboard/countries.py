"""Country codes: ISO 3166-1 alpha-3 via pycountry, the USGS spellings that pycountry does not know,
and the three documented pseudo-codes that are not countries.

Belongs here: turning a country name into a code and a code into a display name.
Does not belong here: anything about minerals or data files.
"""

from __future__ import annotations

from functools import cache

import pycountry

#: Codes that are not ISO 3166 countries but appear in the data, with what they mean.
PSEUDO_CODES: dict[str, str] = {
    "WLD": "World total (as stated by the source, not the sum of listed countries)",
    "OTH": "Other countries (the source's remainder row)",
    "EUU": "European Union (acting as a bloc)",
}

#: Display names: the pseudo-codes, and short names where pycountry's are long-winded.
DISPLAY_NAMES: dict[str, str] = {
    "WLD": "World",
    "OTH": "Other countries",
    "EUU": "European Union",
    "COD": "DR Congo",
    "RUS": "Russia",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "IRN": "Iran",
    "LAO": "Laos",
    "TZA": "Tanzania",
    "BOL": "Bolivia",
    "MMR": "Myanmar (Burma)",
    "GBR": "United Kingdom",
    "USA": "United States",
}

#: Spellings used by USGS (and a few other sources) that pycountry's lookup does not resolve,
#: or resolves ambiguously. Keys are compared case-insensitively after trimming.
ALIASES: dict[str, str] = {
    "congo (kinshasa)": "COD",
    "congo (brazzaville)": "COG",
    "burma": "MMR",
    "russia": "RUS",
    "turkey": "TUR",
    "vietnam": "VNM",
    "laos": "LAO",
    "korea, republic of": "KOR",
    "republic of korea": "KOR",
    "south korea": "KOR",
    "north korea": "PRK",
    "korea, north": "PRK",
    "côte d’ivoire": "CIV",
    "côte d'ivoire": "CIV",
    "cote d'ivoire": "CIV",
    "korea, south": "KOR",
    "tanzania": "TZA",
    "bolivia": "BOL",
    "iran": "IRN",
    "taiwan": "TWN",
    "world": "WLD",
    "world total": "WLD",
    "world total (rounded)": "WLD",
    "total": "WLD",
    "other countries": "OTH",
    "other": "OTH",
    "rest of the world": "OTH",
    "european union": "EUU",
}


class UnknownCountry(ValueError):
    """A name that neither the alias table nor pycountry resolves."""


@cache
def to_iso3(name: str) -> str:
    """Return the ISO alpha-3 code (or pseudo-code) for a country name.

    >>> to_iso3("Congo (Kinshasa)")
    'COD'
    >>> to_iso3(" Canada ")
    'CAN'
    >>> to_iso3("World total (rounded)")
    'WLD'
    """
    key = " ".join(name.split()).lower()
    if key in ALIASES:
        return ALIASES[key]
    try:
        return str(pycountry.countries.lookup(key).alpha_3)
    except LookupError:
        raise UnknownCountry(f"unknown country name {name.strip()!r}") from None


def is_valid_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code known to pycountry, written in upper case, or a documented
    pseudo-code. (pycountry's own lookup ignores case: 'chn' would pass and then never match 'CHN'.)

    >>> is_valid_code("IND"), is_valid_code("WLD"), is_valid_code("XXX"), is_valid_code("chn")
    (True, True, False, False)
    """
    if code in PSEUDO_CODES:
        return True
    return len(code) == 3 and code.isascii() and code.isupper() and pycountry.countries.get(alpha_3=code) is not None


@cache
def name_of(code: str) -> str:
    """Display name for a code: the pycountry common name where there is one.

    >>> name_of("COD"), name_of("OTH"), name_of("CHL")
    ('DR Congo', 'Other countries', 'Chile')
    """
    if code in DISPLAY_NAMES:
        return DISPLAY_NAMES[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)
