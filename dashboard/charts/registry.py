"""The chart registry: every chart of a mineral is a function registered under an id, returning a frozen
:class:`Chart` (figure, title, source line, key number, the rows behind it).

The screen, the exports and the briefing pack read a chart's fields; nothing reads a figure's HTML. A
chart declares which parts of the selection it depends on (``uses``), and :func:`build` keys its
process-wide cache on exactly those, so a stage change does not rebuild the trend chart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from dashboard.data import Datasets
from dashboard.filters import Selection

Uses = Literal["stage", "year", "partners", "minerals"]


@dataclass(frozen=True, eq=False)
class Chart:
    """A figure with its title, source line, key number and the exact rows behind it.

    ``figure`` carries no source line: the screen prints ``source_line`` under it and the exporter draws
    it inside the exported figure. ``empty`` charts say "no data" and why (``notes``); they are never a
    chart of zeros. Shared read-only between sessions once built.
    """

    chart_id: str
    title: str
    figure: go.Figure
    source_line: str
    source_ids: tuple[str, ...] = ()
    key_number: str = ""
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    empty: bool = False
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartArgs:
    """What a mineral chart may depend on; fields a chart does not use stay at their defaults."""

    mineral: str
    stage: str = "mine"
    year: int | None = None
    partners: frozenset[str] | None = None
    partner_label: str | None = None
    partner_note: str | None = None
    """For a bloc: members recorded at the date and whether the roster is complete (said on the chart)."""
    minerals: tuple[str, ...] = ()
    """For charts across minerals (``uses`` "minerals"): the selected minerals."""


Builder = Callable[[Datasets, ChartArgs], Chart]


@dataclass(frozen=True)
class ChartSpec:
    """A registered chart: its id (also the ``--chart`` of the command line), a label for menus, what it
    depends on, whether the short briefing pack includes it, and its builder."""

    chart_id: str
    label: str
    build: Builder
    uses: frozenset[Uses]
    in_pack: bool


REGISTRY: dict[str, ChartSpec] = {}


def register(chart_id: str, label: str, *, uses: tuple[Uses, ...] = (),
             in_pack: bool = True) -> Callable[[Builder], Builder]:
    """Register a builder under ``chart_id`` (ids are unique)."""

    def add(builder: Builder) -> Builder:
        if chart_id in REGISTRY:
            raise ValueError(f"chart id {chart_id!r} is registered twice")
        REGISTRY[chart_id] = ChartSpec(chart_id, label, builder, frozenset(uses), in_pack)
        return builder

    return add


def args_for(spec: ChartSpec, selection: Selection, mineral: str) -> ChartArgs:
    """The arguments of one chart for one mineral: only what the chart uses comes from the selection."""
    partners = "partners" in spec.uses
    return ChartArgs(
        mineral=mineral,
        stage=selection.stage if "stage" in spec.uses else "mine",
        year=selection.year if "year" in spec.uses else None,
        partners=selection.partners if partners else None,
        partner_label=selection.partner_label if partners else None,
        partner_note=selection.partner_note if partners else None,
        minerals=selection.minerals if "minerals" in spec.uses else (),
    )


def build(ds: Datasets, chart_id: str, args: ChartArgs) -> Chart:
    """The chart ``chart_id`` for ``args``, built once per process and data package."""
    if chart_id not in REGISTRY:
        raise ValueError(f"unknown chart {chart_id!r}; valid: {', '.join(REGISTRY)}")
    spec = REGISTRY[chart_id]
    return ds.memo.get(("chart", chart_id, args), lambda: spec.build(ds, args))


def chart_for(ds: Datasets, chart_id: str, selection: Selection, mineral: str) -> Chart:
    """The chart ``chart_id`` for one mineral of a selection."""
    if chart_id not in REGISTRY:
        raise ValueError(f"unknown chart {chart_id!r}; valid: {', '.join(REGISTRY)}")
    return build(ds, chart_id, args_for(REGISTRY[chart_id], selection, mineral))
