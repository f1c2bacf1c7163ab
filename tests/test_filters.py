"""Filters in the URL: round trips, and hostile query strings never raise."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import data
from dashboard.filters import MAX_VALUE_LENGTH, Filters, choices, from_query, resolve
from dashboard.vocabulary import STAGES


@functools.cache
def package() -> data.Datasets:
    return data.load()


@pytest.fixture(scope="module")
def ds() -> data.Datasets:
    return package()


def parse(ds: data.Datasets, query: dict) -> object:
    return resolve(ds, from_query(query))


def test_default_filters_make_an_empty_query_string(ds):
    default = resolve(ds, Filters())
    assert default.to_query() == {}
    assert parse(ds, {}) == default


def test_a_full_view_round_trips_through_the_query_string(ds):
    view = resolve(ds, Filters(minerals=("cobalt", "nickel"), partner="IND", bloc="quad_cmi",
                               countries=("AUS", "CHN"), year="2024", stage="refinery", asof="2026-02-05"))
    assert not view.notes
    assert parse(ds, view.to_query()) == view


def test_repeated_single_keys_keep_the_first_and_say_so(ds):
    parsed = parse(ds, {"partner": ["IND", "USA"]})
    assert parsed.partner == "IND"
    assert parsed.notes == ("The link gives partner 2 times; used the first ('IND').",)


def test_country_codes_and_names_are_accepted_in_any_case(ds):
    parsed = parse(ds, {"partner": "ind", "country": ["aus", "Japan"]})
    assert parsed.partner == "IND" and parsed.countries == ("AUS", "JPN") and not parsed.notes


def test_a_bad_date_is_dropped_with_a_note(ds):
    parsed = parse(ds, {"asof": "2026-02-30"})
    assert parsed.asof is None
    assert parsed.notes == ("Ignored date '2026-02-30' from the link: not a YYYY-MM-DD date.",)


@pytest.mark.parametrize("year", ["²", "①", "٢٠٢٥", "２０２５", "2025 ", "+2025", "1e3"])
def test_digits_that_int_refuses_or_reads_differently_never_crash(ds, year):
    parsed = parse(ds, {"year": year})
    assert parsed.year is None or year.strip() == "2025"


hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), max_size=6),  # ², ①, Arabic digits
    st.sampled_from(["<script>alert(1)</script>", "%FF%FE", "\x00", "' OR 1=1 --", "=cmd|' /C calc'!A0",
                     "../../etc/passwd", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "lithium\nnickel", "²", "①", "![x](https://e.com/p.png)"]),
)
query_values = st.one_of(hostile_text, st.lists(hostile_text, max_size=5))
queries = st.dictionaries(st.one_of(st.sampled_from(["mineral", "partner", "bloc", "country", "year", "stage",
                                                     "asof"]), st.text(max_size=20)), query_values, max_size=8)


@settings(max_examples=200, deadline=None)
@given(queries)
def test_any_query_string_gives_valid_filters_and_never_raises(query):
    ds = package()
    options = choices(ds)
    parsed = parse(ds, query)
    assert set(parsed.minerals) <= set(ds.vocabulary.mineral_ids) and parsed.minerals
    assert parsed.partner is None or parsed.partner in options.countries
    assert parsed.bloc is None or parsed.bloc in (*options.blocs, "custom")
    assert set(parsed.countries) <= set(options.countries)
    assert parsed.year is None or parsed.year in options.years
    assert parsed.stage in STAGES
    for note in parsed.notes:
        assert len(note) < 300  # hostile values are cut short in notes
    # what is kept round-trips exactly
    assert parse(ds, parsed.to_query()) == parsed


@given(st.text(min_size=MAX_VALUE_LENGTH + 1, max_size=5000))
def test_huge_values_are_dropped(value):
    ds = package()
    parsed = parse(ds, {"partner": value, "mineral": [value]})
    assert parsed.partner is None and parsed.minerals == ds.vocabulary.default_minerals
    assert any("character value for partner" in n for n in parsed.notes)
