"""``metrics`` and ``export`` share their selection arguments (``cli_args``): for every bad one they exit
with the same code (2 for a bad argument, 1 for a bad data package) and print the same reason (where the
commands differ on purpose, each its own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.__main__ import main

LONG = "x" * 100
BAD = [
    (["--mineral", "gold"], 2, "unknown mineral 'gold': not one of lithium, cobalt, nickel, rare_earths"),
    (["--mineral", ""], 2, "unknown mineral '': not one of"),
    (["--mineral", LONG], 2, "unknown mineral 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"),
    (["--mineral", "lithium", "--partner", "XXX"], 2, "unknown partner 'XXX': not a country in the data"),
    (["--mineral", "lithium", "--partner", "OTH"], 2, "unknown partner 'OTH': not a country in the data"),
    (["--mineral", "lithium", "--partner", "WLD"], 2, "unknown partner 'WLD': not a country in the data"),
    (["--mineral", "lithium", "--partner", "<b>x</b>"], 2, "unknown partner '<b>x</b>'"),
    (["--mineral", "lithium", "--partner", "IND,ZZZ"], 2, "unknown country 'ZZZ': not a country in the data"),
    (["--mineral", "lithium", "--initiative", "nope"], 2, "unknown bloc 'nope': not an initiative with members"),
    (["--mineral", "lithium", "--initiative", "quad_cmi", "--at", "yesterday"], 2, "unknown date 'yesterday'"),
    (["--mineral", "lithium", "--initiative", "quad_cmi", "--at", "2026-02-30"], 2, "unknown date '2026-02-30'"),
    (["--mineral", "lithium", "--initiative", "quad_cmi", "--at", "1999-01-01"], 2,
     "unknown date '1999-01-01': membership dates run from 2015-01-01 to today"),
    (["--mineral", "lithium", "--initiative", "quad_cmi", "--at", "2999-01-01"], 2, "unknown date '2999-01-01'"),
    (["--mineral", "lithium", "--at", "2026-01-01"], 2, "--at is the bloc membership date: give --initiative"),
    (["--mineral", "lithium", "--year", "1990"], 2, "unknown year '1990': no country figures for that year"),
    (["--mineral", "lithium", "--year", "²"], 2, "unknown year '²'"),
    (["--mineral", "lithium", "--year", "①"], 2, "unknown year '①'"),
    (["--mineral", "lithium", "--year", "٢٠٢٥"], 2, "unknown year '٢٠٢٥'"),
    (["--mineral", "lithium", "--year", "2025.0"], 2, "unknown year '2025.0'"),
    (["--mineral", "lithium", "--year", "20x5"], 2, "unknown year '20x5'"),
    (["--mineral", "lithium", "--stage", "smelter"], 2, "unknown stage 'smelter': not one of mine, refinery, reserves"),
    (["--mineral", "lithium", "--unknown-option"], 2, "unrecognized arguments: --unknown-option"),
    # export takes the default minerals for a pack, so without --mineral its one chart lacks the mineral
    ([], 2, {"metrics": "the following arguments are required: --mineral",
             "export": "--chart exports one chart: give one --mineral"}),
    (["--mineral", "lithium", "--datasets", "/nonexistent/datasets"], 1, "datasets folder not found"),
]
COMMANDS = {
    "metrics": lambda args, out: ["metrics", *args],
    "export": lambda args, out: ["export", *args, "--format", "csv", "--chart", "production", "--out", str(out)],
}


def run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.err


@pytest.mark.parametrize(("args", "code", "message"), BAD, ids=[" ".join(a)[:60] or "nothing" for a, _, _ in BAD])
def test_metrics_and_export_agree_on_every_bad_argument(args, code, message, capsys, tmp_path: Path):
    results = {name: run(make(args, tmp_path / "out.csv"), capsys) for name, make in COMMANDS.items()}
    assert {name: c for name, (c, _) in results.items()} == {"metrics": code, "export": code}
    for name, (_, err) in results.items():
        assert (message if isinstance(message, str) else message[name]) in err, (name, err)
        assert "Traceback" not in err
    reasons = [err.strip().splitlines()[-1].split("error: ", 1)[-1] for _, err in results.values()]
    assert reasons[0] == reasons[1] or not isinstance(message, str)
    assert not (tmp_path / "out.csv").exists()
