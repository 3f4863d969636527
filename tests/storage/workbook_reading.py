"""Reading an exported workbook back the way a report writer meets it.

Small helpers for the workbook tests: the rows of a sheet as values, a block
of rows under a header as dictionaries, the colour a cell is filled with, the
raw XML of each sheet (to look for formulas), and text as Excel shows it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from openpyxl.utils import range_boundaries
from openpyxl.utils.escape import unescape

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: A formula element, whatever its attributes: <f>, <f t="shared" …>, <f/>.
_FORMULA = re.compile(r"<(?:\w+:)?f[\s>/]")


def shown(value):
    """A cell value as Excel shows it: ``_xHHHH_`` escapes decoded, other values as they are."""
    return unescape(value) if isinstance(value, str) else value


def header_row(ws, first: str, second: str | None = None) -> int:
    """Row number of the first row whose column A is ``first`` (and column B ``second``)."""
    for cells in ws.iter_rows(min_col=1, max_col=2):
        if cells[0].value == first and (second is None or cells[1].value == second):
            return cells[0].row
    raise AssertionError(f"{ws.title}: no row starting {first!r}")


def block(ws, header: int, *, stop_at_blank: bool = True) -> tuple[list[str], list[tuple]]:
    """The header names at row ``header`` and the cell rows below it.

    Each row is a tuple of cells; with ``stop_at_blank`` the block ends at the
    first wholly empty row.
    """
    rows = ws.iter_rows(min_row=header)
    names = [c.value for c in next(rows)]
    while names and names[-1] is None:
        names.pop()
    body = []
    for cells in rows:
        cells = tuple(cells[: len(names)])
        if stop_at_blank and all(c.value in (None, "") for c in cells):
            break
        body.append(cells)
    return names, body


def records(ws, header: int) -> list[dict]:
    """The rows under ``header`` as {header name: value as shown}."""
    names, body = block(ws, header)
    return [{n: shown(c.value) for n, c in zip(names, cells)} for cells in body]


def label_value(ws, label: str):
    """The first non-empty value to the right of the cell in column A holding ``label``."""
    row = header_row(ws, label)
    for cell in next(ws.iter_rows(min_row=row, max_row=row))[1:]:
        if cell.value not in (None, ""):
            return cell
    raise AssertionError(f"{ws.title}: {label!r} has no value")


def fill_colour(cell) -> str | None:
    """The solid fill colour of ``cell`` as RRGGBB (``None`` when it is not filled)."""
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    rgb = cell.fill.fgColor.rgb
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def cells_in(ranges: str) -> set[tuple[int, int]]:
    """Every (row, column) of a space-separated list of ranges such as ``"C2:L2 C5:L9"``."""
    result = set()
    for part in ranges.split():
        min_col, min_row, max_col, max_row = range_boundaries(part)
        result.update(
            (r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)
        )
    return result


def sheet_xml(path: Path) -> dict[str, str]:
    """The raw XML of every worksheet, by sheet name (followed through the workbook's links)."""
    with zipfile.ZipFile(path) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in links.iter(f"{_PACKAGE_REL}Relationship")}
        result = {}
        for sheet in workbook.iter(f"{_MAIN}sheet"):
            target = targets[sheet.get(f"{_REL}id")]
            member = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            result[sheet.get("name")] = archive.read(member).decode("utf-8")
        return result


def formulas(xml: str) -> list[str]:
    """The formula elements in one sheet's XML (there should be none)."""
    return _FORMULA.findall(xml)
