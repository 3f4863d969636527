"""Grade colours: every grade reads at WCAG AA contrast, in any scale, and short names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from models.grade_colours import (
    AA_CONTRAST,
    BLACK,
    NOT_GRADED,
    contrast_ratio,
    grade_colour,
    short_grade_name,
    text_colour_on,
)


def test_good_reads_black_on_its_light_green():
    # White on #7CB342 is 2.5:1; black is over 8:1.
    good = grade_colour(1, 4)
    assert good == "#7CB342"
    assert text_colour_on(good) == BLACK
    assert round(contrast_ratio("#FFFFFF", good), 1) == 2.5
    assert contrast_ratio(BLACK, good) > 8


def test_known_contrast_ratios():
    assert round(contrast_ratio("#000000", "#FFFFFF"), 1) == 21.0
    assert contrast_ratio("#777777", "#777777") == 1.0


def test_every_grade_of_every_scale_and_not_graded_read_at_aa():
    colours = [NOT_GRADED] + [grade_colour(p, n) for n in range(1, 9) for p in range(n)]
    assert len(colours) == 1 + sum(range(1, 9))
    for colour in colours:
        assert contrast_ratio(text_colour_on(colour), colour) >= AA_CONTRAST, colour


@given(st.integers(0, 0xFFFFFF))
def test_any_background_gets_text_at_aa_contrast(value):
    colour = f"#{value:06X}"
    assert contrast_ratio(text_colour_on(colour), colour) >= AA_CONTRAST


def test_short_names_keep_short_grades_and_shorten_long_ones():
    assert [
        short_grade_name(n)
        for n in ("Outstanding", "Good", "Requires improvement", "Inadequate", "Adequate")
    ] == ["Outstanding", "Good", "RI", "Inadequate", "Adequate"]
    assert short_grade_name("Extraordinarily") == "Extraordin."
