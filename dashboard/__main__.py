"""Command line: ``python -m dashboard <command>``.

Commands: ``run`` (start the dashboard), ``curate`` (rebuild the USGS-derived tables), ``validate``
(check the data package),
``datapackage`` (re-render datasets/datapackage.json), and those that later modules add
(``metrics``, ``run``, ``export``). Exit codes: 0 success, 1 invalid data, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from dashboard import curate, data, datapackage

#: Modules that contribute a sub-command through ``add_parser(subparsers)`` and ``run(args)``.
PLUGIN_MODULES = ("dashboard.metrics_cli", "dashboard.export_cli", "dashboard.bench")


def _curate(args: argparse.Namespace) -> int:
    usgs_dir = Path(args.usgs_dir)
    out_dir = data.datasets_dir(args.datasets) / "curated"
    try:
        tables = curate.build(usgs_dir, curate.from_datasets(data.datasets_dir(args.datasets)))
    except curate.CurateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for name, count in curate.write(tables, out_dir):
        print(f"wrote {out_dir / (name + '.csv')}: {count} rows")
    datasets, problems = data.validate(args.datasets, row_counts=False)  # the new rows are recorded below
    if datasets is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"curated tables written, but the data package has {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"wrote {datapackage.write(datasets)}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    datasets, problems = data.validate(args.datasets)
    if datasets is None:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) found")
        return 1
    print(f"ok: {datasets.summary()}")
    return 0


def _datapackage(args: argparse.Namespace) -> int:
    try:  # every check but the row counts, which this command records
        datasets = data.load(args.datasets, row_counts=False)
    except data.DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"wrote {datapackage.write(datasets)}")
    return 0


APP = Path(__file__).resolve().parent / "app.py"


def streamlit_argv(port: int, address: str = "127.0.0.1", headless: bool = True) -> list[str]:
    """The Streamlit command line for the dashboard: local address, no telemetry, static files served
    (the offline map geometry), XSRF protection left on. It serves, it does not develop: no file watcher
    (which resolved the path of every imported module after each run) and no full garbage collection after
    every run; together they took 140 ms of server CPU per filter change, now 25 ms (measured with
    /proc CPU times around a click)."""
    return [
        "streamlit", "run", str(APP),
        "--server.address", address,
        "--server.port", str(port),
        "--server.headless", "true" if headless else "false",
        "--server.enableStaticServing", "true",
        "--server.enableXsrfProtection", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
        "--theme.base", "light",
        "--server.fileWatcherType", "none",
        "--runner.postScriptGC", "false",
        "--runner.magicEnabled", "false",
    ]


def _warm_up() -> None:
    """Import the app's modules and load the data package while the browser is still fetching the
    frontend, so that the first visitor does not wait for them (same process, same caches). Charts are
    not built here: on two cores that would compete with the first visitor's own page. Exporter folders
    left in the temporary directory by a process that was killed are removed."""
    from dashboard import ui
    from dashboard.exporter import remove_stale_workdirs

    remove_stale_workdirs()
    ui._load(str(data.datasets_dir()))


def _run(args: argparse.Namespace) -> int:
    import threading

    from streamlit.web import cli as streamlit_cli

    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()

    sys.argv = streamlit_argv(args.port, args.address, headless=not args.open_browser)
    print(f"starting the dashboard on http://{args.address}:{args.port}", flush=True)
    return int(streamlit_cli.main() or 0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="start the dashboard (Streamlit) on 127.0.0.1")
    p.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    p.add_argument("--address", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--open-browser", action="store_true", help="open a browser tab")
    p.set_defaults(func=_run)

    p = sub.add_parser("curate", help="rebuild datasets/curated/ from the official USGS release files")
    p.add_argument("--usgs-dir", required=True, help="folder holding the USGS release files (see README)")
    p.add_argument("--datasets", default=None, help="datasets folder (default: the repository's datasets/)")
    p.set_defaults(func=_curate)

    p = sub.add_parser("validate", help="check every table; one FILE:ROW:COLUMN line per problem")
    p.add_argument("--datasets", default=None, help="datasets folder (default: the repository's datasets/)")
    p.set_defaults(func=_validate)

    p = sub.add_parser("datapackage", help="re-render datasets/datapackage.json from the models")
    p.add_argument("--datasets", default=None, help="datasets folder (default: the repository's datasets/)")
    p.set_defaults(func=_datapackage)

    for module_name in PLUGIN_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
