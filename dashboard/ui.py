"""Small Streamlit helpers: the cached loader, the sidebar filters and their URL state, and the standard
way to show a chart or a table (source line, CSV download).

Belongs here: anything that calls ``st.*`` and is shared by several pages. Pages (``views/``) wire
widgets to pure calls in ``metrics`` and ``charts``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from urllib.parse import urlparse

from dashboard import briefing, charts, citations, data, export
from dashboard.countries import name_of
from dashboard.filters import CUSTOM, MINERAL_NAMES, STAGES, Choices, Filters, parse_query, partner_label, partner_set
from dashboard import metrics
from dashboard.metrics import members_at
from dashboard.models import MINERALS

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


@st.cache_data(show_spinner=False)
def choices(_ds: data.Datasets, root: str) -> Choices:
    countries: set[str] = set()
    for frame, column in ((_ds.production, "country_iso3"), (_ds.reserves, "country_iso3"),
                          (_ds.refining_shares, "country_iso3"), (_ds.initiative_members, "country_iso3"),
                          (_ds.import_sources, "partner_iso3"), (_ds.import_sources, "importer_iso3")):
        countries |= set(frame[column])
    countries -= {"WLD", "OTH"}
    blocs = tuple(sorted(set(_ds.initiative_members["initiative_id"])))
    years = tuple(sorted({int(y) for y in _ds.production["year"]}))
    return Choices(tuple(sorted(countries, key=name_of)), blocs, years, dt.date.today())


def _current_query() -> dict[str, list[str]]:
    return {key: list(st.query_params.get_all(key)) for key in st.query_params.keys()}


def _apply_to_widgets(filters: Filters) -> None:
    state = st.session_state
    state[WIDGET_KEYS["minerals"]] = list(filters.minerals)
    state[WIDGET_KEYS["partner"]] = filters.partner
    state[WIDGET_KEYS["bloc"]] = filters.bloc
    state[WIDGET_KEYS["countries"]] = list(filters.countries)
    state[WIDGET_KEYS["year"]] = filters.year if filters.year is not None else "latest"
    state[WIDGET_KEYS["stage"]] = filters.stage
    state[WIDGET_KEYS["asof"]] = filters.asof


def sidebar_filters(ds: data.Datasets) -> Filters:
    """Render the global filters; the URL is read when it changed from outside (a shared link, back or
    forward) and written back on every run (page switches clear it)."""
    options = choices(ds, str(ds.root))
    query = _current_query()
    state = st.session_state
    if query and query != state.get("_query_written"):
        parsed = parse_query(query, options)
        _apply_to_widgets(parsed)
        state["_url_notes"] = parsed.notes
    elif WIDGET_KEYS["minerals"] not in state:
        _apply_to_widgets(Filters())
        state["_url_notes"] = ()

    names = dict(zip(ds.initiatives["initiative_id"], ds.initiatives["name"], strict=True))
    with st.sidebar:
        st.markdown("### Filters")
        minerals = st.multiselect("Minerals", MINERALS, key=WIDGET_KEYS["minerals"],
                                  format_func=lambda m: MINERAL_NAMES[m],
                                  help="One or several; pages let you switch between the selected minerals.")
        partner = st.selectbox("Partner country", options.countries, key=WIDGET_KEYS["partner"],
                               index=None, placeholder="Type a country name…", format_func=name_of,
                               help="Its share is shown next to China's at every stage.")
        bloc = st.selectbox("Partner bloc", (*options.blocs, CUSTOM), key=WIDGET_KEYS["bloc"], index=None,
                            placeholder="e.g. Quad, MSP, Pax Silica…",
                            format_func=lambda b: "Custom set of countries" if b == CUSTOM else names.get(b, b))
        countries: list[str] = []
        if bloc == CUSTOM:
            countries = st.multiselect("Countries in the custom set", options.countries,
                                       key=WIDGET_KEYS["countries"], format_func=name_of)
        asof = st.date_input("Bloc membership as of", key=WIDGET_KEYS["asof"], value=None,
                             min_value=dt.date(2015, 1, 1), max_value=options.today,
                             help="Membership changes over time; empty means today.",
                             disabled=bloc in (None, CUSTOM))
        year = st.selectbox("Year", ("latest", *options.years), key=WIDGET_KEYS["year"],
                            help="'latest' uses the newest year with data for each stage.")
        stage = st.radio("Stage", STAGES, key=WIDGET_KEYS["stage"], horizontal=True,
                         format_func=lambda s: {"mine": "Mine", "refinery": "Refinery", "reserves": "Reserves"}[s])

    filters = Filters(
        minerals=tuple(minerals), partner=partner, bloc=bloc, countries=tuple(countries),
        year=None if year == "latest" else int(year), stage=stage, asof=asof,
        notes=tuple(state.get("_url_notes", ())),
    )
    written = filters.to_query()
    if written != query:
        st.query_params.from_dict(written)
    state["_query_written"] = written
    return filters


def membership_date(filters: Filters) -> dt.date:
    return filters.asof or dt.date.today()


def partners_of(ds: data.Datasets, filters: Filters) -> frozenset[str] | None:
    members: frozenset[str] = frozenset()
    if filters.bloc and filters.bloc != CUSTOM:
        members = members_at(ds.initiatives, ds.initiative_members, filters.bloc, membership_date(filters))
    return partner_set(filters, members)


def partner_name(ds: data.Datasets, filters: Filters) -> str | None:
    names = dict(zip(ds.initiatives["initiative_id"], ds.initiatives["name"], strict=True))
    return partner_label(filters, names, name_of)


def show_notes(filters: Filters) -> None:
    for note in filters.notes:
        st.warning(note, icon="⚠️")


safe_csv = export.safe_csv


def export_context(ds: data.Datasets, filters: Filters) -> export.Context:
    """Filters, date and the permalink of the page being viewed, for exported files."""
    url = urlparse(st.context.url or export.DEFAULT_BASE_URL)
    base = f"{url.scheme}://{url.netloc}" if url.netloc else export.DEFAULT_BASE_URL
    return export.make_context(filters, partner_name(ds, filters), page=url.path.strip("/"), base_url=base)


def _render(chart: charts.Chart, fmt: str, context: export.Context):
    return lambda: export.chart_bytes(chart, fmt, context, export.shared_exporter())


def download_menu(chart: charts.Chart, key: str) -> None:
    """PNG (slide-sized), SVG and PDF rendered on click by the warm exporter, and the CSV of the rows."""
    if chart.empty:
        return
    filters = st.session_state.get("filters", Filters())
    context = export_context(datasets(), filters)
    with st.popover("Download", icon="⬇️"):
        for fmt, label in (("png", "PNG, 1600 x 900 at 2x"), ("svg", "SVG"), ("pdf", "PDF")):
            st.download_button(label, _render(chart, fmt, context), file_name=f"{chart.chart_id}.{fmt}",
                               mime=export.MIME[fmt], key=f"{fmt}_{key}", on_click="ignore", width="stretch")
        if not chart.data.empty:
            st.download_button("CSV of the data behind it", lambda: safe_csv(chart.data),
                               file_name=f"{chart.chart_id}.csv", mime="text/csv", key=f"csv_{key}",
                               on_click="ignore", width="stretch")


def source_line(ds: data.Datasets, source_ids) -> str:
    return citations.source_line(ds.sources, source_ids)


def show_chart(chart: charts.Chart, key: str) -> None:
    """The figure (drawn as exported: explicit template, theme=None), its source line, its key number, and
    the downloads."""
    figure, source = charts.for_screen(chart)
    st.plotly_chart(figure, theme=None, config=PLOTLY_CONFIG, key=f"chart_{key}", width="stretch")
    st.caption(source)
    if chart.key_number:
        st.caption(chart.key_number)
    download_menu(chart, key)


def show_table(frame: pd.DataFrame, *, key: str, source: str, file_name: str, **kwargs: Any) -> None:
    """A sortable table with its source line and a CSV download; an empty table says 'no data'."""
    if frame.empty:
        st.info("No data for this selection.")
        st.caption(source)
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
    st.caption(source)
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


def pack_builder(ds: data.Datasets, filters: Filters) -> None:
    """Sidebar: build the briefing pack for the current filters, with progress, then offer the file."""
    st.markdown("### Briefing pack")
    fmt = st.segmented_control("Format", export.PACK_FORMATS, default="pdf", key="pack_format",
                               format_func=str.upper, help="PDF: cover, one page per chart, sources. PPTX: one "
                               "chart per slide, citations in the notes. ZIP: PNG, SVG and CSV of every chart.")
    if st.button("Build briefing pack", key="pack_build", width="stretch", disabled=not filters.minerals or not fmt):
        context = export_context(ds, filters)
        partners = partners_of(ds, filters)
        with st.status("Building the briefing pack…", expanded=True) as status:
            bar = st.progress(0.0, text="Choosing the charts…")
            charts_ = briefing.pack_charts(ds, filters, partners, partner_name(ds, filters))
            try:
                blob = export.pack(fmt, charts_, context, ds.sources, export.shared_exporter(),
                                   progress=lambda fraction, text: bar.progress(fraction, text=text))
            except export.ExportError as exc:
                status.update(label="The briefing pack could not be built", state="error")
                st.error(str(exc))
                return
            status.update(label=f"Briefing pack ready: {len(charts_)} charts", state="complete", expanded=False)
        st.session_state["pack_file"] = (f"{export.file_stem(context, filters)}.{fmt}", fmt, blob)
    if "pack_file" in st.session_state:
        name, fmt, blob = st.session_state["pack_file"]
        st.download_button(f"Download {name}", blob, file_name=name, mime=export.MIME[fmt], key="pack_download",
                           icon="⬇️", width="stretch", on_click="ignore")


@st.cache_resource(show_spinner=False, max_entries=4000)
def _cached(_ds: data.Datasets, root: str, module: str, name: str, args: tuple, kwargs: tuple) -> Any:
    function = getattr(briefing if module == "briefing" else metrics, name)
    return function(_ds, *args, **dict(kwargs))


def _hashable(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(value))
    return value


def cached_chart(ds: data.Datasets, name: str, *args: Any, **kwargs: Any) -> charts.Chart:
    """A chart from ``briefing``, built once per process for the same arguments (shared by all sessions;
    charts are read-only once built, apart from the screen copy that ``charts.for_screen`` adds once)."""
    return _cached(ds, str(ds.root), "briefing", name, tuple(_hashable(a) for a in args),
                   tuple(sorted((k, _hashable(v)) for k, v in kwargs.items())))


def cached_metric(ds: data.Datasets, name: str, *args: Any, **kwargs: Any) -> Any:
    """A result of ``metrics`` over the whole data package, computed once per process (read-only)."""
    return _cached(ds, str(ds.root), "metrics", name, tuple(_hashable(a) for a in args),
                   tuple(sorted((k, _hashable(v)) for k, v in kwargs.items())))


def mineral_picker(filters: Filters, key: str) -> str | None:
    """One mineral at a time among those selected (a page draws only what is shown)."""
    if not filters.minerals:
        st.info("Select at least one mineral in the sidebar.")
        return None
    if len(filters.minerals) == 1:
        return filters.minerals[0]
    if st.session_state.get(key) not in filters.minerals:
        st.session_state[key] = filters.minerals[0]
    return st.segmented_control("Mineral", filters.minerals, key=key, format_func=MINERAL_NAMES.get,
                                selection_mode="single", required=True)
