"""Page state in the URL, without Streamlit: every page's parameters round-trip, odd values are dropped
with a note, and page keys never collide with the global filters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import filters, page_state
from dashboard.page_state import Changes, Choice, Number, Text, format_changes, parse_changes, read, write

SECTIONS = {"producers": "Producers", "mine-vs-refinery": "Mine vs refinery", "trend": "Trend to 2029"}
COUNTRIES = ("AUS", "COD", "IDN", "IND", "OTH")
PARAMS = (
    Choice("focus", "mineral shown", {"lithium": "Lithium", "rare_earths": "Rare earths"}),
    Choice("tab", "section", SECTIONS),
    Choice("kind", "kind", {"bilateral": "bilateral", "plurilateral": "plurilateral"}, multi=True),
    Text("q", "search"),
    Number("threshold", "single-supplier threshold", 10, 95, 65, step=5),
    Changes("d", "scenario changes", COUNTRIES),
)


def test_page_keys_and_global_filter_keys_do_not_collide():
    assert not set(page_state.PAGE_KEYS) & set(filters.URL_KEYS)


def test_defaults_make_an_empty_query_and_a_full_view_round_trips():
    defaults = read({}, PARAMS)
    assert write(defaults.values, PARAMS) == {} and defaults.notes == ()
    view = {"focus": "rare_earths", "tab": "trend", "kind": ("plurilateral", "bilateral"), "q": "lithium",
            "threshold": 50, "d": (("AUS", 5000.0), ("IDN", -2000.5))}
    query = write(view, PARAMS)
    assert query == {"focus": ["rare_earths"], "tab": ["trend"], "kind": ["plurilateral", "bilateral"],
                     "q": ["lithium"], "threshold": ["50"], "d": ["AUS:5000,IDN:-2000.5"]}
    back = read(query, PARAMS)
    assert back.values == view and back.notes == ()


def test_names_are_forgiving_like_the_global_filters():
    state = read({"focus": "Rare earths", "tab": "Mine vs refinery", "kind": ["Bilateral"]}, PARAMS)
    assert (state["focus"], state["tab"], state["kind"]) == ("rare_earths", "mine-vs-refinery", ("bilateral",))


def test_unknown_values_fall_back_to_the_default_with_a_note():
    state = read({"tab": "gossip", "threshold": "67", "focus": ["lithium", "rare_earths"], "theme": "x"}, PARAMS)
    assert state["tab"] == "producers" and state["threshold"] == 65 and state["focus"] == "lithium"
    assert state.notes == (
        "Ignored link parameter 'theme': this page does not use it.",
        "The link gives mineral shown 2 times; used the first ('lithium').",
        "Ignored section 'gossip' from the link: not one of Producers, Mine vs refinery, Trend to 2029.",
        "Ignored single-supplier threshold '67' from the link: a whole number from 10 to 95 in steps of 5.",
    )


def test_scenario_changes_have_a_compact_form_and_odd_items_are_dropped_with_a_reason():
    changes, problems = parse_changes("AUS:5000, idn:-2000,XXX:1,COD:abc,IND:0,AUS:7,IDN:1e99", COUNTRIES)
    assert changes == (("AUS", 5000.0), ("IDN", -2000.0))  # a zero change is no change
    assert problems == ["unknown country 'XXX'", "'COD:abc' is not COUNTRY:CHANGE", "AUS given twice (kept the first)",
                        "IDN: the change 1e99 is out of range"]
    assert format_changes(changes) == "AUS:5000,IDN:-2000"
    state = read({"d": "OTH:1e20"}, PARAMS)
    assert state["d"] == () and state.notes == (
        "Ignored part of the scenario changes from the link: OTH: the change 1e20 is out of range.",)


def test_free_text_loses_control_characters_and_overlong_values_are_dropped():
    assert read({"q": " forge\x00\n quad "}, PARAMS)["q"] == "forge quad"
    state = read({"q": "x" * 65}, PARAMS)
    assert state["q"] == "" and state.notes == ("Ignored a 65-character value for search from the link.",)


def test_global_filters_leave_page_keys_to_the_page():
    parsed = filters.from_query({"mineral": "cobalt", "tab": "trend", "d": "AUS:1", "utm": "x"})
    assert parsed.notes == ("Ignored unknown link parameter 'utm'.",)


@pytest.mark.parametrize("key", page_state.PAGE_KEYS)
def test_a_page_key_another_page_uses_is_dropped_with_a_note_not_silently(key):
    state = read({key: "x"}, ())
    assert state.notes == (f"Ignored link parameter '{key}': this page does not use it.",)


hostile = st.one_of(st.text(max_size=120), st.sampled_from(["<script>", "\x00", "%FF", "AUS:", ":5", ",,,", "1e309"]))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([*page_state.PAGE_KEYS, "mineral", "zzz"]),
                       st.one_of(hostile, st.lists(hostile, min_size=1, max_size=3)), max_size=8))
def test_hostile_queries_never_raise_and_what_is_kept_round_trips(query):
    state = read(query, PARAMS)
    assert read(write(state.values, PARAMS), PARAMS).values == state.values
