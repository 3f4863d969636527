"""The Evidence notes sheet: evidence behind findings that the register cuts to three lines,
in full, so nothing a writer quotes is lost on paper; sensitive notes withheld as there."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from models.records import Evidence, Finding
from storage.workbooks.excel_text import TRUNCATED_MARKER
from storage.workbooks.summary.evidence_notes import (
    ALL_FIT,
    CONTINUED,
    EVIDENCE_NOTES,
    NOTES_COLUMNS,
    pieces,
)
from storage.workbooks.summary.row_heights import (
    LINE_SPACING,
    MAX_ROW_HEIGHT,
    CellFont,
    wrapped_lines,
)
from storage.workbooks.summary_export import WITHHELD, export_summary

HEADERS = [header for header, _ in NOTES_COLUMNS]
NOTES_WIDTH = dict(NOTES_COLUMNS)["Notes"]


def _add(inspection, **fields) -> Evidence:
    fields.setdefault("author", "JS")
    fields.setdefault("question_codes", ("1.1",))
    return inspection.evidence.add(Evidence(id="", **fields))


def _listed(ws) -> dict[str, dict[str, str]]:
    """Each listed item's text by column, its continuation rows joined by a space."""
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    items: dict[str, dict[str, list[str]]] = {}
    for row in rows[1:]:
        ref = row[0].removesuffix(f" {CONTINUED}")
        entry = items.setdefault(ref, {h: [] for h in HEADERS[1:]})
        for header, value in zip(HEADERS[1:], row[1:]):
            if value:
                entry[header].append(value)
    return {ref: {h: " ".join(v) for h, v in e.items()} for ref, e in items.items()}


def _words(text: str) -> list[str]:
    return text.split()


def test_evidence_behind_findings_cut_short_in_the_register_is_listed_in_full(
    tiny_inspection, tmp_path
):
    paragraph = "Officers described the handover of risk assessments in some detail. " * 6
    short = _add(tiny_inspection, summary="short", notes="fits in its row")
    long = _add(tiny_inspection, summary="long", notes="\n".join([paragraph] * 12))
    secret = _add(
        tiny_inspection,
        summary="A summary long enough to be cut: " + "words of the summary " * 20,
        notes="The victim's name and address. " * 30,
        sensitive=True,
    )
    giant = _add(tiny_inspection, summary="giant", notes="Long note. " * 3637)  # 40,007
    unquoted = _add(tiny_inspection, summary="behind no finding", notes=paragraph * 4)
    quoted = (short, long, secret, giant)
    tiny_inspection.findings.add(
        Finding(question_code="1", statement="quoted", evidence_ids=tuple(e.id for e in quoted))
    )
    out = tmp_path / "summary.xlsx"
    export_summary(tiny_inspection, out)

    workbook = load_workbook(out)
    ws = workbook[EVIDENCE_NOTES]
    listed = _listed(ws)
    # Only evidence behind a finding whose register row is cut is repeated here; an item
    # behind no finding keeps its whole text in its register cell.
    assert short.ref not in listed and unquoted.ref not in listed
    assert set(listed) == {long.ref, secret.ref, giant.ref}
    assert _words(listed[long.ref]["Notes"]) == _words(long.notes)
    assert listed[long.ref]["Summary"] == "long"
    # The register cuts a cell at Excel's limit; here the whole note is kept.
    register = {r[0]: r for r in workbook["Evidence register"].iter_rows(values_only=True)}
    assert register[giant.ref][10].endswith(TRUNCATED_MARKER)
    assert _words(listed[giant.ref]["Notes"]) == _words(giant.notes)
    # Withheld here as in the register; the summary is still given in full.
    assert listed[secret.ref]["Notes"] == WITHHELD
    assert _words(listed[secret.ref]["Summary"]) == _words(secret.summary)

    register_ws = workbook["Evidence register"]
    line = 10 * LINE_SPACING
    for row in ws.iter_rows(min_row=2):
        ref_cell, notes_cell = row[0], row[HEADERS.index("Notes")]
        # Each ref (and its continuation rows) goes back to the item's register row.
        target = ref_cell.hyperlink.location.split("!")[1]
        assert register_ws[target].value == ref_cell.value.removesuffix(f" {CONTINUED}")
        # No row is taller than a spreadsheet allows, and none clips its notes.
        height = ws.row_dimensions[ref_cell.row].height or 12.75
        assert height <= MAX_ROW_HEIGHT
        lines = wrapped_lines(notes_cell.value or "", NOTES_WIDTH, CellFont())
        assert lines * line <= height, (ref_cell.value, lines, height)
    assert (
        sum(
            1
            for (ref,) in ws.iter_rows(min_row=2, max_col=1, values_only=True)
            if ref == f"{giant.ref} {CONTINUED}"
        )
        >= 5
    )


def test_when_every_item_fits_the_sheet_says_so(tiny_inspection, tmp_path):
    item = _add(tiny_inspection, summary="short", notes="fits")
    tiny_inspection.findings.add(Finding(question_code="1", statement="s", evidence_ids=(item.id,)))
    out = tmp_path / "summary.xlsx"
    export_summary(tiny_inspection, out)
    rows = list(load_workbook(out)[EVIDENCE_NOTES].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][1] == ALL_FIT and len(rows) == 2


_WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=30)


@given(
    st.lists(st.tuples(_WORD, st.sampled_from([" ", "\n"])), min_size=1, max_size=120),
    st.integers(min_value=1, max_value=6),
    st.sampled_from([8, 20, 55]),
)
def test_pieces_keep_every_word_and_stay_within_their_lines(words, limit, width):
    text = "".join(w + sep for w, sep in words).strip()
    font = CellFont()
    parts = pieces(text, width, font, limit)
    # Nothing is lost or added (a word longer than a part is broken, as a cell breaks it).
    assert "".join("".join(parts).split()) == "".join(text.split())
    assert all(wrapped_lines(part, width, font) <= limit for part in parts)
