"""``python -m dashboard bench``: measure the dashboard side by side with a floor, ``streamlit hello``,
on the same machine in one run, and print JSON. A benchmark, not a test: it prints numbers and the
targets beside them; it never fails because of a number.

Measured: cold start (server start to first chart visible), page open with a warm server, interaction
(filter change to updated chart, median and p95), server-side rerun time per page, data load and
validation (cold and cached), exports (single chart warm, a 10-chart pack, cold start), memory (server
RSS with 1 and 10 sessions; the exporter's Chromium separately), and interaction p95 with 10 sessions.
Then (``dashboard.loadtest``) 10, 25 and 50 sessions clicking at once over the websocket protocol without a
browser, with the browser-measured 10-session figure beside them, and the exporter's memory over 500
renders. ``--section load`` or ``--section exporter`` runs one of those alone.
Needs Debian's Chromium and the dev extra (Playwright).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from dashboard import server

REPO = Path(__file__).resolve().parent.parent
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
OUR_CHART = "() => [...document.querySelectorAll('.js-plotly-plot')].some(p => (p.data || []).length > 0)"
FLOOR_MARKS = ("document.querySelector('[data-testid=\"stVegaLiteChart\"] svg.marks, "
               "[data-testid=\"stVegaLiteChart\"] canvas')")
FLOOR_CHART = f"() => !!{FLOOR_MARKS}"
#: what the floor's chart shows now (its SVG, or its canvas pixels)
FLOOR_SIGNATURE = (f"(() => {{ const c = {FLOOR_MARKS}; "
                   "return !c ? '' : c.tagName === 'CANVAS' ? c.toDataURL() : c.innerHTML; }})()")
TARGETS = {
    "first_chart_vs_floor_ratio": "<= 1.5",
    "interaction_median_ms": "<= 300",
    "rerun_ms_per_page": "<= 150",
    "server_rss_10_sessions_mb": "<= 400 (exporter Chromium not counted)",
    "interaction_p95_10_sessions_ms": "<= 1000",
}
PAGES = ["views/overview.py", "views/minerals.py", "views/partners.py", "views/initiatives.py", "views/themes.py",
         "views/scenarios.py", "views/sources.py"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("bench", help="benchmark against streamlit hello; prints JSON")
    p.add_argument("--rounds", type=int, default=20, help="filter changes to time (default 20)")
    p.add_argument("--out", type=Path, help="also write the JSON to this file")
    p.add_argument("--section", choices=("all", "export", "load", "exporter"), default="all",
                   help="'export': only the briefing-pack exports (no servers, no browser sessions); 'load': only the "
                   "sessions clicking at once (websocket clients, no browser); 'exporter': only the exporter's memory "
                   "over --renders renders (default: all, which includes every section)")
    p.add_argument("--sessions", default="10,25,50", help="session counts of the load test (default 10,25,50)")
    p.add_argument("--renders", type=int, default=500, help="renders of the exporter memory test (default 500)")
    p.set_defaults(func=run)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _pss_mb(pid: int) -> float:
    """Proportional set size: shared pages split between the processes sharing them, so a multi-process
    browser is not counted several times over."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _descendants_pss_mb(pid: int) -> float:
    total, stack = 0.0, _children(pid)
    while stack:
        child = stack.pop()
        try:
            total += _pss_mb(child)
        except OSError:
            continue
        stack += _children(child)
    return total


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": round(statistics.median(ordered), 1), "p95": round(p95, 1), "n": len(ordered)}


def _server_side(browser, name: str, command: list[str], port: int, path: str, chart_js: str, change,
                 rounds: int) -> dict[str, Any]:
    """Cold start, warm open, interaction and memory for one app."""
    url = f"http://127.0.0.1:{port}"
    began = time.perf_counter()
    process = server.start(command)
    try:
        server.wait_healthy(url, process)
        context = browser.new_context(viewport={"width": 1440, "height": 1800})
        page = context.new_page()
        page.goto(f"{url}/{path}")
        page.wait_for_function(chart_js, timeout=120_000)
        cold = time.perf_counter() - began
        page.wait_for_selector(IDLE, timeout=120_000)
        warm_open = []
        for _ in range(3):
            t0 = time.perf_counter()
            page.goto(f"{url}/{path}")
            page.wait_for_function(chart_js, timeout=60_000)
            warm_open.append(time.perf_counter() - t0)
            page.wait_for_selector(IDLE, timeout=60_000)
        interactions = [change(page) for _ in range(rounds)]
        rss_1 = _rss_mb(process.pid)
        others = [browser.new_context(viewport={"width": 1280, "height": 1200}) for _ in range(9)]
        tabs = [c.new_page() for c in others]
        for tab in tabs:
            tab.goto(f"{url}/{path}", wait_until="commit")
        for tab in tabs:
            tab.wait_for_function(chart_js, timeout=120_000)
            tab.wait_for_selector(IDLE, timeout=120_000)
        rss_10 = _rss_mb(process.pid)
        loaded: list[float] = []
        for _ in range(3):  # every session changes its filter at once; each page times itself
            for tab in [page, *tabs]:
                change(tab, start_only=True)
            loaded += [change(tab, finish=True) for tab in [page, *tabs]]
        for c in [context, *others]:
            c.close()
        return {
            "app": name,
            "cold_start_to_first_chart_s": round(cold, 2),
            "warm_page_open_to_first_chart_s": round(statistics.median(warm_open), 2),
            "interaction_ms": _stats(interactions),
            "interaction_10_sessions_ms": _stats(loaded),
            "timing": "in-page clock, from the click event to the updated chart",
            "server_rss_mb": {"1_session": round(rss_1, 1), "10_sessions": round(rss_10, 1)},
        }
    finally:
        server.stop(process)


#: Armed in the page before a click: the page's own clock notes the real click event and the first animation
#: frame at which the condition holds (the frame that shows the change), so the latency is the user's, whatever
#: order the benchmark waits in. Checking once per frame, not on a fast timer, keeps the probe from competing
#: with the page it measures when ten tabs share two cores.
ARM = """condition => {
    window.__t0 = null; window.__t1 = null;
    document.addEventListener('click', () => { if (window.__t0 === null) window.__t0 = performance.now(); },
                              {capture: true, once: true});
    const check = new Function('return (' + condition + ')();');
    const frame = () => {  // performance.now(), not the frame's start time, which can precede a long task
        if (window.__t0 !== null && check()) { window.__t1 = performance.now(); return; }
        requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
}"""


def _timed_change(page, condition: str, click, start_only: bool, finish: bool) -> Any:
    """Click, then return the in-page latency (ms) from the click event to ``condition`` first holding."""
    if not finish:
        page.evaluate(ARM, condition)
        click()
        if start_only:
            return True
    page.wait_for_function("() => window.__t1 !== null", timeout=60_000, polling=20)
    elapsed = page.evaluate("() => window.__t1 - window.__t0")
    page.wait_for_selector(IDLE, timeout=60_000)
    return float(elapsed)


def _ours_change(page, start_only: bool = False, finish: Any = None) -> Any:
    """Toggle the stage radio between Mine and Refinery; until the first chart's title shows the new stage."""
    if finish is None:
        current = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.title.text")
        target = "Refinery" if "mine production" in current else "Mine"
        expected = "refined output" if target == "Refinery" else "mine production"
        condition = ("() => { const p = document.querySelector('.js-plotly-plot'); "
                     f"return !!p && p.layout.title.text.includes('{expected}'); }}")
        return _timed_change(page, condition, lambda: page.locator("[data-testid='stSidebar']").get_by_text(
            target, exact=True).click(), start_only, False)
    return _timed_change(page, "", None, False, True)


def _floor_change(page, start_only: bool = False, finish: Any = None) -> Any:
    """Press the plotting demo's Rerun button; until its chart was redrawn."""
    if finish is None:
        page.evaluate(f"() => {{ window.__old = {FLOOR_SIGNATURE}; }}")
        condition = f"() => {{ const now = {FLOOR_SIGNATURE}; return !!now && now !== window.__old; }}"
        return _timed_change(page, condition, lambda: page.get_by_role("button", name="Rerun").click(), start_only,
                             False)
    return _timed_change(page, "", None, False, True)


def _reruns() -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(REPO / "dashboard" / "app.py"), default_timeout=120)
    app.run()
    out = {}
    for page in PAGES:
        app.switch_page(page).run()
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            app.run()
            times.append((time.perf_counter() - t0) * 1000)
        out[page.split("/")[1].removesuffix(".py")] = round(statistics.median(times), 1)
    return out


def _data_load() -> dict[str, float]:
    code = ("import time; t=time.perf_counter(); from dashboard import data; d=data.load(); "
            "print(time.perf_counter()-t)")
    cold = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                cwd=REPO).stdout.strip().splitlines()[-1])
    from dashboard import data, ui

    t0 = time.perf_counter()
    data.load()
    validate = time.perf_counter() - t0
    ui._load(str(data.datasets_dir()))
    t0 = time.perf_counter()
    ui._load(str(data.datasets_dir()))
    cached = time.perf_counter() - t0
    return {"cold_process_import_load_validate_s": round(cold, 3), "load_and_validate_s": round(validate, 3),
            "cached_s": round(cached, 6)}


def _exports() -> dict[str, Any]:
    from dashboard import bench_export

    return bench_export.run(_descendants_pss_mb)


def _load_and_exporter(args: argparse.Namespace, result: dict[str, Any]) -> None:
    from dashboard import loadtest

    if args.section in ("all", "load"):
        levels = tuple(int(n) for n in str(args.sessions).split(",") if n.strip())
        result["load"] = loadtest.run_levels(levels)
        if "ours" in result:  # the browser-measured figure beside the server-side ones
            result["load"]["browser_10_sessions_click_ms"] = result["ours"]["interaction_10_sessions_ms"]
    if args.section in ("all", "exporter"):
        result["exporter_memory"] = loadtest.exporter_memory(args.renders)


def run(args: argparse.Namespace) -> int:
    from playwright.sync_api import sync_playwright

    from dashboard import bench_export

    browser_path = os.environ.get("BROWSER_PATH") or shutil.which("chromium")
    if not browser_path:
        print("error: Debian's chromium is needed (apt-get install -y chromium)", file=sys.stderr)
        return 2
    result: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "command": "python -m dashboard bench" + ("" if args.section == "all" else f" --section {args.section}"),
        "targets": {**TARGETS, **bench_export.TARGETS},
    }
    if args.section == "export":
        result["export"] = _exports()
        return _print(result, args.out)
    if args.section in ("load", "exporter"):
        result["machine"]["load_average_at_start"] = os.getloadavg()
        _load_and_exporter(args, result)
        return _print(result, args.out)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        port = server.free_port()
        result["floor"] = _server_side(
            browser, "streamlit hello (plotting demo)",
            [sys.executable, "-m", "streamlit", "hello", "--server.port", str(port), "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1"],
            port, "plotting_demo", FLOOR_CHART, _floor_change, args.rounds)
        port = server.free_port()
        result["ours"] = _server_side(
            browser, "dashboard (minerals page, cobalt)",
            [sys.executable, "-m", "dashboard", "run", "--port", str(port)], port, "minerals?mineral=cobalt",
            OUR_CHART, _ours_change, args.rounds)
        browser.close()
    result["ours"]["first_chart_vs_floor_ratio"] = round(
        result["ours"]["cold_start_to_first_chart_s"] / result["floor"]["cold_start_to_first_chart_s"], 2)
    result["rerun_ms_per_page"] = _reruns()
    result["data_load"] = _data_load()
    result["export"] = _exports()
    _load_and_exporter(args, result)
    return _print(result, args.out)


def _print(result: dict[str, Any], out: Path | None) -> int:
    text = json.dumps(result, indent=2)
    print(text)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    return 0
