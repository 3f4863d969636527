"""Colours for grades, shared by the app and the export so a grade looks the same everywhere.

Colours are always shown with the grade's name, never alone, and the text on a
grade colour is whichever of black or white contrasts more with it: by the
WCAG formula that is always at least 4.58:1, above the 4.5:1 that AA asks of
normal text.
"""

from __future__ import annotations

# Best to worst: green, light green, amber, orange, red.
_PALETTE = ["#2E7D32", "#7CB342", "#F9A825", "#EF6C00", "#C62828"]
NOT_GRADED = "#9E9E9E"
BLACK, WHITE = "#000000", "#FFFFFF"
#: WCAG 2 level AA for normal text.
AA_CONTRAST = 4.5
#: Grade names longer than this are shown by their initials in compact badges.
SHORT_NAME_LENGTH = 11


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


def _rgb(colour: str) -> tuple[int, int, int]:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue


def _blend(first: str, second: str, share: float) -> str:
    a, b = _rgb(first), _rgb(second)
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#RRGGBB`` colour (0 black … 1 white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background``."""
    return (
        BLACK if contrast_ratio(BLACK, background) >= contrast_ratio(WHITE, background) else WHITE
    )


def short_grade_name(name: str) -> str:
    """A grade's name for a compact badge: as it is when short, else its initials
    ("Requires improvement" → "RI"); the full name is always in the tooltip."""
    if len(name) <= SHORT_NAME_LENGTH:
        return name
    words = name.split()
    if len(words) < 2:
        return name[: SHORT_NAME_LENGTH - 1] + "."
    return "".join(w[0].upper() for w in words)
