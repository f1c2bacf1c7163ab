"""The warm exporter: one Chromium (driven by kaleido) per process, started on first use, reused, and
replaced whenever it fails or grows.

Figures are rendered server-side by kaleido driving Debian's Chromium (``BROWSER_PATH`` or ``chromium`` on
PATH). The :class:`Exporter` owns an event loop on its own thread and serialises calls, because kaleido's
sync server is not thread-safe and Streamlit sessions are threads.

It heals itself and stays bounded:

- **One deadline per call**: ``deadline_s(n) = timeout + per_figure * n`` seconds, capped at
  ``max_deadline`` (20 s + 0.5 s per figure, at most 90 s, by default), for starting the browser and
  rendering every figure of the call together. The lock is released when the call ends, so no call
  holds it past its deadline; a caller waits for the lock at most ``max_deadline``.
- **Any failure drops the browser**: its process group is killed and the next call starts a fresh one.
  The error says what failed and why (never an empty message).
- **Bounded memory**: Chromium runs in low-end device mode (see ``CHROMIUM_FLAGS``), and after
  ``max_renders`` renders (400), or when its process tree holds more than ``max_pss_mb`` MB of PSS (550),
  it is replaced in the background once the call has returned.
- **No leftovers**: the browser's profile and page live in a folder named ``dashboard-exporter-PID-…`` in
  the temporary directory, with an ``owner`` file naming the process; folders whose owner is gone (a hard
  kill) are removed when the next exporter starts.

Belongs here: starting, feeding, watching and stopping the browser. Does not belong here: what is drawn
(``export``) or how packs are laid out (``pack``).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from dashboard import proc

TOPOJSON_DIR = Path(__file__).resolve().parent / "static" / "topojson"
#: (figure, format, width, height, scale)
Job = tuple[go.Figure, str, int, int, float]
#: Name of the exporter's working folders in the temporary directory (profile, page): ``PREFIX + pid-…``.
WORKDIR_PREFIX = "dashboard-exporter-"
OWNER_FILE = "owner"
#: A working folder without a readable owner file is left alone this long (it may be being created).
ORPHAN_GRACE_S = 600.0
#: Added to kaleido's Chromium flags. Low-end device mode keeps the render tabs small: without it their
#: processes grew from about 490 MB to 1,000 MB (PSS) over 200 renders of packs; with it, 360 MB at start and
#: 410 MB after 500 (measured with /proc smaps_rollup on the 2-core machine).
CHROMIUM_FLAGS = ("--enable-low-end-device-mode", "--disable-background-networking")


_LOG = logging.getLogger(__name__)


def _not_the_watchdog(record: logging.LogRecord) -> bool:
    """choreographer warns 'Wait expired, Browser is being closed by watchdog.' whenever its Chromium exits,
    including when this exporter stops it at the end of a command; a browser that dies mid-call is reported
    by the exporter itself, with its cause."""
    return "closed by watchdog" not in record.getMessage()


logging.getLogger("choreographer.browser_async").addFilter(_not_the_watchdog)


class ExportError(RuntimeError):
    """Rendering or packaging failed; the message says what and where."""


def _cause(exc: BaseException) -> str:
    """What went wrong, in words, never empty: 'KaleidoError: Error 525: …', 'TimeoutError'."""
    text = str(exc).strip()
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


# -- working folders --------------------------------------------------------------------------------


def _owner_of(folder: Path) -> tuple[int, int] | None:
    try:
        pid, started = (folder / OWNER_FILE).read_text(encoding="ascii").split()
        return int(pid), int(started)
    except (OSError, ValueError):
        return None


def remove_stale_workdirs(tmp: Path | None = None) -> list[Path]:
    """Remove the working folders of exporters whose process is gone (a hard kill leaves them behind).
    Only folders with our prefix, owned by this user, and whose owner process no longer runs; returns
    what was removed."""
    root = Path(tmp or tempfile.gettempdir())
    removed = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return []
    for folder in entries:
        if not folder.name.startswith(WORKDIR_PREFIX) or folder.is_symlink() or not folder.is_dir():
            continue
        try:
            info = folder.stat()
        except OSError:
            continue
        if info.st_uid != os.getuid():
            continue
        owner = _owner_of(folder)
        if owner is None:
            if time.time() - info.st_mtime < ORPHAN_GRACE_S:
                continue
        elif proc.alive(*owner):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _make_workdir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))
    (folder / OWNER_FILE).write_text(f"{os.getpid()} {proc.start_time(os.getpid()) or 0}\n", encoding="ascii")
    return folder


def _chromium_class() -> type:
    """choreographer's Chromium with our flags added to its command line."""
    from choreographer.browsers.chromium import Chromium

    class _Chromium(Chromium):
        def get_cli(self) -> list[str]:
            return [*super().get_cli(), *CHROMIUM_FLAGS]

    return _Chromium


# -- the exporter -----------------------------------------------------------------------------------


class Exporter:
    """One Chromium (via kaleido), started once and reused, replaced on failure or growth; thread-safe."""

    def __init__(self, browser_path: str | None = None, tabs: int = 2, timeout: float = 20.0,
                 per_figure: float = 0.5, max_deadline: float = 90.0, max_renders: int = 400,
                 max_pss_mb: float = 550.0):
        self.browser_path = browser_path or os.environ.get("BROWSER_PATH")
        self.tabs = tabs
        self.timeout = timeout
        self.per_figure = per_figure
        self.max_deadline = max_deadline
        self.max_renders = max_renders
        self.max_pss_mb = max_pss_mb
        #: seconds the last start took; starts and recycles since construction; renders by this browser
        self.started_in: float | None = None
        self.starts = 0
        self.recycles = 0
        self.failures = 0
        self.renders = 0
        self.renders_total = 0
        self._lock = threading.Lock()
        self._kaleido: Any = None
        self._workdir: Path | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    # -- the event loop the browser lives on --

    @staticmethod
    def _run_loop(loop: asyncio.AbstractEventLoop) -> None:
        """The loop's thread: run until stopped, then cancel what is left and close the loop."""
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.wait(pending, timeout=5))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None or not self._loop.is_running():
            loop = asyncio.new_event_loop()
            # what a dropped browser's tasks raise after their call has failed (and said why) is not news
            loop.set_exception_handler(lambda _loop, context: _LOG.debug("exporter loop: %s", context.get("message")))
            thread = threading.Thread(target=self._run_loop, args=(loop,), name="kaleido-exporter", daemon=True)
            thread.start()
            self._loop, self._thread = loop, thread
        return self._loop

    def _submit(self, coroutine: Coroutine[Any, Any, Any]) -> Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._ensure_loop())

    def _abandon_loop(self) -> None:
        """Stop the loop without waiting for it (it may be stuck on a dead browser); a new one is made for
        the next browser."""
        loop, self._loop, self._thread = self._loop, None, None
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(loop.stop)

    # -- the browser --

    @property
    def browser_pid(self) -> int | None:
        """Process id of the process that runs Chromium (kaleido's wrapper; Chromium is below it)."""
        process = getattr(self._kaleido, "subprocess", None)
        return None if process is None else int(process.pid)

    def browser_alive(self) -> bool:
        process = getattr(self._kaleido, "subprocess", None)
        return process is not None and process.poll() is None

    def pss_mb(self) -> float:
        """Memory of the browser's whole process tree (MB, PSS); 0 when none is running."""
        pid = self.browser_pid
        return 0.0 if pid is None else proc.tree_pss_mb(pid)

    def _new_browser(self, workdir: Path) -> Any:
        """A kaleido browser (not yet open) whose page and profile are inside ``workdir``; no MathJax (it
        would be fetched from a CDN)."""
        import kaleido
        from kaleido._page_generator import PageGenerator

        index = workdir / "index.html"
        index.write_text(PageGenerator(mathjax=False).generate_index(), encoding="utf-8")
        (workdir / "profile").mkdir()
        kwargs = {"path": self.browser_path} if self.browser_path else {}
        return kaleido.Kaleido(n=self.tabs, page_generator=index, timeout=None, tmp_dir=str(workdir / "profile"),
                               browser_cls=_chromium_class(), **kwargs)

    def _start_locked(self, deadline: float) -> None:
        """Start a browser (the lock is held): within ``deadline`` (a ``time.monotonic()`` instant)."""
        if self._kaleido is not None and self.browser_alive():
            return
        if self._kaleido is not None:
            self._discard()
        remove_stale_workdirs()
        began = time.perf_counter()
        self._workdir = _make_workdir()
        try:
            self._kaleido = self._new_browser(self._workdir)
            future = self._submit(self._kaleido.open())
        except Exception as exc:
            self._discard()
            self.failures += 1
            raise ExportError(f"could not start Chromium for exports ({_cause(exc)}); install Debian's chromium "
                              "or set BROWSER_PATH") from exc
        try:
            future.result(timeout=max(0.1, deadline - time.monotonic()))
        except BaseException as exc:
            future.cancel()
            self._discard()
            self.failures += 1
            reason = "it did not answer before the deadline" if isinstance(exc, FutureTimeout) else _cause(exc)
            raise ExportError(f"could not start Chromium for exports ({reason}); install Debian's chromium or "
                              "set BROWSER_PATH") from exc
        self.started_in = time.perf_counter() - began
        self.starts += 1
        self.renders = 0

    def _kill_browser(self) -> None:
        """Kill the browser's process group at once (it was started in a session of its own)."""
        pid = self.browser_pid
        if pid is None:
            return
        below = proc.descendants(pid)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        for target in below:  # anything that left the group
            try:
                os.kill(target, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                continue
        with contextlib.suppress(Exception):  # gone, or reaped by the dead loop's watchdog
            self._kaleido.subprocess.wait(timeout=5)

    def _discard(self) -> None:
        """Drop the browser without asking it anything: kill it, abandon its loop, remove its folder."""
        self._kill_browser()
        self._kaleido = None
        self._abandon_loop()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def _shutdown_locked(self, wait: float = 10.0) -> None:
        """Close the browser politely, within ``wait`` seconds, else discard it."""
        if self._kaleido is None:
            self._discard()
            return
        future = self._submit(self._kaleido.close())
        try:
            future.result(timeout=wait)
        except BaseException:  # a browser that will not close is killed instead
            future.cancel()
        self._discard()

    def start(self) -> Exporter:
        """Start the browser now (otherwise the first call starts it)."""
        if not self._lock.acquire(timeout=self.max_deadline):
            raise ExportError(f"the exporter is busy (another export has run for {self.max_deadline:.0f} s)")
        try:
            self._start_locked(time.monotonic() + self.max_deadline)
        finally:
            self._lock.release()
        return self

    # -- rendering --

    def deadline_s(self, figures: int) -> float:
        """Seconds one call may take, starting the browser included."""
        return min(self.max_deadline, self.timeout + self.per_figure * max(1, figures))

    async def _render_all(self, browser: Any, specs: list[dict[str, Any]], finished: list[int]) -> list[bytes]:
        async def one(spec: dict[str, Any]) -> bytes:
            blob: bytes = await browser.calc_fig(spec["fig"], opts=spec["opts"], topojson=spec["topojson"])
            finished[0] += 1
            return blob

        return list(await asyncio.gather(*(one(s) for s in specs)))

    def _stopped(self, settle: float = 0.5) -> bool:
        """True when the browser process has exited (given ``settle`` seconds to be seen exiting)."""
        until = time.monotonic() + settle
        while self.browser_alive():
            if time.monotonic() > until:
                return False
            time.sleep(0.05)
        return True

    def _wait(self, future: Future[Any], deadline: float, finished: list[int], total: int,
              progress: Callable[[int], None] | None) -> Any:
        reported = -1
        while True:
            count = f" ({finished[0]} of {total} figures done)" if total else ""
            try:
                return future.result(timeout=0.1)
            except FutureTimeout:
                pass
            except BaseException as exc:  # a cancelled render says nothing: say why it was cancelled
                if self._stopped():
                    raise ExportError(f"Chromium stopped during the export{count}") from exc
                raise ExportError(_cause(exc)) from exc
            if not self.browser_alive():
                raise ExportError(f"Chromium stopped during the export{count}")
            if time.monotonic() > deadline:
                raise ExportError(f"no answer from Chromium before the deadline{count}")
            if progress is not None and finished[0] != reported:
                reported = finished[0]
                progress(reported)

    def _call(self, job: Callable[[Any], Coroutine[Any, Any, Any]], seconds: float, renders: int, what: str,
              finished: list[int] | None = None, total: int = 0,
              progress: Callable[[int], None] | None = None) -> Any:
        """Run ``job(browser)`` on the loop with the warm browser, within ``seconds`` (starting the browser
        included), holding the lock no longer; on any failure drop the browser and say why."""
        if self._closed:
            raise ExportError("the exporter was closed")
        if not self._lock.acquire(timeout=self.max_deadline):
            raise ExportError(f"the exporter is busy: another export has held it for {self.max_deadline:.0f} s; "
                              "try again")
        handed_over = False
        try:
            deadline = time.monotonic() + seconds
            self._start_locked(deadline)
            future: Future[Any] = self._submit(job(self._kaleido))
            try:
                done = self._wait(future, deadline, finished or [0], total, progress)
            except BaseException as exc:
                future.cancel()
                self._discard()
                self.failures += 1
                cause = str(exc) if isinstance(exc, ExportError) else _cause(exc)
                raise ExportError(f"{what} failed: {cause}; deadline {seconds:.0f} s; the next export starts a "
                                  "fresh browser") from exc
            self.renders += renders
            self.renders_total += renders
            if self.renders >= self.max_renders or self.pss_mb() > self.max_pss_mb:
                handed_over = True
                threading.Thread(target=self._recycle_and_release, name="kaleido-recycle", daemon=True).start()
            return done
        finally:
            if not handed_over:
                self._lock.release()

    def render_jobs(self, jobs: Sequence[Job], progress: Callable[[int], None] | None = None) -> list[bytes]:
        """Render (figure, format, width, height, scale) jobs in one call: kaleido keeps all its tabs busy
        until the last one. ``progress(done)`` is called from the calling thread (where Streamlit may update
        a progress bar) while the jobs run. Raises :class:`ExportError` saying why, after which the next
        call starts a fresh browser."""
        for _, fmt, *_ in jobs:
            if fmt not in ("png", "svg", "pdf"):
                raise ExportError(f"unknown image format {fmt!r}; valid: png, svg, pdf")
        specs = [{"fig": f.to_dict(), "opts": {"format": fmt, "width": w, "height": h, "scale": scale},
                  "topojson": TOPOJSON_DIR.as_uri() + "/"} for f, fmt, w, h, scale in jobs]
        finished = [0]
        done: list[bytes] = self._call(lambda browser: self._render_all(browser, specs, finished),
                                       self.deadline_s(len(specs)), len(specs), f"rendering {len(specs)} figure(s)",
                                       finished, len(specs), progress)
        return done

    def in_browser(self, job: Callable[[Any], Coroutine[Any, Any, Any]], timeout: float | None = None,
                   renders: int = 1) -> Any:
        """Run ``job(browser)`` on the exporter's loop with its warm Chromium (kaleido's choreographer
        ``Browser``), between renders: the PDF pack prints one HTML page through it. Same rules as a render:
        one deadline (``timeout``, at most ``max_deadline``; by default that of ``renders`` figures), the
        browser dropped on failure, ``renders`` counted towards its recycling."""
        seconds = min(self.max_deadline, timeout) if timeout else self.deadline_s(renders)
        return self._call(job, seconds, renders, "printing")

    def _recycle_and_release(self) -> None:
        """Replace the browser (the lock was handed over by the call that returned), then release the lock."""
        try:
            self.recycles += 1
            self._shutdown_locked(wait=5.0)
            with contextlib.suppress(ExportError):  # the next call tries again and reports why
                self._start_locked(time.monotonic() + self.max_deadline)
        finally:
            self._lock.release()

    def render_many(self, figures: Sequence[go.Figure], fmt: str, width: int, height: int,
                    scale: float = 1) -> list[bytes]:
        """Render figures in one call (kaleido spreads them over its tabs)."""
        return self.render_jobs([(f, fmt, width, height, scale) for f in figures])

    def render(self, figure: go.Figure, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        return self.render_many([figure], fmt, width, height, scale)[0]

    def close(self) -> None:
        """Stop the browser and its loop, and remove its folder."""
        acquired = self._lock.acquire(timeout=self.max_deadline)
        try:
            self._closed = True
            self._shutdown_locked()
        finally:
            if acquired:
                self._lock.release()


_SHARED: Exporter | None = None
_SHARED_LOCK = threading.Lock()


def shared_exporter() -> Exporter:
    """The process-wide exporter (its browser starts on first use; stopped, and its folder removed, when the
    process exits)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Exporter()
            atexit.register(_SHARED._discard)
        return _SHARED
