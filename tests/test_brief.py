"""The one-page brief's content and the pack's choices, computed from the committed data package (no
rendering): key messages name mineral, stage and year; every figure has a year and a reference; what is
missing is said once; the short pack stays within its page budget and leaves out charts with no data."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard import brief, export, filters, metrics, pack
from dashboard.pack import measure, native, spec
from dashboard.vocabulary import STAGES

TODAY = dt.date(2026, 11, 27)
STAGE_WORDS = ("mine", "mined", "mining", "refine", "refining", "refined", "refinery", "reserves", "imports")


def selection(ds, **kwargs) -> filters.Selection:
    return filters.resolve(ds, filters.Filters(**kwargs), today=TODAY)


@pytest.fixture(scope="module")
def india(ds) -> brief.Brief:
    return brief.build(ds, selection(ds, partner="IND"), TODAY)


def context(ds, chosen, base_url="https://minerals.example.org") -> export.Context:
    names = {m: ds.vocabulary.mineral_name(m) for m in ds.vocabulary.mineral_ids}
    return export.make_context(chosen, names, base_url=base_url, today=TODAY)


@pytest.mark.parametrize("request_", [{"partner": "IND"}, {"bloc": "quad_cmi"}, {}, {"partner": "AUS"},
                                      {"partner": "IND", "minerals": ("cobalt",)}])
def test_every_key_message_names_a_mineral_a_stage_and_a_year(ds, request_):
    made = brief.build(ds, selection(ds, **request_), TODAY)
    names = [m.name.lower() for m in made.minerals]
    assert 1 <= len(made.messages) <= 5
    if len(made.minerals) == 4:
        assert len(made.messages) >= 3
    for message in made.messages:
        text = message.text.lower()
        assert any(name in text for name in names), message.text
        assert any(word in text for word in STAGE_WORDS), message.text
        assert re.search(r"(?<!\d)(19|20)\d\d(?!\d)", message.text), message.text
        assert message.source_ids and made.marker(message.source_ids), message.text


def refinery_china(ds, mineral: str) -> tuple[str, int]:
    """China's share of refining as the metrics give it (a published bound kept), and its year."""
    row = metrics.stage_profile(ds, mineral).set_index("stage").loc["refinery"]
    return f"{row['concern_qualifier']}{brief.pct(row['concern_share_pct'])}", int(row["year"])


def test_the_partner_comes_first_and_the_choke_points_follow(ds, india):
    first = india.messages[0].text
    assert first.startswith("India relied on imports for 100 % of its lithium, cobalt and nickel")
    share, year = refinery_china(ds, "rare_earths")
    assert any(m.text.startswith("Refining is the choke point for rare earths") and
               f"China refined {share} of the world's rare earths in {year}" in m.text for m in india.messages)


def test_every_figure_has_its_year_and_a_reference_that_resolves(india):
    numbers = {r.number for r in india.references}
    assert numbers == set(range(1, len(india.references) + 1))
    facts = [s.china for m in india.minerals for s in m.stages]
    facts += [f for m in india.minerals for i in m.imports for f in (i.reliance, i.sources)]
    facts += [s.partner for m in india.minerals for s in m.stages if s.partner is not None]
    known = [f for f in facts if f.known]
    assert len(known) >= 20
    for fact in known:
        cited = india.cite(fact)
        assert re.search(r"\(((19|20)\d\d|FY\d{4}-\d\d)", cited) and re.search(r"\[\d+(, \d+)*\]$", cited), cited
        assert set(india.numbers(fact.source_ids)) <= numbers


def test_references_are_numbered_in_reading_order(india):
    """The first key message cites [1]; the numbers appear in increasing order of first use."""
    assert india.marker(india.messages[0].source_ids) == "[1]"
    seen: list[int] = []
    for message in india.messages:
        seen += [n for n in india.numbers(message.source_ids) if n not in seen]
    assert seen == sorted(seen)


def test_what_no_source_gives_is_said_once_and_never_as_a_zero(india):
    assert india.missing.count("No source gives India's import reliance for rare earths.") == 1
    assert len(set(india.missing)) == len(india.missing)
    ranked = [m for m in india.minerals if m.imports[0].ranked_only]
    assert ranked and all(m.imports[0].sources.text.endswith("(ranked)") for m in ranked)
    assert any(f"import shares for {ranked[0].name.lower()}" in line for line in india.missing)
    lithium = india.mineral("lithium")
    mine = lithium.stage("mine").partner
    assert mine is not None and mine.text == "not listed" and mine.value is None


def test_the_initiatives_signed_at_and_after_the_ministerial_come_first_with_their_dates(india):
    assert india.ministerial == "2026 Critical Minerals Ministerial"
    assert india.ministerial_date == dt.date(2026, 2, 4)
    recent = [i for i in india.initiatives if i.at_or_after_ministerial]
    names = " | ".join(i.name for i in recent)
    assert "FORGE" in names and "Pax Silica" in names and "US-India bilateral critical minerals framework" in names
    assert all(i.since is not None and i.since >= india.ministerial_date for i in recent)
    assert india.initiatives[: len(recent)] == tuple(recent)
    assert india.title == "Critical minerals: India after the 2026 Critical Minerals Ministerial"


def test_events_already_listed_as_initiatives_are_not_repeated(india):
    titles = [e.title for e in india.events]
    assert titles and not any("Pax Silica" in t or "framework signed" in t for t in titles)
    assert [e.date for e in india.events] == sorted((e.date for e in india.events), reverse=True)


def test_a_bloc_brief_speaks_for_its_members_with_data(ds):
    quad = brief.build(ds, selection(ds, bloc="quad_cmi"), TODAY)
    assert set(quad.importers) == {"IND", "USA"}
    assert any("No source in the data package gives the import reliance of" in line for line in quad.missing)
    assert all(i.role == "" for i in quad.initiatives)


def test_the_short_pack_fits_the_page_budget_with_the_story_charts(ds):
    chosen = selection(ds, partner="IND")
    made = pack.contents(ds, chosen, context(ds, chosen))
    assert spec.per_mineral(4) == 2 and len(made.story) == 8
    assert 2 + len(made.story) <= spec.MAX_PAGES
    assert [i.chart_kind for i in made.story[:2]] == list(spec.STORY[:2])
    assert all(not i.chart.empty for i in made.story) and not made.annex
    assert made.context.title == made.brief.title
    for item in made.story:
        assert item.headline and 1 <= len(item.points) <= 3
        assert all(p.source_ids for p in item.points), item.headline


def test_the_annex_adds_every_other_chart_and_lists_the_empty_ones_once(ds):
    chosen = selection(ds, partner="IND")
    made = pack.contents(ds, chosen, context(ds, chosen), annex=True)
    ids = [i.chart.chart_id for i in made.items]
    assert len(ids) == len(set(ids))
    assert all(not i.chart.empty for i in made.items)
    assert any(u.startswith("Nickel: end uses") for u in made.unavailable)
    assert len(made.unavailable) == len(set(made.unavailable))
    assert "nickel_end_uses" not in ids and "lithium_end_uses" in ids


def test_with_one_mineral_the_whole_story_is_told(ds):
    chosen = selection(ds, partner="IND", minerals=("lithium",))
    made = pack.contents(ds, chosen, context(ds, chosen))
    assert [i.chart_kind for i in made.story] == list(spec.STORY)


def test_slide_titles_state_the_message(ds):
    chosen = selection(ds, partner="IND")
    made = pack.contents(ds, chosen, context(ds, chosen))
    titles = {i.chart.chart_id: i.headline for i in made.story}
    share, year = refinery_china(ds, "rare_earths")
    assert titles["rare_earths_share_by_stage"] == f"Refining is the choke point for rare earths: China {share} ({year})"
    assert titles["cobalt_share_by_stage"].startswith("Mining is the choke point for cobalt: DR Congo 74.2 % (2025)")
    assert titles["lithium_import_reliance"] == "India imports 100 % of its lithium (2025); the United States >50 % (2025)"


def test_native_charts_keep_no_data_as_a_gap_not_a_zero(ds):
    chosen = selection(ds, partner="IND")
    chart = pack.contents(ds, chosen, context(ds, chosen)).story[0].chart
    spec = native.native("partner_share", chart, "India")
    assert spec is not None and spec.kind == "column"
    assert spec.categories == ("mine (2025)", "refinery (2024)", "reserves (2025)")
    assert spec.series[0] == ("China", (pytest.approx(21.3793, abs=1e-3), 70.0, pytest.approx(12.4324, abs=1e-3)))
    # India has no lithium figure at any stage: no empty legend entry; the notes say so
    assert [name for name, _ in spec.series] == ["China"] and "No figure for India" in spec.note
    assert native.native("map", chart, "India") is None
    # where India has a figure at one stage, the others stay gaps, not zeros
    rare_earths = next(i.chart for i in pack.contents(ds, chosen, context(ds, chosen)).story
                       if i.mineral == "rare_earths" and i.chart_kind == "partner_share")
    india = dict(native.native("partner_share", rare_earths, "India").series)["India"]
    assert india[0] is not None and india[0] > 0 and None in india and 0 not in india


def test_text_is_measured_with_arial_metrics():
    line = "Refining is the choke point for rare earths: China 91 % (2025)"
    assert measure.width_pt(line, 26, True) > measure.width_pt(line, 12)
    assert len(measure.wrap(line * 3, 12, 4.0)) >= 3
    assert measure.wrap("short", 12, 4.0) == ["short"]


def test_permalinks_use_the_public_base_url(ds, monkeypatch):
    chosen = selection(ds, partner="IND")
    monkeypatch.setenv(export.BASE_URL_ENV, "https://minerals.example.org/")
    names = {m: ds.vocabulary.mineral_name(m) for m in ds.vocabulary.mineral_ids}
    assert export.make_context(chosen, names).permalink == "https://minerals.example.org/minerals?partner=IND"
    assert export.public_base_url("http://10.1.2.3:8501/partners") == "https://minerals.example.org"
    monkeypatch.delenv(export.BASE_URL_ENV)
    assert export.public_base_url("http://10.1.2.3:8501/partners") == "http://10.1.2.3:8501"
    assert export.public_base_url(None) == export.DEFAULT_BASE_URL
    with pytest.raises(export.ExportError, match="must start with http:// or https://"):
        export.public_base_url(None, "minerals.example.org")


def test_the_stage_table_covers_every_mineral_and_stage(ds, india):
    from dashboard.pack import text

    (_, imports_header, imports_rows), (_, header, rows) = text.tables(india)
    assert [r[0] for r in imports_rows] == ["Lithium", "Cobalt", "Nickel", "Rare earths"]
    assert imports_header == ["Mineral", "Import reliance", "Main sources"]
    assert len(rows) == 4 and header[1:4] == ["China: mine", "China: refining", "China: reserves"]
    share, year = refinery_china(ds, "rare_earths")
    fact = india.mineral("rare_earths").stage("refinery").china
    assert len(STAGES) == 3 and rows[3][2] == f"{share} ({year}) {india.marker(fact.source_ids)}"


def test_native_line_labels_keep_the_published_qualifier(ds):
    chosen = selection(ds, partner="IND")
    item = next(i for i in pack.contents(ds, chosen, context(ds, chosen)).story if i.chart_kind == "import_reliance")
    spec = native.native("import_reliance", item.chart, "India")
    assert spec is not None and spec.kind == "line"
    united_states = [name for name, _ in spec.series].index("United States")
    assert spec.labels[united_states][-1] == ">50 %" and spec.series[united_states][1][-1] == 50.0


def test_a_published_bound_stays_a_bound(ds):
    """Where the source gives '>75 %', the brief says '>75 %', in the table and in the messages."""
    made = brief.build(ds, selection(ds, partner="IND"), TODAY)
    for mineral in made.minerals:
        row = metrics.stage_profile(ds, mineral.mineral).set_index("stage").loc["refinery"]
        assert mineral.stage("refinery").china.text.startswith(str(row["concern_qualifier"] or ""))
    bounded = [m for m in made.minerals if m.stage("refinery").china.text.startswith(">")]
    for mineral in bounded:
        assert all(f"{mineral.name.lower()}" not in msg.text or ">" in msg.text for msg in made.messages
                   if msg.stage == "refinery")


def test_a_reliance_stated_in_words_is_quoted_with_its_source_not_a_number(ds):
    made = brief.build(ds, selection(ds, partner="IND", minerals=("graphite", "manganese", "germanium")), TODAY)
    for mineral in made.minerals:
        found = metrics.net_import_reliance(ds, "IND", mineral.mineral)
        reliance = mineral.imports[0].reliance
        if found.value_pct is None and found.source_ids:
            assert reliance.value is None and reliance.text == found.display and reliance.source_ids
            assert made.cite(reliance).endswith(made.marker(found.source_ids))
            assert any("stated in words only" in line and mineral.name.lower() in line for line in made.missing)
        elif found.value_pct is None:
            assert any(line.startswith("No source gives India's import reliance for") and mineral.name.lower() in line
                       for line in made.missing)


def test_the_china_import_message_says_what_the_shares_are_of(india):
    """India's lithium import shares are of lithium-ion batteries ('electric accumulators'), not of lithium:
    the key message names the product the source gives, not the bare mineral."""
    firsts = [(m, i) for m in india.minerals for i in m.imports if i.first == "CHN"]
    assert any(i.product for _, i in firsts)
    message = next(m.text for m in india.messages if m.text.startswith("China was the largest source"))
    for mineral, fact in firsts:
        assert (fact.product or mineral.name.lower()) in message, (mineral.mineral, message)
    assert "supplier of lithium (" not in message
