"""The load test and the exporter memory benchmark run and measure what they say (``python -m dashboard
bench --section load|exporter`` prints the numbers; nothing here is timed)."""

from __future__ import annotations

import pytest

from dashboard import loadtest


@pytest.mark.browser  # a real server, like the browser tests
def test_sessions_clicking_at_once_each_see_their_own_stage_change():
    result = loadtest.run_levels((3,), rounds=2, replicas=(1, 2), replica_levels=(2,))
    [level] = result["levels"]
    assert level["failures"] == [] and level["wrong_charts"] == []
    assert level["click_ms"]["n"] == 6  # 3 sessions x 2 rounds, every click answered
    assert level["server_cpu_ms_per_click"] is not None and level["server_cpu_ms_per_click"] > 0
    assert result["one_session_click_ms"]["n"] == 10
    [spread] = result["replicated"]
    assert spread["replicas"] == 2 and spread["failures"] == [] and spread["click_ms"]["n"] == 4


@pytest.mark.export
def test_the_exporter_memory_benchmark_renders_real_charts_and_reads_the_browser_memory():
    result = loadtest.exporter_memory(renders=12)
    assert result["renders"] >= 12 and result["failures"] == 0
    assert 50 < result["pss_mb_at_start"] < 2000 and result["pss_mb_after"] > 50
    assert result["pack_ms"]["n"] >= 1 and result["single_chart_ms"]["n"] >= 3
