"""The dashboard as a user meets it: a real server, Debian's Chromium, no fixed sleeps (waits on conditions)."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# A chart's title is printed above the figure on screen; the figure keeps it in its meta.
PLOTS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(p => ({
    title: (p.layout && p.layout.meta && p.layout.meta.title) || '',
    traces: (p.data || []).length,
    marks: p.querySelectorAll('.point, .choroplethlocation, .scatterlayer .trace, .hm').length}))"""
PAGES = {"": "charts", "minerals": "charts", "partners": "charts", "initiatives": "charts", "themes": "charts",
         "scenarios": "charts", "sources": "tables"}


def settle(page) -> None:
    page.wait_for_selector(IDLE, timeout=90_000)


def open_view(page, base: str, path: str) -> None:
    page.goto(f"{base}/{path}")
    settle(page)


def wait_for_titles(page, fragment: str, timeout: float = 60_000) -> None:
    page.wait_for_function(
        """fragment => [...document.querySelectorAll('.js-plotly-plot')]
             .some(p => p.layout && p.layout.meta && (p.layout.meta.title || '').includes(fragment))""",
        arg=fragment, timeout=timeout)


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.page_errors == []


def test_each_section_tab_draws_its_charts(page, server):
    open_view(page, server, "minerals?mineral=nickel")
    for section, title in (("Mine vs refinery", "Nickel: concentration by stage"),
                           ("Trend to 2029", "Nickel: mine concentration (HHI)"),
                           ("Reserves vs production", "Nickel: share of world reserves vs mine production"),
                           ("Imports", "Nickel: where the US and India import from"),
                           ("End uses", "Nickel: end uses")):
        page.get_by_role("tab", name=section).click()
        wait_for_titles(page, title)
    no_exception(page)


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "overview")
def test_every_page_draws(page, server, path):
    open_view(page, server, path)
    if PAGES[path] == "charts":
        page.wait_for_function(f"() => ({PLOTS})().some(p => p.traces > 0 && p.marks > 0)", timeout=60_000)
        drawn = page.evaluate(PLOTS)
        assert drawn and all(p["title"] for p in drawn)
        assert page.locator(".js-plotly-plot .main-svg").count() > 0
    else:
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)
    no_exception(page)


def test_the_world_map_draws_its_countries_offline(page, server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_view(page, server, "minerals?mineral=cobalt")
    # the shipped topojson was fetched from this server: land drawn, and a shape with geometry per producer
    page.wait_for_function("""() => document.querySelectorAll('.geo .land path').length > 0
        && [...document.querySelectorAll('.choroplethlocation')].filter(p => (p.getAttribute('d') || '').length > 20)
           .length >= 10""", timeout=60_000)
    assert any(url.startswith(server) and url.endswith("/topojson/world_110m.json") for url in requested)
    assert not [url for url in requested if not url.startswith(server) and not url.startswith("data:")]
    no_exception(page)


def test_the_mineral_in_the_url_changes_the_charts(page, server):
    open_view(page, server, "minerals?mineral=cobalt")
    wait_for_titles(page, "Cobalt: mine production by country")
    open_view(page, server, "minerals?mineral=nickel")
    wait_for_titles(page, "Nickel: mine production by country")
    titles = [p["title"] for p in page.evaluate(PLOTS)]
    assert not any("Cobalt" in t for t in titles)


def test_the_stage_widget_changes_the_charts_and_the_url(page, server):
    open_view(page, server, "minerals?mineral=cobalt")
    wait_for_titles(page, "mine production by country")
    page.locator("[data-testid='stSidebar']").get_by_text("Refinery", exact=True).click()
    wait_for_titles(page, "share of world refined output")
    settle(page)
    assert "stage=refinery" in page.url
    no_exception(page)


def test_the_partner_widget_adds_the_partner_to_the_charts(page, server):
    open_view(page, server, "minerals?mineral=cobalt")
    page.get_by_role("tab", name="Mine vs refinery").click()
    wait_for_titles(page, "Cobalt: China's share by stage (%)")
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Partner country")
    box.click()
    page.keyboard.type("Indonesia")
    page.keyboard.press("Enter")
    wait_for_titles(page, "China's share by stage vs Indonesia")
    settle(page)
    assert "partner=IDN" in page.url


def test_a_view_reopens_from_its_link(page, server):
    link = f"{server}/themes?mineral=nickel&partner=IND&year=2024&stage=reserves"
    page.goto(link)
    settle(page)
    wait_for_titles(page, "Nickel")
    assert "partner=IND" in page.url and "year=2024" in page.url and "stage=reserves" in page.url
    page.reload()
    settle(page)
    wait_for_titles(page, "Nickel")


def test_an_unknown_url_value_shows_a_note_and_the_page_still_renders(page, server):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_view(page, server, "minerals?mineral=gold&mineral=cobalt&year=1066&partner=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    page.get_by_text("Ignored mineral 'gold'").wait_for(timeout=30_000)
    page.get_by_text("Ignored year '1066'").wait_for(timeout=30_000)
    wait_for_titles(page, "Cobalt")
    # the hostile value is shown as text (escaped), not turned into an element, and no script ran
    page.get_by_text("<script>alert(1)</script>", exact=False).first.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stAlert'] script").count() == 0
    assert dialogs == []
    no_exception(page)


def test_a_chart_downloads_as_a_slide_sized_png(page, server, tmp_path: Path):
    open_view(page, server, "minerals?mineral=lithium&partner=IND")
    wait_for_titles(page, "Lithium: mine production by country")
    page.locator("[data-testid='stPopover'] button").first.click()
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name="PNG, 1600 x 900 at 2x").click()
    path = tmp_path / "chart.png"
    info.value.save_as(path)
    blob = path.read_bytes()
    assert blob[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", blob[16:24]) == (3200, 1800)


def test_the_briefing_pack_downloads_as_a_pdf_that_opens_with_the_brief(page, server, tmp_path: Path):
    open_view(page, server, "minerals?mineral=lithium&partner=IND")
    page.get_by_role("button", name="Build briefing pack").click()
    download_button = page.get_by_role("button", name="Download briefing_lithium_IND")
    download_button.wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as info:
        download_button.click()
    path = tmp_path / "pack.pdf"
    info.value.save_as(path)
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert 3 <= len(reader.pages) <= 12  # the brief, lithium's story charts, the references
    first = reader.pages[0].extract_text()
    assert "Critical minerals: India after the" in first and "Key messages" in first
    # the permalink points at the page being viewed (no DASHBOARD_BASE_URL in the test server)
    assert f"{server}/minerals?mineral=lithium&partner=IND" in "".join(
        "".join(p.extract_text().split()) for p in reader.pages)
    no_exception(page)


def test_the_pack_builder_keeps_one_format_and_drops_a_pack_when_the_filters_change(page, server):
    open_view(page, server, "minerals?mineral=cobalt&partner=IND")
    sidebar = page.locator("[data-testid='stSidebar']")
    pdf = sidebar.get_by_role("radio", name="PDF")
    assert pdf.get_attribute("aria-checked") == "true"
    pdf.click()  # clicking the selected format keeps it selected
    settle(page)
    assert pdf.get_attribute("aria-checked") == "true"
    word = sidebar.get_by_role("radio", name="Word")
    word.click()
    settle(page)
    assert word.get_attribute("aria-checked") == "true" and pdf.get_attribute("aria-checked") == "false"
    build = sidebar.get_by_role("button", name="Build briefing pack")
    assert build.is_enabled()
    build.click()
    download = sidebar.get_by_role("button", name="Download briefing_cobalt_IND")
    download.wait_for(timeout=120_000)
    assert ".docx" in download.inner_text()
    sidebar.get_by_text("Key messages").wait_for(timeout=10_000)
    # every key message shown names the mineral and a year
    captions = sidebar.locator("[data-testid='stCaptionContainer']").all_inner_texts()
    assert any("cobalt" in c.lower() and any(str(y) in c for y in range(2019, 2027)) for c in captions)
    sidebar.get_by_text("Refinery", exact=True).click()  # a filter changes: the pack built before is dropped
    settle(page)
    sidebar.get_by_text("The filters or the format changed").wait_for(timeout=30_000)
    assert download.count() == 0
    assert build.is_enabled()
    no_exception(page)


def test_ten_sessions_at_once_each_changing_filters(browser, server):
    contexts = [browser.new_context(viewport={"width": 1280, "height": 1600}) for _ in range(10)]
    tabs = [context.new_page() for context in contexts]
    minerals = ["lithium", "cobalt", "nickel", "rare_earths"]
    try:
        for number, tab in enumerate(tabs):
            tab.goto(f"{server}/minerals?mineral={minerals[number % 4]}", wait_until="commit")
        for tab in tabs:
            settle(tab)
            tab.wait_for_function(f"() => ({PLOTS})().some(p => p.traces > 0)", timeout=90_000)
        for tab in tabs:
            tab.locator("[data-testid='stSidebar']").get_by_text("Reserves", exact=True).click()
        for tab in tabs:
            wait_for_titles(tab, "reserves", timeout=90_000)
            assert tab.locator("[data-testid='stException']").count() == 0
    finally:
        for context in contexts:
            context.close()


def test_back_and_forward_restore_the_filters(page, server):
    open_view(page, server, "minerals?mineral=cobalt")
    wait_for_titles(page, "Cobalt: mine production by country")
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Refinery", exact=True).click()
    wait_for_titles(page, "Cobalt: share of world refined output")
    settle(page)
    sidebar.get_by_text("Reserves", exact=True).click()
    wait_for_titles(page, "Cobalt: reserves by country")
    settle(page)
    page.go_back()
    wait_for_titles(page, "Cobalt: share of world refined output")
    assert page.url.endswith("stage=refinery")
    page.go_forward()
    wait_for_titles(page, "Cobalt: reserves by country")
    assert page.url.endswith("stage=reserves")


def test_non_utf8_escapes_and_repeated_keys_in_the_link_are_dropped_with_a_note(page, server):
    open_view(page, server, "minerals?mineral=%FF%FE&mineral=cobalt&partner=%00&partner=IND&bloc=%E2%28%A1&stage=mine&stage=x")
    page.get_by_text("Ignored mineral").first.wait_for(timeout=30_000)
    page.get_by_text("The link gives partner 2 times").wait_for(timeout=30_000)
    wait_for_titles(page, "Cobalt")
    no_exception(page)
