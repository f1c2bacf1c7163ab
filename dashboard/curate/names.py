"""Which of our minerals a USGS name stands for, and which supply stage USGS's world table describes:
read from the data package's ``minerals`` table (``usgs_names``, ``usgs_stage``), so adding a mineral is a
row there, not a code change here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .cells import CurateError, clean


@dataclass(frozen=True)
class Names:
    """USGS names (lower case) -> mineral id, and mineral id -> the stage of USGS's world production table."""

    mineral_of: dict[str, str]
    stage_of: dict[str, str]

    def mineral(self, name: str) -> str | None:
        """The mineral a USGS chapter or commodity name stands for, or None (a mineral we do not cover)."""
        return self.mineral_of.get(clean(name).lower())

    def keywords(self) -> dict[str, str]:
        """Words that name a mineral inside USGS's running text (parenthetical qualifiers dropped).

        >>> Names({"graphite (natural)": "graphite", "rare earths": "rare_earths"}, {}).keywords()
        {'graphite': 'graphite', 'rare earths': 'rare_earths'}
        """
        return {re.sub(r"\s*\(.*\)$", "", name): mineral for name, mineral in self.mineral_of.items()}


def from_datasets(datasets: Path) -> Names:
    """The names of ``datasets/manual/minerals.csv`` (read as text: curation runs before validation)."""
    path = datasets / "manual" / "minerals.csv"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise CurateError(f"{path}: cannot read the minerals table ({exc.strerror})") from None
    mineral_of: dict[str, str] = {}
    stage_of: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        mineral = (row.get("mineral") or "").strip()
        stage = (row.get("usgs_stage") or "").strip()
        if stage not in ("mine", "refinery"):
            raise CurateError(f"{path}:{line}:usgs_stage: expected mine or refinery, got {stage!r}")
        stage_of[mineral] = stage
        for name in (row.get("usgs_names") or "").split(";"):
            if name.strip():
                mineral_of[clean(name).lower()] = mineral
    return Names(mineral_of, stage_of)
