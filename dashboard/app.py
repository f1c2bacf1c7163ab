"""Streamlit entry point: page config, the global filters (kept across pages), navigation. Nothing else.

Started by ``python -m dashboard run``; runs as ``__main__``, so everything is imported through the
package name.
"""

from __future__ import annotations

import streamlit as st

from dashboard import ui

# "auto": the sidebar starts open on a wide screen and collapsed on a phone, where it would cover the page.
st.set_page_config(page_title="Critical minerals supply chains", page_icon="⛏️", layout="wide",
                   initial_sidebar_state="auto")

PAGES = [
    st.Page("views/overview.py", title="Overview", default=True),
    st.Page("views/minerals.py", title="Minerals", url_path="minerals"),
    st.Page("views/partners.py", title="Partners", url_path="partners"),
    st.Page("views/initiatives.py", title="Initiatives", url_path="initiatives"),
    st.Page("views/themes.py", title="Themes", url_path="themes"),
    st.Page("views/scenarios.py", title="Scenarios", url_path="scenarios"),
    st.Page("views/sources.py", title="Sources & method", url_path="sources"),
]

navigation = st.navigation(PAGES, position="sidebar")
datasets = ui.datasets()
st.session_state["selection"] = ui.sidebar_filters(datasets)
with st.sidebar:
    ui.pack_builder(datasets, st.session_state["selection"])
navigation.run()
