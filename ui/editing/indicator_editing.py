"""Changes to indicators as the window makes them: each one undoable step that tells
every view.

Kept beside the controller (``controller.indicators``) rather than in it: it writes
through the inspection's indicator repository and records its steps on the
controller's one undo stack, and says what changed with the controller's evidence
signals when evidence is made, or follows a corrected figure.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from PySide6.QtCore import QObject, Signal

from models.indicators.indicator import Indicator
from models.records import Evidence
from ui.editing.indicator_commands import IndicatorVersionsCommand, MakeEvidenceCommand

if TYPE_CHECKING:
    from ui.editing.inspection_controller import InspectionController


class IndicatorEditing(QObject):
    """The indicators of the controller's inspection, read and changed."""

    changed = Signal()

    def __init__(self, controller: InspectionController):
        super().__init__(controller)
        self.controller = controller

    @property
    def repository(self):
        return self.controller.inspection.indicators

    # -- reading ---------------------------------------------------------------------
    def all(self) -> list[Indicator]:
        return self.repository.all()

    def under(self, code: str) -> list[Indicator]:
        """The indicators bearing on the question ``code`` or one below it."""
        framework = self.controller.framework
        if not framework.has_question(code):
            return []
        codes = {q.code for q in framework.subtree(code)}
        return [i for i in self.all() if codes & set(i.question_codes)]

    def for_evidence(self, evidence_id: str) -> Indicator | None:
        return self.repository.for_evidence(evidence_id)

    # -- changing --------------------------------------------------------------------
    def correct(self, old: Indicator, new: Indicator) -> Indicator:
        """Save what was corrected from ``old`` to ``new`` (its evidence item's summary
        follows): one step. Only the fields that differ are written, onto the indicator
        as the file holds it now, so a view's older copy never undoes another change."""
        current = self.repository.get(old.id)
        fields = {
            name: getattr(new, name)
            for name in Indicator.__dataclass_fields__
            if getattr(new, name) != getattr(old, name)
        }
        old, new = current, replace(current, **fields)
        item_before = self._item(old.evidence_id)
        saved = self.repository.update(new)
        if saved == old:
            return old
        self.controller.undo_stack.push(
            IndicatorVersionsCommand(self, f"Correct {old.name}", [old], [saved])
        )
        self._told(item_before)
        return saved

    def delete(self, indicators: Sequence[Indicator]) -> None:
        ids = [i.id for i in indicators]
        if not ids:
            return
        self.repository.set_deleted(ids, True)
        noun = "indicator" if len(ids) == 1 else "indicators"
        self.controller.undo_stack.push(
            IndicatorVersionsCommand(
                self, f"Delete {len(ids)} {noun}", list(indicators), [], (), ids
            )
        )
        self.changed.emit()

    def make_evidence(self, indicators: Sequence[Indicator], author: str) -> list[Evidence]:
        """One *data return* item per indicator that has none yet: one step."""
        made = self.repository.make_evidence([i.id for i in indicators], author)
        if not made:
            return []
        ids = {e.id for e in made}
        links = {i.id: str(i.evidence_id) for i in self.all() if i.evidence_id in ids}
        self.controller.undo_stack.push(MakeEvidenceCommand(self, links))
        self._evidence_shown(made[0].id, True)
        return made

    def record_import(
        self, before: Sequence[Indicator], added_ids: Sequence[str], text: str
    ) -> None:
        """Make an import written by a background task one undoable step: ``before`` are
        the versions of the indicators it changed, ``added_ids`` those it brought in."""
        now = {i.id: i for i in self.all()}
        after = [now[i.id] for i in before if i.id in now] + [now[i] for i in added_ids if i in now]
        self.controller.undo_stack.push(
            IndicatorVersionsCommand(self, text, before, after, added_ids, ())
        )
        self.controller.evidence_recount.emit()
        self.changed.emit()

    # -- writes for undo and redo ----------------------------------------------------
    def write_versions(self, versions: Sequence[Indicator], deleted_ids: Sequence[str]) -> None:
        self.repository.put_back(versions, deleted_ids)
        # A correction undone or redone also puts the item's summary back.
        self.controller.evidence_recount.emit()
        for version in versions:
            if version.evidence_id:
                self.controller.evidence_changed.emit(version.evidence_id)
        self.changed.emit()

    def write_evidence_made(self, links: dict[str, str], made: bool) -> None:
        self.repository.set_evidence_made(links, made)
        self._evidence_shown(next(iter(links.values())), made)

    # -- telling the views -----------------------------------------------------------
    def _item(self, evidence_id: str | None) -> Evidence | None:
        if evidence_id is None:
            return None
        try:
            return self.controller.evidence.get(evidence_id)
        except KeyError:
            return None

    def _told(self, item_before: Evidence | None) -> None:
        if item_before is not None:
            after = self._item(item_before.id)
            if after is not None and after != item_before:
                self.controller.evidence_counted.emit(item_before, after)
                self.controller.evidence_changed.emit(after.id)
        self.changed.emit()

    def _evidence_shown(self, first_id: str, shown: bool) -> None:
        self.controller.evidence_recount.emit()
        (self.controller.evidence_added if shown else self.controller.evidence_removed).emit(
            first_id
        )
        self.controller.findings_changed.emit()
        self.changed.emit()
