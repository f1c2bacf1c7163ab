"""How much room text takes in a slide's text box: greedy word wrap with the real glyph widths of Liberation
Sans, which has the metrics of Arial (the font the deck asks for), so a box is sized before it is drawn and
the tests can check that no text runs past its box. Without the font file, an average glyph width of 0.55
em is assumed (wider than Arial's, so the estimate errs on the side of room).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

#: Line height as a multiple of the font size (PowerPoint's single spacing for Arial is about 1.15).
LINE_HEIGHT = 1.2
FALLBACK_EM = 0.55
_CANDIDATES = ("/usr/share/fonts/truetype/liberation/LiberationSans-{}.ttf",
               "/usr/share/fonts/truetype/liberation2/LiberationSans-{}.ttf")


@cache
def _font_file(bold: bool) -> str | None:
    style = "Bold" if bold else "Regular"
    for pattern in _CANDIDATES:
        if Path(pattern.format(style)).is_file():
            return pattern.format(style)
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", f"Liberation Sans:{style.lower()}"], capture_output=True,
                               text=True, timeout=5, check=False).stdout.strip()
    except OSError:
        return None
    return found if found.endswith(".ttf") and "Liberation" in found else None


@cache
def _font(bold: bool) -> Any:
    from PIL import ImageFont

    path = _font_file(bold)
    return None if path is None else ImageFont.truetype(path, 100)


def width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line of text in points at ``size_pt``."""
    font = _font(bold)
    if font is None:
        return len(text) * size_pt * FALLBACK_EM
    return float(font.getlength(text)) * size_pt / 100


def wrap(text: str, size_pt: float, width_in: float, bold: bool = False) -> list[str]:
    """The lines a paragraph breaks into in a box ``width_in`` inches wide (greedy, at spaces)."""
    room = width_in * 72
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and width_pt(candidate, size_pt, bold) > room:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def height_in(paragraphs: Sequence[tuple[str, float, bool]], width_in: float, spacing_pt: float = 0) -> float:
    """Height in inches of (text, size, bold) paragraphs wrapped at ``width_in``, with ``spacing_pt`` after each."""
    total = 0.0
    for text, size, bold in paragraphs:
        total += len(wrap(text, size, width_in, bold)) * size * LINE_HEIGHT + spacing_pt
    return total / 72
