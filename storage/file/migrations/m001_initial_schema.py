"""The first schema: the inspection, its framework's questions and grades, evidence,
findings, judgments, their links, and the search indexes. Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def m001_initial_schema(db: Database) -> None:
    db.execute("""
        CREATE TABLE inspection (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            force TEXT NOT NULL,
            period TEXT NOT NULL DEFAULT '',
            fieldwork_start TEXT,
            fieldwork_end TEXT,
            framework_id TEXT NOT NULL,
            framework_name TEXT NOT NULL,
            framework_version TEXT NOT NULL,
            framework_description TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE question (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            parent_code TEXT REFERENCES question(code),
            depth INTEGER NOT NULL,
            position INTEGER NOT NULL UNIQUE,
            subtree_end INTEGER NOT NULL,
            title TEXT NOT NULL,
            guidance TEXT NOT NULL DEFAULT '',
            graded INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("""
        CREATE TABLE grade (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            definition TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("""
        CREATE TABLE evidence (
            id TEXT PRIMARY KEY,
            ref TEXT NOT NULL UNIQUE,
            source_type TEXT NOT NULL,
            collected_on TEXT,
            location TEXT NOT NULL DEFAULT '',
            participants TEXT NOT NULL DEFAULT '[]',
            summary TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            assessment TEXT NOT NULL,
            sensitive INTEGER NOT NULL DEFAULT 0,
            author TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )""")
    db.execute("""
        CREATE TABLE evidence_question (
            evidence_id TEXT NOT NULL REFERENCES evidence(id),
            question_id TEXT NOT NULL REFERENCES question(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            PRIMARY KEY (evidence_id, question_id)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE finding (
            id TEXT PRIMARY KEY,
            question_id TEXT NOT NULL REFERENCES question(id),
            kind TEXT NOT NULL,
            statement TEXT NOT NULL DEFAULT '',
            recommendation TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )""")
    db.execute("""
        CREATE TABLE finding_evidence (
            finding_id TEXT NOT NULL REFERENCES finding(id),
            evidence_id TEXT NOT NULL REFERENCES evidence(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            PRIMARY KEY (finding_id, evidence_id)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE judgment (
            id TEXT PRIMARY KEY,
            question_id TEXT REFERENCES question(id),
            grade_id TEXT REFERENCES grade(id),
            rationale TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )""")
    # One live judgment per question, and one overall judgment (question_id NULL).
    db.execute(
        "CREATE UNIQUE INDEX judgment_one_per_question ON judgment"
        "(ifnull(question_id, '')) WHERE deleted_at IS NULL"
    )
    db.execute(
        "CREATE INDEX evidence_question_by_question ON evidence_question"
        "(question_id, evidence_id) WHERE deleted_at IS NULL"
    )
    db.execute(
        "CREATE INDEX finding_evidence_by_evidence ON finding_evidence"
        "(evidence_id, finding_id) WHERE deleted_at IS NULL"
    )
    db.execute("CREATE INDEX finding_by_question ON finding(question_id) WHERE deleted_at IS NULL")
    # One index per sort order of the evidence list, each written exactly as the
    # list's ORDER BY writes it so SQLite can walk it instead of sorting.
    for name, key in (
        ("collected_on", "ifnull(collected_on, '')"),
        ("source_type", "source_type"),
        ("assessment", "assessment"),
        ("author", "author"),
        ("summary", "summary COLLATE NOCASE"),
    ):
        db.execute(
            f"CREATE INDEX evidence_by_{name} ON evidence({key}, ref) WHERE deleted_at IS NULL"
        )
    db.table("evidence").enable_fts(
        ["summary", "notes", "location"],
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )
    db.table("finding").enable_fts(
        ["statement", "recommendation"],
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )
