"""What Linux's ``/proc`` says about processes: children, whole process trees and their memory (PSS).

Used by the exporter (to watch its Chromium's memory and to kill it), by the benchmarks and by the tests
that kill a browser on purpose. Linux only; elsewhere the functions return empty answers.

Belongs here: reading ``/proc``. Does not belong here: deciding what to do about what it says.
"""

from __future__ import annotations

from pathlib import Path

PROC = Path("/proc")


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command name (which may hold spaces and brackets)."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def children(pid: int) -> list[int]:
    """Direct children of ``pid``."""
    out = []
    try:
        entries = list(PROC.iterdir())
    except OSError:
        return []
    for entry in entries:
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None and int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, their children, ...)."""
    found: list[int] = []
    stack = children(pid)
    while stack:
        child = stack.pop()
        found.append(child)
        stack += children(child)
    return found


def start_time(pid: int) -> int | None:
    """When the process started (clock ticks since boot): with the pid, it names one process for good,
    even after the pid is reused. None when there is no such process."""
    fields = _stat_fields(pid)
    return None if fields is None else int(fields[19])


def alive(pid: int, started: int | None = None) -> bool:
    """True when process ``pid`` exists (and, given ``started``, is the process that started then).
    A zombie (exited, not yet reaped) counts as gone."""
    fields = _stat_fields(pid)
    if fields is None or fields[0] in ("Z", "X"):
        return False
    return started is None or int(fields[19]) == started


def command_line(pid: int) -> list[str]:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode("utf-8", "replace") for part in raw.split(b"\0") if part]


def pss_mb(pid: int) -> float:
    """Proportional set size of one process (MB): shared pages split between the processes sharing them,
    so a multi-process browser is not counted several times over. 0 when the process is gone."""
    try:
        lines = (PROC / str(pid) / "smaps_rollup").read_text().splitlines()
    except OSError:
        return 0.0
    for line in lines:
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_pss_mb(pid: int, include_root: bool = True) -> float:
    """PSS of a process and all its descendants (MB)."""
    pids = ([pid] if include_root else []) + descendants(pid)
    return sum(pss_mb(p) for p in pids)


def rss_mb(pid: int) -> float:
    try:
        lines = (PROC / str(pid) / "status").read_text().splitlines()
    except OSError:
        return 0.0
    for line in lines:
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def umask() -> int:
    """The process's umask, read without changing it (``os.umask`` can only be read by setting it, which
    races with other threads creating files). Falls back to 0o022 where ``/proc`` does not say."""
    try:
        for line in (PROC / "self" / "status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022
