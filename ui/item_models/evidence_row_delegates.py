"""How a row of the evidence list says why it is there: marks, and the words a search found.

The marks column draws up to three small signs: a lock for a sensitive item,
a paper clip when files are attached, and a flag with a count for the findings
the item supports. The summary column, while a search is on, marks the words
it found; when the match is in the place or the notes instead, it adds that
field's matching text in grey after the summary.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from models.evidence.query import EvidenceMarks
from models.evidence.search_hits import search_words, word_spans
from ui.item_models.evidence_table_model import HIT_ROLE, MARKS_ROLE

_ICON = 12
_GAP = 4
_SENSITIVE = QColor("#B71C1C")
_NEUTRAL = QColor("#455A64")
_FINDING = QColor("#1B5E20")
HIGHLIGHT = QColor("#FFE082")  # amber 200: black text on it is well over 4.5:1
_FIELD_NAMES = {"location": "place", "notes": "notes"}


def _base(delegate: QStyledItemDelegate, painter: QPainter, option, index) -> QStyleOptionViewItem:
    """Draw the cell's background and selection without its text; return the option."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    opt.text = ""
    style = opt.widget.style() if opt.widget else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
    return opt


def _ink(opt: QStyleOptionViewItem, colour: QColor) -> QColor:
    selected = opt.state & QStyle.StateFlag.State_Selected
    return opt.palette.color(QPalette.ColorRole.HighlightedText) if selected else colour


def _lock(painter: QPainter, x: float, y: float, colour: QColor) -> None:
    painter.setPen(QPen(colour, 1.6))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(x + 2.5, y, 7, 8), 0, 180 * 16)
    painter.drawLine(QPointF(x + 2.5, y + 4), QPointF(x + 2.5, y + 6))
    painter.drawLine(QPointF(x + 9.5, y + 4), QPointF(x + 9.5, y + 6))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(x + 1, y + 5.5, 10, 6.5), 1.5, 1.5)


def lock_icon() -> QIcon:
    """The marks column's lock as an icon, for other lists of sensitive things (drawn,
    not a font's emoji, which many fonts lack)."""
    icon = QIcon()
    for ratio in (1, 2):
        picture = QPixmap(_ICON * ratio, _ICON * ratio)
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _lock(painter, 0, 0, _SENSITIVE)
        painter.end()
        icon.addPixmap(picture)
    return icon


def _clip(painter: QPainter, x: float, y: float, colour: QColor) -> None:
    path = QPainterPath()
    path.moveTo(x + 8, y + 3)
    path.lineTo(x + 8, y + 9)
    path.arcTo(QRectF(x + 3, y + 6.5, 5, 5), 0, -180)
    path.lineTo(x + 3, y + 2.5)
    path.arcTo(QRectF(x + 3, y, 7, 5), 180, -180)
    path.lineTo(x + 10, y + 10)
    painter.setPen(QPen(colour, 1.4))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def _flag(painter: QPainter, x: float, y: float, colour: QColor) -> None:
    painter.setPen(QPen(colour, 1.6))
    painter.drawLine(QPointF(x + 2, y), QPointF(x + 2, y + 12))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    flag = QPainterPath()
    flag.moveTo(x + 2.5, y + 0.5)
    flag.lineTo(x + 11, y + 3.5)
    flag.lineTo(x + 2.5, y + 6.5)
    flag.closeSubpath()
    painter.drawPath(flag)


class MarksDelegate(QStyledItemDelegate):
    """Paints the marks column: lock, clip, flag with a count (each combination drawn once
    and kept as a picture, so scrolling a long list only copies pictures)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pictures: dict[tuple, QPixmap] = {}

    def paint(self, painter: QPainter, option, index) -> None:
        value = index.data(MARKS_ROLE)
        marks: EvidenceMarks | None
        marks, sensitive = value if value else (None, False)
        if marks is None or not (sensitive or marks.attachments or marks.findings):
            super().paint(painter, option, index)  # nothing to mark: the plain cell
            return
        opt = _base(self, painter, option, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        key = (
            sensitive,
            bool(marks.attachments),
            min(marks.findings, 100),
            selected,
            opt.rect.height(),
            opt.font.key(),
            painter.device().devicePixelRatioF(),
        )
        picture = self._pictures.get(key)
        if picture is None:
            picture = self._pictures[key] = _marks_picture(
                opt, sensitive, marks, selected, painter.device().devicePixelRatioF()
            )
        painter.drawPixmap(opt.rect.topLeft(), picture)

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(marks_width(), hint.height())


def _marks_picture(opt, sensitive: bool, marks, selected: bool, ratio: float) -> QPixmap:
    width, height = marks_width(), opt.rect.height()
    picture = QPixmap(round(width * ratio), round(height * ratio))
    picture.setDevicePixelRatio(ratio)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(opt.font)

    def ink(colour):
        return opt.palette.color(QPalette.ColorRole.HighlightedText) if selected else colour

    x, y = float(_GAP), height / 2 - _ICON / 2
    if sensitive:
        _lock(painter, x, y, ink(_SENSITIVE))
    x += _ICON + _GAP
    if marks.attachments:
        _clip(painter, x, y, ink(_NEUTRAL))
    x += _ICON + _GAP
    if marks.findings:
        _flag(painter, x, y, ink(_FINDING))
        painter.setPen(ink(_FINDING))
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.drawText(
            QRectF(x + _ICON - 1, 0, 18, height),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            str(marks.findings) if marks.findings < 100 else "99+",
        )
    painter.end()
    return picture


def marks_width() -> int:
    return 3 * (_ICON + _GAP) + 18


class SearchHitDelegate(QStyledItemDelegate):
    """Paints the summary with the words a search found marked, and where else it matched.

    When the match is in the place or the notes, that text is given up to half the cell
    (the summary is shortened to make room), so it is always in view.
    """

    def paint(self, painter: QPainter, option, index) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            super().paint(painter, option, index)
            return
        opt = _base(self, painter, option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        metrics = opt.fontMetrics
        rect = opt.rect.adjusted(4, 0, -4, 0)
        ink = _ink(opt, opt.palette.color(QPalette.ColorRole.Text))
        grey = _ink(opt, QColor("#5F6368"))
        room = rect.width() // 2 if hit.field else rect.width()
        text, spans = _focus(text, hit.summary_spans, room, metrics)
        runs = _runs(text, spans, ink)
        tail: list = []
        if hit.field:
            query = getattr(index.model(), "query", None)
            label = f"  · {_FIELD_NAMES[hit.field]}: "
            excerpt, spans = _focus(
                hit.excerpt,
                word_spans(hit.excerpt, search_words(query.text)) if query else [],
                room - metrics.horizontalAdvance(label),
                metrics,
            )
            tail = [(label, grey, False)] + _runs(excerpt, spans, grey)
        tail_width = min(sum(metrics.horizontalAdvance(t) for t, _c, _h in tail), rect.width() // 2)
        baseline = rect.center().y() + (metrics.ascent() - metrics.descent()) / 2
        painter.save()
        painter.setClipRect(opt.rect)
        x = _draw(painter, metrics, runs, float(rect.left()), baseline, rect.right() - tail_width)
        if tail:
            _draw(painter, metrics, tail, x, baseline, rect.right())
        painter.restore()


def _focus(text: str, spans, room: int, metrics) -> tuple[str, tuple]:
    """``text`` starting shortly before its first marked word when that word would fall
    beyond ``room`` pixels, so the word a search found is in view."""
    spans = tuple(spans)
    if spans and metrics.horizontalAdvance(text[: spans[0][1]]) > room:
        start, end = spans[0]
        # As much as fits before the word, up to a dozen characters of it.
        cut = max(0, start - 12)
        while cut < start and metrics.horizontalAdvance("…" + text[cut:end]) > room:
            cut += 1
        if cut:
            return "…" + text[cut:], tuple((a - cut + 1, b - cut + 1) for a, b in spans)
    return text, spans


def _runs(text: str, spans, ink: QColor) -> list[tuple[str, QColor, bool]]:
    """``text`` cut into (piece, colour, marked) runs at the spans a search found."""
    runs, cut = [], 0
    for start, end in spans:
        if start >= len(text):
            break
        if start > cut:
            runs.append((text[cut:start], ink, False))
        runs.append((text[start:end], QColor("#000000"), True))
        cut = end
    if cut < len(text):
        runs.append((text[cut:], ink, False))
    return runs


def _draw(painter: QPainter, metrics, runs, x: float, baseline: float, right: float) -> float:
    """Draw runs from ``x`` up to ``right``, ending in "…" where they do not fit."""
    for text, ink, marked in runs:
        width = metrics.horizontalAdvance(text)
        if x + width > right:
            cut = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, int(right - x)))
            _piece(painter, metrics, cut, x, baseline, ink, marked and cut != "…")
            return right
        x = _piece(painter, metrics, text, x, baseline, ink, marked)
    return x


def _piece(
    painter: QPainter, metrics, text: str, x: float, baseline: float, ink: QColor, marked: bool
) -> float:
    if not text:
        return x
    width = metrics.horizontalAdvance(text)
    if marked:
        painter.fillRect(
            QRectF(x - 1, baseline - metrics.ascent() - 1, width + 2, metrics.height() + 2),
            HIGHLIGHT,
        )
    painter.setPen(ink)
    painter.drawText(QPointF(x, baseline), text)
    return x + width
