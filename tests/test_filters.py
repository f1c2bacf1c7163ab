"""Filters in the URL: round trips, and hostile query strings never raise."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from dashboard.filters import MAX_VALUE_LENGTH, STAGES, Choices, Filters, parse_query
from dashboard.models import MINERALS

CHOICES = Choices(("AUS", "CHN", "IND", "USA"), ("msp", "quad_cmi"), (2023, 2024, 2025), dt.date(2026, 11, 26))


def test_default_filters_make_an_empty_query_string():
    assert Filters().to_query() == {}
    assert parse_query({}, CHOICES) == Filters()


def test_a_full_view_round_trips_through_the_query_string():
    view = Filters(minerals=("cobalt", "nickel"), partner="IND", bloc="quad_cmi", countries=("AUS", "CHN"),
                   year=2024, stage="refinery", asof=dt.date(2026, 2, 5))
    assert parse_query(view.to_query(), CHOICES) == view


def test_repeated_single_keys_keep_the_first_and_say_so():
    parsed = parse_query({"partner": ["IND", "USA"]}, CHOICES)
    assert parsed.partner == "IND"
    assert parsed.notes == ("The link gives partner 2 times; used the first ('IND').",)


def test_lower_case_country_codes_are_accepted():
    assert parse_query({"partner": "ind", "country": ["aus"]}, CHOICES).partner == "IND"


def test_a_bad_date_is_dropped_with_a_note():
    parsed = parse_query({"asof": "2026-02-30"}, CHOICES)
    assert parsed.asof is None and parsed.notes == ("Ignored date '2026-02-30' from the link: not a YYYY-MM-DD date.",)


hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["<script>alert(1)</script>", "%FF%FE", "\x00", "' OR 1=1 --", "=cmd|' /C calc'!A0",
                     "../../etc/passwd", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "lithium\nnickel"]),
)
query_values = st.one_of(hostile_text, st.lists(hostile_text, max_size=5))
queries = st.dictionaries(st.one_of(st.sampled_from(["mineral", "partner", "bloc", "country", "year", "stage",
                                                     "asof"]), st.text(max_size=20)), query_values, max_size=8)


@given(queries)
def test_any_query_string_gives_valid_filters_and_never_raises(query):
    parsed = parse_query(query, CHOICES)
    assert set(parsed.minerals) <= set(MINERALS) and parsed.minerals
    assert parsed.partner is None or parsed.partner in CHOICES.countries
    assert parsed.bloc is None or parsed.bloc in (*CHOICES.blocs, "custom")
    assert set(parsed.countries) <= set(CHOICES.countries)
    assert parsed.year is None or parsed.year in CHOICES.years
    assert parsed.stage in STAGES
    for note in parsed.notes:
        assert len(note) < 300  # hostile values are cut short in notes
    # what is kept round-trips exactly
    assert parse_query(parsed.to_query(), CHOICES) == parsed


@given(st.text(min_size=MAX_VALUE_LENGTH + 1, max_size=5000))
def test_huge_values_are_dropped(value):
    parsed = parse_query({"partner": value, "mineral": [value]}, CHOICES)
    assert parsed.partner is None and parsed.minerals == MINERALS
    assert any("character value for partner" in n for n in parsed.notes)
