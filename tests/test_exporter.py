"""The exporter survives its browser: a Chromium killed mid-pack fails that pack with a reason and the next
export starts a fresh one; deadlines release the lock; the browser is recycled; hard kills leave no
profile folders behind; exported files respect the umask."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from dashboard import data, export, filters, pack, proc
from dashboard.exporter import OWNER_FILE, WORKDIR_PREFIX, Exporter, ExportError, remove_stale_workdirs

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def lithium_india():
    ds = data.load()
    selection = filters.resolve(ds, filters.Filters(minerals=("lithium",), partner="IND"))
    context = export.make_context(selection, {"lithium": "Lithium"})
    contents = pack.contents(ds, selection, context, annex=True)
    return contents, [item.chart for item in contents.items], context


def chromium_main_processes(below: int) -> list[int]:
    """The exporters' Chromium browser processes below ``below`` (found by their profile folder)."""
    found = []
    for pid in proc.descendants(below):
        line = " ".join(proc.command_line(pid))
        if WORKDIR_PREFIX in line and "--type=" not in line and "python" not in line:
            found.append(pid)
    return found


@pytest.mark.export
def test_a_chromium_killed_mid_pack_fails_that_pack_with_a_reason_and_the_next_export_succeeds(lithium_india):
    contents, charts, context = lithium_india
    exporter = Exporter().start()
    outcome: list[BaseException | bytes] = []
    building = threading.Thread(target=lambda: outcome.append(_try(lambda: pack.render("zip", contents, exporter))))
    try:
        began = time.monotonic()
        building.start()
        while not exporter._lock.locked() and building.is_alive():  # the pack is in the browser now
            time.sleep(0.01)
        time.sleep(0.3)
        killed = chromium_main_processes(os.getpid())
        assert killed, "no Chromium process was found below the test process"
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        building.join(timeout=60)
        assert time.monotonic() - began < 20  # failed when the browser died, not at a deadline
        [error] = outcome
        assert isinstance(error, ExportError), error
        message = str(error)
        assert message.startswith("printing failed: Chromium stopped during the export; deadline "), message
        assert message.endswith("the next export starts a fresh browser")
        assert not any(proc.alive(pid) for pid in killed)
        blob = export.chart_bytes(charts[0], "png", context, exporter)
        assert blob.startswith(PNG)
        assert (exporter.starts, exporter.failures) == (2, 1)
        assert pack.render("zip", contents, exporter)[:2] == b"PK"  # and a whole pack again
    finally:
        exporter.close()


def _try(build):
    try:
        return build()
    except BaseException as exc:  # handed to the test thread
        return exc


@pytest.mark.export
def test_a_call_past_its_deadline_fails_releases_the_lock_and_the_next_call_renders(lithium_india):
    _, charts, context = lithium_india
    exporter = Exporter().start()
    try:
        exporter.timeout, exporter.per_figure = 0.05, 0.0
        began = time.monotonic()
        with pytest.raises(ExportError, match=rf"no answer from Chromium before the deadline \(0 of {len(charts)} "):
            exporter.render_many([export.decorate(c, context) for c in charts], "png", 1600, 900)
        assert time.monotonic() - began < 5
        assert exporter._lock.acquire(timeout=0)  # nobody holds it
        exporter._lock.release()
        exporter.timeout, exporter.per_figure = 20.0, 0.5
        assert export.chart_bytes(charts[0], "svg", context, exporter).startswith(b"<svg")
    finally:
        exporter.close()


@pytest.mark.export
def test_the_browser_is_recycled_after_n_renders_and_renders_stay_correct(lithium_india):
    _, charts, context = lithium_india
    exporter = Exporter(max_renders=2).start()
    try:
        first = exporter.browser_pid
        blobs = [export.chart_bytes(charts[0], "png", context, exporter) for _ in range(3)]
        assert all(b.startswith(PNG) for b in blobs)
        assert exporter.recycles >= 1 and exporter.starts >= 2
        assert exporter.browser_pid != first
        assert not proc.alive(first)
    finally:
        exporter.close()


def test_stale_working_folders_are_removed_only_when_theirs_and_their_owner_is_gone(tmp_path: Path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    dead_pid = int(dead.stdout)
    stale = tmp_path / f"{WORKDIR_PREFIX}{dead_pid}-abc"
    stale.mkdir()
    (stale / OWNER_FILE).write_text(f"{dead_pid} 12345\n")
    (stale / "profile").mkdir()
    live = tmp_path / f"{WORKDIR_PREFIX}{os.getpid()}-def"
    live.mkdir()
    (live / OWNER_FILE).write_text(f"{os.getpid()} {proc.start_time(os.getpid())}\n")
    reused = tmp_path / f"{WORKDIR_PREFIX}{os.getpid()}-ghi"  # our pid, but started at another time: reused pid
    reused.mkdir()
    (reused / OWNER_FILE).write_text(f"{os.getpid()} 1\n")
    fresh = tmp_path / f"{WORKDIR_PREFIX}1-being-created"  # no owner file yet, and new: left alone
    fresh.mkdir()
    other = tmp_path / "tmpq1w2e3"  # not ours
    other.mkdir()
    assert sorted(p.name for p in remove_stale_workdirs(tmp_path)) == sorted([stale.name, reused.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, fresh.name, other.name])


HARD_KILLED = textwrap.dedent("""
    import os, signal
    from dashboard.exporter import Exporter
    exporter = Exporter().start()
    print(exporter._workdir, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


@pytest.mark.export
def test_a_hard_killed_exporter_leaves_a_folder_that_the_next_start_removes():
    result = subprocess.run([sys.executable, "-c", HARD_KILLED], capture_output=True, text=True, check=False,
                            timeout=120)
    assert result.returncode == -signal.SIGKILL
    left = Path(result.stdout.strip())
    assert left.name.startswith(WORKDIR_PREFIX) and left.parent == Path(tempfile.gettempdir())
    deadline = time.monotonic() + 30  # its Chromium exits when the pipe to the killed process closes
    while any(str(left) in " ".join(proc.command_line(int(p.name))) for p in Path("/proc").iterdir()
              if p.name.isdigit()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert left.is_dir()
    exporter = Exporter().start()
    try:
        assert not left.exists()
        assert exporter._workdir is not None and exporter._workdir.is_dir()
    finally:
        exporter.close()
    assert not [p for p in Path(tempfile.gettempdir()).iterdir()
                if p.name.startswith(f"{WORKDIR_PREFIX}{os.getpid()}-")]


@pytest.mark.export
def test_the_shared_exporter_removes_its_folder_when_the_process_exits():
    result = subprocess.run([sys.executable, "-c", "from dashboard.exporter import shared_exporter; "
                             "print(shared_exporter().start()._workdir)"], capture_output=True, text=True,
                            check=True, timeout=120)
    left = Path(result.stdout.strip())
    assert left.name.startswith(WORKDIR_PREFIX) and not left.exists()


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_exported_files_respect_the_umask(tmp_path: Path, mask: int, mode: int):
    previous = os.umask(mask)
    try:
        target = tmp_path / "chart.csv"
        export.write_atomically(target, b"a,b\n")
    finally:
        os.umask(previous)
    assert target.stat().st_mode & 0o777 == mode
    assert [p.name for p in tmp_path.iterdir()] == ["chart.csv"]


def test_the_browsers_own_shutdown_warning_is_dropped_and_other_warnings_kept(caplog):
    """choreographer warns 'Wait expired, Browser is being closed by watchdog.' when the exporter stops its
    Chromium at a command's exit (it showed on stderr after a successful export, in some runs)."""
    logger = logging.getLogger("choreographer.browser_async")
    with caplog.at_level(logging.WARNING, logger="choreographer.browser_async"):
        logger.warning("Wait expired, Browser is being closed by watchdog.")
        logger.warning("Browser crashed: something else")
    assert [r.getMessage() for r in caplog.records] == ["Browser crashed: something else"]
