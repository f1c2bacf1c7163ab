"""Text from a link or a data file, made safe for the two places that would otherwise interpret it.

- :func:`md`: for Streamlit's Markdown (``st.markdown``, ``st.caption``, ``st.warning``/``st.info``/
  ``st.error``, ``st.metric`` labels, headers, radio and segmented-control labels, tooltips). Streamlit
  renders Markdown with links, images (fetched from anywhere), LaTeX (``$…$``), coloured text
  (``:red[…]``), icons and emoji shortcodes (``:material/…:``), and turns bare addresses
  (``https://…``, ``www.…``, ``a@b.org``) into links. Every ASCII punctuation character is backslash-escaped
  (CommonMark then shows it as is), line breaks become spaces, and a word joiner (U+2060, invisible) is put
  after what would still open a shortcode or a bare link, so the text shows exactly as written.
- :func:`plotly`: for Plotly text (titles, annotations, axis and tick labels, legend names, bar and
  hover text), which renders a subset of HTML (``<a href>``, ``<b>``, ``<span style>``), HTML entities
  and, where MathJax is loaded, ``$…$``: ``&``, ``<``, ``>`` and ``$`` become entities, which Plotly shows
  as the characters. :func:`plotly_template` also turns ``%`` into an entity, for text put inside a hover
  template, where ``%{…}`` would be a field.

Apply each once, where text from outside meets the renderer; our own markup (``<b>``, ``<br>``, ``**``)
is added around the escaped text. Pure: no Streamlit, no Plotly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: CommonMark lets any ASCII punctuation be backslash-escaped, and then shows it as is.
_MD_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
#: Where a word joiner breaks what Markdown would turn into something else even when escaped (Streamlit
#: finds these in the text after escapes are resolved): ':' opening a shortcode (':smile:', ':material/x:')
#: or a directive (':red[…]'), '://' and 'www.' of a bare link, '@' of an e-mail address.
_MD_JOIN_AFTER = re.compile(r"(:(?=[\w/+-]*[:\[])|:(?=//)|\bwww(?=\.)|@)", re.IGNORECASE)
_MD_ESCAPED = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
WORD_JOINER = "\u2060"

_PLOTLY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;", "%": "&#37;"}
_PLOTLY_SPECIAL = re.compile("[&<>$]")
_PLOTLY_TEMPLATE_SPECIAL = re.compile("[&<>$%]")


def md(value: object) -> str:
    r"""Text for Streamlit Markdown: shown as written, never a link, image, formula, colour or icon.

    >>> md("![x](https://example.org/p.png)") == r"\!\[x\]\(https\:" + WORD_JOINER + r"\/\/example\.org\/p\.png\)"
    True
    >>> md("$x$ and 50 %")
    '\\$x\\$ and 50 \\%'
    >>> md(":red[alert]") == "\\:" + WORD_JOINER + "red\\[alert\\]"
    True
    >>> md("two\nlines")
    'two lines'
    """
    text = _LINE_BREAKS.sub(" ", str(value))
    text = _MD_JOIN_AFTER.sub(lambda m: m.group(0) + WORD_JOINER, text)
    return _MD_PUNCTUATION.sub(r"\\\1", text)


#: What makes Markdown more than text in a file a person also reads in an editor: links and images
#: (``[``, ``]``, ``!``), HTML and entities (``<``, ``>``, ``&``), emphasis and code (``*``, ``_``, `````,
#: ``~``), tables (``|``), formulas (``$``) and the escape itself.
_MD_FILE_SPECIAL = re.compile(r"([\\`*_\[\]<>!|$~&])")


def md_file(value: object) -> str:
    r"""Text for a Markdown file (the README of a ZIP pack): only what would make a link, an image, HTML,
    emphasis, a table cell or a formula is escaped, so the file still reads cleanly in a text editor
    ('U.S. Department of State (2026)' stays as it is).

    >>> md_file("![x](http://203.0.113.9/p.png) <a href='u'>l</a> a|b U.S. (2026)")
    "\\!\\[x\\](http://203.0.113.9/p.png) \\<a href='u'\\>l\\</a\\> a\\|b U.S. (2026)"
    >>> md_file("two\nlines")
    'two lines'
    """
    return _MD_FILE_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))


def md_shown(markdown: str) -> str:
    r"""What Markdown made by :func:`md` shows: the text as written (line breaks as spaces).

    >>> md_shown(md("![x](https://example.org/p.png) :red[a] 50 %"))
    '![x](https://example.org/p.png) :red[a] 50 %'
    """
    return _MD_ESCAPED.sub(r"\1", markdown).replace(WORD_JOINER, "")


def plotly(value: object) -> str:
    """Text for Plotly: shown as written, never a link, markup or formula.

    >>> plotly("<a href='https://example.org'>x</a> & $y$ (%)")
    "&lt;a href='https://example.org'&gt;x&lt;/a&gt; &amp; &#36;y&#36; (%)"
    """
    return _PLOTLY_SPECIAL.sub(lambda m: _PLOTLY[m.group(0)], str(value))


def plotly_template(value: object) -> str:
    """Text for the literal part of a Plotly hover template: also never a ``%{…}`` field.

    >>> plotly_template("Congo %{x} <b>")
    'Congo &#37;{x} &lt;b&gt;'
    """
    return _PLOTLY_TEMPLATE_SPECIAL.sub(lambda m: _PLOTLY[m.group(0)], str(value))


def plotly_all(values: Iterable[object]) -> list[str]:
    """:func:`plotly` of each item (labels of a trace)."""
    return [plotly(v) for v in values]
