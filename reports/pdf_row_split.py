"""Splitting over-tall table rows into continuation rows.

reportlab cannot place a table row taller than the frame (LayoutError), and
its own in-row splitting fails on some inputs. So before the table is built,
a row whose text would wrap to more than ``max_lines`` lines is cut into
several printed rows, each holding the next slice of every cell's text.
The table draws no rule between a row and its continuations.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

__all__ = ["split_tall_row"]


@lru_cache(maxsize=8192)
def _char_width(ch: str, font_name: str, size: float) -> float:
    return stringWidth(ch, font_name, size)


def _visual_lines(text: str, width: float, font_name: str, size: float) -> list[tuple[str, bool]]:
    """Simulate character wrapping: [(line text, ends a logical line)]."""
    out: list[tuple[str, bool]] = []
    for logical in text.split("\n"):
        start, used = 0, 0.0
        for i, ch in enumerate(logical):
            w = _char_width(ch, font_name, size)
            if used + w > width and i > start:
                out.append((logical[start:i], False))
                start, used = i, 0.0
            used += w
        out.append((logical[start:], True))
    return out


def _may_exceed(text: str, width: float, size: float, max_lines: int) -> bool:
    """Cheap upper bound: every character at most 1 em wide."""
    if width <= size:
        return len(text) > max_lines
    per_line = int(width // size)
    return len(text) / per_line + text.count("\n") + 1 > max_lines


def _chunks(text: str, width: float, font_name: str, size: float, max_lines: int) -> list[str]:
    if not _may_exceed(text, width, size, max_lines):
        return [text]
    lines = _visual_lines(text, width, font_name, size)
    chunks: list[str] = []
    for k in range(0, len(lines), max_lines):
        part = lines[k : k + max_lines]
        pieces = []
        for j, (line, ends) in enumerate(part):
            pieces.append(line)
            if ends and j < len(part) - 1:
                pieces.append("\n")
        chunks.append("".join(pieces))
    return chunks


def split_tall_row(
    values: list[str], text_widths: list[float], font_name: str, size: float, max_lines: int
) -> list[list[str]]:
    """Return ``values`` as one or more printed rows of at most ``max_lines`` lines each."""
    max_lines = max(1, max_lines)
    per_cell = [_chunks(v, w, font_name, size, max_lines) for v, w in zip(values, text_widths)]
    count = max(len(c) for c in per_cell)
    if count == 1:
        return [values]
    return [[c[k] if k < len(c) else "" for c in per_cell] for k in range(count)]
