"""Small Streamlit helpers: the cached loader, the sidebar filters and their URL state, and the standard
way to show a chart or a table (source line, CSV download).

Text from a link or the data reaches Streamlit's Markdown (captions, notes, labels) through
``dashboard.text.md``, so it shows as written.

Belongs here: anything that calls ``st.*`` and is shared by several pages. Pages (``views/``) wire
widgets to pure calls in ``metrics`` and ``charts``; the selection is resolved by ``filters.resolve``,
the same function the command lines use.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import citations, data, export, filters, pack, page_state, present
from dashboard.charts import Chart, chart_for, chart_heading, screen_figure
from dashboard.countries import name_of
from dashboard.filters import CUSTOM, Filters, Selection
from dashboard.text import md
from dashboard.vocabulary import STAGE_NAMES, STAGES

T = TypeVar("T")
TOPOJSON_URL = "/app/static/topojson/"
#: No camera button in the chart toolbar: its PNG would carry neither the source nor the filters; the
#: Download menu under each chart gives the PNG, SVG and PDF with both.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "topojsonURL": TOPOJSON_URL,
    "modeBarButtonsToRemove": ["toImage"],
}
WIDGET_KEYS = {
    "minerals": "f_minerals", "partner": "f_partner", "bloc": "f_bloc", "countries": "f_countries",
    "year": "f_year", "stage": "f_stage", "asof": "f_asof",
}


@st.cache_resource(show_spinner="Loading and validating the data package…")
def _load(root: str) -> tuple[data.Datasets | None, tuple[str, ...]]:
    datasets, problems = data.validate(root)
    return datasets, tuple(str(p) for p in problems)


#: Packages that validated, by folder: a page asks for the package several times per run (every chart's
#: downloads), and Streamlit's cache hashes its argument at each call (0.3 ms each, measured).
_VALID: dict[str, data.Datasets] = {}


def datasets() -> data.Datasets:
    """The validated data package; on any problem the page shows every message and stops."""
    root = str(data.datasets_dir())
    known = _VALID.get(root)
    if known is not None:
        return known
    loaded, problems = _load(root)
    if loaded is not None:
        _VALID[root] = loaded
    else:
        st.error(
            f"The data package did not validate ({len(problems)} problem(s)), so no figures are shown. "
            "Each line names the file, the row and the column:"
        )
        st.code("\n".join(problems), language=None)
        st.stop()
    return loaded


def cached(ds: data.Datasets, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per process and data package for ``key`` (results are shared read-only)."""
    return ds.memo.get(key, compute)


def _current_query() -> dict[str, list[str]]:
    return {key: list(st.query_params.get_all(key)) for key in st.query_params}


def _apply_to_widgets(selection: Selection) -> None:
    state = st.session_state
    state[WIDGET_KEYS["minerals"]] = list(selection.minerals)
    state[WIDGET_KEYS["partner"]] = selection.partner
    state[WIDGET_KEYS["bloc"]] = selection.bloc
    state[WIDGET_KEYS["countries"]] = list(selection.countries)
    state[WIDGET_KEYS["year"]] = selection.year if selection.year is not None else "latest"
    state[WIDGET_KEYS["stage"]] = selection.stage
    state[WIDGET_KEYS["asof"]] = selection.asof


def sidebar_filters(ds: data.Datasets) -> Selection:
    """Render the global filters and return the resolved selection. The URL is read when it changed from
    outside (a shared link, back or forward) and written back on every run (page switches clear it); the
    page's own keys (``page_state.PAGE_KEYS``) are kept for the page, which reads them next."""
    options = filters.choices(ds)
    vocabulary = ds.vocabulary
    query = _current_query()
    state = st.session_state
    outside = bool(query) and query != state.get("_query_written")
    state["_url_outside"] = outside
    state["_url_query"] = query
    if outside:
        parsed = filters.resolve(ds, filters.from_query(query))
        _apply_to_widgets(parsed)
        state["_url_notes"] = parsed.notes
    elif WIDGET_KEYS["minerals"] not in state:
        _apply_to_widgets(filters.resolve(ds, Filters()))
        state["_url_notes"] = ()

    with st.sidebar:
        st.markdown("### Filters")
        minerals = st.multiselect("Minerals", vocabulary.mineral_ids, key=WIDGET_KEYS["minerals"],
                                  format_func=vocabulary.mineral_name,
                                  help="One or several; pages let you switch between the selected minerals.")
        partner = st.selectbox("Partner country", options.countries, key=WIDGET_KEYS["partner"],
                               index=None, placeholder="Type a country name…", format_func=name_of,
                               help="Its share is shown next to China's at every stage.")
        bloc = st.selectbox("Partner bloc", (*options.blocs, CUSTOM), key=WIDGET_KEYS["bloc"], index=None,
                            placeholder="e.g. Quad, MSP, Pax Silica…",
                            format_func=lambda b: "Custom set of countries" if b == CUSTOM else options.blocs[b])
        countries: list[str] = []
        if bloc == CUSTOM:
            countries = st.multiselect("Countries in the custom set", options.countries,
                                       key=WIDGET_KEYS["countries"], format_func=name_of)
        # not only a bloc's: the Initiatives page, the Themes page and the brief read statuses at this date
        asof = st.date_input("As of (memberships and statuses)", key=WIDGET_KEYS["asof"], value=None,
                             min_value=filters.EARLIEST_ASOF, max_value=options.today,
                             help="The date at which initiative memberships, initiative statuses and trade "
                             "measures are read; empty means today.")
        year = st.selectbox("Year", ("latest", *options.years), key=WIDGET_KEYS["year"],
                            help="'latest' uses the newest year with data for each stage.")
        stage = st.radio("Stage", STAGES, key=WIDGET_KEYS["stage"], horizontal=True, format_func=STAGE_NAMES.get)

    request = Filters(
        minerals=tuple(minerals), partner=partner, bloc=bloc, countries=tuple(countries),
        year=None if year == "latest" else str(year), stage=stage,
        asof=asof.isoformat() if isinstance(asof, dt.date) else None,
        notes=tuple(state.get("_url_notes", ())),
    )
    selection = filters.resolve(ds, request)
    written = {**selection.to_query(), **page_state.page_part(query)}
    if written != query:
        st.query_params.from_dict(written)
    state["_query_written"] = written
    return selection


def widget_key(page: str, key: str) -> str:
    """The session-state key of a page's widget for the URL key ``key``."""
    return f"{page}_{key}"


def page_values(page: str, params: Sequence[page_state.Param], *, named: Iterable[str] = ()) -> dict[str, Any]:
    """A page's own state, before its widgets are drawn: from the link when the URL came from outside (a
    shared link, back or forward; unknown values dropped with a note shown here), else from the widgets,
    else the defaults. The values are put in the widgets' session state (``widget_key``), so the page draws
    its widgets with those keys and no default. ``named``: keys whose widget holds the option's display
    name rather than its id (tabs)."""
    state = st.session_state
    named = set(named)
    notes_key = f"_page_notes_{page}"

    def to_widget(param: page_state.Param, value: Any) -> Any:
        if isinstance(param, page_state.Choice) and param.key in named:
            return param.options.get(value, value)
        return list(value) if isinstance(param, page_state.Choice) and param.multi else value

    if state.get("_url_outside"):
        parsed = page_state.read(page_state.page_part(state.get("_url_query", {})), params)
        for param in params:
            state[widget_key(page, param.key)] = to_widget(param, parsed[param.key])
        state[notes_key] = parsed.notes
    for param in params:
        key = widget_key(page, param.key)
        if key not in state or not _valid(param, state[key], named):
            state[key] = to_widget(param, param.default_value())
    for note in state.get(notes_key, ()):
        st.warning(md(note), icon="⚠️")
    return {param.key: _from_widget(param, state[widget_key(page, param.key)], named) for param in params}


def _valid(param: page_state.Param, value: Any, named: set[str]) -> bool:
    if isinstance(param, page_state.Choice):
        allowed = set(param.options.values() if param.key in named else param.options)
        items = value if param.multi else [value]
        return isinstance(items, (list, tuple)) and all(item in allowed for item in items)
    return True


def _from_widget(param: page_state.Param, value: Any, named: set[str]) -> Any:
    if isinstance(param, page_state.Choice) and param.key in named:
        return next((k for k, v in param.options.items() if v == value), param.default_value())
    if isinstance(param, page_state.Choice) and param.multi:
        return tuple(value or ())
    return value


def keep_page_state(params: Sequence[page_state.Param], values: Mapping[str, Any]) -> None:
    """After the page's widgets: write the global filters and the page's values to the URL, so the
    address bar is a link to exactly this view."""
    query = {**selection().to_query(), **page_state.write(values, params)}
    if query != _current_query():
        st.query_params.from_dict(query)
    st.session_state["_query_written"] = query


def page_link(page: str, label: str, *, extra: Mapping[str, str | list[str]] | None = None,
              **kwargs: Any) -> None:
    """A link to another page that keeps the current filters (and sets that page's own keys)."""
    query: dict[str, str | list[str]] = {**selection().to_query(), **(extra or {})}
    st.page_link(page, label=md(label), query_params=query, **kwargs)


def selection() -> Selection:
    """The selection the entry script resolved for this run."""
    chosen = st.session_state.get("selection")
    if not isinstance(chosen, Selection):
        chosen = filters.resolve(datasets(), Filters())
    return chosen


def show_notes(chosen: Selection) -> None:
    for note in chosen.notes:
        st.warning(md(note), icon="⚠️")


safe_csv = export.safe_csv


def export_context(ds: data.Datasets, chosen: Selection) -> export.Context:
    """Filters, date and the permalink of the page being viewed, for exported files. Permalinks start with
    the public address when ``DASHBOARD_BASE_URL`` is set, else with the address of this page."""
    page_url = st.context.url or ""
    try:
        base = export.public_base_url(page_url)
    except export.ExportError as exc:  # a malformed setting: say so, and fall back to the page's address
        st.warning(md(f"{export.BASE_URL_ENV} is ignored: {exc}"), icon="⚠️")
        base = export.public_base_url(page_url, "")
    names = {m: ds.vocabulary.mineral_name(m) for m in ds.vocabulary.mineral_ids}
    return export.make_context(chosen, names, page=urlparse(page_url).path.strip("/") or "minerals", base_url=base)


def _render(chart: Chart, fmt: str, context: export.Context) -> Callable[[], bytes]:
    return lambda: export.chart_bytes(chart, fmt, context, export.shared_exporter())


def download_menu(chart: Chart, key: str) -> None:
    """PNG (slide-sized), SVG and PDF rendered on click by the warm exporter, and the CSV of the rows (human
    headers, full precision, a header block with the filters, the date and the sources)."""
    if chart.empty:
        return
    menu = st.popover("Download", icon="⬇️", key=f"download_{key}", on_change="rerun")
    if not menu.open:  # the buttons are made when the menu opens: eight fewer widgets in every rerun of a page
        return
    ds = datasets()
    context = export_context(ds, selection())
    with menu:
        for fmt, label in (("png", "PNG, 1600 x 900 at 2x"), ("svg", "SVG"), ("pdf", "PDF")):
            st.download_button(label, _render(chart, fmt, context), file_name=f"{chart.chart_id}.{fmt}",
                               mime=export.MIME[fmt], key=f"{fmt}_{key}", on_click="ignore", width="stretch")
        if not chart.rows.empty:
            st.download_button("CSV of the data behind it", lambda: _table_csv(ds, chart.rows, chart.title, context),
                               file_name=f"{chart.chart_id}.csv", mime="text/csv", key=f"csv_{key}",
                               on_click="ignore", width="stretch")


def _table_csv(ds: data.Datasets, frame: pd.DataFrame, title: str, context: export.Context,
               labels: Mapping[str, str] | None = None) -> bytes:
    people = present.table(frame, ds.sources, labels=labels)
    preamble = export.table_preamble(title, context, citations.citations(ds.sources, people.source_ids))
    return safe_csv(people.csv, preamble)


def source_line(ds: data.Datasets, source_ids: Iterable[str]) -> str:
    return citations.source_line(ds.sources, source_ids)


class _DrawnAsIs(go.Figure):
    """A screen figure shared read-only by every session (``cached``): Streamlit turns the figure into a
    dict at every run (a deep copy, 2 ms for a map); this one makes it once. Nothing may change it."""

    def to_dict(self) -> dict[str, Any]:
        made: dict[str, Any] | None = self.__dict__.get("_made_dict")
        if made is None:
            made = super().to_dict()
            object.__setattr__(self, "_made_dict", made)
        return made


def show_chart(chart: Chart, key: str) -> None:
    """The chart's title and subtitle as text above the figure (they wrap at any width, and the toolbar
    never sits on them), the figure (drawn as exported: explicit template, theme=None), its source line,
    its key number, and the downloads."""
    heading = chart_heading(chart.figure) or (chart.title, "")
    st.markdown(f"**{md(heading[0])}**")
    if heading[1]:
        st.caption(md(heading[1]))
    figure = cached(datasets(), ("screen_figure", chart), lambda: _DrawnAsIs(screen_figure(chart.figure)))
    st.plotly_chart(figure, theme=None, config=PLOTLY_CONFIG, key=f"chart_{key}", width="stretch")
    st.caption(md(chart.source_line))
    if chart.key_number:
        st.caption(md(chart.key_number))
    download_menu(chart, key)


def show_registered(ds: data.Datasets, chart_id: str, chosen: Selection, mineral: str, key: str) -> None:
    """A chart of the registry for one mineral of the selection."""
    show_chart(chart_for(ds, chart_id, chosen, mineral), key)


#: Headers of a bloc's share table (``metrics.bloc_share_table``).
BLOC_LABELS = {"partner_share_pct": "members' share, % of world", "partners_counted": "members the source lists",
               "members": "members recorded"}


def show_table(frame: pd.DataFrame, *, key: str, source: str, file_name: str, title: str = "",
               labels: Mapping[str, str] | None = None, hidden: Iterable[str] = (), empty: str = "",
               wide: Iterable[str] = (), static: bool = False) -> None:
    """A sortable table for people (``present.table``: headers with units, rounded numbers, "no data",
    short citations) with its source line and a CSV download (human headers, full precision, a header
    block with the filters, the date and every source in full); an empty table says why. ``static``: a
    small table whose cells wrap in a narrow column instead of scrolling (not sortable)."""
    if frame.empty:
        st.info(md(empty or "No data for this selection."))
        st.caption(md(source))
        return
    ds = datasets()
    people = present.table(frame, ds.sources, labels=labels, hidden=hidden)
    if static:
        # a static table renders its cells as Markdown: text from the data (a partner's name) and a bound such
        # as '>75.0 %' are shown as written, never as a link, an image or a quote
        st.table(people.shown.fillna(present.NO_DATA).map(lambda v: md(v) if isinstance(v, str) else v),
                 hide_index=True)
    else:
        config: dict[str, Any] = {header: st.column_config.NumberColumn(format=fmt)
                                  for header, fmt in people.formats.items()}
        config |= {present.label(c, labels): st.column_config.TextColumn(width="large") for c in wide}
        st.space("small")  # room for the grid's own toolbar, which would sit on the line above on a phone
        st.dataframe(people.shown, hide_index=True, width="stretch", key=f"table_{key}", column_config=config,
                     placeholder=present.NO_DATA)
    st.caption(md(source))
    context = export_context(ds, selection())
    st.download_button("Download this table (CSV)",
                       lambda: _table_csv(ds, frame, title or file_name, context, labels),
                       file_name=file_name, mime="text/csv", key=f"tablecsv_{key}", icon="⬇️", on_click="ignore")


PACK_LABELS = {"pdf": "PDF", "pptx": "PowerPoint", "docx": "Word", "zip": "ZIP"}


def _pack_key(chosen: Selection, fmt: str, annex: bool) -> str:
    """What a built pack depends on: the filters, the format and the annex."""
    return json.dumps([chosen.to_query(), chosen.membership_date.isoformat(), fmt, annex], sort_keys=True)


def pack_builder(ds: data.Datasets, chosen: Selection) -> None:
    """Sidebar: build the briefing pack for the current filters, with progress, then offer the file.

    Exactly one format is always selected (clicking the selected one keeps it), "Build" is never disabled,
    and a pack built for other filters, another format or annex setting is cleared, not offered."""
    state = st.session_state
    st.markdown("### Briefing pack")
    if state.get("pack_format") not in pack.FORMATS:
        state["pack_format"] = "pdf"
    fmt = st.segmented_control(
        "Format", pack.FORMATS, key="pack_format", selection_mode="single", required=True,
        format_func=PACK_LABELS.get, help="PDF: the one-page brief, then a page per chart. PowerPoint: the brief "
        "slide, native editable charts, talking points in the notes. Word: the brief as an editable note. ZIP: "
        "PNG, SVG and CSV of each chart with the Word note.") or "pdf"
    annex = st.checkbox("Add the annex: every other chart and the sources in full", key="pack_annex")
    key = _pack_key(chosen, str(fmt), bool(annex))
    built = state.get("pack_file")
    if built is not None and built["key"] != key:
        del state["pack_file"]
        st.caption("The filters or the format changed since the last pack: build it again.")
    if st.button("Build briefing pack", key="pack_build", width="stretch", icon="📄"):
        context = export_context(ds, chosen)
        with st.status("Building the briefing pack…", expanded=True) as status:
            bar = st.progress(0.0, text="Writing the brief…")
            try:
                contents = pack.contents(ds, chosen, context, annex=bool(annex))
                blob = pack.render(str(fmt), contents, export.shared_exporter(),
                                   progress=lambda fraction, text: bar.progress(fraction, text=text))
            except export.ExportError as exc:
                status.update(label="The briefing pack could not be built", state="error")
                st.error(md(exc))
                return
            status.update(label=f"Briefing pack ready: the brief and {len(contents.items)} charts", state="complete",
                          expanded=False)
        state["pack_file"] = {"key": key, "name": f"{export.file_stem(context, chosen)}.{fmt}", "fmt": str(fmt),
                              "blob": blob, "messages": [m.text for m in contents.brief.messages],
                              "unavailable": list(contents.unavailable)}
    built = state.get("pack_file")
    if built is not None:
        st.download_button(f"Download {md(built['name'])}", built["blob"], file_name=built["name"],
                           mime=pack.MIME[built["fmt"]], key="pack_download", icon="⬇️", width="stretch",
                           on_click="ignore")
        st.markdown("**Key messages**")
        for message in built["messages"]:
            st.caption(md(message))
        if built["unavailable"]:
            st.caption(md("Not available: " + "; ".join(built["unavailable"])))


def focus_param(chosen: Selection) -> page_state.Choice:
    """The page key of the mineral shown, one of the selected minerals (the first by default)."""
    name = datasets().vocabulary.mineral_name
    return page_state.Choice("focus", "mineral shown", {m: name(m) for m in chosen.minerals})


def mineral_picker(chosen: Selection, page: str) -> str | None:
    """One mineral at a time among those selected (a page draws only what is shown); its value is the
    page's ``focus`` key (see :func:`page_values`)."""
    vocabulary = datasets().vocabulary
    if not chosen.minerals:
        st.info("Select at least one mineral in the sidebar.")
        return None
    if len(chosen.minerals) == 1:
        return chosen.minerals[0]
    picked: str | None = st.segmented_control("Mineral", chosen.minerals, key=widget_key(page, "focus"),
                                              format_func=lambda m: md(vocabulary.mineral_name(m)),
                                              selection_mode="single",
                                              required=True)
    return picked
