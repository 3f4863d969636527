"""What every import of a spreadsheet from outside checks first, and how it says no.

Evidence logs, data returns and logs of case reviews arrive by e-mail and USB
stick as workbooks or CSV files. Each import looks at the file's first bytes before
trusting its name (a renamed file, an old .xls, a folder), and each names every
problem in its rows by row and column; the wording of both is shared here so the
three say the same things the same way.
"""

from __future__ import annotations

from pathlib import Path

from storage.file.errors import StorageError

#: The first bytes of a zip archive (an .xlsx workbook) and of an OLE file (an old .xls
#: or a password-protected workbook).
ZIP_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


def first_bytes(path: Path, error: type[StorageError], what: str) -> bytes:
    """The first four bytes of ``path``, raising ``error`` when it is missing, a folder,
    unreadable or an old-style workbook; ``what`` is the file's kind ("an evidence log")."""
    try:
        with open(path, "rb") as f:
            magic = f.read(4)
    except FileNotFoundError:
        raise error(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise error(f"{path} is a folder, not {what}.") from None
    except OSError as e:
        raise error(f"{path} cannot be read ({e.strerror}).") from None
    if magic == OLE_MAGIC:
        raise error(
            f"{path.name} is an old-style (.xls) or password-protected workbook; save it "
            "from Excel as .xlsx or CSV and import that."
        )
    return magic


class RowProblems(StorageError):
    """Rows of an imported file are not valid; ``problems`` are the first ones found,
    ``total`` how many there are. Nothing was imported. Subclasses name the file in
    ``called`` ("log", "return")."""

    called = "file"

    def __init__(self, source: Path | str, problems: list, total: int):
        self.source_name = Path(source).name
        self.problems = problems
        self.total = total
        noun = "problem" if total == 1 else "problems"
        first = f"; the first is {problems[0]}" if problems else ""
        super().__init__(
            f"Nothing was imported: {self.source_name} has {total} {noun}{first}. "
            f"Correct the {self.called} and import it again."
        )

    def lines(self, limit: int | None = None) -> list[str]:
        """The problems as lines to show, "… and N more" after ``limit``."""
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [str(p) for p in shown]
        if self.total > len(shown):
            lines.append(f"… and {self.total - len(shown):,} more")
        return lines
