"""How the draft judgment summary looks: fonts, fills and number formats of its cells.

Every format names its font and size (a spreadsheet left to choose prints bold
labels in a serif font at another size), the body text is 10-point Arial (a
font every spreadsheet has or has a metric twin of), and each format is made
once per workbook. A grade is always written as its name; its fill is the
grade's colour and its text black or white, whichever contrasts more
(at least 4.5:1, see :mod:`models.grade_colours`).
"""

from __future__ import annotations

from functools import cached_property

from models.framework import Framework
from models.grade_colours import NOT_GRADED, grade_colour, text_colour_on
from storage.workbooks.summary.row_heights import CellFont

PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE — DRAFT"
NOT_YET_GRADED = "Not yet graded"
DATE_FORMAT = "d mmm yyyy"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
FONT_NAME = "Arial"
BODY_SIZE = 10
TITLE_SIZE = 14
HEADER_FILL = "#1F3864"
QUESTION_FILL = "#D9E1F2"
MARKING_RED = "#C00000"
MUTED_GREY = "#595959"  # 7:1 on white, so it still reads in print
LINK_BLUE = "#0B5394"
#: The workbook's own default, so even a cell written without a format names its font.
DEFAULT_FONT = {"font_name": FONT_NAME, "font_size": BODY_SIZE}


class WorkbookStyles:
    """The formats of one XlsxWriter workbook, each made the first time it is asked for.

    Each format comes with the :class:`CellFont` that says how much room its text
    takes, so row heights follow the look of the cells.
    """

    def __init__(self, workbook):
        self.workbook = workbook
        self._made: dict[object, tuple[object, CellFont]] = {}

    def _format(self, key: object, font: CellFont, **properties) -> object:
        if key not in self._made:
            properties.setdefault("valign", "top")
            made = self.workbook.add_format(
                {"font_name": FONT_NAME, "font_size": font.size, **properties}
            )
            if font.bold:
                made.set_bold()
            if font.wraps:
                made.set_text_wrap()
            if font.indent:
                made.set_indent(font.indent)
            self._made[key] = (made, font)
        return self._made[key][0]

    def font_of(self, cell_format: object) -> CellFont:
        """The room-taking look of a format made here."""
        for made, font in self._made.values():
            if made is cell_format:
                return font
        return CellFont(wraps=False)

    @property
    def smallest_font(self) -> float:
        return BODY_SIZE

    # -- text ------------------------------------------------------------------
    @cached_property
    def title(self):
        return self._format("title", CellFont(TITLE_SIZE, bold=True, wraps=False))

    @cached_property
    def title_wrap(self):
        return self._format("title_wrap", CellFont(TITLE_SIZE, bold=True))

    @cached_property
    def marking(self):
        return self._format("marking", CellFont(bold=True, wraps=False), font_color=MARKING_RED)

    @cached_property
    def label(self):
        return self._format("label", CellFont(bold=True, wraps=False))

    @cached_property
    def label_wrap(self):
        return self._format("label_wrap", CellFont(bold=True))

    @cached_property
    def header(self):
        return self._format(
            "header",
            CellFont(bold=True),
            font_color="#FFFFFF",
            bg_color=HEADER_FILL,
            pattern=1,
            valign="vcenter",
        )

    @cached_property
    def plain(self):
        return self._format("plain", CellFont(wraps=False))

    @cached_property
    def wrap(self):
        return self._format("wrap", CellFont())

    @cached_property
    def number(self):
        return self._format("number", CellFont(wraps=False), align="right")

    def figure(self, num_format: str):
        """A number right-aligned in ``num_format`` (a figure, a percentage)."""
        return self._format(
            ("figure", num_format), CellFont(wraps=False), align="right", num_format=num_format
        )

    @cached_property
    def muted(self):
        return self._format("muted", CellFont(), italic=True, font_color=MUTED_GREY)

    @cached_property
    def warning(self):
        return self._format("warning", CellFont(bold=True), font_color=MARKING_RED)

    @cached_property
    def link(self):
        """A reference that goes to its row elsewhere in the workbook: blue, underlined."""
        return self._format("link", CellFont(wraps=False), font_color=LINK_BLUE, underline=1)

    @cached_property
    def link_wrap(self):
        return self._format("link_wrap", CellFont(), font_color=LINK_BLUE, underline=1)

    def date(self, number_format: str = DATE_FORMAT):
        return self._format(
            ("date", number_format), CellFont(wraps=False), num_format=number_format, align="left"
        )

    def question(self, depth: int):
        """A question heading row, indented by its depth in the framework."""
        return self._format(
            ("question", depth),
            CellFont(bold=True, indent=max(0, depth - 1) * 2),
            bg_color=QUESTION_FILL,
            pattern=1,
        )

    def indented(self, depth: int):
        return self._format(("indented", depth), CellFont(indent=max(0, depth - 1) * 2))

    def tinted(self, colour: str):
        """Bold text on a light ``colour``, for a word that also says what the tint says."""
        return self._format(
            ("tinted", colour), CellFont(bold=True, wraps=False), bg_color=colour, pattern=1
        )

    def grade(self, colour: str):
        return self._format(
            ("grade", colour),
            CellFont(bold=True, wraps=False),
            bg_color=colour,
            pattern=1,
            font_color=text_colour_on(colour),
        )

    def grade_of(self, framework: Framework, grade: str | None) -> tuple[str, object]:
        """A grade's name and its format (its colour); "Not yet graded" when there is none."""
        if not grade:
            return NOT_YET_GRADED, self.grade(NOT_GRADED)
        g = framework.grade(grade)
        return g.name, self.grade(grade_colour(g.position, len(framework.grades)))
