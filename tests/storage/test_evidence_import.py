"""Importing evidence logs into real inspection files, from real CSV files and workbooks.

Every refused import must name the row and column of each problem and leave
the inspection exactly as it was (same count, same hash of every evidence row).
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date, datetime

import pytest

from models.evidence_logs.fields import LogField
from models.evidence_logs.rows import KEPT_PROBLEMS
from models.records import Evidence
from models.vocabulary import Assessment, SourceType
from storage.evidence_logs.importer import (
    PROGRESS_SCALE,
    EvidenceLogError,
    EvidenceLogProblems,
    column_mapping,
    import_log_file,
    import_log_table,
    read_for_import,
    stage_of,
)
from storage.evidence_logs.reader import preview_log, read_log
from storage.file.errors import WriteFailedError
from storage.file.inspection_file import InspectionFile
from storage.operations.progress import Cancelled, JobProgress
from storage.repositories.evidence_import_repository import (
    WRITE_BATCH,
    EvidenceImportRepository,
)
from tests.storage.log_files import HEADERS, evidence_state, log_row, write_csv, write_xlsx


@pytest.fixture
def path(tiny_inspection):
    """The tiny inspection's file, with one item by JS already recorded (JS-0001)."""
    tiny_inspection.evidence.add(
        Evidence(author="JS", summary="Recorded in the app", question_codes=("1",))
    )
    return tiny_inspection.path


def items(path) -> list[Evidence]:
    with InspectionFile.open(path, readonly=True) as inspection:
        return list(inspection.evidence.iter_all())


# -- what an import adds ------------------------------------------------------------
def test_a_csv_log_becomes_evidence(path, tmp_path):
    log = write_csv(
        tmp_path / "log.csv",
        [
            log_row(
                Date="22/09/2015",
                Location="Basingstoke",
                Participants="PC; PCSO",
                Notes="Said so.\nTwice.",
                Assessment="+",
                Questions="2.1; 1.1",
                Sensitive="yes",
            ),
            log_row(source_type="RT", Author="ab", Assessment="neg", Questions="1.2"),
            log_row(Summary="Third", Ref="KO-0040", Author=None),
        ],
        encoding="utf-8-sig",
    )
    result = import_log_file(path, log)
    assert (result.added, result.skipped, result.restored) == (3, 0, 0)
    assert result.message() == (
        "Imported 3 evidence items from log.csv (UTF-8); 0 already present (skipped)."
    )
    by_ref = {e.ref: e for e in items(path)}
    assert sorted(by_ref) == ["AB-0001", "JS-0001", "JS-0002", "KO-0040"]
    first = by_ref["JS-0002"]
    assert (
        first.collected_on,
        first.location,
        first.participants,
        first.notes,
        first.assessment,
        first.question_codes,
        first.sensitive,
        first.source_type,
    ) == (
        date(2015, 9, 22),
        "Basingstoke",
        ("PC", "PCSO"),
        "Said so.\nTwice.",
        Assessment.POSITIVE,
        ("1.1", "2.1"),
        True,
        SourceType.FOCUS_GROUP,
    )
    assert by_ref["AB-0001"].source_type is SourceType.REALITY_TESTING
    assert by_ref["KO-0040"].author == "KO"
    assert set(result.evidence_ids) == {by_ref[r].id for r in ("JS-0002", "AB-0001", "KO-0040")}


def test_a_workbook_log_with_a_title_date_cells_and_number_codes(path, tmp_path):
    log = write_xlsx(
        tmp_path / "log.xlsx",
        [
            log_row(Date=datetime(2015, 9, 22), Questions=1.2, Summary="Number code"),
            [None] * len(HEADERS),
            log_row(Date="23 Sep 2015", Questions=2, Sensitive=True, Ref="js-9"),
        ],
        above=[["Evidence log: Testshire 2026"], []],
        other_sheets={"Notes": [["nothing to import"]]},
    )
    result = import_log_file(path, log)
    assert result.added == 2 and result.described == "log.xlsx, sheet Evidence log"
    by_ref = {e.ref: e for e in items(path)}
    assert by_ref["JS-0009"].question_codes == ("2",) and by_ref["JS-0009"].sensitive
    assert by_ref["JS-0010"].collected_on == date(2015, 9, 22)  # after the highest ref given
    assert by_ref["JS-0010"].question_codes == ("1.2",)


def test_a_sheet_is_chosen_by_name(path, tmp_path):
    log = write_xlsx(
        tmp_path / "log.xlsx",
        [["Testshire 2026"]],
        ["Cover page"],
        sheet="Cover",
        other_sheets={"Team log": [HEADERS, log_row()]},
    )
    with pytest.raises(EvidenceLogError, match="No column holds the summary"):
        import_log_file(path, log)
    assert import_log_file(path, log, sheet="team LOG").added == 1
    with pytest.raises(
        EvidenceLogError,
        match=r"no sheet named 'Week 2' \(its sheets: "
        r"Cover, Team log\)",
    ):
        import_log_file(path, log, sheet="Week 2")


def test_windows_csv_with_semicolons_is_read_and_says_so(path, tmp_path):
    log = write_csv(
        tmp_path / "log.csv",
        [log_row(Location="Café Néro, Andover")],
        encoding="cp1252",
        delimiter=";",
    )
    result = import_log_file(path, log)
    assert result.described == "log.csv (Windows-1252)"
    assert items(path)[-1].location == "Café Néro, Andover"


def test_unmatched_columns_are_named_and_columns_can_be_chosen(path, tmp_path):
    headers = ["Obs", "Kind", "Q", "Week"]
    log = write_csv(tmp_path / "log.csv", [["Seen at the front desk", "RT", "1.1", "3"]], headers)
    with pytest.raises(EvidenceLogError, match="No column holds the summary"):
        import_log_file(path, log, default_author="JS")
    result = import_log_file(
        path,
        log,
        default_author="js",
        choices={"obs": LogField.SUMMARY, "Kind": LogField.SOURCE_TYPE},
    )
    assert result.added == 1 and result.ignored_columns == ("D (Week)",)
    assert items(path)[-1].summary == "Seen at the front desk"


# -- importing again ---------------------------------------------------------------------
def test_importing_the_same_log_again_adds_nothing_and_a_grown_log_adds_the_new_rows(
    path, tmp_path
):
    rows = [log_row(), log_row(), log_row(Summary="Second"), log_row(Ref="JS-0050")]
    log = write_csv(tmp_path / "log.csv", rows)
    assert import_log_file(path, log).added == 4  # identical rows are both kept
    before = evidence_state(path)
    again = import_log_file(path, log)
    assert (again.added, again.skipped, again.evidence_ids) == (0, 4, ())
    assert evidence_state(path) == before
    grown = write_xlsx(tmp_path / "grown.xlsx", rows + [log_row(), log_row(Summary="New")])
    result = import_log_file(path, grown, default_author="AB")
    assert (result.added, result.skipped) == (2, 4)
    assert len(items(path)) == 7


def test_a_ref_used_for_something_else_is_refused_and_a_deleted_one_comes_back(path, tmp_path):
    log = write_csv(
        tmp_path / "log.csv",
        [log_row(Ref="JS-0001", Summary="Not the same"), log_row(Ref="JS-0007")],
    )
    before = evidence_state(path)
    with pytest.raises(EvidenceLogProblems) as refused:
        import_log_file(path, log)
    assert refused.value.lines() == [
        "row 2, column A (Ref): ref JS-0001 is already used in this inspection by an item with "
        "a different source type, summary, questions; give the row another ref, or leave the "
        "ref empty to add it as a new item"
    ]
    assert evidence_state(path) == before

    same = write_csv(tmp_path / "same.csv", [log_row(Ref="JS-0007")])
    first = import_log_file(path, same)
    with InspectionFile.open(path) as inspection:
        EvidenceImportRepository(inspection).set_imported_deleted(first.evidence_ids, True)
    changed = write_csv(tmp_path / "changed.csv", [log_row(Ref="JS-0007", Summary="Fixed")])
    result = import_log_file(path, changed)
    assert (result.added, result.restored, result.evidence_ids) == (0, 1, first.evidence_ids)
    assert "1 of them deleted before and now restored" in result.message()
    assert [e.summary for e in items(path) if e.ref == "JS-0007"] == ["Fixed"]


def test_rows_of_an_undone_import_are_imported_again(path, tmp_path):
    log = write_csv(tmp_path / "log.csv", [log_row(), log_row(Summary="Two")])
    first = import_log_file(path, log)
    with InspectionFile.open(path) as inspection:
        EvidenceImportRepository(inspection).set_imported_deleted(first.evidence_ids, True)
        assert inspection.evidence.count() == 1
        EvidenceImportRepository(inspection).set_imported_deleted(first.evidence_ids, False)
        assert inspection.evidence.count() == 3
        EvidenceImportRepository(inspection).set_imported_deleted(first.evidence_ids, True)
    again = import_log_file(path, log)
    assert (again.added, again.skipped) == (2, 0)
    assert import_log_file(path, log).skipped == 2


# -- refused rows -------------------------------------------------------------------------
BAD_ROWS = {
    "unknown question": (
        log_row(Questions="1.1; 7.7"),
        "column I (Questions): 7.7 is not a question of this inspection's framework",
    ),
    "bad date": (log_row(Date="31/02/2015"), "column B (Date): '31/02/2015' is not a real date"),
    "unknown source type": (
        log_row(source_type="Seance"),
        "column C (Source type): 'Seance' is not a source type",
    ),
    "empty summary": (log_row(Summary="  "), "column F (Summary): the summary is empty"),
    "no question": (log_row(Questions=""), "column I (Questions): no question codes"),
    "bad ref": (log_row(Ref="JS42"), "column A (Ref): 'JS42' is not a ref"),
    "ref used elsewhere": (
        log_row(Ref="JS-0001"),
        "column A (Ref): ref JS-0001 is already used in this inspection",
    ),
    "bad initials": (log_row(Author="J.S.2"), "column J (Author): 'J.S.2' is not valid initials"),
    "bad assessment": (
        log_row(Assessment="meh"),
        "column H (Assessment): 'meh' is not an assessment",
    ),
    "bad sensitive": (
        log_row(Sensitive="perhaps"),
        "column K (Sensitive): 'perhaps' is not yes or no",
    ),
}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("problem", sorted(BAD_ROWS))
def test_one_bad_row_refuses_the_whole_log(path, tmp_path, problem, kind):
    bad, message = BAD_ROWS[problem]
    rows = [log_row(Summary="Fine"), log_row(Summary="Also fine"), bad]
    write = write_csv if kind == "csv" else write_xlsx
    log = write(tmp_path / f"log.{kind}", rows)
    before = evidence_state(path)
    with pytest.raises(EvidenceLogProblems) as refused:
        import_log_file(path, log)
    assert refused.value.total == 1
    assert refused.value.lines()[0].startswith(f"row 4, {message}")
    assert str(refused.value).startswith(
        f"Nothing was imported: log.{kind} has 1 problem; the first is row 4, {message}"
    )
    assert evidence_state(path) == before


def test_a_ref_repeated_in_the_log_and_all_problems_in_row_order(path, tmp_path):
    log = write_csv(
        tmp_path / "log.csv",
        [
            log_row(Ref="JS-0001"),
            log_row(Ref="AB-0002"),
            log_row(Ref="ab-2", Author="AB", Date="soon"),
        ],
    )
    before = evidence_state(path)
    with pytest.raises(EvidenceLogProblems) as refused:
        import_log_file(path, log)
    lines = refused.value.lines()
    assert [line.split(":")[0] for line in lines] == [
        "row 2, column A (Ref)",
        "row 3, column A (Ref)",
        "row 4, column B (Date)",
        "row 4, column A (Ref)",
    ]
    assert "ref AB-0002 does not start with the author's initials JS" in lines[1]
    assert lines[3].endswith("ref AB-0002 is also on row 3")  # though row 3 is refused too
    assert evidence_state(path) == before


def test_hundreds_of_problems_are_all_counted_and_the_first_shown(path, tmp_path):
    rows = [log_row(Questions="7.7")] * (KEPT_PROBLEMS + 300)
    log = write_csv(tmp_path / "log.csv", rows)
    with pytest.raises(EvidenceLogProblems) as refused:
        import_log_file(path, log)
    assert refused.value.total == KEPT_PROBLEMS + 300
    lines = refused.value.lines()
    assert len(lines) == 201 and lines[-1] == f"… and {KEPT_PROBLEMS + 100} more"


def test_rows_without_an_author_need_initials(path, tmp_path):
    headers = [h for h in HEADERS if h not in ("Author", "Ref")]
    log = write_csv(tmp_path / "log.csv", [log_row()[1:9] + [None]], headers)
    with pytest.raises(EvidenceLogError, match="No column gives the author"):
        import_log_file(path, log)
    with pytest.raises(EvidenceLogError, match="not valid initials"):
        import_log_file(path, log, default_author="J2")
    assert import_log_file(path, log, default_author="rm").added == 1
    assert items(path)[-1].ref == "RM-0001"


def test_with_a_ref_column_only_rows_without_a_ref_need_initials(path, tmp_path):
    headers = [h for h in HEADERS if h != "Author"]
    log = write_csv(
        tmp_path / "log.csv",
        [log_row(Ref="KO-0003", Author=None)[:10], log_row(Summary="No ref", Author=None)[:10]],
        headers,
    )
    with pytest.raises(EvidenceLogProblems) as refused:
        import_log_file(path, log)
    assert refused.value.lines() == [
        "row 3: no author: the row has no ref and no author "
        "column, and no initials were given for it"
    ]
    assert import_log_file(path, log, default_author="SA").added == 2
    assert sorted(e.ref for e in items(path)) == ["JS-0001", "KO-0003", "SA-0001"]


# -- refused files -------------------------------------------------------------------------
def _bad_file(tmp_path, kind):
    if kind == "text named xlsx":
        (tmp_path / "log.xlsx").write_text("Summary,Source type\n")
        return tmp_path / "log.xlsx", "not an Excel workbook"
    if kind == "damaged workbook":
        (tmp_path / "log.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
        return tmp_path / "log.xlsx", "cannot be read as an Excel workbook"
    if kind == "old xls":
        (tmp_path / "log.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 200)
        return tmp_path / "log.xls", "old-style (.xls)"
    if kind == "empty csv":
        (tmp_path / "log.csv").write_bytes(b"")
        return tmp_path / "log.csv", "is empty"
    if kind == "blank csv":
        (tmp_path / "log.csv").write_text("\n ,, \n\n", encoding="utf-8")
        return tmp_path / "log.csv", "is empty"
    if kind == "empty workbook":
        return write_xlsx(tmp_path / "log.xlsx", [], []), "is empty"
    if kind == "binary csv":
        (tmp_path / "log.csv").write_bytes(b"Summary\x00\x01\x02")
        return tmp_path / "log.csv", "binary data"
    if kind == "no summary column":
        return write_csv(
            tmp_path / "log.csv", [["FG", "1.1"]], ["Type", "Questions"]
        ), "No column holds the summary"
    if kind == "other file":
        (tmp_path / "log.pdf").write_bytes(b"%PDF-1.4")
        return tmp_path / "log.pdf", "import an Excel workbook (.xlsx) or a CSV file"
    if kind == "missing":
        return tmp_path / "log.csv", "does not exist"
    if kind == "folder":
        (tmp_path / "log.csv").mkdir()
        return tmp_path / "log.csv", "is a folder"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "text named xlsx",
        "damaged workbook",
        "old xls",
        "empty csv",
        "blank csv",
        "empty workbook",
        "binary csv",
        "no summary column",
        "other file",
        "missing",
        "folder",
    ],
)
def test_a_file_that_is_not_a_usable_log_is_one_clear_sentence(path, tmp_path, kind):
    log, words = _bad_file(tmp_path, kind)
    before = evidence_state(path)
    with pytest.raises(EvidenceLogError) as refused:
        import_log_file(path, log)
    assert words in str(refused.value) and "\n" not in str(refused.value)
    assert evidence_state(path) == before


def test_a_sheet_name_for_a_csv_is_refused(path, tmp_path):
    log = write_csv(tmp_path / "log.csv", [log_row()])
    with pytest.raises(EvidenceLogError, match="has no sheets"):
        import_log_file(path, log, sheet="Log")


def test_a_log_that_changed_after_its_columns_were_chosen_is_refused(path, tmp_path):
    log = write_csv(tmp_path / "log.csv", [log_row()])
    preview = preview_log(log)
    mapping = column_mapping(preview.sheets[0].headers)
    write_csv(log, [log_row()[:5]], HEADERS[:5])
    with pytest.raises(EvidenceLogError, match="changed after its columns were chosen"):
        import_log_file(path, log, mapping=mapping, expected_headers=preview.sheets[0].headers)


def test_preview_shows_each_sheet_header_and_first_values(tmp_path):
    log = write_xlsx(
        tmp_path / "log.xlsx",
        [log_row(Notes=None), log_row(Notes="Later")],
        above=[["Title"]],
        other_sheets={"Empty": []},
    )
    preview = preview_log(log)
    assert [s.name for s in preview.sheets] == ["Evidence log", "Empty"]
    first = preview.sheets[0]
    assert first.header_row == 2 and first.headers == tuple(HEADERS)
    assert first.examples[HEADERS.index("Notes")] == "Later"
    assert preview.sheets[1].headers == ()


# -- cancelling, progress and size ------------------------------------------------------------
@pytest.mark.parametrize("stage", ["Reading the log", "Checking every row", "Writing the evidence"])
def test_cancelling_at_any_stage_imports_nothing(path, tmp_path, stage):
    log = write_csv(tmp_path / "log.csv", [log_row(Summary=f"Item {n}") for n in range(6000)])
    before = evidence_state(path)
    seen = []

    def progress(done, total):
        seen.append(stage_of(done))

    with pytest.raises(Cancelled):
        import_log_file(path, log, progress=JobProgress(progress, lambda: stage in seen))
    assert evidence_state(path) == before


def test_five_thousand_rows_in_one_transaction_with_progress(tiny_inspection, tmp_path):
    rows = [
        log_row(
            Summary=f"Observation {n}",
            Author=("JS", "AB", "KO")[n % 3],
            Questions=("1.1", "1.2; 2.1", "1.1.1")[n % 3],
        )
        for n in range(5000)
    ]
    log = write_xlsx(tmp_path / "log.xlsx", rows)
    table = read_log(log)
    statements: list[str] = []
    tiny_inspection.db.conn.set_trace_callback(statements.append)
    progress: list[int] = []
    result = import_log_table(
        tiny_inspection,
        table,
        column_mapping(table.sheet.headers),
        progress=JobProgress(lambda done, total: progress.append(done)),
    )
    tiny_inspection.db.conn.set_trace_callback(None)
    assert result.added == 5000
    assert sum(s.startswith("BEGIN") for s in statements) == 1
    assert sum(s.startswith("COMMIT") for s in statements) == 1
    assert progress == sorted(progress) and progress[-1] == PROGRESS_SCALE
    assert tiny_inspection.evidence.count() == 5000
    assert tiny_inspection.evidence.next_ref("KO") == "KO-1667"
    assert tiny_inspection.db.scalar("SELECT count(*) FROM evidence_import") == 5000


def test_a_failure_while_writing_leaves_nothing(tiny_inspection, tmp_path, monkeypatch):
    log = write_csv(tmp_path / "log.csv", [log_row(Summary=f"Item {n}") for n in range(4500)])
    table = read_log(log)
    real = tiny_inspection.evidence.insert_many
    calls = []

    def failing(conn, batch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real(conn, batch)

    monkeypatch.setattr(tiny_inspection.evidence, "insert_many", failing)
    # The transaction turns the disk error into a message a person can act on.
    with pytest.raises(WriteFailedError):
        import_log_table(tiny_inspection, table, column_mapping(table.sheet.headers))
    assert calls == [2000, 2000]
    assert tiny_inspection.evidence.count() == 0
    assert tiny_inspection.db.scalar("SELECT count(*) FROM evidence_import") == 0


# -- streaming: rows read once, checked, kept on disk, written in two sweeps ---------------------
def test_refs_handed_out_follow_a_ref_given_late_in_a_long_log(path, tmp_path):
    # Rows are written a batch at a time; a ref given on the last row is still taken first.
    rows = [log_row(Summary=f"Visit {n}") for n in range(2 * WRITE_BATCH + 10)]
    rows.append(log_row(Summary="Given its ref", Ref="JS-4500"))
    log = write_csv(tmp_path / "log.csv", rows)
    result = import_log_file(path, log)
    assert result.added == len(rows)
    refs = {e.summary: e.ref for e in items(path)}
    assert refs["Given its ref"] == "JS-4500"
    assert refs["Visit 0"] == "JS-4501" and refs[f"Visit {len(rows) - 2}"] == "JS-8510"
    assert refs["Recorded in the app"] == "JS-0001"


def test_a_byte_of_another_encoding_late_in_a_csv_log_reads_the_whole_log_so(path, tmp_path):
    rows = [log_row(Summary=f"Visit {n}") for n in range(3000)]
    rows.append(log_row(Summary="Café at the front counter"))
    log = write_csv(tmp_path / "log.csv", rows, encoding="cp1252")
    result = import_log_file(path, log)
    assert result.described == "log.csv (Windows-1252)" and result.added == 3001
    assert "Café at the front counter" in {e.summary for e in items(path)}


def test_a_log_that_changes_while_it_is_imported_changes_nothing(path, tmp_path, monkeypatch):
    log = write_csv(tmp_path / "log.csv", [log_row(Summary=f"Item {n}") for n in range(10)])
    stream, mapping, _ = read_for_import(log)
    write_csv(log, [log_row(Summary="Other")], ["Summary", "Source type", "Questions", "Author"])
    before = evidence_state(path)
    with InspectionFile.open(path) as inspection:
        with pytest.raises(EvidenceLogError, match="changed while it was being imported"):
            import_log_table(inspection, stream, mapping)
    assert evidence_state(path) == before


def test_problems_in_the_rows_and_against_the_inspection_are_named_together(path, tmp_path):
    rows = [log_row(Summary=f"Visit {n}") for n in range(4500)]
    rows[10] = log_row(Summary="Taken", Ref="JS-0001")  # JS-0001 says something else
    rows[4400] = log_row(Summary="", Questions="1.1")
    log = write_csv(tmp_path / "log.csv", rows)
    before = evidence_state(path)
    with pytest.raises(EvidenceLogProblems) as refused:
        import_log_file(path, log)
    assert refused.value.total == 2
    assert [p.row for p in refused.value.problems] == [12, 4402]
    assert "ref JS-0001 is already used" in refused.value.problems[0].message
    assert refused.value.problems[1].message == "the summary is empty"
    assert evidence_state(path) == before


def test_rows_read_for_an_import_are_kept_in_an_unnamed_file(path, tmp_path):
    log = write_csv(tmp_path / "log.csv", [log_row(Summary=f"Item {n}") for n in range(5)])
    spool_folder = tmp_path / "spool"
    spool_folder.mkdir()
    tempfile.tempdir, kept = str(spool_folder), tempfile.tempdir
    try:
        assert import_log_file(path, log).added == 5
    finally:
        tempfile.tempdir = kept
    assert list(spool_folder.iterdir()) == []
