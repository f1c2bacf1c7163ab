"""Every view is a link: on every page, a view changed by hand (or given by a link) is written to the address
bar, and that address opened in a fresh browser (no cookies, no session) shows the same view. A real server,
Debian's Chromium, no fixed sleeps."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHART_TITLES = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .filter(p => p.layout && p.layout.meta).map(p => p.layout.meta.title)"""


def settle(page) -> None:
    page.wait_for_selector(IDLE, timeout=90_000)


def loaded(page) -> None:
    """The first run has drawn the sidebar and finished (the app is idle before it connects, too)."""
    page.locator("[data-testid='stSidebar']").get_by_text("Filters", exact=True).wait_for(timeout=90_000)
    settle(page)


def wait_query(page, key: str, value: str) -> None:
    """The app has written ``key=value`` to the address bar (a change has been run)."""
    page.wait_for_function("([k, v]) => new URL(location.href).searchParams.getAll(k).includes(v)", arg=[key, value],
                           timeout=60_000)
    settle(page)


def wait_for_chart(page, fragment: str) -> None:
    page.wait_for_function(f"() => ({CHART_TITLES})().some(t => t.includes({fragment!r}))", timeout=60_000)


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def round_trip(browser, url: str, change: Callable, check: Callable) -> str:
    """Open ``url``, change the view by hand, check it; then open the address bar's link in a fresh context
    and check the same view is there. Returns the link."""
    first = browser.new_context(viewport={"width": 1440, "height": 1800})
    try:
        page = first.new_page()
        page.goto(url)
        loaded(page)
        change(page)
        settle(page)
        check(page)
        link = page.url
    finally:
        first.close()
    fresh = browser.new_context(viewport={"width": 1440, "height": 1800})
    try:
        page = fresh.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(link)
        loaded(page)
        check(page)
        assert page.url == link  # the link is already canonical: opening it rewrites nothing
        assert page.locator("[data-testid='stException']").count() == 0 and errors == []
        assert page.get_by_text("Ignored", exact=False).count() == 0  # nothing in our own link was dropped
    finally:
        fresh.close()
    return link


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` by typing, as a keyboard user would."""
    page.locator("[data-testid='stSelectbox']").filter(has_text=label).first.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def test_overview_link_restores_minerals_and_partner(browser, server):
    def check(page) -> None:
        page.get_by_role("heading", name="Nickel").wait_for()
        assert page.get_by_role("heading", name="Lithium").count() == 0
        page.get_by_text("India, % of world").first.wait_for()
        wait_for_chart(page, "Where China's grip lies")

    link = round_trip(browser, f"{server}/?mineral=cobalt&mineral=nickel", lambda page: (
        choose(page, "Partner country", "India"), wait_query(page, "partner", "IND")), check)
    assert query(link) == {"mineral": ["cobalt", "nickel"], "partner": ["IND"]}


def test_minerals_link_restores_the_mineral_shown_and_the_open_section(browser, server):
    def change(page) -> None:
        page.get_by_role("tab", name="Mine vs refinery").click()
        wait_for_chart(page, "Cobalt: concentration by stage")
        settle(page)
        page.get_by_role("radio", name="Nickel", exact=True).click()
        wait_query(page, "focus", "nickel")

    def check(page) -> None:
        wait_for_chart(page, "Nickel: concentration by stage")
        expect(page.get_by_role("tab", name="Mine vs refinery")).to_have_attribute("aria-selected", "true")
        assert not [t for t in page.evaluate(CHART_TITLES) if "Cobalt" in t or "production by country" in t]

    link = round_trip(browser, f"{server}/minerals?mineral=cobalt&mineral=nickel", change, check)
    assert query(link) == {"mineral": ["cobalt", "nickel"], "focus": ["nickel"], "tab": ["mine-vs-refinery"]}


def test_themes_link_restores_the_theme_and_the_mineral(browser, server):
    def change(page) -> None:
        page.get_by_text("Diversification of supply", exact=True).first.click()
        wait_query(page, "theme", "diversification")
        page.get_by_role("radio", name="Rare earths", exact=True).click()
        wait_query(page, "focus", "rare_earths")

    def check(page) -> None:
        page.get_by_role("heading", name="What the measures say for rare earths").wait_for()
        expect(page.get_by_role("radio", name="Diversification of supply")).to_be_checked()
        wait_for_chart(page, "Rare earths: China's share by stage vs India")

    link = round_trip(browser, f"{server}/themes?partner=IND", change, check)
    assert query(link) == {"partner": ["IND"], "theme": ["diversification"], "focus": ["rare_earths"]}


def test_partners_link_restores_the_bloc_and_the_country_profiled(browser, server):
    def check(page) -> None:
        page.get_by_role("heading", name="Australia (AUS)").wait_for()
        page.get_by_role("heading", name="Bloc: FORGE - Forum on Resource Geostrategic Engagement").wait_for()
        page.get_by_text("members recorded at 2026-02-05").first.wait_for()
        wait_for_chart(page, "Australia: share of world")

    link = round_trip(browser, f"{server}/partners?bloc=forge&asof=2026-02-05",
                      lambda page: (choose(page, "Country profile", "Australia"), wait_query(page, "profile", "AUS")),
                      check)
    assert query(link) == {"bloc": ["forge"], "asof": ["2026-02-05"], "profile": ["AUS"]}


def test_initiatives_link_restores_the_search_and_the_initiative(browser, server):
    def change(page) -> None:
        box = page.get_by_label("Search initiatives")
        box.fill("minerals")
        box.press("Enter")
        wait_query(page, "q", "minerals")
        choose(page, "Initiative", "Minerals Security Partnership (MSP)")
        wait_query(page, "initiative", "msp")

    def check(page) -> None:
        expect(page.get_by_label("Search initiatives")).to_have_value("minerals")
        page.get_by_role("heading", name="Membership at 2025-01-01").wait_for()
        page.get_by_text("Minerals Security Partnership (MSP): 15 members recorded", exact=False).first.wait_for()
        wait_for_chart(page, "Who belongs to what")

    link = round_trip(browser, f"{server}/initiatives?asof=2025-01-01", change, check)
    assert query(link) == {"asof": ["2025-01-01"], "q": ["minerals"], "initiative": ["msp"]}


def test_scenarios_link_restores_the_edits_and_the_threshold(browser, server):
    def change(page) -> None:
        slider = page.get_by_role("slider")
        for step in ("60", "55", "50"):  # 65 % -> 50 % by keyboard, one step at a time as a person would
            slider.focus()
            slider.press("ArrowLeft")
            wait_query(page, "threshold", step)

    def check(page) -> None:
        page.get_by_text("to bring it to 50 %", exact=False).wait_for()
        # cobalt mine 2025: DR Congo 230,000 t of 310,000 t; with Indonesia +20,000 t: 230,000 / 330,000 = 69.7 %
        expect(page.locator("[data-testid='stMetricValue']").filter(has_text="69.7 %")).to_have_count(1)
        wait_for_chart(page, "Cobalt mine: shares before and after the change")

    link = round_trip(browser, f"{server}/scenarios?mineral=cobalt&d=IDN:20000", change, check)
    assert query(link) == {"mineral": ["cobalt"], "threshold": ["50"], "d": ["IDN:20000"]}


def test_sources_link_restores_the_search_and_the_kind(browser, server):
    def change(page) -> None:
        box = page.get_by_label("Search sources")
        box.fill("lithium")
        box.press("Enter")
        wait_query(page, "q", "lithium")
        page.get_by_role("button", name="secondary", exact=True).click()
        wait_query(page, "kind", "secondary")

    def check(page) -> None:
        expect(page.get_by_label("Search sources")).to_have_value("lithium")
        expect(page.get_by_role("button", name="secondary", exact=True)).to_have_attribute("aria-pressed", "true")
        expect(page.get_by_role("button", name="primary", exact=True)).to_have_attribute("aria-pressed", "false")
        page.locator("[data-testid='stDataFrame']").first.wait_for()

    link = round_trip(browser, f"{server}/sources", change, check)
    assert query(link) == {"q": ["lithium"], "kind": ["secondary"]}


def test_the_theme_tiles_of_the_overview_keep_the_filters(page, server):
    page.goto(f"{server}/?mineral=nickel&partner=IDN&year=2024")
    loaded(page)
    links = page.get_by_role("link", name="Open the theme")
    expect(links).to_have_count(5)
    links.nth(1).click()  # the second theme: diversification
    page.wait_for_url("**/themes?**", timeout=60_000)
    settle(page)
    assert query(page.url) == {"mineral": ["nickel"], "partner": ["IDN"], "year": ["2024"],
                               "theme": ["diversification"]}
    expect(page.get_by_role("radio", name="Diversification of supply")).to_be_checked()
    wait_for_chart(page, "Nickel: China's share by stage vs Indonesia")


def test_an_unknown_page_value_is_dropped_with_a_note_and_the_page_still_renders(page, server):
    page.goto(f"{server}/minerals?mineral=cobalt&tab=gossip&theme=diversification&d=AUS:1")
    loaded(page)
    page.get_by_text("Ignored section 'gossip' from the link").wait_for()
    page.get_by_text("Ignored link parameter 'theme': this page does not use it.").wait_for()
    wait_for_chart(page, "Cobalt: mine production by country")  # the first section
    assert query(page.url) == {"mineral": ["cobalt"]}
