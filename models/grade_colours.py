"""Colours for grades, shared by the app and the export so a grade looks the same everywhere.

Colours are always shown with the grade's name, never alone.
"""

from __future__ import annotations

# Best to worst: green, light green, amber, orange, red.
_PALETTE = ["#2E7D32", "#7CB342", "#F9A825", "#EF6C00", "#C62828"]
NOT_GRADED = "#9E9E9E"


def grade_colour(position: int, scale_size: int) -> str:
    """Hex colour for the grade at ``position`` (0 = best) of a scale of ``scale_size``.

    Four grades use green, light green, amber and red; other scales spread
    evenly along the palette, blending between its colours, so every grade of
    any scale has its own colour.
    """
    if scale_size <= 1:
        return _PALETTE[0]
    if scale_size == 4:
        return [_PALETTE[0], _PALETTE[1], _PALETTE[2], _PALETTE[4]][position]
    where = position * (len(_PALETTE) - 1) / (scale_size - 1)
    low = int(where)
    high = min(low + 1, len(_PALETTE) - 1)
    return _blend(_PALETTE[low], _PALETTE[high], where - low)


def _blend(first: str, second: str, share: float) -> str:
    a = [int(first[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    r, g, b = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#FFFFFF"
