"""The inspection file's schema, as one ordered set of migrations.

Migrations are applied on open. Never edit a migration that has shipped: add
a new one. ``SCHEMA_VERSION`` is the number of migrations this app knows; a
file that has applied migrations this app does not know is newer and refused.

sqlite-utils is imported only when migrations are applied: opening a file that
is up to date (nearly every start of the app) does not pay for importing it.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

#: The name this app's migrations are recorded under in ``_sqlite_migrations``.
MIGRATION_SET = "evidence_review"
_FUNCTIONS: list = []
_NAMES: list[str] = []


def _migration(fn):
    """Register ``fn`` as the next migration, remembering its name in order."""
    _NAMES.append(fn.__name__)
    _FUNCTIONS.append(fn)
    return fn


def migration_set(count: int | None = None) -> "Migrations":
    """Every migration (or the first ``count``), as the sqlite-utils set that applies them."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for fn in _FUNCTIONS[:count]:
        migrations(name=fn.__name__)(fn)
    return migrations


def apply_migrations(conn: sqlite3.Connection, count: int | None = None) -> None:
    """Apply the migrations ``conn``'s file has not had yet (up to the first ``count``)."""
    from sqlite_utils import Database

    migration_set(count).apply(Database(conn, execute_plugins=False))


def __getattr__(name: str):
    if name == "MIGRATIONS":  # built on first use, see the module's docstring
        return migration_set()
    raise AttributeError(name)


#: ``PRAGMA application_id`` of an inspection file ("EvRv" in ASCII).
APPLICATION_ID = 0x45765276


@_migration
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
    db["evidence"].enable_fts(
        ["summary", "notes", "location"],
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )
    db["finding"].enable_fts(
        ["statement", "recommendation"],
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )


@_migration
def m002_team_copies_and_merging(db: Database) -> None:
    """The inspection team, fieldwork copies and merging them back, and evidence imports."""
    import uuid

    db.execute("""
        CREATE TABLE team_member (
            id TEXT PRIMARY KEY,
            initials TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT 'inspector',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )""")
    db.execute(
        "CREATE UNIQUE INDEX team_member_initials ON team_member(initials) WHERE deleted_at IS NULL"
    )
    # Every copy of an inspection shares inspection.id; replica_id tells the
    # files apart. copy_for and copied_at describe a fieldwork copy: whose it
    # is and when it left the master (the base for telling who changed what).
    db.execute("ALTER TABLE inspection ADD COLUMN replica_id TEXT")
    db.execute("ALTER TABLE inspection ADD COLUMN copy_for TEXT")
    db.execute("ALTER TABLE inspection ADD COLUMN copied_at TEXT")
    db.execute("UPDATE inspection SET replica_id = ?", [str(uuid.uuid4())])
    # How far this file has taken in each other copy's changes: source_mark is
    # the newest change seen from that copy, target_mark this file's own time
    # of that merge. A row changed after both marks was changed on both sides.
    db.execute("""
        CREATE TABLE replica_sync (
            replica_id TEXT PRIMARY KEY,
            source_mark TEXT NOT NULL,
            target_mark TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE merge_conflict (
            id TEXT PRIMARY KEY,
            entity TEXT NOT NULL,
            row_key TEXT NOT NULL,
            current_json TEXT NOT NULL,
            other_json TEXT NOT NULL,
            other_replica TEXT,
            detected_at TEXT NOT NULL,
            resolved_at TEXT,
            resolution TEXT,
            UNIQUE (entity, row_key, other_json)
        )""")
    db.execute("""
        CREATE TABLE merge_log (
            id TEXT PRIMARY KEY,
            merged_at TEXT NOT NULL,
            source_path TEXT NOT NULL,
            source_replica TEXT,
            summary_json TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE ref_change (
            evidence_id TEXT NOT NULL REFERENCES evidence(id),
            old_ref TEXT NOT NULL,
            new_ref TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (evidence_id, old_ref)
        )""")
    db.execute("""
        CREATE TABLE evidence_import (
            fingerprint TEXT PRIMARY KEY,
            evidence_id TEXT NOT NULL REFERENCES evidence(id),
            source_name TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL
        )""")


#: Tables whose rows travel between copies of an inspection when they are merged.
MERGED_TABLES = (
    "evidence",
    "evidence_question",
    "finding",
    "finding_evidence",
    "judgment",
    "team_member",
)


@_migration
def m003_row_origins(db: Database) -> None:
    """Which copy each row's current version was written in, for merging copies.

    ``updated_at`` values come from different laptops' clocks, so "has the other
    copy seen this version?" cannot be told from them alone: a version that
    reached the master from one copy carries that copy's time. A merge stamps
    each row it writes with the copy the version was written in and that
    version's ``updated_at``; an edit in the app changes ``updated_at`` and so
    makes the version this file's own again, without the app knowing these
    columns. NULL means the version was written in this file.
    """
    for table in MERGED_TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN origin_replica TEXT")
        db.execute(f"ALTER TABLE {table} ADD COLUMN origin_updated_at TEXT")


# -- m004: change history and attachments ------------------------------------
# The history triggers are written out here, frozen with the migration: a later
# change to what is recorded is a later migration.

#: Fields whose changes are recorded, per table, and how a value is shown:
#: ``None`` records the column as it is, otherwise an SQL expression over
#: ``{row}`` (``old`` or ``new``) that gives a readable value.
_HISTORY_FIELDS = {
    "evidence": {
        f: None
        for f in (
            "ref",
            "source_type",
            "collected_on",
            "location",
            "participants",
            "summary",
            "notes",
            "assessment",
            "sensitive",
            "author",
        )
    },
    "finding": {
        "question": "(SELECT code FROM question WHERE id = {row}.question_id)",
        "kind": None,
        "statement": None,
        "recommendation": None,
    },
    "judgment": {
        "grade": "(SELECT name FROM grade WHERE id = {row}.grade_id)",
        "rationale": None,
        "status": None,
    },
}
_HISTORY_COLUMNS = {"question": "question_id", "grade": "grade_id"}
_HISTORY_CREATED = {
    "evidence": "new.ref",
    "finding": "new.statement",
    "judgment": "(SELECT name FROM grade WHERE id = new.grade_id)",
}

_HISTORY_INSERT = (
    "INSERT INTO history (id, changed_at, actor, reason, replica_id, entity, entity_id,"
    " action, field, old_value, new_value, related_id) SELECT lower(hex(randomblob(16))),"
    " {when}, c.actor, c.reason, (SELECT replica_id FROM inspection LIMIT 1), '{entity}',"
    " {entity_id}, '{action}', {field}, {old}, {new}, {related} FROM history_context c"
    " WHERE c.id = 1{extra}"
)


def _history_row(
    entity: str,
    entity_id: str,
    action: str,
    *,
    when: str = "new.updated_at",
    field: str = "NULL",
    old: str = "NULL",
    new: str = "NULL",
    related: str = "NULL",
    extra: str = "",
) -> str:
    return (
        _HISTORY_INSERT.format(
            when=when,
            entity=entity,
            entity_id=entity_id,
            action=action,
            field=field,
            old=old,
            new=new,
            related=related,
            extra=extra,
        )
        + ";"
    )


def _history_triggers(db: Database) -> None:
    recording = "(SELECT recording FROM history_context WHERE id = 1)"
    for table, fields in _HISTORY_FIELDS.items():
        created = [_history_row(table, "new.id", "created", new=_HISTORY_CREATED[table])]
        if table == "judgment":
            created += [
                _history_row(
                    table,
                    "new.id",
                    "changed",
                    field=f"'{name}'",
                    new=(shown or "new.{col}").format(row="new", col=name),
                    extra=f" AND new.{_HISTORY_COLUMNS.get(name, name)}"
                    " IS NOT NULL AND new.{c} != ''".format(c=_HISTORY_COLUMNS.get(name, name)),
                )
                for name, shown in fields.items()
            ]
        db.execute(
            f"CREATE TRIGGER history_{table}_insert AFTER INSERT ON {table}"
            f" WHEN {recording} BEGIN {' '.join(created)} END"
        )
        changed = [
            _history_row(
                table,
                "new.id",
                "deleted",
                extra=" AND old.deleted_at IS NULL AND new.deleted_at IS NOT NULL",
            ),
            _history_row(
                table,
                "new.id",
                "restored",
                extra=" AND old.deleted_at IS NOT NULL AND new.deleted_at IS NULL",
            ),
        ]
        for name, shown in fields.items():
            column = _HISTORY_COLUMNS.get(name, name)
            old = shown.format(row="old") if shown else f"old.{column}"
            new = shown.format(row="new") if shown else f"new.{column}"
            changed.append(
                _history_row(
                    table,
                    "new.id",
                    "changed",
                    field=f"'{name}'",
                    old=old,
                    new=new,
                    extra=f" AND old.{column} IS NOT new.{column}",
                )
            )
        db.execute(
            f"CREATE TRIGGER history_{table}_update AFTER UPDATE ON {table}"
            f" WHEN {recording} BEGIN {' '.join(changed)} END"
        )
    # Links are recorded on their owner: an item's questions on the item, a
    # finding's evidence on the finding (and found from the item by related_id).
    links = {
        "evidence_question": (
            "evidence",
            "new.evidence_id",
            "question",
            "new.question_id",
            "(SELECT code FROM question WHERE id = new.question_id)",
        ),
        "finding_evidence": (
            "finding",
            "new.finding_id",
            "evidence",
            "new.evidence_id",
            "(SELECT ref FROM evidence WHERE id = new.evidence_id)",
        ),
        "attachment": ("evidence", "new.evidence_id", "attachment", "new.id", "new.name"),
    }
    for table, (entity, owner, field, related, shown) in links.items():
        added, removed = (
            ("attached", "detached") if table == "attachment" else ("linked", "unlinked")
        )
        db.execute(
            f"CREATE TRIGGER history_{table}_insert AFTER INSERT ON {table} WHEN {recording}"
            f" BEGIN {_history_row(entity, owner, added, field=repr(field), new=shown, related=related, extra=' AND new.deleted_at IS NULL')} END"
        )
        db.execute(
            f"CREATE TRIGGER history_{table}_update AFTER UPDATE OF deleted_at ON {table}"
            f" WHEN {recording} BEGIN "
            + _history_row(
                entity,
                owner,
                removed,
                field=repr(field),
                old=shown,
                related=related,
                extra=" AND old.deleted_at IS NULL AND new.deleted_at IS NOT NULL",
            )
            + " "
            + _history_row(
                entity,
                owner,
                added,
                field=repr(field),
                new=shown,
                related=related,
                extra=" AND old.deleted_at IS NOT NULL AND new.deleted_at IS NULL",
            )
            + " END"
        )


@_migration
def m004_history_and_attachments(db: Database) -> None:
    """An append-only change history, and files attached to evidence.

    History rows are written by triggers, so a change and its history share one
    transaction whoever makes it. Who and why come from ``history_context``, set
    at the start of every transaction by the connection; a merge turns recording
    off and brings the other copy's own history rows instead.

    Attachments are stored once per content (``attachment_content``, keyed by
    SHA-256); ``attachment`` rows tie a named file to an item and are
    soft-deleted and merged like every other row.
    """
    db.execute("""
        CREATE TABLE history (
            id TEXT PRIMARY KEY,
            changed_at TEXT NOT NULL,
            actor TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            replica_id TEXT,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            action TEXT NOT NULL,
            field TEXT,
            old_value,
            new_value,
            related_id TEXT
        )""")
    db.execute("CREATE INDEX history_by_entity ON history(entity_id, changed_at)")
    db.execute(
        "CREATE INDEX history_by_related ON history(related_id) WHERE related_id IS NOT NULL"
    )
    db.execute("CREATE INDEX history_by_time ON history(changed_at)")
    db.execute("CREATE INDEX history_by_actor ON history(actor, changed_at)")
    db.execute(
        "CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history"
        " BEGIN SELECT RAISE(ABORT, 'the change history cannot be edited'); END"
    )
    db.execute(
        "CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history"
        " BEGIN SELECT RAISE(ABORT, 'the change history cannot be deleted'); END"
    )
    db.execute("""
        CREATE TABLE history_context (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            actor TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            recording INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("INSERT INTO history_context (id) VALUES (1)")
    db.execute("""
        CREATE TABLE attachment_content (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            data BLOB NOT NULL
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE attachment (
            id TEXT PRIMARY KEY,
            evidence_id TEXT NOT NULL REFERENCES evidence(id),
            sha256 TEXT NOT NULL REFERENCES attachment_content(sha256),
            name TEXT NOT NULL,
            media_type TEXT NOT NULL DEFAULT 'application/octet-stream',
            size INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            origin_replica TEXT,
            origin_updated_at TEXT
        )""")
    db.execute(
        "CREATE INDEX attachment_by_evidence ON attachment(evidence_id) WHERE deleted_at IS NULL"
    )
    db.execute("CREATE INDEX attachment_by_content ON attachment(sha256)")
    _history_triggers(db)


#: Every question with each question it falls under (itself and every question
#: above it; a question's subtree is a range of positions).
SCOPE_OF_QUESTION = (
    "SELECT d.id AS question_id, a.id AS ancestor_id FROM question d"
    " JOIN question a ON a.position <= d.position"
    " AND a.subtree_end >= d.position"
)

#: The questions a link to question ``{link}.question_id`` falls under: itself and
#: every question above it.
_SCOPE_OF_LINK = (
    "SELECT a.id FROM question d JOIN question a ON a.position <= d.position"
    " AND a.subtree_end >= d.position WHERE d.id = {link}.question_id"
)


def _scope_add(link: str) -> str:
    return (
        "INSERT INTO evidence_scope (question_id, evidence_id, links)"
        f" SELECT id, {link}.evidence_id, 1 FROM ({_SCOPE_OF_LINK.format(link=link)}) WHERE 1"
        " ON CONFLICT (question_id, evidence_id) DO UPDATE SET links = links + 1;"
    )


def _scope_remove(link: str) -> str:
    under = _SCOPE_OF_LINK.format(link=link)
    return (
        f"UPDATE evidence_scope SET links = links - 1 WHERE evidence_id = {link}.evidence_id"
        f" AND question_id IN ({under});"
        f" DELETE FROM evidence_scope WHERE evidence_id = {link}.evidence_id"
        f" AND question_id IN ({under}) AND links <= 0;"
    )


@_migration
def m005_evidence_scope(db: Database) -> None:
    """Which items fall under each question, kept by triggers, and indexes for counting.

    Listing or counting the evidence under a question meant walking every link
    of its subtree and de-duplicating items, hundreds of milliseconds at 100,000
    items. ``evidence_scope`` holds one row per question and item that has at
    least one live link in the question's subtree (``links`` says how many), so
    "the items under 3" is one index range. Triggers on the links keep it exact
    in the same transaction as every link change, whoever makes it.

    An item's row holds its notes, so each lookup of a row by id reads a page;
    ``evidence_live`` answers "is it live, what is its ref, assessment, source,
    author and date?" from the index alone, and ``evidence_deleted`` lists the few
    deleted items.
    """
    db.execute(
        "CREATE INDEX evidence_live ON evidence(id, ref, assessment, source_type,"
        " author, ifnull(collected_on, '')) WHERE deleted_at IS NULL"
    )
    db.execute("CREATE INDEX evidence_deleted ON evidence(id) WHERE deleted_at IS NOT NULL")
    db.execute("""
        CREATE TABLE evidence_scope (
            question_id TEXT NOT NULL,
            evidence_id TEXT NOT NULL,
            links INTEGER NOT NULL,
            PRIMARY KEY (question_id, evidence_id)
        ) WITHOUT ROWID""")
    db.execute(
        "INSERT INTO evidence_scope (question_id, evidence_id, links)"
        " SELECT a.id, eq.evidence_id, count(*) FROM evidence_question eq"
        " JOIN question d ON d.id = eq.question_id JOIN question a"
        " ON a.position <= d.position AND a.subtree_end >= d.position"
        " WHERE eq.deleted_at IS NULL GROUP BY a.id, eq.evidence_id"
    )
    # New items written many at once get their scope rows set-wise instead
    # (storage/repositories/evidence_bulk.py), flagged by history_context.bulk.
    db.execute("ALTER TABLE history_context ADD COLUMN bulk INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "CREATE TRIGGER evidence_scope_link_added AFTER INSERT ON evidence_question"
        " WHEN new.deleted_at IS NULL AND NOT (SELECT bulk FROM history_context"
        f" WHERE id = 1) BEGIN {_scope_add('new')} END"
    )
    db.execute(
        "CREATE TRIGGER evidence_scope_link_removed AFTER UPDATE OF deleted_at"
        " ON evidence_question WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL"
        f" BEGIN {_scope_remove('new')} END"
    )
    db.execute(
        "CREATE TRIGGER evidence_scope_link_revived AFTER UPDATE OF deleted_at"
        " ON evidence_question WHEN old.deleted_at IS NOT NULL AND new.deleted_at IS NULL"
        f" BEGIN {_scope_add('new')} END"
    )
    db.execute(
        "CREATE TRIGGER evidence_scope_link_erased AFTER DELETE ON evidence_question"
        f" WHEN old.deleted_at IS NULL BEGIN {_scope_remove('old')} END"
    )


@_migration
def m006_search_prefixes(db: Database) -> None:
    """Search as you type: index the first one, two and three letters of every word;
    and an index for listing by ref.

    The search box matches its last word as a prefix, and "o*" across 100,000
    items meant merging every word starting with o (tens of milliseconds per
    keystroke). The rebuilt index answers prefixes of up to three letters
    directly. The search only ever asks whether words occur (never for phrases
    or positions), so the index keeps no positions (``detail=none``): smaller,
    and faster to write. The triggers that keep it in step refer to it by name,
    so they carry on as they were.
    """
    db.execute("DROP TABLE evidence_fts")
    db.execute(
        'CREATE VIRTUAL TABLE "evidence_fts" USING FTS5 ("summary", "notes", "location",'
        " tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', detail=none,"
        ' content="evidence")'
    )
    # Merge the index's segments less eagerly: adding items in bulk spent much of its
    # time merging, and searches measured no slower for it.
    db.execute("INSERT INTO evidence_fts (evidence_fts, rank) VALUES ('automerge', 16)")
    db.execute("INSERT INTO evidence_fts (evidence_fts) VALUES ('rebuild')")
    # Listing by ref skips over deleted items in the index, not by reading rows.
    db.execute("CREATE INDEX evidence_by_ref ON evidence(ref) WHERE deleted_at IS NULL")


_ORDER_OF = (
    "UPDATE evidence SET question_order = (SELECT min(q.position)"
    " FROM evidence_question eq JOIN question q ON q.id = eq.question_id"
    " WHERE eq.evidence_id = {link}.evidence_id AND eq.deleted_at IS NULL)"
    " WHERE id = {link}.evidence_id;"
)


@_migration
def m007_question_order(db: Database) -> None:
    """Each item's place in framework order, so the list sorts by Questions on an index.

    ``question_order`` is the position of the first question an item is linked
    to (NULL when it has none), kept by triggers on the links in the same
    transaction as each link change; it belongs to this file and is never
    merged. Sorting by the Questions column used a subquery per item (about a
    second at 100,000 items). The search index's update trigger now fires only
    when text it indexes changes, so keeping the order never re-indexes an item.
    """
    db.execute("DROP TRIGGER evidence_au")
    db.execute(
        'CREATE TRIGGER "evidence_au" AFTER UPDATE OF summary, notes, location'
        ' ON "evidence" BEGIN'
        ' INSERT INTO "evidence_fts" ("evidence_fts", rowid, "summary", "notes",'
        ' "location") VALUES (\'delete\', old.rowid, old."summary", old."notes",'
        ' old."location");'
        ' INSERT INTO "evidence_fts" (rowid, "summary", "notes", "location")'
        ' VALUES (new.rowid, new."summary", new."notes", new."location"); END'
    )
    db.execute("ALTER TABLE evidence ADD COLUMN question_order INTEGER")
    db.execute(
        "UPDATE evidence SET question_order = (SELECT min(q.position)"
        " FROM evidence_question eq JOIN question q ON q.id = eq.question_id"
        " WHERE eq.evidence_id = evidence.id AND eq.deleted_at IS NULL)"
    )
    db.execute(
        "CREATE INDEX evidence_by_question_order ON evidence"
        "(ifnull(question_order, -1), ref) WHERE deleted_at IS NULL"
    )
    # New items written many at once get their order with the insert itself
    # (storage/repositories/evidence_bulk.py), flagged by history_context.bulk.
    db.execute(
        "CREATE TRIGGER evidence_order_link_added AFTER INSERT ON evidence_question"
        " WHEN NOT (SELECT bulk FROM history_context WHERE id = 1)"
        f" BEGIN {_ORDER_OF.format(link='new')} END"
    )
    db.execute(
        "CREATE TRIGGER evidence_order_link_changed AFTER UPDATE OF deleted_at"
        f" ON evidence_question BEGIN {_ORDER_OF.format(link='new')} END"
    )
    db.execute(
        "CREATE TRIGGER evidence_order_link_erased AFTER DELETE ON evidence_question"
        f" BEGIN {_ORDER_OF.format(link='old')} END"
    )


@_migration
def m008_inspection_history(db: Database) -> None:
    """Changes to the inspection's own details (title, force, period, fieldwork dates)
    are recorded in the change history, like changes to evidence.

    Written out in full rather than through the m004 helpers, so it stays as it is
    whatever later becomes of them. Other updates of the inspection row (a fieldwork
    copy's identity, a merge) change none of these fields and record nothing here.
    """
    rows = []
    for field in ("title", "force", "period", "fieldwork_start", "fieldwork_end"):
        rows.append(
            "INSERT INTO history (id, changed_at, actor, reason, replica_id, entity, entity_id,"
            " action, field, old_value, new_value, related_id) SELECT"
            " lower(hex(randomblob(16))), new.updated_at, c.actor, c.reason, new.replica_id,"
            f" 'inspection', new.id, 'changed', '{field}', old.{field}, new.{field}, NULL"
            f" FROM history_context c WHERE c.id = 1 AND old.{field} IS NOT new.{field};"
        )
    db.execute(
        "CREATE TRIGGER history_inspection_update AFTER UPDATE OF title, force, period,"
        " fieldwork_start, fieldwork_end ON inspection WHEN (SELECT recording FROM"
        f" history_context WHERE id = 1) BEGIN {' '.join(rows)} END"
    )


SCHEMA_VERSION = len(_NAMES)


def known_migration_names() -> list[str]:
    return list(_NAMES)
