"""Load as the server feels it: N sessions that change a filter at the same instant, driven over
Streamlit's own websocket protocol, with no browser. Part of ``python -m dashboard bench`` (``--section load``).

Each session is a thread with a websocket client that does what the browser's frontend does, minus
drawing: it asks for a run of the Minerals page (cobalt), keeps the state of every widget the server sent,
and "clicks" the stage radio by sending a rerun with the radio's new value, as the frontend does. The
clicks of all sessions are released by one ``threading.Barrier``; a click's time runs from the release
to the server's "script finished" message, so it holds the server's queueing, the script run and the
serialisation of every element, and none of a browser's work. The clients cost little next to the
server (they parse the messages, nothing more), but they share the machine's cores with it, as a load
balancer's health checks would not: the figures are an upper bound for the server alone.

Measured per level (10, 25, 50 sessions): click latency (median, p95, max, over sessions x rounds), the
server's CPU time per click (``/proc`` utime + stime over the rounds, divided by the clicks), and the
server's memory per session (RSS growth when the sessions connect and draw, divided by their number).
Then 25 and 50 sessions again over two server processes, session i on process i mod 2: the scale-out of
the README (replicas behind a sticky load balancer), each replica with its own cache and one core.
A benchmark, not a test: it prints numbers, it never fails because of one.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from dashboard import proc, server

MINERALS = ("cobalt", "lithium", "nickel", "rare_earths")
STAGES = {"Mine": "mine production", "Refinery": "refined output"}
TARGET = "p95 <= 300 ms with 25 sessions (server side)"


@dataclass
class Session:
    """One browser tab's conversation with the server, without the browser."""

    url: str
    mineral: str
    page: str = "minerals"
    query: str = ""
    widgets: dict[str, Any] = field(default_factory=dict)  # id -> WidgetState (the last value sent or shown)
    ids: dict[str, str] = field(default_factory=dict)  # widget label -> id
    titles: list[str] = field(default_factory=list)
    socket: Any = None
    context: Any = None

    def connect(self) -> None:
        from websockets.sync.client import connect

        self.query = f"mineral={self.mineral}"
        self.context = connect(self.url.replace("http", "ws", 1) + "/_stcore/stream",
                               subprotocols=[cast(Any, "streamlit")], max_size=None, open_timeout=60)
        self.socket = self.context.__enter__()

    def close(self) -> None:
        if self.context is not None:
            self.context.__exit__(None, None, None)
            self.context = self.socket = None

    def _remember(self, element: Any) -> None:
        """The value a widget shows, as the frontend would send it back (string forms, as in 1.67)."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        kind = element.WhichOneof("type")
        widget = getattr(element, kind)
        widget_id = getattr(widget, "id", "")
        if not widget_id or kind in ("button", "download_button", "plotly_chart"):
            return
        if getattr(widget, "label", ""):
            self.ids[widget.label] = widget_id
        if widget_id in self.widgets and not getattr(widget, "set_value", False):
            return  # the frontend keeps what it shows unless the server sets a value
        state = WidgetState(id=widget_id)
        if kind == "multiselect":
            state.string_array_value.data.extend(widget.raw_values if widget.set_value
                                                 else [widget.options[i] for i in widget.default])
        elif kind in ("selectbox", "radio"):
            if widget.HasField("raw_value"):
                state.string_value = widget.raw_value
            elif widget.options and not widget.set_value and kind == "radio":
                state.string_value = widget.options[widget.default]
            else:
                return
        elif kind == "date_input":
            state.string_array_value.data.extend(widget.value if widget.set_value else widget.default)
        elif kind == "button_group":
            state.string_array_value.data.extend(widget.raw_values if widget.set_value
                                                 else [widget.options[i].content for i in widget.default])
        else:
            return
        self.widgets[widget_id] = state

    def run(self, changes: dict[str, str] | None = None) -> float:
        """One rerun (with ``changes``: widget label -> new string value); seconds to 'script finished'."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        for label, value in (changes or {}).items():
            self.widgets[self.ids[label]].string_value = value
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_name = self.page
        message.rerun_script.widget_states.widgets.extend(self.widgets.values())
        began = time.perf_counter()
        self.socket.send(message.SerializeToString())
        self.titles = []
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(self.socket.recv(timeout=120))
            kind = reply.WhichOneof("type")
            if kind == "page_info_changed":
                self.query = reply.page_info_changed.query_string
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                self._remember(element)
                if element.WhichOneof("type") == "plotly_chart":
                    layout = json.loads(element.plotly_chart.spec)["layout"]
                    # the screen prints a chart's title above the figure; the figure keeps it in its meta
                    self.titles.append(str((layout.get("meta") or {}).get("title") or layout["title"].get("text", "")))
            elif kind == "script_finished":
                return time.perf_counter() - began


def _cpu_s(pid: int) -> float:
    fields = (proc.PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _stats(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": round(statistics.median(ordered), 1), "p95": round(p95, 1), "max": round(ordered[-1], 1),
            "n": len(ordered)}


def level(urls: Sequence[str], pids: Sequence[int], sessions: int, rounds: int) -> dict[str, Any]:
    """``sessions`` sessions, each clicking the stage radio ``rounds`` times, all at once each round;
    session i talks to server ``i % len(urls)`` (a sticky load balancer over replicas)."""
    clients = [Session(urls[i % len(urls)], MINERALS[i % len(MINERALS)]) for i in range(sessions)]
    rss_before = sum(proc.rss_mb(pid) for pid in pids)
    barrier = threading.Barrier(sessions + 1)
    latencies: list[float] = []
    wrong: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()

    def drive(client: Session) -> None:
        try:
            client.connect()
            client.run()
            barrier.wait(timeout=300)  # everyone has drawn the page
            for number in range(rounds):
                target = "Refinery" if number % 2 == 0 else "Mine"
                barrier.wait(timeout=300)  # the release
                elapsed = client.run({"Stage": target})
                shown = client.titles[0] if client.titles else ""
                with lock:
                    latencies.append(elapsed * 1000)
                    if STAGES[target] not in shown:
                        wrong.append(f"{client.mineral}: {shown[:80]}")
                barrier.wait(timeout=300)  # the round is over
        except Exception as exc:  # a benchmark reports what went wrong, it does not stop at it
            with lock:
                failures.append(f"{type(exc).__name__}: {exc}")
            barrier.abort()

    threads = [threading.Thread(target=drive, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    cpu: list[float] = []
    clients_cpu: list[float] = []
    try:
        barrier.wait(timeout=600)
        rss_connected = sum(proc.rss_mb(pid) for pid in pids)
        for _ in range(rounds):
            before, ours = sum(_cpu_s(pid) for pid in pids), time.process_time()
            barrier.wait(timeout=300)
            barrier.wait(timeout=300)
            cpu.append((sum(_cpu_s(pid) for pid in pids) - before) * 1000 / sessions)
            clients_cpu.append((time.process_time() - ours) * 1000 / sessions)
    except threading.BrokenBarrierError:
        rss_connected = sum(proc.rss_mb(pid) for pid in pids)
    for thread in threads:
        thread.join(timeout=60)
    for client in clients:
        client.close()
    return {
        "sessions": sessions,
        "replicas": len(urls),
        "rounds": rounds,
        "click_ms": _stats(latencies) if latencies else None,
        "server_cpu_ms_per_click": round(statistics.median(cpu), 1) if cpu else None,
        "clients_cpu_ms_per_click": round(statistics.median(clients_cpu), 1) if clients_cpu else None,
        "server_rss_mb": {"before": round(rss_before, 1), "with_sessions": round(rss_connected, 1),
                          "per_session": round((rss_connected - rss_before) / sessions, 2)},
        "wrong_charts": wrong[:5],
        "failures": failures[:5],
    }


def _warm(url: str) -> None:
    """Every chart the levels ask for, in the server's process-wide cache."""
    warm = Session(url, "cobalt")
    warm.connect()
    for mineral in MINERALS:
        warm.query = f"mineral={mineral}"
        warm.run()
        warm.run({"Stage": "Refinery"})
        warm.run({"Stage": "Mine"})
    warm.close()


def run_levels(levels: Sequence[int] = (10, 25, 50), rounds: int = 6, replicas: Sequence[int] = (1, 2),
               replica_levels: Sequence[int] = (25, 50)) -> dict[str, Any]:
    """Start the dashboard on free ports (one process per replica), warm the caches, then measure each
    level on one process, and ``replica_levels`` again spread over each count of ``replicas`` above one."""
    processes = []
    urls = []
    try:
        for _ in range(max(replicas)):
            port = server.free_port()
            urls.append(f"http://127.0.0.1:{port}")
            processes.append(server.start([sys.executable, "-m", "dashboard", "run", "--port", str(port)]))
        for url, process in zip(urls, processes, strict=True):
            server.wait_healthy(url, process)
            _warm(url)
        single = Session(urls[0], "cobalt")
        single.connect()
        single.run()
        alone = [single.run({"Stage": s}) * 1000 for s in ("Refinery", "Mine") * 5]
        single.close()
        pids = [p.pid for p in processes]
        result: dict[str, Any] = {
            "method": "websocket clients in threads (no browser), clicks released by one threading.Barrier; "
                      "time from the release to the server's script-finished message",
            "page": "minerals (cobalt, lithium, nickel, rare earths in turn): the stage radio, Mine <-> Refinery",
            "target": TARGET,
            "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
            "one_session_click_ms": _stats(alone),
            "server_rss_mb_idle": round(proc.rss_mb(pids[0]), 1),
            "levels": [level(urls[:1], pids[:1], n, rounds) for n in levels],
        }
        result["replicated"] = [level(urls[:r], pids[:r], n, rounds)
                                for r in replicas if r > 1 for n in replica_levels]
        return result
    finally:
        for process in processes:
            server.stop(process)


def exporter_memory(renders: int = 500) -> dict[str, Any]:
    """The exporter's Chromium over ``renders`` renders of real briefing charts (single charts, and PDF and ZIP
    packs with the annex, as users ask for them): PSS of its process tree, how often it was recycled, and
    render times."""
    from dashboard import data, export, filters, pack
    from dashboard.exporter import Exporter

    ds = data.load()
    selection = filters.resolve(ds, filters.Filters(minerals=("lithium",), partner="IND"))
    context = export.make_context(selection, {m: ds.vocabulary.mineral_name(m) for m in ds.vocabulary.mineral_ids})
    contents = pack.contents(ds, selection, context, annex=True)
    charts = [item.chart for item in contents.items]
    exporter = Exporter()
    began = time.perf_counter()
    exporter.start()
    cold = time.perf_counter() - began
    samples = [(0, round(exporter.pss_mb(), 1))]
    singles: list[float] = []
    packs: list[float] = []
    step = 0
    while exporter.renders_total < renders:
        step += 1
        t0 = time.perf_counter()
        if step % 4 == 0:
            pack.render(("pdf", "zip")[step // 4 % 2], contents, exporter)
            packs.append((time.perf_counter() - t0) * 1000)
        else:
            export.chart_bytes(charts[step % len(charts)], ("png", "svg", "pdf")[step % 3], context, exporter)
            singles.append((time.perf_counter() - t0) * 1000)
        if exporter.renders_total // 50 > samples[-1][0] // 50:
            samples.append((exporter.renders_total, round(exporter.pss_mb(), 1)))
    final = round(exporter.pss_mb(), 1)
    peak = max(p for _, p in samples)
    result = {
        "renders": exporter.renders_total,
        "cold_start_s": round(cold, 2),
        "pss_mb_at_start": samples[0][1],
        "pss_mb_after": final,
        "pss_mb_peak_sampled": peak,
        "pss_mb_every_50_renders": samples,
        "browser_starts": exporter.starts,
        "recycles": exporter.recycles,
        "failures": exporter.failures,
        "single_chart_ms": _stats(singles),
        "pack_ms": _stats(packs),
        "limits": {"max_renders": exporter.max_renders, "max_pss_mb": exporter.max_pss_mb},
        "target": "<= 600 MB PSS after 500 renders",
    }
    exporter.close()
    return result
