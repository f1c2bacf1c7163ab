"""Print one HTML document to a vector PDF with the exporter's warm Chromium (DevTools ``Page.printToPDF``):
a new tab opens the document from a temporary file, waits until the page says it is ready (its charts drawn
and its brief fitted), prints it with page numbers in the footer, and closes.

Belongs here: talking to the browser. Does not belong here: the document (``html``).
"""

from __future__ import annotations

import asyncio
import base64
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import plotly.graph_objects as go
import plotly.utils

from dashboard.exporter import Exporter, ExportError

#: ``window.packReady`` resolves when the charts are drawn and the brief fitted.
READY = "window.packReady ? window.packReady.then(String) : Promise.resolve('true')"


def _check(response: dict[str, Any], what: str) -> dict[str, Any]:
    if "error" in response:
        raise ExportError(f"{what} failed: {response['error'].get('message', response['error'])}")
    result: dict[str, Any] = response.get("result", {})
    return result


async def _open(tab: Any, path: Path, expression: str, timeout: float) -> Any:
    """Open ``path`` in ``tab``, wait for it to load, and return what ``expression`` (a promise) resolves to."""
    _check(await tab.send_command("Page.enable"), "opening the page")
    loaded = tab.subscribe_once("Page.loadEventFired")
    _check(await tab.send_command("Page.navigate", params={"url": path.as_uri()}), "opening the page")
    await asyncio.wait_for(loaded, timeout)
    done = _check(await tab.send_command("Runtime.evaluate", params={
        "expression": expression, "awaitPromise": True, "returnByValue": True}), "drawing the charts")
    if "exceptionDetails" in done:
        raise ExportError(f"drawing the charts failed: {done['exceptionDetails'].get('text', '')}")
    return done.get("result", {}).get("value")


async def _print(browser: Any, path: Path, footer: str, timeout: float) -> tuple[bytes, str]:
    tab = await browser.create_tab("")
    try:
        fits = str(await _open(tab, path, READY, timeout) or "")
        printed = _check(await tab.send_command("Page.printToPDF", params={
            "preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": True,
            "headerTemplate": "<span></span>", "footerTemplate": footer, "generateDocumentOutline": True,
            "generateTaggedPDF": True}), "printing")
        return base64.b64decode(printed["data"]), fits
    finally:
        await browser.close_tab(tab)


def print_pdf(exporter: Exporter, html: str, footer: str, figures: int = 1) -> tuple[bytes, str]:
    """(the PDF, 'true' when every fixed page fitted, else which did not and by how much). ``figures``: the
    charts the document draws (they set the exporter's deadline and count towards its recycling)."""
    with tempfile.TemporaryDirectory(prefix="pack-") as folder:
        path = Path(folder) / "pack.html"
        path.write_text(html, encoding="utf-8")
        blob, fits = exporter.in_browser(lambda browser: _print(browser, path, footer, exporter.timeout),
                                         renders=max(1, figures))
    if not isinstance(blob, bytes) or not blob.startswith(b"%PDF-"):
        raise ExportError("printing the pack gave no PDF")
    return blob, fits



#: Draws each job with plotly.js, one after the other, in one page (no reload between figures).
IMAGES_SCRIPT = r"""
const jobs = %(jobs)s;
window.packReady = (async () => {
  const out = [];
  for (const [fig, format, width, height, scale] of jobs) {
    out.push(await Plotly.toImage({data: fig.data, layout: fig.layout}, {format, width, height, scale}));
  }
  return out;
})();
"""


async def _draw(browser: Any, path: Path, timeout: float) -> list[str]:
    tab = await browser.create_tab("")
    try:
        urls: list[str] = await _open(tab, path, "window.packReady", timeout) or []
        return urls
    finally:
        await browser.close_tab(tab)


def images(exporter: Exporter, jobs: Sequence[tuple[go.Figure, str, int, int, float]], tabs: int = 2) -> list[bytes]:
    """PNG or SVG bytes of (figure, format, width, height, scale) jobs, drawn by plotly.js in ``tabs`` pages of
    the warm Chromium at once, each page loading plotly.js once for all its figures (kaleido reloads its page
    after every figure)."""
    from .html import PLOTLY_JS, geo_assets

    specs = [[f.to_plotly_json(), fmt, w, h, scale] for f, fmt, w, h, scale in jobs]
    shares = [list(range(i, len(specs), tabs)) for i in range(min(tabs, len(specs)))]
    with tempfile.TemporaryDirectory(prefix="pack-") as folder:
        paths = []
        for number, share in enumerate(shares):
            part = [specs[i] for i in share]
            data = json.dumps(part, cls=plotly.utils.PlotlyJSONEncoder).replace("</", "<\\/")
            path = Path(folder) / f"charts{number}.html"
            path.write_text(f"<!doctype html><html><head><meta charset='utf-8'>{geo_assets([s[0] for s in part])}"
                            f"<script src='{PLOTLY_JS.as_uri()}'></script></head><body>"
                            f"<script>{IMAGES_SCRIPT % {'jobs': data}}</script></body></html>", encoding="utf-8")
            paths.append(path)

        async def all_pages(browser: Any) -> list[list[str]]:
            return list(await asyncio.gather(*(_draw(browser, p, exporter.timeout) for p in paths)))

        drawn = exporter.in_browser(all_pages, renders=len(specs))
    out: list[bytes] = [b""] * len(specs)
    for share, urls in zip(shares, drawn, strict=True):
        if len(urls) != len(share):
            raise ExportError(f"drew {len(urls)} of {len(share)} charts")
        for index, url in zip(share, urls, strict=True):
            head, _, body = str(url).partition(",")
            out[index] = base64.b64decode(body) if head.endswith(";base64") else unquote(body).encode("utf-8")
    return out
