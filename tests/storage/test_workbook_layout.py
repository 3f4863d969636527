"""The workbook's layout rules on their own: row heights for wrapped text, the paper and
scale a sheet prints at, and header widths that leave room for a filter button."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.workbooks.summary.page_setup import A3, A4, content_points, print_layout
from storage.workbooks.summary.row_heights import (
    CellFont,
    _lines_word_by_word,
    _paragraph_lines,
    characters_per_line,
    row_height,
    wrapped_lines,
)
from storage.workbooks.summary.sheet_writer import header_width

words = st.text(alphabet="abcdefghij klmnop\n", max_size=400)
widths = st.floats(min_value=4, max_value=120)


@given(words, widths)
def test_a_text_never_takes_fewer_lines_in_bold_indented_or_larger(text, width):
    plain = wrapped_lines(text, width, CellFont())
    assert plain >= 1 and plain >= text.count("\n") + 1
    assert wrapped_lines(text, width, CellFont(bold=True)) >= plain
    assert wrapped_lines(text, width, CellFont(indent=2)) >= plain
    assert wrapped_lines(text, width, CellFont(size=14)) >= plain


@given(words, widths, st.floats(min_value=1, max_value=60))
def test_a_wider_column_never_needs_more_lines(text, width, more):
    assert wrapped_lines(text, width + more, CellFont()) <= wrapped_lines(text, width, CellFont())


@given(words, widths)
def test_each_line_holds_no_more_than_fits(text, width):
    """However it wraps, the lines together hold every character of the text (a space
    where a line breaks takes no room)."""
    per_line = characters_per_line(width, CellFont())
    shown = text.replace("\n", "").replace(" ", "")
    assert wrapped_lines(text, width, CellFont()) * per_line >= len(shown)


@given(st.text(alphabet="ab xyz\t", max_size=300), st.integers(min_value=1, max_value=40))
def test_prose_counted_a_line_at_a_time_takes_the_lines_of_word_by_word(paragraph, per_line):
    """The quick way through ordinary prose and the word-by-word rule agree on every
    paragraph: double and trailing spaces, words longer than a line, empty ones."""
    assert _paragraph_lines(paragraph, per_line) == _lines_word_by_word(paragraph, per_line)


def test_wrapping_breaks_at_spaces_and_through_long_words():
    font = CellFont()
    per_line = characters_per_line(20, font)
    word = "x" * (per_line - 2)
    assert wrapped_lines(f"{word} {word}", 20, font) == 2  # two words do not share a line
    assert wrapped_lines("y" * (per_line * 3), 20, font) == 3  # a long word is broken
    assert wrapped_lines("one\n\ntwo", 20, font) == 3  # an empty line is a line
    assert wrapped_lines("a long sentence " * 20, 20, CellFont(wraps=False)) == 1


def test_a_bold_indented_heading_needs_more_room_than_plain_text():
    per_line = characters_per_line(30, CellFont())
    assert characters_per_line(30, CellFont(bold=True)) < per_line
    assert characters_per_line(30, CellFont(indent=4)) < per_line
    heading = ("x" * (per_line - 1) + " ") * 2  # two full lines of plain text
    assert wrapped_lines(heading, 30, CellFont()) == 2
    assert wrapped_lines(heading, 30, CellFont(bold=True, indent=4)) > 2


def test_row_height_follows_the_tallest_cell_and_its_cap():
    long = "word " * 200
    assert row_height([("short", 20, CellFont())]) is None  # one line: the default
    tall = row_height([("short", 20, CellFont()), (long, 20, CellFont())])
    assert tall is not None and tall > 3 * 12.8
    capped = row_height([(long, 20, CellFont())], max_lines=3)
    assert capped == pytest.approx(3 * 12.8 + 3)
    assert row_height([("Title", 20, CellFont(14, bold=True, wraps=False))]) > 14
    assert row_height([("word " * 10_000, 5, CellFont())]) == 409  # Excel's tallest row


def test_a_sheet_prints_on_a4_when_it_fits_at_8_points_and_on_a3_when_not():
    narrow = print_layout([10] * 10, 10)
    assert (narrow.paper, narrow.scale) == (A4, 100)
    middle = print_layout([15] * 10, 10)
    assert middle.paper == A4 and 80 <= middle.scale < 100
    assert middle.smallest_printed >= 8
    wide = print_layout([24] * 10, 10)
    assert wide.paper == A3 and wide.smallest_printed >= 8
    with pytest.raises(ValueError, match="under 8"):
        print_layout([40] * 10, 10)


def test_columns_are_measured_as_wide_as_libreoffice_prints_them():
    """LibreOffice's PDF of a sheet with columns 10, 50 and 100 characters wide (Arial 10,
    100 %) drew them 59.4, 281.5 and 559.0 points wide: wider than Excel's 7 pixels a
    character, so the page is laid out by LibreOffice's width, never narrower."""
    for width, printed in [(10, 59.4), (50, 281.5), (100, 559.0)]:
        assert printed <= content_points([width]) <= printed * 1.01, width


@given(st.lists(st.floats(min_value=3, max_value=40), min_size=1, max_size=14))
def test_whatever_paper_is_chosen_nothing_prints_under_8_points(columns):
    try:
        layout = print_layout(columns, 10)
    except ValueError:
        return
    assert layout.paper in (A4, A3)
    assert 10 * layout.scale / 100 >= 8 and layout.scale <= 100


def test_a_filtered_header_leaves_room_for_its_button():
    assert header_width("Assessment") >= len("Assessment") + 3
    assert header_width("Location / unit") >= len("Location") + 3
    assert header_width("") == 3
