"""Which records' notes the history withholds unless sensitive notes are asked for:
evidence that is or was marked sensitive, and reviewed case files that are or were."""

from __future__ import annotations

from storage.file.inspection_file import InspectionFile


def sensitive_ids(inspection: InspectionFile) -> set[str]:
    """Ids of evidence items and reviewed case files (deleted ones too) that are marked
    sensitive or ever were: a note written while a file was sensitive stays withheld."""
    found = inspection.evidence.sensitive_ids()
    found.update(
        row[0]
        for row in inspection.db.conn.execute(
            "SELECT id FROM case_file WHERE sensitive = 1 UNION SELECT entity_id FROM history"
            " WHERE entity = 'case_file' AND field = 'sensitive'"
        )
    )
    return found
