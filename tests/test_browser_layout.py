"""Layouts that never cut a number, measured in a real browser at 1440x900 and on a phone (390x844): no metric
value or label is cut short with an ellipsis, no chart label covers another or a value, the toolbar never sits
on a legend, no value is clipped by its chart, small tables do not scroll sideways, and the sidebar starts
collapsed on the phone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
VIEWS = [
    "?partner=IND",
    "minerals?mineral=cobalt&partner=IDN",
    "minerals?mineral=cobalt&tab=mine-vs-refinery&bloc=forge",
    "minerals?mineral=nickel&tab=reserves",
    "minerals?mineral=lithium&tab=trend",
    "minerals?mineral=rare_earths&tab=imports&partner=AUS",
    "themes?mineral=rare_earths&theme=reducing_china_concentration&partner=IND",
    "scenarios?mineral=cobalt&d=IDN:20000",
    "partners?bloc=quad_cmi",
    "initiatives",
]

#: Text cut short: an element that hides its overflow (or ends it with an ellipsis) and is wider inside than out.
TRUNCATED = """() => {
  const cut = [];
  for (const el of document.querySelectorAll(
      '[data-testid=stMetricValue], [data-testid=stMetricValue] *, [data-testid=stMetricLabel], '
      + '[data-testid=stMetricLabel] *, [data-testid=stMetricDelta], [data-testid=stMetricDelta] *')) {
    const style = getComputedStyle(el);
    const hides = style.textOverflow === 'ellipsis' || ['hidden', 'clip'].includes(style.overflowX);
    if (hides && el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent.trim());
  }
  for (const el of document.querySelectorAll('[data-testid=stTable]')) {
    if (el.scrollWidth > el.clientWidth + 1) cut.push('table: ' + el.textContent.slice(0, 60));
  }
  for (const el of document.querySelectorAll('[data-testid=stMain] [data-testid=stMarkdownContainer]')) {
    if (el.scrollWidth > el.clientWidth + 1) cut.push('text: ' + el.textContent.slice(0, 60));
  }
  return cut;
}"""

#: For each chart: the boxes of its value labels, annotations, legend entries and toolbar, and of its drawing.
CHART_BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
  const box = el => { const r = el.getBoundingClientRect();
                      return {x: r.left, y: r.top, r: r.right, b: r.bottom, text: el.textContent}; };
  const all = sel => [...plot.querySelectorAll(sel)].map(box).filter(b => b.r - b.x > 0 && b.b - b.y > 0);
  return {
    title: (plot.layout.meta || {}).title || '',
    values: all('.bartext, .textpoint text, .heatmap-label text'),
    annotations: all('.annotation-text'),
    legend: all('.legend .traces'),
    axes: all('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .g-y2title text'),
    toolbar: all('.modebar-group'),
    svg: box(plot.querySelector('.main-svg')),
  };
})"""


def overlap(a: dict, b: dict) -> float:
    width = min(a["r"], b["r"]) - max(a["x"], b["x"])
    height = min(a["b"], b["b"]) - max(a["y"], b["y"])
    return width * height if width > 0 and height > 0 else 0.0


def chart_problems(chart: dict) -> list[str]:
    problems = []
    values, annotations, legend, axes, toolbar, svg = (chart[k] for k in ("values", "annotations", "legend", "axes",
                                                                          "toolbar", "svg"))
    for i, value in enumerate(values):
        for other in values[i + 1:]:
            if overlap(value, other) > 2:
                problems.append(f"values {value['text']!r} and {other['text']!r} overlap")
        for label in annotations + legend:
            if overlap(value, label) > 2:
                problems.append(f"label {label['text'][:40]!r} covers the value {value['text']!r}")
        if value["x"] < svg["x"] - 1 or value["r"] > svg["r"] + 1 or value["y"] < svg["y"] - 1 or \
                value["b"] > svg["b"] + 1:
            problems.append(f"the value {value['text']!r} is cut off by the chart's edge")
    for entry in legend + axes:
        for group in toolbar:
            if overlap(entry, group) > 2:
                problems.append(f"the toolbar sits on {entry['text'][:40]!r}")
    return [f"{chart['title'][:50]}: {p}" for p in problems]


def open_view(browser, server: str, path: str, viewport: dict):
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 500,
                                  has_touch=viewport["width"] < 500)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/{path}")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stSidebar] h3').length > 0",
                           timeout=90_000)
    page.wait_for_selector(IDLE, timeout=90_000)
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector("
                           "'.main-svg')) && document.querySelectorAll('.js-plotly-plot').length > 0",
                           timeout=60_000)
    # elements whose code is still loading show a skeleton: measure only once every element is drawn
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stSkeleton]').length === 0", timeout=60_000)
    return context, page, errors


@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize("path", VIEWS, ids=lambda p: ((p.split("?")[0] or "overview") + " "
                                                           + p.partition("?")[2].replace("&", " ")).strip())
def test_no_number_or_label_is_cut_or_covered(browser, server, path, size):
    context, page, errors = open_view(browser, server, path, VIEWPORTS[size])
    try:
        truncated = page.evaluate(TRUNCATED)
        assert truncated == [], truncated
        charts = page.evaluate(CHART_BOXES)
        assert charts and any(c["values"] or c["legend"] for c in charts)
        problems = [p for chart in charts for p in chart_problems(chart)]
        assert problems == [], problems
        assert errors == [] and page.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_sidebar_starts_collapsed_on_a_phone_and_open_on_a_desktop(browser, server, size):
    context, page, _ = open_view(browser, server, "minerals?mineral=cobalt", VIEWPORTS[size])
    try:
        sidebar = page.locator("[data-testid='stSidebar']")
        box = sidebar.bounding_box()
        visible_width = max(0.0, min(box["x"] + box["width"], VIEWPORTS[size]["width"]) - max(box["x"], 0.0))
        if size == "phone":
            assert sidebar.get_attribute("data-collapsed") == "true"
            assert visible_width < 5  # the page is not covered
        else:
            assert sidebar.get_attribute("data-collapsed") == "false" and visible_width > 200
    finally:
        context.close()
