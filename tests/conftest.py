"""Shared fixtures: a real dashboard server on a free local port and Debian's Chromium driven by Playwright.

The browser tests start the server they need and stop it; a failing browser test leaves a screenshot in
``artifacts/`` (the folder CI keeps).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import server as server_process

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    return os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def start_server(port: int, log: Path):
    env = {"BROWSER_PATH": chromium_path()} if chromium_path() else {}
    return server_process.start([sys.executable, "-m", "dashboard", "run", "--port", str(port)], log, env)


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    port = server_process.free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    process = start_server(port, log)
    url = f"http://127.0.0.1:{port}"
    try:
        server_process.wait_healthy(url, process)
        yield url
    finally:
        server_process.stop(process)


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
