"""Shared fixtures: a real dashboard server on a free local port and Debian's Chromium driven by Playwright.

The browser tests start the server they need and stop it; a failing browser test leaves a screenshot in
``artifacts/`` (the folder CI keeps).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import data
from dashboard import server as server_process
from dashboard.exporter import Exporter

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    return os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@contextlib.contextmanager
def running_server(log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """A dashboard server on a free local port (with Debian's Chromium for its exports), stopped on exit."""
    port = server_process.free_port()
    full = {**({"BROWSER_PATH": chromium_path()} if chromium_path() else {}), **(env or {})}
    process = server_process.start([sys.executable, "-m", "dashboard", "run", "--port", str(port)], log, full)
    url = f"http://127.0.0.1:{port}"
    try:
        server_process.wait_healthy(url, process)
        yield url
    finally:
        server_process.stop(process)


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("server") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def ds() -> data.Datasets:
    """The repository's data package (test modules with a fixture package of their own override it)."""
    return data.load()


@pytest.fixture(scope="module")
def exporter() -> Iterator[Exporter]:
    """A warm exporter for one test module, closed after it."""
    started = Exporter().start()
    yield started
    started.close()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.fail("Debian's chromium is not installed: apt-get install -y chromium (see README)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1440, "height": 2400}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.page_errors = errors  # type: ignore[attr-defined]
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name.replace('/', '_')}.png"))
    context.close()
