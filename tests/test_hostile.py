"""Hostile text from links and from the data package shows as text, on screen and in every export: no
request to another host, no link or image made from it, no formula, no script, no dialog.

The data package is a valid copy of the real one with Markdown, HTML, LaTeX, shortcodes, bare links and a
formula appended to every displayed kind of text (``hostile.py``)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hostile import FORMULA, OUTSIDE, PIECES, hostile_package, hostile_query
from pypdf import PdfReader

from dashboard import data, export, filters, metrics, pack, present
from dashboard.charts import REGISTRY, chart_for
from dashboard.text import WORD_JOINER

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PAGES = ["", "minerals", "partners", "initiatives", "themes", "scenarios", "sources"]
#: what the page shows that it should not: links and images that lead outside, formulas, icons, markup
RENDERED = """server => {
  const outside = u => !!u && !u.startsWith(server) && !u.startsWith('#') && !u.startsWith('/')
                       && !u.startsWith('data:') && !u.startsWith('blob:')
                       && new URL(u, location.href).origin !== location.origin;  // a relative page link is ours
  const main = document.querySelector('[data-testid=stApp]');
  return {
    links: [...main.querySelectorAll('a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')
             .filter(outside),
    images: [...main.querySelectorAll('img, image')].map(i => i.getAttribute('src') || i.getAttribute('href') || '')
             .filter(outside),
    formulas: main.querySelectorAll('.katex, mjx-container').length,
    scripts: [...main.querySelectorAll('script')].length,
    bold_from_data: [...main.querySelectorAll('strong, b')].filter(b => b.textContent.trim() === 'bold').length,
    text: main.innerText,
  };
}"""
PLOT_SPECS = "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => JSON.stringify([p.data, p.layout]))"


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory) -> Path:
    return hostile_package(data.DATASETS_DIR, tmp_path_factory.mktemp("hostile") / "datasets")


@pytest.fixture(scope="module")
def hostile_server(hostile_root: Path, tmp_path_factory) -> Iterator[str]:
    from conftest import running_server

    with running_server(tmp_path_factory.mktemp("hostile_server") / "server.log",
                        {"DASHBOARD_DATASETS": str(hostile_root)}) as url:
        yield url


def strings(value: object, key: str = "") -> Iterator[tuple[str, str]]:
    """(key, text) of every string in a figure's JSON."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from strings(v, key)


def unsafe_markup(figure: object) -> list[str]:
    """Text in a Plotly figure that Plotly would render as markup, a formula or a template field and that
    we did not put there: tags other than ours, '$…$', '%{x}' in a hover template."""
    ours = {"b", "br", "span", "extra", "i", "sup", "sub"}
    found = []
    for key, text in strings(figure):
        found += [f"{key}: <{t}" for t in re.findall(r"<(/?[a-zA-Z]+)", text) if t.strip("/").lower() not in ours]
        if "$\\frac" in text:
            found.append(f"{key}: LaTeX")
        if key == "hovertemplate" and "**bold** %{x}" in text:
            found.append(f"{key}: template field from the data")
    return found


def check_page(page, server: str, requests: list[str], dialogs: list[str], where: str) -> str:
    page.wait_for_selector(IDLE, timeout=90_000)
    page.wait_for_timeout(300)  # images and fonts a render asked for have been requested by now
    found = page.evaluate(RENDERED, server)
    assert found["links"] == [], (where, found["links"])
    assert found["images"] == [], (where, found["images"])
    assert found["formulas"] == 0 and found["scripts"] == 0 and found["bold_from_data"] == 0, (where, found)
    for spec in page.evaluate(PLOT_SPECS):
        assert unsafe_markup(json.loads(spec)) == [], where
    outside = [u for u in requests if not u.startswith(server) and not u.startswith(("data:", "blob:"))]
    assert outside == [], (where, outside)
    assert dialogs == [], (where, dialogs)
    assert page.locator("[data-testid='stException']").count() == 0, where
    return str(found["text"]).replace(WORD_JOINER, "")


@pytest.mark.browser
@pytest.mark.parametrize("query", ["hostile_link", "hostile_bloc"])
def test_every_page_shows_hostile_links_and_data_as_text_and_fetches_nothing_outside(browser, hostile_server, query):
    context = browser.new_context(viewport={"width": 1440, "height": 2400})
    page = context.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    params = hostile_query() if query == "hostile_link" else {"mineral": "lithium", "bloc": "quad_cmi"}
    shown = []
    try:
        for path in PAGES:
            page.goto(f"{hostile_server}/{path}?{urlencode(params)}")
            shown.append(check_page(page, hostile_server, requests, dialogs, path or "overview"))
            tabs = page.locator("[data-testid=stMain]").get_by_role("tab")
            for number in range(1, tabs.count()):  # every section of the page
                name = tabs.nth(number).inner_text()
                tabs.nth(number).click()
                shown.append(check_page(page, hostile_server, requests, dialogs, f"{path or 'overview'}/{name}"))
        text = "\n".join(shown)
        # shown as written: the hostile text is on the page, literally
        assert PIECES[0] in text and PIECES[1] in text and "$\\frac{1}{2}$" in text and ":red[alert]" in text
        if query == "hostile_link":
            assert f"Ignored partner '{PIECES[0]}'" in text
    finally:
        context.close()


@pytest.mark.export
def test_exports_of_hostile_data_show_it_as_text_with_no_live_link(hostile_root: Path, tmp_path: Path):
    ds = data.load(hostile_root)
    selection = filters.resolve(ds, filters.Filters(minerals=("lithium",), bloc="quad_cmi"))
    assert PIECES[1] in (selection.partner_label or "")
    context = export.make_context(selection, {m: ds.vocabulary.mineral_name(m) for m in ds.vocabulary.mineral_ids})
    exporter = export.Exporter()
    try:
        for chart_id in REGISTRY:
            chart = chart_for(ds, chart_id, selection, "lithium")
            figure = export.decorate(chart, context, key_number=True)
            assert unsafe_markup(json.loads(figure.to_json())) == [], chart_id
        trend = chart_for(ds, "trend", selection, "lithium")
        svg = export.chart_bytes(trend, "svg", context, exporter).decode("utf-8")
        assert "<a " not in svg and "xlink:href=\"http" not in svg
        assert "href='http://203.0.113.9/a'&#62;link&#60;/a&#62;" in svg  # the tag is there, as text
        contents = pack.contents(ds, selection, context, annex=True)
        pdf = PdfReader(io.BytesIO(pack.render("pdf", contents, exporter)))
        links = [a.get_object().get("/A", {}).get("/URI") for p in pdf.pages for a in p.get("/Annots") or []]
        assert [u for u in links if u and OUTSIDE in str(u)] == []
        assert "<a href='http://203.0.113.9/a'>link</a>" in "".join(p.extract_text() for p in pdf.pages[:2])
        archive = zipfile.ZipFile(io.BytesIO(pack.render("zip", contents, exporter)))
        for name in archive.namelist():
            if name.endswith(".svg"):
                assert "xlink:href=\"http" not in archive.read(name).decode("utf-8"), name
        readme = archive.read("README.md").decode("utf-8")
        prose, references = readme.split("```text", 1)
        unescaped = re.findall(r"(?<!\\)(?:!\[|<a |<img|<script)", prose)
        assert unescaped == [], [line for line in prose.splitlines() if re.search(r"(?<!\\)(?:!\[|<a )", line)]
        assert "\\!\\[x\\](http://203.0.113.9/md.png)" in prose  # there, as text
        assert references.count("```") == 1  # the hostile text kept inside the fenced block
    finally:
        exporter.close()


def test_csv_exports_neutralise_formulas_in_headers_and_cells(hostile_root: Path):
    ds = data.load(hostile_root)
    # the Overview card's table: one row per measure, the partner's row labelled with its (hostile) name
    profile_rows = present.stage_table(metrics.stage_profile(ds, "lithium", None), FORMULA)
    profile_rows[FORMULA] = FORMULA  # a header made of the formula, and a cell in every row
    text = export.safe_csv(profile_rows, [f"Filters: {FORMULA}"]).decode("utf-8")
    preamble, header, *rows = text.splitlines()
    assert preamble.startswith("# Filters: ") and ",=" not in preamble and ", =" not in preamble
    assert header.count("'=HYPERLINK") == 1 and not header.startswith("=") and ",=" not in header
    quoted = "\"'=HYPERLINK(\"\"http://203.0.113.9/f\"\",\"\"x\"\")\""
    assert all(row.endswith(quoted) for row in rows)
    assert [row for row in rows if row.startswith(quoted[:-1])]  # the partner's row label, neutralised too


#: elements whose text Streamlit shows as plain text (the raw text is right there)
PLAIN = {"dataframe", "plotly_chart", "selectbox", "multiselect", "code", "text_input", "date_input", "slider",
         "download_button", "button"}


@pytest.mark.app
def test_every_markdown_element_of_every_page_holds_hostile_data_escaped(hostile_root: Path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DASHBOARD_DATASETS", str(hostile_root))
    at = AppTest.from_file(str(Path(data.__file__).parent / "app.py"), default_timeout=120)
    at.query_params.update({"mineral": ["lithium", "cobalt"], "bloc": "quad_cmi"})
    at.run()
    raw = (PIECES[0], ":red[alert]", f"https://{OUTSIDE}/bare")

    def leaves(node):
        children = getattr(node, "children", None)
        return [leaf for child in children.values() for leaf in leaves(child)] if isinstance(children, dict) else [node]

    checked = 0
    for page in ["views/overview.py", "views/minerals.py", "views/partners.py", "views/initiatives.py",
                 "views/themes.py", "views/scenarios.py", "views/sources.py"]:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        for element in leaves(at._tree):
            proto = str(getattr(element, "proto", ""))
            if element.type == "plotly_chart":
                assert unsafe_markup(json.loads(element.proto.spec)) == [], page
            elif element.type not in PLAIN:
                assert not [r for r in raw if r in proto], (page, element.type, proto[:300])
                checked += "203" in proto
    assert checked >= 20  # the hostile text did reach the Markdown elements (escaped)
