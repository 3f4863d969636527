"""Streaming many plain rows into a write-only sheet without a cell object per value.

openpyxl's write-only sheets still build and style a cell object for every
value, which makes the evidence register several times slower than the XML it
produces. Once a sheet's header is written, :class:`FastRows` writes the
remaining rows' XML itself, the same XML openpyxl would write: inline strings,
numbers, dates as serial numbers, a style index per cell, and a row height
where text wraps. It relies on two hooks of openpyxl's write-only sheet
(``_values_to_row`` and its writer's ``write_row``); the tests read every
cell back, so a change in openpyxl shows at once.
"""

from __future__ import annotations

from datetime import date

from storage.workbooks.excel_text import apply_style, cell_text, excel_encoded

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

TEXT, NUMBER, DATE = "s", "n", "d"


def _column_letters(count: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(i) for i in range(1, count + 1)]


class FastRows:
    """Writes rows of ``(kind, value)`` pairs, one style per column, after the header."""

    def __init__(self, worksheet, column_styles: list[dict], heights):
        from openpyxl.cell import WriteOnlyCell

        self.ws = worksheet
        self.letters = _column_letters(len(column_styles))
        self.style_ids = []
        for style in column_styles:  # register each column's style once
            template = WriteOnlyCell(worksheet)
            apply_style(template, style)
            self.style_ids.append(str(template.style_id))
        self.heights = heights  # row values -> height in points, or None
        self.epoch = worksheet.parent.epoch
        worksheet._get_writer()
        worksheet._writer.write_row = self._write_row
        worksheet._values_to_row = lambda values, row_idx: values

    def append(self, values: list[tuple[str, object]]) -> None:
        self.ws.append(values)

    def _write_row(self, xf, values, row_idx: int) -> None:
        from lxml.etree import Element, SubElement
        from openpyxl.utils.datetime import to_excel

        attributes = {"r": str(row_idx)}
        height = self.heights(values)
        if height:
            attributes.update(ht=str(height), customHeight="1")
        row = Element("row", attributes)
        for letter, style_id, (kind, value) in zip(self.letters, self.style_ids, values):
            if value is None or value == "":
                continue
            cell = SubElement(row, "c", r=f"{letter}{row_idx}", s=style_id)
            if kind == TEXT:
                text = excel_encoded(cell_text(value))
                cell.set("t", "inlineStr")
                holder = SubElement(SubElement(cell, "is"), "t")
                if text != text.strip():
                    holder.set(_XML_SPACE, "preserve")
                holder.text = text
            elif kind == DATE:
                cell.set("t", "n")
                SubElement(cell, "v").text = str(
                    to_excel(value, self.epoch) if isinstance(value, date) else value
                )
            else:
                cell.set("t", "n")
                SubElement(cell, "v").text = str(value)
        xf.write(row)
