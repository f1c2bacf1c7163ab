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
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from dashboard import citations, data, export, filters, pack
from dashboard.charts import Chart, chart_for
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


def datasets() -> data.Datasets:
    """The validated data package; on any problem the page shows every message and stops."""
    loaded, problems = _load(str(data.datasets_dir()))
    if loaded is None:
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
    outside (a shared link, back or forward) and written back on every run (page switches clear it)."""
    options = filters.choices(ds)
    vocabulary = ds.vocabulary
    query = _current_query()
    state = st.session_state
    if query and query != state.get("_query_written"):
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
        asof = st.date_input("Bloc membership as of", key=WIDGET_KEYS["asof"], value=None,
                             min_value=filters.EARLIEST_ASOF, max_value=options.today,
                             help="Membership changes over time; empty means today.",
                             disabled=bloc in (None, CUSTOM))
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
    written = selection.to_query()
    if written != query:
        st.query_params.from_dict(written)
    state["_query_written"] = written
    return selection


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
    """PNG (slide-sized), SVG and PDF rendered on click by the warm exporter, and the CSV of the rows."""
    if chart.empty:
        return
    context = export_context(datasets(), selection())
    with st.popover("Download", icon="⬇️"):
        for fmt, label in (("png", "PNG, 1600 x 900 at 2x"), ("svg", "SVG"), ("pdf", "PDF")):
            st.download_button(label, _render(chart, fmt, context), file_name=f"{chart.chart_id}.{fmt}",
                               mime=export.MIME[fmt], key=f"{fmt}_{key}", on_click="ignore", width="stretch")
        if not chart.rows.empty:
            st.download_button("CSV of the data behind it", lambda: safe_csv(chart.rows),
                               file_name=f"{chart.chart_id}.csv", mime="text/csv", key=f"csv_{key}",
                               on_click="ignore", width="stretch")


def source_line(ds: data.Datasets, source_ids: Iterable[str]) -> str:
    return citations.source_line(ds.sources, source_ids)


def show_chart(chart: Chart, key: str) -> None:
    """The figure (drawn as exported: explicit template, theme=None), its source line, its key number, and
    the downloads."""
    st.plotly_chart(chart.figure, theme=None, config=PLOTLY_CONFIG, key=f"chart_{key}", width="stretch")
    st.caption(md(chart.source_line))
    if chart.key_number:
        st.caption(md(chart.key_number))
    download_menu(chart, key)


def show_registered(ds: data.Datasets, chart_id: str, chosen: Selection, mineral: str, key: str) -> None:
    """A chart of the registry for one mineral of the selection."""
    show_chart(chart_for(ds, chart_id, chosen, mineral), key)


def show_table(frame: pd.DataFrame, *, key: str, source: str, file_name: str, **kwargs: Any) -> None:
    """A sortable table with its source line and a CSV download; an empty table says 'no data'."""
    if frame.empty:
        st.info("No data for this selection.")
        st.caption(md(source))
        return
    shown = frame.copy()
    config = dict(kwargs.pop("column_config", {}) or {})
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.date  # dates, not midnight timestamps
        elif pd.api.types.is_float_dtype(shown[column]) and column not in config:
            digits = 0 if "hhi" in str(column) or str(column) in ("value", "reserves", "production") else 1
            config[column] = st.column_config.NumberColumn(format=f"%.{digits}f")
    st.dataframe(shown, hide_index=True, width="stretch", key=f"table_{key}", column_config=config, **kwargs)
    st.caption(md(source))
    st.download_button("Download this table (CSV)", lambda: safe_csv(frame), file_name=file_name, mime="text/csv",
                       key=f"tablecsv_{key}", icon="⬇️", on_click="ignore")


def fmt_pct(value: Any, digits: int = 1) -> str:
    return "no data" if value is None or pd.isna(value) else f"{float(value):.{digits}f} %"


def fmt_hhi(value: Any, band: str | None = None) -> str:
    if value is None or pd.isna(value):
        return "no data"
    return f"{float(value):,.0f}" + (f" ({band})" if band else "")


def fmt_t(value: Any) -> str:
    return "no data" if value is None or pd.isna(value) else f"{float(value):,.0f} t"


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


def mineral_picker(chosen: Selection, key: str) -> str | None:
    """One mineral at a time among those selected (a page draws only what is shown)."""
    vocabulary = datasets().vocabulary
    if not chosen.minerals:
        st.info("Select at least one mineral in the sidebar.")
        return None
    if len(chosen.minerals) == 1:
        return chosen.minerals[0]
    if st.session_state.get(key) not in chosen.minerals:
        st.session_state[key] = chosen.minerals[0]
    picked: str | None = st.segmented_control("Mineral", chosen.minerals, key=key,
                                              format_func=lambda m: md(vocabulary.mineral_name(m)),
                                              selection_mode="single",
                                              required=True)
    return picked
