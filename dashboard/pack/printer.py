"""Print one HTML document to a vector PDF with the exporter's warm Chromium (DevTools ``Page.printToPDF``):
a new tab opens the document from a temporary file, waits until the page says it is ready (its charts drawn
and its brief fitted), prints it with page numbers in the footer, and closes.

Belongs here: talking to the browser. Does not belong here: the document (``html``).
"""

from __future__ import annotations

import asyncio
import base64
import tempfile
from pathlib import Path
from typing import Any

from dashboard.exporter import Exporter, ExportError

#: ``window.packReady`` resolves when the charts are drawn and the brief fitted.
READY = "window.packReady ? window.packReady.then(String) : Promise.resolve('true')"


def _check(response: dict[str, Any], what: str) -> dict[str, Any]:
    if "error" in response:
        raise ExportError(f"{what} failed: {response['error'].get('message', response['error'])}")
    result: dict[str, Any] = response.get("result", {})
    return result


async def _print(browser: Any, path: Path, footer: str, timeout: float) -> tuple[bytes, str]:
    tab = await browser.create_tab("")
    try:
        _check(await tab.send_command("Page.enable"), "opening the page")
        loaded = tab.subscribe_once("Page.loadEventFired")
        _check(await tab.send_command("Page.navigate", params={"url": path.as_uri()}), "opening the page")
        await asyncio.wait_for(loaded, timeout)
        ready = _check(await tab.send_command("Runtime.evaluate", params={
            "expression": READY, "awaitPromise": True, "returnByValue": True}), "drawing the charts")
        if "exceptionDetails" in ready:
            raise ExportError(f"drawing the charts failed: {ready['exceptionDetails'].get('text', '')}")
        fits = str(ready.get("result", {}).get("value", ""))
        printed = _check(await tab.send_command("Page.printToPDF", params={
            "preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": True,
            "headerTemplate": "<span></span>", "footerTemplate": footer, "generateDocumentOutline": True,
            "generateTaggedPDF": True}), "printing")
        return base64.b64decode(printed["data"]), fits
    finally:
        await browser.close_tab(tab)


def print_pdf(exporter: Exporter, html: str, footer: str) -> tuple[bytes, str]:
    """(the PDF, 'true' when every fixed page fitted, else which did not and by how much)."""
    with tempfile.TemporaryDirectory(prefix="pack-") as folder:
        path = Path(folder) / "pack.html"
        path.write_text(html, encoding="utf-8")
        blob, fits = exporter.in_browser(lambda browser: _print(browser, path, footer, exporter.timeout))
    if not isinstance(blob, bytes) or not blob.startswith(b"%PDF-"):
        raise ExportError("printing the pack gave no PDF")
    return blob, fits

