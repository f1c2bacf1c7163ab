"""The Streamlit app through AppTest: every page for every mineral, filters, URL state, bad input."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.text import md_shown

pytestmark = pytest.mark.app

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PAGES = ["views/overview.py", "views/minerals.py", "views/partners.py", "views/initiatives.py",
         "views/themes.py", "views/scenarios.py", "views/sources.py"]
FIXTURE = Path(__file__).parent / "fixtures" / "datasets"
MINERALS = data.load().vocabulary.mineral_ids


def app(**query: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _in_order(node) -> list:
    children = getattr(node, "children", None)
    if not isinstance(children, dict):
        return [node]
    return [leaf for child in children.values() for leaf in _in_order(child)]


def sources_under_charts(at: AppTest) -> list[str]:
    """For each chart on the page, the caption printed right under it (empty if there is none)."""
    elements = _in_order(at._tree)
    out = []
    for index, element in enumerate(elements):
        if element.type == "plotly_chart":
            following = elements[index + 1] if index + 1 < len(elements) else None
            out.append(md_shown(str(following.value)) if following is not None and following.type == "caption" else "")
    return out


def chart_titles(at: AppTest) -> list[str]:
    """The charts' titles, as the page prints them above each figure (kept in the figure's meta)."""
    return [html.unescape(spec["layout"]["meta"]["title"]) for spec in chart_specs(at)]


def headings_above_charts(at: AppTest) -> list[str]:
    """For each chart on the page, the bold line printed above it (its title), Markdown escapes removed."""
    elements = _in_order(at._tree)
    out = []
    for index, element in enumerate(elements):
        if element.type == "plotly_chart":
            before = [e for e in elements[max(0, index - 2):index] if e.type == "markdown"]
            out.append(md_shown(str(before[-1].value).strip("*")) if before else "")
    return out


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("mineral", MINERALS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_for_every_mineral(page: str, mineral: str):
    at = app(mineral=mineral)
    at.run()
    at.switch_page(page).run()
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    for spec in chart_specs(at):
        # every chart has a title, printed above the figure (where it wraps to any width, and the toolbar
        # never sits on it) rather than inside it; no placeholder colour of Streamlit's theme, and no source
        # line inside it (the page prints it under the chart, where it wraps to the column)
        assert spec["layout"]["meta"]["title"] and not spec["layout"]["title"].get("text")
        assert not any("Source" in a.get("text", "") for a in spec["layout"].get("annotations", []))
        assert "#000001" not in json.dumps(spec)
    assert headings_above_charts(at) == chart_titles(at)
    for table in [*at.dataframe, *at.table]:  # tables for people: no code names, no empty cell drawn as "None"
        frame = table.value
        assert not [c for c in frame.columns if re.search(r"[a-z0-9]_[a-z]", str(c))], list(frame.columns)
        assert not frame.isin(["None", "nan", "NaN"]).any().any(), frame
        grid = table in at.dataframe  # a grid draws a missing cell with its placeholder; a static table has none
        assert (grid and table.proto.placeholder == "no data") or not frame.isna().any().any(), frame
    for info in at.info:  # an empty state says what is missing in words, never an internal name
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", info.value), info.value
    for chart in at.get("plotly_chart"):  # no camera button: its PNG would carry no source
        assert "toImage" in json.loads(chart.proto.config)["modeBarButtonsToRemove"]
    sources = sources_under_charts(at)
    assert len(sources) == len(chart_specs(at))
    assert all(s.startswith("Source") for s in sources), sources


def test_selecting_a_mineral_changes_the_charts():
    at = app()
    at.run()
    at.switch_page("views/minerals.py").run()
    assert any("Lithium" in t for t in chart_titles(at))
    at.multiselect(key="f_minerals").set_value(["nickel"]).run()
    titles = chart_titles(at)
    assert titles and all("Nickel" in t for t in titles)
    assert at.query_params["mineral"] == "nickel"


def test_selecting_a_partner_adds_its_share_to_the_overview():
    at = app(mineral="cobalt")
    at.run()
    rows_before = [md_shown(v) for v in at.table[0].value["measure"]]
    at.selectbox(key="f_partner").set_value("IDN").run()
    card = at.table[0].value.map(md_shown).set_index("measure")  # the cells are Markdown, escaped
    assert "Indonesia, % of world" not in rows_before and "Indonesia, % of world" in card.index
    assert card.loc["Indonesia, % of world", "mine (2025)"] == "14.2 %"  # 44,000 / 310,000 t
    assert at.query_params["partner"] == "IDN"


def test_a_bloc_counts_its_members_at_the_chosen_date():
    at = app(mineral="lithium", bloc="quad_cmi")
    at.run()
    card = at.table[0].value.map(md_shown).set_index("measure")
    row = "Quad Critical Minerals Initiative, % of world"
    # Quad members AUS, IND, JPN, USA: only Australia is listed with a figure for lithium mine 2025 (92,000 t of 290,000 t)
    assert card.loc[row, "mine (2025)"] == "31.7 %"
    # the figure says how many members are recorded and whether the roster is complete
    assert any("4 members recorded at" in c.value and "roster" in c.value for c in at.caption)


def test_the_as_of_date_can_be_set_without_a_bloc_and_moves_the_initiative_statuses():
    """The date is not only a bloc's: the Initiatives page reads each initiative's status at it."""
    at = app()
    at.switch_page("views/initiatives.py")
    at.run()
    date = at.sidebar.date_input[0]
    assert not date.disabled and "As of" in date.label
    today = at.dataframe[0].value
    date.set_value(dt.date(2025, 1, 1)).run()
    assert at.query_params["asof"] in ("2025-01-01", ["2025-01-01"])
    earlier = at.dataframe[0].value
    status = next(c for c in earlier.columns if str(c).startswith("status"))
    assert "not yet launched" in " ".join(map(str, earlier[status])) and \
        "not yet launched" not in " ".join(map(str, today[status]))
    no_exceptions(at)


def test_url_state_round_trips():
    query = {"mineral": ["cobalt", "nickel"], "partner": "IND", "bloc": "msp", "year": "2024", "stage": "reserves"}
    at = app(**query)
    at.run()
    assert at.multiselect(key="f_minerals").value == ["cobalt", "nickel"]
    assert at.selectbox(key="f_partner").value == "IND"
    assert at.selectbox(key="f_bloc").value == "msp"
    assert at.selectbox(key="f_year").value == 2024
    assert at.radio(key="f_stage").value == "reserves"
    written = {k: at.query_params[k] for k in query}
    assert written == query
    assert not at.warning


def test_unknown_url_values_give_a_note_not_an_exception():
    at = app(mineral=["gold", "cobalt"], partner="<script>alert(1)</script>", year="1850", stage="smelter",
             bloc="x" * 500, utm_source="mail")
    at.run()
    no_exceptions(at)
    notes = " ".join(md_shown(w.value) for w in at.warning)
    assert "Ignored mineral 'gold'" in notes
    assert "Ignored partner '<script>alert(1)</script>'" in notes
    assert "Ignored year '1850'" in notes and "Ignored stage 'smelter'" in notes
    assert "500-character value for bloc" in notes and "unknown link parameter 'utm_source'" in notes
    assert at.multiselect(key="f_minerals").value == ["cobalt"]
    assert at.query_params["mineral"] == "cobalt" and "partner" not in at.query_params


def test_a_malformed_dataset_shows_the_validation_messages_not_a_traceback(tmp_path: Path, monkeypatch):
    broken = tmp_path / "datasets"
    shutil.copytree(FIXTURE, broken)
    production = broken / "curated" / "production.csv"
    production.write_text(production.read_text().replace("COD,2025,230000", "COD,2025,lots"))
    monkeypatch.setenv("DASHBOARD_DATASETS", str(broken))
    at = app()
    at.run()
    no_exceptions(at)
    assert "did not validate" in at.error[0].value
    assert "curated/production.csv:2:value: Input should be a valid number" in at.code[0].value
    assert not at.get("plotly_chart")


def test_the_scenario_page_moves_the_shares():
    at = app(mineral="cobalt")
    at.run()
    at.switch_page("views/scenarios.py").run()
    needed = [md_shown(m.value) for m in at.markdown if "Minimum new supply outside" in m.value]
    # cobalt mine 2025 (MCS 2026): 230,000 t of 310,000 t; X = 230,000 / 0.65 - 310,000 = 43,846 t
    assert needed and "43,846 t" in needed[0]
    at.slider(key="scenarios_threshold").set_value(50).run()
    needed = [md_shown(m.value) for m in at.markdown if "Minimum new supply outside" in m.value]
    assert "150,000 t" in needed[0]  # 230,000 / 0.5 - 310,000


MALFORMED = [
    ("curated/production.csv", "year,value,value_code", "year,value_code", "curated/production.csv:1:value: required column missing"),
    ("curated/production.csv", "IDN,2025", "XYZ,2025", "curated/production.csv:3:country_iso3: 'XYZ' is not an ISO"),
    ("manual/initiative_members.csv", "quad_cmi,IND,member", "msp,IND,member", "manual/initiative_members.csv:4:initiative_id+country_iso3+role: duplicate key"),
    ("manual/refining_shares.csv", "CHN,2024,80,news_test", "CHN,2024,80,nowhere", "manual/refining_shares.csv:2:source_id: 'nowhere' is not a source_id"),
    ("manual/refining_shares.csv", "CHN,2024,80", "CHN,2024,180", "manual/refining_shares.csv:2:share_pct: Input should be less than or equal to 100"),
    ("manual/initiatives.csv", "2022-06-14,day,2026-02-04", "2022-06-14,day,2020-01-01", "manual/initiatives.csv:2:end_date: 2020-01-01 is before the start date"),
]


@pytest.mark.parametrize(("relative", "old", "new", "expected"), MALFORMED, ids=[m[3].split(":")[2] for m in MALFORMED])
def test_each_kind_of_malformed_dataset_is_reported_in_the_app(tmp_path: Path, monkeypatch, relative, old, new, expected):
    broken = tmp_path / "datasets"
    shutil.copytree(FIXTURE, broken)
    path = broken / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    monkeypatch.setenv("DASHBOARD_DATASETS", str(broken))
    at = app()
    at.run()
    no_exceptions(at)
    assert expected in at.code[0].value


hostile = st.one_of(st.text(max_size=200), st.sampled_from(["<script>alert(1)</script>", "\x00", "%FF%FE", "'; DROP",
                                                            "<img src=x onerror=alert(1)>", "x" * 5000]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["mineral", "partner", "bloc", "country", "year", "stage", "asof", "zzz"]),
                       st.one_of(hostile, st.lists(hostile, min_size=1, max_size=3)), max_size=6))
def test_hostile_links_render_with_notes_and_never_raise(query):
    at = app(**query)
    at.run()
    no_exceptions(at)
    assert at.get("plotly_chart") or at.dataframe  # the page still renders


def test_no_data_or_url_text_is_rendered_as_raw_html():
    sources = "\n".join(p.read_text() for p in (Path(APP).parent).rglob("*.py"))
    assert "unsafe_allow_html" not in sources


def test_the_server_binds_locally_with_xsrf_protection_and_no_telemetry():
    from dashboard.__main__ import build_parser, streamlit_argv

    argv = streamlit_argv(8501)
    flags = dict(zip(argv[3::2], argv[4::2], strict=True))
    assert flags["--server.address"] == "127.0.0.1"
    assert flags["--server.enableXsrfProtection"] == "true"
    assert flags["--browser.gatherUsageStats"] == "false"
    assert build_parser().parse_args(["run"]).address == "127.0.0.1"
    # a served dashboard, not a development server: no file watching and no full garbage collection after
    # every script run (together they were 85 % of the server's CPU per filter change)
    assert flags["--server.fileWatcherType"] == "none"
    assert flags["--runner.postScriptGC"] == "false"


SECTIONS = ["Producers", "Mine vs refinery", "Trend to 2029", "Reserves vs production", "Imports", "End uses",
            "Prices"]


@pytest.mark.parametrize("mineral", MINERALS)
def test_every_section_of_the_minerals_page_draws_for_every_mineral(mineral: str):
    at = app(mineral=mineral)
    at.run()
    at.switch_page("views/minerals.py").run()
    seen = []
    for section in SECTIONS:
        at.session_state["minerals_tab"] = section
        at.run()
        no_exceptions(at)
        titles = chart_titles(at)
        assert titles, f"no chart in section {section}"
        seen += titles
        assert all(s.startswith("Source") for s in sources_under_charts(at))
    # the lazy tabs draw only the open section, but every section has been drawn once
    assert len(seen) == 10 and len(set(seen)) == 10
