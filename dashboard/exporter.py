"""The warm exporter: one Chromium (driven by kaleido) per process, started once and reused.

Figures are rendered server-side by kaleido driving Debian's Chromium (``BROWSER_PATH`` or ``chromium`` on
PATH). The :class:`Exporter` owns an event loop on its own thread and serialises calls, because kaleido's
sync server is not thread-safe and Streamlit sessions are threads.

Belongs here: starting, feeding and stopping the browser. Does not belong here: what is drawn
(``export``) or how packs are laid out (``pack``).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

TOPOJSON_DIR = Path(__file__).resolve().parent / "static" / "topojson"
#: (figure, format, width, height, scale)
Job = tuple[go.Figure, str, int, int, float]


class ExportError(RuntimeError):
    """Rendering or packaging failed; the message says what and where."""


class Exporter:
    """One Chromium (via kaleido), started once and reused; thread-safe."""

    def __init__(self, browser_path: str | None = None, tabs: int = 2, timeout: float = 60.0):
        self.browser_path = browser_path or os.environ.get("BROWSER_PATH")
        self.tabs = tabs
        self.timeout = timeout
        self.started_in: float | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido-exporter", daemon=True)
        self._thread.start()
        self._lock = threading.Lock()
        self._kaleido: Any = None

    def _submit(self, coroutine: Coroutine[Any, Any, Any]) -> Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def _open(self) -> None:
        import kaleido

        kwargs = {"path": self.browser_path} if self.browser_path else {}
        self._kaleido = kaleido.Kaleido(n=self.tabs, mathjax=False, timeout=self.timeout, **kwargs)
        await self._kaleido.open()

    def start(self) -> Exporter:
        with self._lock:
            if self._kaleido is None:
                began = time.perf_counter()
                try:
                    self._submit(self._open()).result(timeout=120)
                except Exception as exc:
                    self._kaleido = None
                    raise ExportError(f"could not start Chromium for exports ({exc}); install Debian's chromium "
                                      "or set BROWSER_PATH") from exc
                self.started_in = time.perf_counter() - began
        return self

    async def _render_all(self, specs: list[dict[str, Any]], finished: list[int]) -> list[bytes]:
        assert self._kaleido is not None

        async def one(spec: dict[str, Any]) -> bytes:
            blob: bytes = await self._kaleido.calc_fig(spec["fig"], opts=spec["opts"], topojson=spec["topojson"])
            finished[0] += 1
            return blob

        return list(await asyncio.gather(*(one(s) for s in specs)))

    def render_jobs(self, jobs: Sequence[Job],
                    progress: Callable[[int], None] | None = None) -> list[bytes]:
        """Render (figure, format, width, height, scale) jobs in one call: kaleido keeps all its tabs busy
        until the last one, with no pause between batches. ``progress(done)`` is called from the calling
        thread (where Streamlit may update a progress bar) while the jobs run."""
        for _, fmt, *_ in jobs:
            if fmt not in ("png", "svg", "pdf"):
                raise ExportError(f"unknown image format {fmt!r}; valid: png, svg, pdf")
        self.start()
        specs = [{"fig": f.to_dict(), "opts": {"format": fmt, "width": w, "height": h, "scale": scale},
                  "topojson": TOPOJSON_DIR.as_uri() + "/"} for f, fmt, w, h, scale in jobs]
        finished = [0]
        with self._lock:
            future = self._submit(self._render_all(specs, finished))
            deadline = time.monotonic() + self.timeout * max(1, len(specs))
            try:
                while True:
                    try:
                        done: list[bytes] = future.result(timeout=0.25)
                        return done
                    except TimeoutError:
                        if time.monotonic() > deadline:
                            future.cancel()
                            raise
                        if progress is not None:
                            progress(finished[0])
            except Exception as exc:
                raise ExportError(f"rendering {len(specs)} figure(s) failed: {exc}") from exc

    def in_browser(self, job: Callable[[Any], Coroutine[Any, Any, Any]], timeout: float | None = None) -> Any:
        """Run ``job(browser)`` on the exporter's loop with its warm Chromium (kaleido's choreographer
        ``Browser``), between renders: the PDF pack prints one HTML page through it."""
        self.start()
        with self._lock:
            try:
                return self._submit(job(self._kaleido)).result(timeout=timeout or self.timeout)
            except Exception as exc:
                raise ExportError(f"printing failed: {exc}") from exc

    def render_many(self, figures: Sequence[go.Figure], fmt: str, width: int, height: int,
                    scale: float = 1) -> list[bytes]:
        """Render figures in one call (kaleido spreads them over its tabs)."""
        return self.render_jobs([(f, fmt, width, height, scale) for f in figures])

    def render(self, figure: go.Figure, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        return self.render_many([figure], fmt, width, height, scale)[0]

    def close(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                try:
                    self._submit(self._kaleido.close()).result(timeout=30)
                finally:
                    self._kaleido = None
            if self._loop.is_running():
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(timeout=10)
            if not self._loop.is_running() and not self._loop.is_closed():
                self._loop.close()


_SHARED: Exporter | None = None
_SHARED_LOCK = threading.Lock()


def shared_exporter() -> Exporter:
    """The process-wide exporter (started on first use)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Exporter()
        return _SHARED
