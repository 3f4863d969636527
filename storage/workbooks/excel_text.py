"""Making user text safe to put in an Excel workbook.

Evidence is typed by people (and pasted from e-mails, PDFs and case systems),
so it can hold control characters that make a workbook unreadable, text that
Excel would run as a formula, or more than a cell can hold. Everything written
to a workbook goes through these pure functions first.

Formulas are prevented by cell type, not by changing the text: a cell made by
:func:`text_cell` is always an inline string, so ``=1+1`` reads back as the
four characters ``=1+1`` and the inspector sees exactly what they typed.
"""

from __future__ import annotations

import re
from typing import Iterable

#: Excel's limit on the characters in one cell (counted in UTF-16 code units).
CELL_LIMIT = 32_767
TRUNCATED_MARKER = " [truncated]"

#: Excel's limit on a worksheet name.
SHEET_NAME_LIMIT = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: Excel keeps this name for its change-tracking sheet and refuses it.
_RESERVED_SHEET_NAMES = {"history"}

#: Characters that may not appear in a cell: C0 and C1 control characters
#: except tab and line feed, lone surrogates (not encodable in the XML), and
#: the two non-characters XML 1.0 forbids.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


#: Excel reads ``_xHHHH_`` in cell text as an escaped character, so the
#: underscore of a literal one is itself escaped (as ``_x005F_``). The
#: lookahead catches overlapping runs such as ``_x0041_x0042_``.
_EXCEL_ESCAPE_START = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def _utf16_length(text: str) -> int:
    """Length as Excel counts it: characters beyond U+FFFF count twice."""
    return len(text.encode("utf-16-le")) // 2


def remove_control_characters(text: str) -> str:
    """``text`` without characters a cell cannot hold, keeping tabs and line breaks.

    Windows (CR LF) and old Mac (CR) line breaks become a plain line feed, so
    pasted paragraphs keep their shape instead of running together.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", text)


def truncate_for_cell(text: str, limit: int = CELL_LIMIT) -> str:
    """``text`` cut to fit one cell, ending with a visible " [truncated]" marker.

    Text that already fits is returned unchanged. The cut never splits a
    character, and the result including the marker is within ``limit``.
    """
    # Every character is at most two UTF-16 units: most text is known to fit uncounted.
    if 2 * len(text) <= limit or _utf16_length(text) <= limit:
        return text
    budget = limit - len(TRUNCATED_MARKER)
    kept, used = [], 0
    for ch in text:
        width = 2 if ord(ch) > 0xFFFF else 1
        if used + width > budget:
            break
        kept.append(ch)
        used += width
    return "".join(kept) + TRUNCATED_MARKER


def cell_text(value: object) -> str:
    """Any value as text that is safe for one cell: no control characters, within the limit.

    ``None`` becomes the empty string. The text keeps a leading ``=``, ``+``,
    ``-`` or ``@``; write it with :func:`text_cell` so it stays text.
    """
    if value is None:
        return ""
    return truncate_for_cell(remove_control_characters(str(value)))


def excel_encoded(text: str) -> str:
    """``text`` as stored in the file so that Excel shows exactly ``text``."""
    return _EXCEL_ESCAPE_START.sub("_x005F_", text)


def text_cell(worksheet, value: object, style: dict | None = None):
    """A write-only cell holding ``value`` as plain text, never as a formula.

    openpyxl decides a cell is a formula when its string starts with ``=``;
    forcing the string type afterwards writes an inline string, so the
    text Excel shows is exactly :func:`cell_text` of ``value``. ``style``
    holds cell attributes such as ``font`` or ``alignment``.
    """
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet)
    # Set directly: the text is already clean, and openpyxl's value setter would
    # turn a leading "=" into a formula (and costs more than the rest together).
    cell._value = excel_encoded(cell_text(value))
    cell.data_type = "s"
    if style:
        apply_style(cell, style)
    return cell


def apply_style(cell, style: dict) -> None:
    """Give ``cell`` the attributes in ``style`` (``font``, ``alignment``, ``fill``…).

    Registering a style with the workbook hashes every attribute, which is
    slow for hundreds of thousands of cells; the registered form is kept in
    ``style`` (per workbook) and copied to every later cell.
    """
    from copy import copy

    workbook = cell.parent.parent
    cached = style.get("_registered")
    if cached is not None and cached[0] is workbook:
        cell._style = copy(cached[1])
        return
    for name, attribute in style.items():
        if not name.startswith("_"):
            setattr(cell, name, attribute)
    style["_registered"] = (workbook, copy(cell._style))


def sheet_name(wanted: str, existing: Iterable[str] = ()) -> str:
    """A valid worksheet name as close to ``wanted`` as Excel allows.

    Excel's rules: at most 31 characters, none of ``[ ] : * ? / \\``, not
    empty, not starting or ending with an apostrophe, not "History", and
    unique in the workbook ignoring case. A clash gets " (2)", " (3)", …
    """
    name = _SHEET_NAME_FORBIDDEN.sub(" ", remove_control_characters(str(wanted)))
    name = " ".join(name.split()).strip("'").strip()
    if not name or name.lower() in _RESERVED_SHEET_NAMES:
        name = f"{name} sheet".strip() if name else "Sheet"
    taken = {n.lower() for n in existing}
    candidate, number = _fit_sheet_name(name, ""), 1
    while candidate.lower() in taken:
        number += 1
        candidate = _fit_sheet_name(name, f" ({number})")
    return candidate


def _fit_sheet_name(base: str, suffix: str) -> str:
    """``base`` shortened so ``base + suffix`` fits the sheet-name limit."""
    budget = SHEET_NAME_LIMIT - len(suffix)
    while _utf16_length(base) > budget:
        base = base[:-1]
    # Shortening can expose a trailing apostrophe or space, both of which
    # Excel rejects or silently changes.
    base = base.rstrip("' ") or "Sheet"
    return base + suffix
