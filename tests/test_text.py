"""The escapers: whatever the text, Markdown and Plotly show it as written."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from dashboard.text import WORD_JOINER, md, md_shown, plotly, plotly_template

SPECIAL = st.lists(st.sampled_from([*"![]()<>$:*_`#~|\\&%{}@./-= \naw", "https://", "www.", ":red[", ":smile:"]),
                   max_size=30).map("".join)
ANY = st.one_of(st.text(max_size=80), SPECIAL).filter(lambda t: WORD_JOINER not in t)


@given(ANY)
def test_markdown_shows_the_text_as_written_with_line_breaks_as_spaces(text: str):
    shown = md_shown(md(text))
    assert shown == re.sub(r"[\r\n\u2028\u2029\x0b\x0c\x85]+", " ", text)


@given(ANY)
def test_markdown_leaves_no_punctuation_unescaped_and_no_bare_link(text: str):
    escaped = md(text)
    unescaped = re.sub(r"\\[!-/:-@\[-`{-~]", "", escaped)
    assert not re.search(r"[!-/:-@\[-`{-~]", unescaped.replace(WORD_JOINER, ""))
    assert "://" not in escaped.replace("\\", "") or ":" + WORD_JOINER in escaped


@given(ANY)
def test_plotly_text_has_no_markup_or_formula_and_decodes_to_the_text(text: str):
    escaped = plotly(text)
    assert not set("<>$") & set(escaped)
    assert html.unescape(escaped) == text
    assert "%{" not in plotly_template(text)


def test_entities_already_in_the_text_stay_text():
    assert plotly("&lt;b&gt;") == "&amp;lt;b&amp;gt;"
