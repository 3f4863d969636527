"""One date field for the whole app: type a date the way you write it, see how it was read.

The field is a line of text read day first with the importer's rules (see
:mod:`models.evidence.typed_dates`): 22/09/2015, 22/9/15, 22 Sep 2015, 2015-09-22,
``today``. While typing, a note says how the text reads; when the field is
left (or Enter is pressed) the date is taken, the text is rewritten as
``Tue 22 Sep 2015`` and :attr:`DateField.date_changed` is emitted. Text that is
not a date is kept as typed with a red note and nothing is taken. A date in
the future or outside the fieldwork dates is taken with an amber note. Up and
Down move by a day; the calendar button is there for the mouse.
"""

from __future__ import annotations

# Inside DateField its own date() method hides the name ``date``: the type is
# written ``datetime.date`` there.
import datetime
from datetime import date, timedelta
from typing import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.evidence.typed_dates import date_warning, long_text, read_typed_date

ERROR_STYLE = "color: #B71C1C"  # 6.6:1 on white
WARNING_STYLE = "color: #8A4B00"  # dark amber, 7:1 on white
HINT = "Type a date day first (22/9/15, 22 Sep 2015) or 'today'"


class _DateLine(QLineEdit):
    """The text part: Up and Down step a day at a time."""

    step = Signal(int)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.step.emit(1 if event.key() == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date (or no date) typed as text; :attr:`note` says how it was read.

    The owner places :attr:`note` in its layout (usually on the row below).
    """

    date_changed = Signal(object)  # the new date, or None when cleared
    refused = Signal()  # the field was left with text that is not a date (nothing taken)

    def __init__(
        self,
        name: str,
        *,
        today: Callable[[], date] = date.today,
        allow_empty: bool = True,
        parent=None,
    ):
        super().__init__(parent)
        self._today = today
        self._allow_empty = allow_empty
        self._date: date | None = None
        self._fieldwork: tuple[date | None, date | None] = (None, None)
        self._calendar: QCalendarWidget | None = None
        self.line = _DateLine()
        self.line.setAccessibleName(name)
        self.line.setPlaceholderText("No date" if allow_empty else "Type a date")
        self.line.setToolTip(HINT)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("Wed 30 Sep 2015") + 16)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▾")
        self.calendar_button.setAccessibleName(f"{name}: choose on a calendar")
        self.calendar_button.setToolTip("Choose on a calendar")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes past it
        self.note = QLabel()
        self.note.setAccessibleName(f"How the {name.lower()} was read")
        self.note.setWordWrap(True)
        self.note.hide()
        self.setFocusProxy(self.line)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.calendar_button)

        self.line.textEdited.connect(self._preview)
        self.line.editingFinished.connect(self.take)
        self.line.step.connect(self._step)
        self.calendar_button.clicked.connect(self.open_calendar)

    # -- the value ------------------------------------------------------------------
    def date(self) -> date | None:
        """The date last taken (what the field stands for while its text is bad)."""
        return self._date

    def set_date(self, value: datetime.date | None) -> None:
        """Show ``value`` without emitting :attr:`date_changed`."""
        self._date = value
        self.line.setText(long_text(value) if value else "")
        self._show_note_for(value)

    def set_fieldwork(self, start: datetime.date | None, end: datetime.date | None) -> None:
        """Dates outside these are flagged (not refused)."""
        self._fieldwork = (start, end)
        self._show_note_for(self._date)

    def is_valid(self) -> bool:
        """Whether the text as typed is a date the field can take."""
        return self._read(self.line.text())[1] is None

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 - as Qt's own fields
        self.line.setReadOnly(read_only)
        self.calendar_button.setEnabled(not read_only)

    # -- reading --------------------------------------------------------------------
    def _read(self, text: str) -> tuple[datetime.date | None, str | None]:
        try:
            value = read_typed_date(text, self._today())
        except ValueError as e:
            return None, f"{str(e)[0].upper()}{str(e)[1:]}."
        if value is None and not self._allow_empty:
            return None, "A date is needed here."
        return value, None

    def _preview(self, text: str) -> None:
        value, problem = self._read(text)
        if problem is not None:
            self._set_note("Not a date yet — " + HINT[0].lower() + HINT[1:], "")
        elif value is None:
            self._set_note("No date", "")
        else:
            self._set_note(f"Reads as {long_text(value)}", "")

    def take(self) -> bool:
        """Take the typed text as the date; False (and a red note) when it is not one."""
        value, problem = self._read(self.line.text())
        if problem is not None:
            self._set_note(f"{problem} Not saved.", ERROR_STYLE)
            self.refused.emit()
            return False
        changed = value != self._date
        self.set_date(value)
        if changed:
            self.date_changed.emit(value)
        return True

    def _step(self, days: int) -> None:
        if self.line.isReadOnly():
            return
        base = self._read(self.line.text())[0] or self._date or self._today()
        self.line.setText(long_text(base + timedelta(days=days)))
        self.take()

    # -- notes ----------------------------------------------------------------------
    def _show_note_for(self, value: datetime.date | None) -> None:
        start, end = self._fieldwork
        warning = date_warning(value, self._today(), start, end)
        self._set_note(warning or "", WARNING_STYLE if warning else "")

    def _set_note(self, text: str, style: str) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(style)
        self.note.setVisible(bool(text))

    # -- the calendar ---------------------------------------------------------------
    def open_calendar(self) -> QCalendarWidget:
        """A calendar under the field; picking a day takes it."""
        if self._calendar is None:
            # One calendar per field, hidden between uses (deleting a popup from its own
            # signal is asking for trouble).
            calendar = QCalendarWidget(self)
            calendar.setWindowFlags(Qt.WindowType.Popup)
            calendar.setAccessibleName("Calendar")
            calendar.setGridVisible(True)
            calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            calendar.clicked.connect(self._picked)
            calendar.activated.connect(self._picked)
            self._calendar = calendar
        shown = self._date or self._today()
        self._calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self._calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self._calendar.show()
        self._calendar.setFocus()
        return self._calendar

    def _picked(self, day: QDate) -> None:
        if self._calendar is not None:
            self._calendar.hide()
        self.line.setText(long_text(day_of(day)))
        self.take()
        self.line.setFocus()


def day_of(day: QDate) -> datetime.date:
    """The day a calendar or date box shows, as a Python date."""
    return datetime.date(day.year(), day.month(), day.day())


def stacked(field: DateField) -> QWidget:
    """The field with its note underneath, for forms where a row of its own is simplest."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(field)
    layout.addWidget(field.note)
    box.setFocusProxy(field)
    return box
