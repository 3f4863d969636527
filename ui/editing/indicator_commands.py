"""The undo steps of indicators: a figure corrected, indicators deleted, a data return
imported, and indicators made into evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from models.indicators.indicator import Indicator
from ui.editing.undo_step import WrittenFirstCommand

if TYPE_CHECKING:
    from ui.editing.indicator_editing import IndicatorEditing


class IndicatorVersionsCommand(WrittenFirstCommand):
    """Indicators put back to the versions before a step, and forward to those after.

    ``added`` are indicators the step brought in (deleted on undo), ``removed`` those
    it deleted (brought back on undo). A correction, a deletion and an import are all
    this one step with different lists.
    """

    def __init__(
        self,
        editing: IndicatorEditing,
        text: str,
        before: Sequence[Indicator],
        after: Sequence[Indicator],
        added: Sequence[str] = (),
        removed: Sequence[str] = (),
    ):
        super().__init__(editing.controller, text)
        self.editing = editing
        self.before, self.after = list(before), list(after)
        self.added, self.removed = list(added), list(removed)

    def apply_redo(self) -> None:
        self.editing.write_versions(self.after, self.removed)

    def apply_undo(self) -> None:
        self.editing.write_versions(self.before, self.added)


class MakeEvidenceCommand(WrittenFirstCommand):
    """Evidence made from indicators: undone by deleting the items and unlinking them from
    their indicators, redone by bringing them back linked."""

    def __init__(self, editing: IndicatorEditing, links: dict[str, str]):
        noun = "item" if len(links) == 1 else "items"
        super().__init__(editing.controller, f"Make {len(links)} evidence {noun} from indicators")
        self.editing = editing
        self.links = dict(links)

    def apply_redo(self) -> None:
        self.editing.write_evidence_made(self.links, True)

    def apply_undo(self) -> None:
        self.editing.write_evidence_made(self.links, False)
