"""The Evidence notes sheet: the whole text of the evidence behind findings that the
register cuts short.

A register row is held to three lines so that a screen shows many items, and
on paper that cuts long notes off. Every item that supports a finding (the
evidence a writer quotes, reached from Finding evidence) and whose row is cut
(by the same estimate that sizes the row) is listed here, beside the
register, with its text in full: rows as tall as their text, and text too
long for one row (a spreadsheet row stops at 409 points) carried on in the
rows under it. Each ref links back to the item's register row. Sensitive
notes are withheld here exactly as in the register.

Only those items are repeated: in a large inspection most notes run past
three lines, and repeating every one would double the largest text in the
workbook and the time to write it; an item behind no finding keeps its whole
text in its register cell.
"""

from __future__ import annotations

from storage.workbooks.excel_text import remove_control_characters
from storage.workbooks.summary.export_context import EVIDENCE_REGISTER, ExportContext
from storage.workbooks.summary.row_heights import (
    LINE_SPACING,
    MAX_ROW_HEIGHT,
    CellFont,
    characters_per_line,
    wrapped_lines,
)
from storage.workbooks.summary.sheet_writer import Sheet, StreamedRows, location

EVIDENCE_NOTES = "Evidence notes"
ALL_FIT = "Every item behind a finding fits in its row of the register."
CONTINUED = "(continued)"
#: The register's columns repeated here (its header, width here), Ref first.
NOTES_COLUMNS = [
    ("Ref", 10),
    ("Location / unit", 18),
    ("Participants", 18),
    ("Questions", 11),
    ("Findings", 12),
    ("Summary", 40),
    ("Notes", 80),
    ("Attachments", 16),
]
#: Lines of 10-point text that fit in the tallest row, less a safety line.
_LINES_PER_ROW = int((MAX_ROW_HEIGHT - 3) / (10 * LINE_SPACING)) - 1
_LIMIT = _LINES_PER_ROW


def pieces(text: str, width: float, font: CellFont, limit: int = _LINES_PER_ROW) -> list[str]:
    """``text`` cut at spaces or line breaks into parts of at most ``limit`` wrapped lines
    in a column ``width`` wide; joined back with the breaks they were cut at, they are the
    text again."""
    return [part for part, _ in _measured_pieces(text, width, font, limit)]


def _measured_pieces(text: str, width: float, font: CellFont, limit: int) -> list[tuple[str, int]]:
    """:func:`pieces`, each with the lines it takes (so no part is measured twice)."""
    per_line = characters_per_line(width, font)
    lines = wrapped_lines(text, width, font, per_line)
    if lines <= limit:
        return [(text, lines)]
    budget = max(1, per_line * limit)
    # Breaks at the start of a part would only be blank lines: each part starts at text.
    parts, rest = [], text.strip(" \n")
    while rest:
        lines = wrapped_lines(rest, width, font, per_line)
        if lines <= limit:
            parts.append((rest, lines))
            break
        size = min(budget, len(rest))
        while True:
            cut = max(rest.rfind(" ", 0, size), rest.rfind("\n", 0, size))
            end = cut if cut > 0 else size  # a word longer than the part is broken
            lines = wrapped_lines(rest[:end], width, font, per_line)
            if lines <= limit or size <= 1:
                break
            size = max(1, size * 9 // 10)
        parts.append((rest[:end], lines))
        rest = rest[end:].lstrip(" \n")
    return parts


class EvidenceNotes:
    """The Evidence notes sheet, opened beside the register and filled as it is written."""

    def __init__(self, export: ExportContext):
        styles = export.styles
        headers = [header for header, _ in NOTES_COLUMNS]
        self.sheet = Sheet(
            export.workbook,
            styles,
            EVIDENCE_NOTES,
            [width for _, width in NOTES_COLUMNS],
            header_row=0,
            headers=headers,
            freeze_columns=1,
        )
        self.sheet.append_header(headers)
        self.styles = styles
        formats = [styles.plain] + [styles.wrap] * (len(NOTES_COLUMNS) - 1)
        # Every text is cleaned, and cut well under a cell's limit, before it is written.
        self.rows = StreamedRows(
            self.sheet, formats, link_format=styles.link, own_words=range(len(formats))
        )
        self.font = styles.font_of(styles.wrap)
        self.listed = 0

    def add(self, register_row: int, values: list[str]) -> None:
        """One cut-short item: ``values`` are its texts in the columns above (ref first),
        as the register holds them; long ones go on over the rows under it."""
        widths, ref = self.sheet.widths, remove_control_characters(values[0])
        split = [
            _measured_pieces(remove_control_characters(v), widths[column], self.font, _LIMIT)
            for column, v in enumerate(values[1:], 1)
            if v
        ]
        columns = [column for column, v in enumerate(values[1:], 1) if v]
        link = {0: location(EVIDENCE_REGISTER, register_row)}
        for part in range(max([1] + [len(p) for p in split])):
            texts: list = [ref if not part else f"{ref} {CONTINUED}"] + [""] * (len(values) - 1)
            lines = 1
            for column, measured in zip(columns, split):
                if part < len(measured):
                    texts[column], taken = measured[part]
                    lines = max(lines, taken)
            self.rows.write(texts, link, lines=lines)
        self.listed += 1

    def finish(self) -> None:
        if not self.listed:
            self.sheet.append([None, (ALL_FIT, self.styles.muted)])
        self.sheet.finish(filter_columns=len(NOTES_COLUMNS))
