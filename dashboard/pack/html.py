"""The PDF pack as one HTML document that Chromium prints once: the brief on an A4 portrait page, one A4
landscape page per chart (its message as the title, the chart drawn by plotly.js in the page as vector
graphics, its source line and points to note), then the references, and on request the annex.

The brief must fit its page: elements marked ``data-cut`` (the oldest initiatives and events, then the
notes) are removed one by one, lowest priority first, until it does, never by shrinking the type. Each
chart is a link to the view online, which also marks its box in the PDF (a link annotation).

Belongs here: markup and style. Does not belong here: what is said (``contents``, ``story``, ``brief``),
printing (``printer``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from pathlib import Path
from string import Template
from typing import Any

import plotly
import plotly.utils

from dashboard.brief import Brief
from dashboard.exporter import TOPOJSON_DIR

from . import text
from .spec import Contents, Item, sources_of

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
#: A4 in CSS pixels at 96 per inch, and the margins (mm) of the portrait and landscape pages.
MM = 96 / 25.4
PORTRAIT_MARGINS = (13, 15, 16, 15)
LANDSCAPE_MARGINS = (12, 15, 15, 15)
BRIEF_HEIGHT_MM = 297 - PORTRAIT_MARGINS[0] - PORTRAIT_MARGINS[2] - 1
CHART_PAGE_HEIGHT_MM = 210 - LANDSCAPE_MARGINS[0] - LANDSCAPE_MARGINS[2] - 1
CHART_SIZE = (1000, 440)  # CSS pixels: 265 x 116 mm

CSS = Template("""
@page { size: A4 portrait; margin: $pm; }
@page wide { size: A4 landscape; margin: $lm; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: #111; margin: 0; font-size: 9.5pt;
       line-height: 1.3; }
h1 { font-size: 15pt; margin: 0 0 1mm 0; line-height: 1.2; }
h2 { font-size: 10.5pt; margin: 2.5mm 0 1mm 0; color: #1a3b66; }
.meta { color: #444; font-size: 8.5pt; margin: 0 0 2mm 0; }
ul, ol { margin: 0; padding-left: 5mm; }
li { margin: 0 0 0.6mm 0; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { border-bottom: 0.4pt solid #999; padding: 0.6mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
table.cols3 th:nth-child(1) { width: 17%; }
table.cols3 th:nth-child(2) { width: 17%; }
.fixed { overflow: hidden; break-after: page; break-inside: avoid; }
.brief { width: ${bw}mm; height: ${bh}mm; }
.messages li { font-size: 10pt; }
.refs { font-size: 7.5pt; line-height: 1.2; color: #222; columns: 2; column-gap: 6mm; padding-left: 0;
        list-style: none; }
.refs li { break-inside: avoid; }
.chart-page { page: wide; height: ${chh}mm; }
.chart-page .label { font-size: 9pt; color: #555; margin: 0; }
.chart-page h1 { font-size: 17pt; margin: 1mm 0 2mm 0; }
.chart-page a { display: block; width: ${cw}px; height: ${ch}px; }
.chart-page .source { font-size: 8.5pt; color: #333; margin: 2mm 0 1mm 0; }
.chart-page ul { font-size: 9.5pt; }
.sources { break-before: page; }
.sources ol { font-size: 8.5pt; padding-left: 0; list-style: none; }
.sources li { margin-bottom: 1mm; break-inside: avoid; }
a { color: inherit; text-decoration: none; }
""").substitute(pm=" ".join(f"{m}mm" for m in PORTRAIT_MARGINS), lm=" ".join(f"{m}mm" for m in LANDSCAPE_MARGINS),
       bw=210 - PORTRAIT_MARGINS[1] - PORTRAIT_MARGINS[3], bh=BRIEF_HEIGHT_MM - 1,
       cw=CHART_SIZE[0], ch=CHART_SIZE[1], chh=CHART_PAGE_HEIGHT_MM)

#: Draws every chart, then cuts the brief until it fits its page; the printer waits for ``packReady``.
SCRIPT = r"""
const figures = %(figures)s;
// drop references that nothing left on the page cites
function prune(page) {
  const refs = page.querySelector('.refs');
  if (!refs) return;
  const rest = page.firstElementChild.cloneNode(true);
  rest.querySelector('.refs').remove();
  const cited = new Set([...rest.textContent.matchAll(/\[([0-9, ]+)\]/g)]
    .flatMap(m => m[1].split(',').map(s => s.trim())));
  for (const li of refs.querySelectorAll('li[data-ref]')) { if (!cited.has(li.dataset.ref)) li.remove(); }
}
function fit() {
  let cut = 0;
  const over = [];
  for (const page of document.querySelectorAll('.fixed')) {
    const inner = page.firstElementChild;
    const cuts = [...page.querySelectorAll('[data-cut]')]
      .sort((a, b) => Number(b.dataset.cut) - Number(a.dataset.cut));
    while (inner.scrollHeight > page.clientHeight && cuts.length) { cuts.shift().remove(); prune(page); cut += 1; }
    if (inner.scrollHeight > page.clientHeight) {
      over.push(`${page.dataset.name}: ${inner.scrollHeight - page.clientHeight} px too long`);
    }
  }
  document.body.dataset.cut = String(cut);
  document.body.dataset.fits = over.length ? over.join('; ') : 'true';
}
window.packReady = Promise.all(figures.map(([id, fig]) => Plotly.newPlot(id, fig.data, fig.layout,
  {staticPlot: true, displayModeBar: false}))).then(() => { fit(); return document.body.dataset.fits; });
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def brief_html(brief: Brief, contents: Contents) -> str:
    """The one-page brief: title, key messages, the partner's position, China's share by stage, initiatives,
    latest events, what no source gives, references."""
    parts = [f"<h1>{_e(brief.title)}</h1>", f"<p class='meta'>{_e(text.meta_line(brief))}</p>",
             "<h2>Key messages</h2><ol class='messages'>"]
    parts += [f"<li>{_e(m.text)} {_e(brief.marker(m.source_ids))}</li>" for m in brief.messages]
    parts.append("</ol>")
    for heading, header, rows in text.tables(brief):
        parts.append(f"<h2>{_e(heading)}</h2><table class='cols{len(header)}'><tr>"
                     + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>")
        parts += ["<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows]
        parts.append("</table>")
    recent, earlier, more = text.initiative_lines(brief)
    if recent or earlier:
        parts.append(f"<h2>{_e(text.initiatives_heading(brief))}</h2><ul>")
        parts += [f"<li>{_e(line)}</li>" for line in recent]
        # cut first: the 'and N more' line, then the older initiatives from the end, then older events
        parts += [f"<li data-cut='{20 + i if i else 5}'>{_e(line)}</li>" for i, line in enumerate(earlier)]
        if more:
            parts.append(f"<li data-cut='40'>{_e(more)}</li>")
        parts.append("</ul>")
    if brief.events:
        parts.append("<h2>Latest events</h2><ul>")
        parts += [f"<li{f' data-cut={10 + i}' if i else ''}>{_e(line)}</li>"
                  for i, line in enumerate(text.event_lines(brief))]
        parts.append("</ul>")
    if brief.missing:
        parts.append("<h2>What no source gives</h2><ul>")
        parts += [f"<li>{_e(line)}</li>" for line in brief.missing]
        parts.append("</ul>")
    parts.append("<h2>References</h2><ol class='refs'>")
    parts += [f"<li data-ref='{r.number}'>[{r.number}] {_e(text.short_reference(r, 95))}</li>"
              for r in brief.references]
    parts.append("</ol>")
    return f"<section class='fixed brief' data-name='the brief'><div>{''.join(parts)}</div></section>"


def chart_html(contents: Contents, item: Item, index: int, count: int) -> str:
    label = f"{contents.brief.mineral(item.mineral).name} · chart {index} of {count}"
    notes = "".join(f"<li data-cut='{i}'>{_e(p.text)} {_e(contents.marker(p.source_ids))}</li>"
                    for i, p in enumerate(item.points[:3]))
    return (f"<section class='fixed chart-page' data-name='chart page {index}'><p class='label'>{_e(label)}</p>"
            f"<h1>{_e(item.headline)}</h1>"
            f"<a href='{_e(contents.context.permalink)}'><div id='chart{index}'></div></a>"
            f"<p class='source'>{_e(sources_of(contents, item))}</p><ul>{notes}</ul></section>")


def sources_html(contents: Contents, *, full: bool) -> str:
    title = "Sources in full" if full else "References"
    rows = [f"<li>[{r.number}] {_e(r.full if full else text.short_reference(r, limit=None))}"
            + (f" {_e(r.url)}" if r.url and not full else "") + "</li>" for r in contents.references]
    missing = ""
    if contents.unavailable and not full:
        missing = ("<h2>Not available</h2><p>" + _e("; ".join(contents.unavailable)) + ". These charts are left "
                   "out: no source gives the figures.</p>")
    footer = (f"<p class='meta'>Filters: {_e(contents.context.filters_text)}. View online: "
              f"{_e(contents.context.permalink)}. Exported {contents.context.exported.isoformat()}.</p>")
    return f"<section class='sources'><h1>{title}</h1><ol>{''.join(rows)}</ol>{missing}{footer}</section>"


def document(contents: Contents, items: Sequence[Item], *, brief: bool = True, full_sources: bool = False) -> str:
    """The whole document: the brief, a page per chart, the references (and the sources in full)."""
    figures: list[tuple[str, dict[str, Any]]] = []
    pages = [brief_html(contents.brief, contents)] if brief else []
    for index, item in enumerate(items, start=1):
        pages.append(chart_html(contents, item, index, len(items)))
        figure = item.chart.figure.to_plotly_json()
        layout = dict(figure.get("layout", {}))
        layout.update(width=CHART_SIZE[0], height=CHART_SIZE[1])
        figures.append((f"chart{index}", {"data": figure.get("data", []), "layout": layout}))
    if items or not brief:
        pages.append(sources_html(contents, full=False))
    if full_sources:
        pages.append(sources_html(contents, full=True))
    geo = geo_assets([f for _, f in figures])
    plotly_js = f"<script src='{PLOTLY_JS.as_uri()}'></script>" if figures else "<script>var Plotly;</script>"
    data = json.dumps(figures, cls=plotly.utils.PlotlyJSONEncoder).replace("</", "<\\/")
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{_e(contents.context.title)}"
            f"</title><style>{CSS}</style>{geo}{plotly_js}</head><body>"
            f"{''.join(pages)}<script>{SCRIPT % {'figures': data}}</script></body></html>")


def geo_assets(figures: Sequence[dict[str, Any]]) -> str:
    """The shipped world geometry, preloaded for plotly.js when a figure is a map (no network)."""
    if not any(d.get("type") in ("choropleth", "scattergeo") for f in figures for d in f.get("data", [])):
        return ""
    world = (TOPOJSON_DIR / "world_110m.json").read_text(encoding="utf-8")
    return f"<script>window.PlotlyGeoAssets = {{topojson: {{world_110m: {world}}}}};</script>"


def footer_template(contents: Contents) -> str:
    """Chromium's footer on every page: the title and date, and 'Page n of N'."""
    left = _e(f"{contents.context.title} · {contents.context.exported.strftime('%d %B %Y')}")
    return ("<div style='font-family: Liberation Sans, Arial, sans-serif; font-size: 7.5pt; color: #444; "
            "width: 100%; margin: 0 15mm; display: flex; justify-content: space-between;'>"
            f"<span>{left}</span><span>Page <span class='pageNumber'></span> of "
            "<span class='totalPages'></span></span></div>")
