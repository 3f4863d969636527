"""File ▸ Create fieldwork copy for…: the copy written in the background, with progress
and Cancel.

The use case (``make_fieldwork_copy``) reads the master from disk through a connection
of its own (everything the window shows is saved already), copies it, then makes the
copy the member's own and checks it; Cancel stops it after the stage under way, and no
copy is left behind.
"""

from __future__ import annotations

from pathlib import Path

from storage.operations import FieldworkCopyMade, make_fieldwork_copy
from ui.workflows.job_runner import JobRunner
from ui.workflows.tasks import TaskHandle


class FieldworkCopyRunner(JobRunner):
    """One fieldwork copy of the master at ``source`` for one member of the team."""

    title = "Making a fieldwork copy"
    failure_title = "No fieldwork copy"
    failure = "No copy was written."
    stopped_text = "Cancelled; no fieldwork copy was written."

    def start(self, initials: str, out: Path) -> TaskHandle:
        master, out = Path(self.source or ""), Path(out)
        return self.run(
            lambda progress: make_fieldwork_copy(master, initials, out, progress),
            f"Copying the inspection for {initials} to {out.name}…",
        )

    def done(self, made: FieldworkCopyMade) -> None:
        window = self.window
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                f"Fieldwork copy for {made.initials} written to {made.path}", 10000
            )
