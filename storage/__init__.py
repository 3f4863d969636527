"""Everything about bytes on disk: the SQLite inspection file and file formats.

No Qt here. Repositories take and return ``models`` objects; no SQL lives
outside this package.
"""
