"""Every faulty package is reported as ``FILE:ROW:COLUMN: what is wrong`` (exit 1), never a traceback and
never accepted: one mutation per case (``faults.py``), the exact report asserted; the command line and the
app report the same lines."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from faults import CASES, Case

from dashboard import data, datapackage, validation

FIXTURE = Path(__file__).parent / "fixtures" / "datasets"


@pytest.fixture
def counted(tmp_path: Path) -> Path:
    """A writable copy of the fixture package with a datapackage.json that records its row counts."""
    root = tmp_path / "datasets"
    shutil.copytree(FIXTURE, root)
    datapackage.write(data.load(root))
    return root


def report(root: Path) -> list[str]:
    datasets, problems = data.validate(root)
    assert (datasets is None) == bool(problems)
    return [str(replace(p, file=str(Path(p.file).resolve().relative_to(root.resolve())))) for p in problems]


@pytest.mark.parametrize("case", CASES, ids=[c.case_id for c in CASES])
def test_each_fault_is_reported_exactly(counted: Path, case: Case):
    case.mutate(counted)
    assert report(counted) == list(case.expected)


def test_there_are_at_least_40_cases_and_each_is_one_distinct_mutation():
    assert len(CASES) >= 40
    assert len({c.case_id for c in CASES}) == len(CASES)


def test_every_table_with_shares_has_a_sum_check():
    from dashboard.schema import TABLES

    with_shares = {t.name for t in TABLES if "share_pct" in t.model.model_fields}
    assert with_shares == set(validation.SHARE_GROUPS)


@pytest.mark.parametrize("case_id", ["inf_tonnage", "cell_over_128_kib", "table_path_is_a_folder",
                                     "allowlist_not_utf8", "header_only"])
@pytest.mark.parametrize("command", ["validate", "metrics", "export"])
def test_the_command_lines_report_a_fault_with_exit_1_and_no_traceback(counted: Path, tmp_path: Path, case_id: str,
                                                                        command: str):
    case = next(c for c in CASES if c.case_id == case_id)
    case.mutate(counted)
    args = {"validate": ["validate"],
            "metrics": ["metrics", "--mineral", "cobalt"],
            "export": ["export", "--mineral", "cobalt", "--format", "csv", "--chart", "production",
                       "--out", str(tmp_path / "out.csv")]}[command]
    result = subprocess.run([sys.executable, "-m", "dashboard", *args, "--datasets", str(counted)],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    printed = result.stdout + result.stderr
    assert "Traceback" not in printed
    for line in case.expected:
        file, rest = line.split(":", 1)
        assert f"{counted / file}:{rest}" in printed or f"{file}:{rest}" in printed
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.app
@pytest.mark.parametrize("case_id", ["lower_case_iso_code", "cell_over_128_kib", "allowlist_with_a_bom",
                                     "allowlist_missing_column", "cut_at_a_line_break"])
def test_the_app_reports_a_fault_like_the_command_line(counted: Path, monkeypatch, case_id: str):
    from streamlit.testing.v1 import AppTest

    case = next(c for c in CASES if c.case_id == case_id)
    case.mutate(counted)
    monkeypatch.setenv("DASHBOARD_DATASETS", str(counted))
    at = AppTest.from_file(str(Path(data.__file__).parent / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if not case.expected:
        assert at.get("plotly_chart") or at.dataframe
        return
    assert "did not validate" in at.error[0].value
    shown = at.code[0].value
    for line in case.expected:
        assert line.split(":", 1)[1] in shown
