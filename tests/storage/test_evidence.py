"""Evidence in a real inspection file: refs, edits, soft deletion, and SQL paging,
sorting, filtering, searching and counting checked against plain Python."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from models.evidence.query import EvidenceQuery, EvidenceSort
from models.records import Evidence
from models.vocabulary import Assessment, SourceType
from storage.file.inspection_file import InspectionFile
from tests.storage.repository_helpers import counts_by_question, live_authors, live_id_for_ref


def add(inspection, **fields) -> Evidence:
    fields.setdefault("author", "JS")
    fields.setdefault("question_codes", ("1.1",))
    return inspection.evidence.add(Evidence(**fields))


def refs(items) -> list[str]:
    return [e.ref for e in items]


def all_refs(repo, query=EvidenceQuery()) -> list[str]:
    return refs(repo.page(query, 0, 10_000))


def row_count(inspection, table: str) -> int:
    return inspection.db.scalar(f"SELECT count(*) FROM {table}")


# -- adding -----------------------------------------------------------------
def test_refs_are_numbered_per_author(tiny_inspection):
    a = add(tiny_inspection, author="js")
    b = add(tiny_inspection, author=" J S ")
    c = add(tiny_inspection, author="ab")
    d = add(tiny_inspection, author="JS")
    assert [a.ref, b.ref, c.ref, d.ref] == ["JS-0001", "JS-0002", "AB-0001", "JS-0003"]
    assert a.author == b.author == "JS" and c.author == "AB"
    assert tiny_inspection.evidence.next_ref("ab") == "AB-0002"
    assert tiny_inspection.evidence.next_ref("KM") == "KM-0001"


def test_explicit_ref_is_kept_and_numbering_continues_after_it(tiny_inspection):
    first = add(tiny_inspection, ref="JS-0041")
    assert first.ref == "JS-0041"
    assert add(tiny_inspection).ref == "JS-0042"
    assert add(tiny_inspection, author="JSX").ref == "JSX-0001"  # JS's refs are not JSX's


def test_refs_of_deleted_items_are_never_reused(tiny_inspection):
    first = add(tiny_inspection)
    second = add(tiny_inspection)
    tiny_inspection.evidence.delete(second.id)
    assert add(tiny_inspection).ref == "JS-0003"
    assert tiny_inspection.evidence.get(first.id).ref == "JS-0001"


def test_duplicate_ref_is_refused_and_nothing_is_written(tiny_inspection):
    add(tiny_inspection, ref="JS-0007")
    before = (
        row_count(tiny_inspection, "evidence"),
        row_count(tiny_inspection, "evidence_question"),
    )
    with pytest.raises(ValueError, match="JS-0007"):
        add(tiny_inspection, author="AB", ref="JS-0007", question_codes=("2",))
    assert (
        row_count(tiny_inspection, "evidence"),
        row_count(tiny_inspection, "evidence_question"),
    ) == before
    assert not tiny_inspection.db.conn.in_transaction


def test_unknown_question_is_refused_and_nothing_is_written(tiny_inspection):
    with pytest.raises(ValueError, match="9.9"):
        add(tiny_inspection, question_codes=("1.1", "9.9"))
    assert row_count(tiny_inspection, "evidence") == 0
    assert row_count(tiny_inspection, "evidence_question") == 0
    assert add(tiny_inspection).ref == "JS-0001"


@pytest.mark.parametrize("author", ["", "  ", "J.S.", "ABCDE", "J1"])
def test_invalid_author_initials_are_refused(tiny_inspection, author):
    with pytest.raises(ValueError, match="initials"):
        add(tiny_inspection, author=author)
    assert row_count(tiny_inspection, "evidence") == 0


def test_every_field_reads_back_as_written(tiny_inspection):
    added = add(
        tiny_inspection,
        source_type=SourceType.CASE_FILE_REVIEW,
        collected_on=date(2015, 9, 29),
        location="Netley — Hampshire HQ",
        participants=("Detective inspector", "Analyst (crime) ünïcode"),
        summary="Twenty rape case files reviewed",
        notes='Line 1\nLine 2 "quoted"',
        assessment=Assessment.NEGATIVE,
        sensitive=True,
        question_codes=("1.1", "2.1"),
    )
    got = tiny_inspection.evidence.get(added.id)
    assert got == added
    assert got.created_at == got.updated_at and got.created_at.endswith("Z")
    assert got.deleted_at is None
    assert live_id_for_ref(tiny_inspection, added.ref) == added.id
    assert live_id_for_ref(tiny_inspection, "ZZ-0001") is None


def test_question_links_read_back_in_framework_order_without_duplicates(tiny_inspection):
    added = add(tiny_inspection, question_codes=("2.1", "1.1.1", "H", "2.1"))
    assert tiny_inspection.evidence.get(added.id).question_codes == ("H", "1.1.1", "2.1")
    assert row_count(tiny_inspection, "evidence_question") == 3


def test_item_without_questions_or_date_is_allowed(tiny_inspection):
    added = add(tiny_inspection, question_codes=())
    got = tiny_inspection.evidence.get(added.id)
    assert got.question_codes == () and got.collected_on is None


def test_add_returns_the_record_as_stored(tiny_inspection):
    added = add(tiny_inspection, location="  Eastleigh  ", question_codes=("2.1", "1.1", "2.1"))
    assert tiny_inspection.evidence.get(added.id) == added


def test_get_unknown_id_raises_key_error(tiny_inspection):
    with pytest.raises(KeyError):
        tiny_inspection.evidence.get("no-such-id")


# -- updating ---------------------------------------------------------------
def test_update_saves_every_field_but_keeps_ref_and_created_at(tiny_inspection):
    added = add(tiny_inspection, summary="Old summary")
    edited = replace(
        added,
        ref="XX-9999",
        source_type=SourceType.FOCUS_GROUP,
        collected_on=date(2015, 10, 1),
        location="Winchester",
        participants=("Response PCs",),
        summary="New summary",
        notes="n",
        assessment=Assessment.POSITIVE,
        sensitive=True,
        author="ab",
        question_codes=("2", "2.1"),
    )
    tiny_inspection.evidence.update(edited)
    got = tiny_inspection.evidence.get(added.id)
    assert got.ref == "JS-0001" and got.created_at == added.created_at
    assert got.updated_at >= added.updated_at
    assert (
        got.source_type,
        got.collected_on,
        got.location,
        got.participants,
        got.summary,
        got.notes,
        got.assessment,
        got.sensitive,
        got.author,
        got.question_codes,
    ) == (
        SourceType.FOCUS_GROUP,
        date(2015, 10, 1),
        "Winchester",
        ("Response PCs",),
        "New summary",
        "n",
        Assessment.POSITIVE,
        True,
        "AB",
        ("2", "2.1"),
    )


def test_removing_a_link_soft_deletes_it_and_adding_it_back_revives_the_row(tiny_inspection):
    repo = tiny_inspection.evidence
    item = add(tiny_inspection, question_codes=("1.1", "1.2"))
    q12 = tiny_inspection.framework.question("1.2").id

    def link_row():
        return tiny_inspection.db.conn.execute(
            "SELECT created_at, deleted_at FROM evidence_question WHERE evidence_id = ?"
            " AND question_id = ?",
            [item.id, q12],
        ).fetchone()

    created, deleted = link_row()
    assert deleted is None
    repo.update(replace(item, question_codes=("1.1",)))
    assert repo.get(item.id).question_codes == ("1.1",)
    assert link_row()[1] is not None  # still there, marked deleted
    assert row_count(tiny_inspection, "evidence_question") == 2
    assert repo.count(EvidenceQuery(question_code="1.2")) == 0

    repo.update(replace(item, question_codes=("1.1", "1.2")))
    assert link_row() == (created, None)  # the same row, revived
    assert row_count(tiny_inspection, "evidence_question") == 2
    assert repo.count(EvidenceQuery(question_code="1.2")) == 1


def test_update_with_unknown_question_changes_nothing(tiny_inspection):
    item = add(tiny_inspection, summary="Kept")
    with pytest.raises(ValueError):
        tiny_inspection.evidence.update(replace(item, summary="Lost", question_codes=("7",)))
    assert tiny_inspection.evidence.get(item.id) == item


def test_update_of_unknown_item_raises_and_writes_no_links(tiny_inspection):
    with pytest.raises(KeyError):
        tiny_inspection.evidence.update(Evidence(author="JS", question_codes=("1",)))
    assert row_count(tiny_inspection, "evidence_question") == 0
    assert not tiny_inspection.db.conn.in_transaction


# -- deleting ---------------------------------------------------------------
def test_delete_is_soft_and_restore_brings_the_item_back(tiny_inspection):
    repo = tiny_inspection.evidence
    keep, gone = add(tiny_inspection), add(tiny_inspection, summary="Deleted later")
    repo.delete(gone.id)
    assert row_count(tiny_inspection, "evidence") == 2
    deleted = repo.get(gone.id)
    assert deleted.deleted_at is not None and deleted.summary == "Deleted later"
    assert repo.count() == 1 and refs(repo.page()) == [keep.ref]
    assert live_id_for_ref(tiny_inspection, gone.ref) is None
    assert list(e.id for e in repo.iter_all()) == [keep.id]
    assert counts_by_question(tiny_inspection) == {"H": 1, "1": 1, "1.1": 1}
    assert repo.assessment_counts().total == 1

    repo.restore(gone.id)
    assert repo.get(gone.id).deleted_at is None
    assert repo.count() == 2 and live_id_for_ref(tiny_inspection, gone.ref) == gone.id


def test_delete_or_restore_of_unknown_item_raises(tiny_inspection):
    with pytest.raises(KeyError):
        tiny_inspection.evidence.delete("nope")
    with pytest.raises(KeyError):
        tiny_inspection.evidence.restore("nope")


# -- listing: a varied data set --------------------------------------------
SPECS = [
    # author, source, date, assessment, summary, questions
    ("JS", SourceType.INTERVIEW, date(2015, 9, 29), Assessment.POSITIVE, "alpha", ("1.1",)),
    ("AB", SourceType.FOCUS_GROUP, date(2015, 9, 29), Assessment.NEGATIVE, "Alpha", ("2.1",)),
    ("JS", SourceType.REALITY_TESTING, None, Assessment.NEUTRAL, "beta", ()),
    ("KM", SourceType.DATA_RETURN, date(2015, 10, 14), Assessment.NEGATIVE, "Gamma", ("1.2",)),
    ("AB", SourceType.INTERVIEW, date(2015, 10, 2), Assessment.POSITIVE, "delta", ("1.1.1", "2")),
    (
        "JS",
        SourceType.CASE_FILE_REVIEW,
        date(2015, 9, 30),
        Assessment.NEGATIVE,
        "BETA",
        ("1.1", "1.2"),
    ),
    ("KM", SourceType.OBSERVATION, None, Assessment.POSITIVE, "epsilon", ("H",)),
    ("AB", SourceType.PUBLIC_SURVEY, date(2015, 11, 1), Assessment.NEUTRAL, "zeta", ("2.1",)),
    ("JS", SourceType.INTERVIEW, date(2015, 10, 2), Assessment.NEUTRAL, "Eta", ("1",)),
    (
        "KM",
        SourceType.PARTNER_SURVEY,
        date(2015, 9, 29),
        Assessment.POSITIVE,
        "alpha",
        ("1.2", "2.1"),
    ),
    (
        "JS",
        SourceType.DOCUMENT_REVIEW,
        date(2015, 10, 20),
        Assessment.POSITIVE,
        "theta",
        ("1.1.1",),
    ),
    ("AB", SourceType.OTHER, date(2015, 10, 20), Assessment.NEGATIVE, "iota", ("1.1",)),
]


@pytest.fixture
def varied(tiny_inspection):
    items = [
        add(
            tiny_inspection,
            author=a,
            source_type=s,
            collected_on=d,
            assessment=x,
            summary=text,
            question_codes=codes,
        )
        for a, s, d, x, text, codes in SPECS
    ]
    # A deleted item must never show up anywhere below.
    ghost = add(tiny_inspection, author="AB", summary="alpha ghost", question_codes=("1.1",))
    tiny_inspection.evidence.delete(ghost.id)
    items = [tiny_inspection.evidence.get(e.id) for e in items]
    return tiny_inspection, items


def python_key(inspection, e: Evidence, sort: EvidenceSort):
    def position(code):
        return inspection.framework.question(code).position

    value = {
        EvidenceSort.REF: e.ref,
        EvidenceSort.DATE: e.collected_on,
        EvidenceSort.SOURCE: e.source_type.value,
        EvidenceSort.SUMMARY: e.summary.lower(),
        EvidenceSort.ASSESSMENT: e.assessment.value,
        EvidenceSort.AUTHOR: e.author,
        EvidenceSort.QUESTIONS: min(map(position, e.question_codes), default=None),
    }[sort]
    # SQLite puts NULL before every value; the ref breaks ties.
    return ((0,) if value is None else (1, value)), e.ref


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", list(EvidenceSort), ids=lambda s: s.name)
def test_sql_sort_matches_python_sort(varied, sort, descending):
    inspection, items = varied
    query = EvidenceQuery(sort=sort, descending=descending)
    expected = refs(
        sorted(items, key=lambda e: python_key(inspection, e, sort), reverse=descending)
    )
    assert all_refs(inspection.evidence, query) == expected


@pytest.mark.parametrize("limit", [1, 3, 5, 12, 50])
@pytest.mark.parametrize("sort", [EvidenceSort.DATE, EvidenceSort.SUMMARY, EvidenceSort.QUESTIONS])
def test_pages_cover_every_row_exactly_once_in_order(varied, sort, limit):
    inspection, items = varied
    query = EvidenceQuery(sort=sort, descending=True)
    whole = all_refs(inspection.evidence, query)
    pages, offset = [], 0
    while True:
        page = inspection.evidence.page(query, offset, limit)
        assert len(page) <= limit
        if not page:
            break
        pages.extend(refs(page))
        offset += limit
    assert pages == whole and len(whole) == len(items) == len(set(whole))
    assert inspection.evidence.page(query, len(items), limit) == []


def test_pages_carry_their_question_codes(varied):
    inspection, items = varied
    by_ref = {e.ref: e for e in items}
    page = inspection.evidence.page(EvidenceQuery(), 0, 4)
    assert page
    for e in page:
        assert e.question_codes == by_ref[e.ref].question_codes


@pytest.mark.parametrize("code", ["H", "1", "1.1", "1.1.1", "1.2", "2", "2.1"])
def test_question_filter_includes_sub_questions_and_excludes_siblings(varied, code):
    inspection, items = varied
    subtree = {q.code for q in inspection.framework.subtree(code)}
    expected = sorted(e.ref for e in items if subtree & set(e.question_codes))
    assert all_refs(inspection.evidence, EvidenceQuery(question_code=code)) == expected
    assert inspection.evidence.count(EvidenceQuery(question_code=code)) == len(expected)


def test_question_filter_examples(varied):
    inspection, _ = varied

    def summaries(code):
        return sorted(
            e.summary for e in inspection.evidence.page(EvidenceQuery(question_code=code))
        )

    assert summaries("1.1") == ["BETA", "alpha", "delta", "iota", "theta"]  # 1.1.1 included
    assert "Gamma" not in summaries("1.1")  # sibling 1.2 excluded
    assert "zeta" not in summaries("1")  # other core question excluded
    assert summaries("H") == sorted(e[4] for e in SPECS if e[5])


def test_filters_by_source_type_assessment_and_author_combine(varied):
    inspection, items = varied
    repo = inspection.evidence
    cases = [
        (
            EvidenceQuery(source_types=frozenset({SourceType.INTERVIEW})),
            lambda e: e.source_type is SourceType.INTERVIEW,
        ),
        (
            EvidenceQuery(source_types=frozenset({SourceType.INTERVIEW, SourceType.OTHER})),
            lambda e: e.source_type in (SourceType.INTERVIEW, SourceType.OTHER),
        ),
        (
            EvidenceQuery(assessments=frozenset({Assessment.NEGATIVE})),
            lambda e: e.assessment is Assessment.NEGATIVE,
        ),
        (EvidenceQuery(author="AB"), lambda e: e.author == "AB"),
        (
            EvidenceQuery(
                author="AB",
                assessments=frozenset({Assessment.NEGATIVE, Assessment.NEUTRAL}),
                question_code="2",
            ),
            lambda e: (
                e.author == "AB"
                and e.assessment is not Assessment.POSITIVE
                and {"2", "2.1"} & set(e.question_codes)
            ),
        ),
        (EvidenceQuery(author="ZZ"), lambda e: False),
    ]
    for query, keep in cases:
        expected = sorted(e.ref for e in items if keep(e))
        assert all_refs(repo, query) == expected, query
        assert repo.count(query) == len(expected)


def test_author_filter_accepts_initials_as_typed(varied):
    inspection, _ = varied
    assert inspection.evidence.count(EvidenceQuery(author="ab")) == 4


def test_unknown_question_filter_raises(varied):
    inspection, _ = varied
    with pytest.raises(KeyError):
        inspection.evidence.count(EvidenceQuery(question_code="9"))


# -- searching --------------------------------------------------------------
@pytest.fixture
def searchable(tiny_inspection):
    repo = tiny_inspection.evidence
    items = {
        "dash": add(
            tiny_inspection,
            summary="Domestic abuse calls",
            notes="Telephone risk assessment (DASH) not done",
            location="Eastleigh",
        ),
        "mash": add(
            tiny_inspection,
            author="AB",
            summary="Safeguarding hub",
            notes="MASH triage works",
            location="Portsmouth",
        ),
        "custody": add(
            tiny_inspection,
            summary="Custody visit",
            notes="Quiet night",
            location="Southampton Central",
        ),
        "café": add(
            tiny_inspection,
            summary="Café meeting with partners",
            notes="O'Brien's view",
            location="Winchester",
        ),
    }
    return repo, items


def found(repo, text) -> set[str]:
    return {e.id for e in repo.page(EvidenceQuery(text=text))}


def test_search_looks_in_summary_notes_and_location(searchable):
    repo, items = searchable
    assert found(repo, "domestic") == {items["dash"].id}
    assert found(repo, "triage") == {items["mash"].id}
    assert found(repo, "southampton") == {items["custody"].id}


def test_search_is_case_insensitive_needs_every_word_and_prefixes_the_last(searchable):
    repo, items = searchable
    assert found(repo, "TELEPHONE Risk") == {items["dash"].id}
    assert found(repo, "telephone custody") == set()
    assert found(repo, "safeg") == {items["mash"].id}
    assert found(repo, "safeg hub") == set()  # only the last word is a prefix
    assert found(repo, "cafe") == {items["café"].id}
    assert found(repo, "o'brien") == {items["café"].id}
    assert repo.count(EvidenceQuery(text="risk")) == 1


def test_search_finds_a_ref_typed_in_any_case(searchable):
    repo, items = searchable
    assert found(repo, items["mash"].ref) == {items["mash"].id}
    assert found(repo, " ab-0001 ") == {items["mash"].id}


def test_search_without_words_does_not_filter(searchable):
    repo, items = searchable
    assert len(found(repo, "  !? ")) == len(items)


def test_search_follows_edits_and_ignores_deleted_items(searchable):
    repo, items = searchable
    repo.update(replace(items["custody"], summary="Control room visit"))
    assert found(repo, "custody") == set()
    assert found(repo, "control room") == {items["custody"].id}
    repo.delete(items["dash"].id)
    assert found(repo, "domestic") == set()
    assert found(repo, items["dash"].ref) == set()
    repo.restore(items["dash"].id)
    assert found(repo, "domestic") == {items["dash"].id}


def test_search_combines_with_other_filters(searchable):
    repo, items = searchable
    query = EvidenceQuery(text="visit", author="JS")
    assert {e.id for e in repo.page(query)} == {items["custody"].id}
    assert repo.count(EvidenceQuery(text="visit", author="AB")) == 0


# -- counts and listings ---------------------------------------------------
def test_counts_by_question_count_each_item_once_per_question(tiny_inspection):
    add(tiny_inspection, question_codes=("1.1", "1.2"))  # two sub-questions of 1
    add(tiny_inspection, question_codes=("1.1.1",))
    add(tiny_inspection, question_codes=("2.1", "1.2"))
    gone = add(tiny_inspection, question_codes=("2.1",))
    tiny_inspection.evidence.delete(gone.id)
    assert counts_by_question(tiny_inspection) == {
        "H": 3,
        "1": 3,
        "1.1": 2,
        "1.1.1": 1,
        "1.2": 2,
        "2": 1,
        "2.1": 1,
    }


def test_counts_by_question_match_the_filtered_counts(varied):
    inspection, _ = varied
    counts = counts_by_question(inspection)
    assert counts and inspection.framework.questions
    for q in inspection.framework.questions:
        assert counts.get(q.code, 0) == inspection.evidence.count(
            EvidenceQuery(question_code=q.code)
        )


def test_assessment_counts_for_the_inspection_and_a_subtree(varied):
    inspection, items = varied
    whole = inspection.evidence.assessment_counts()
    assert (whole.positive, whole.negative, whole.neutral) == tuple(
        sum(e.assessment is a for e in items)
        for a in (Assessment.POSITIVE, Assessment.NEGATIVE, Assessment.NEUTRAL)
    )
    assert whole.total == len(items)
    core2 = inspection.evidence.assessment_counts("2")
    assert (core2.positive, core2.negative, core2.neutral) == (2, 1, 1)
    assert inspection.evidence.assessment_counts("1.1.1").total == 2


def test_authors_lists_live_authors_once_in_order(varied):
    inspection, _ = varied
    assert live_authors(inspection) == ["AB", "JS", "KM"]
    for e in inspection.evidence.page(EvidenceQuery(author="KM")):
        inspection.evidence.delete(e.id)
    assert live_authors(inspection) == ["AB", "JS"]


@pytest.mark.parametrize("batch", [1, 5, 12, 1000])
def test_iter_all_yields_every_live_item_once_in_ref_order(varied, batch):
    inspection, items = varied
    listed = list(inspection.evidence.iter_all(batch=batch))
    assert refs(listed) == sorted(e.ref for e in items)
    assert {e.ref: e for e in listed} == {e.ref: e for e in items}


def test_data_survives_closing_and_reopening(tmp_path, tiny_framework):
    path = tmp_path / "reopen.inspection"
    with InspectionFile.create(path, tiny_framework, force="Testshire") as inspection:
        added = [
            add(inspection, summary=f"Item {i}", question_codes=("1.1", "2.1")) for i in range(5)
        ]
        inspection.evidence.delete(added[2].id)
    with InspectionFile.open(path) as reopened:
        assert [reopened.evidence.get(e.id) for e in added[:2]] == added[:2]
        assert reopened.evidence.count() == 4
        assert reopened.evidence.next_ref("JS") == "JS-0006"
