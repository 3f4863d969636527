"""The sixth step: the search index answers prefixes of up to three letters.
Frozen as first shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


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
