"""Current definitions of the inspection file's schema that code outside the migrations
shares: the file's identity and SQL over the tables as they are now.

The migrations never import from here: each keeps its own frozen copy of what it
needs, so changing a definition here changes what the app does today, never what an
old migration did to a file.
"""

#: ``PRAGMA application_id`` of an inspection file ("EvRv" in ASCII).
APPLICATION_ID = 0x45765276

#: Every question with each question it falls under (itself and every question
#: above it; a question's subtree is a range of positions).
SCOPE_OF_QUESTION = (
    "SELECT d.id AS question_id, a.id AS ancestor_id FROM question d"
    " JOIN question a ON a.position <= d.position"
    " AND a.subtree_end >= d.position"
)
