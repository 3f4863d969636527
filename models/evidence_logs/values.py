"""Reading the cells of an evidence log leniently: dates, source types, assessments and more.

Each ``parse_…`` function takes a cell as the spreadsheet gave it (text, a
number, a date, a boolean or ``None``) and returns the stored value, or raises
``ValueError`` with a sentence that says what is wrong and what would do.

Accepted source types, besides their names ("Focus group", "focus-group",
"FOCUS_GROUP") and plurals: INT interview; FG focus group; RT, visit,
unannounced visit reality testing; CFR, case file case file review; DR, DOC
document review; DATA data return; PUBLIC public survey; PARTNER partner
survey; OBS observation. Assessments: + / pos / positive / strength,
- / neg / negative / weakness, = / 0 / neutral / context; an empty cell is
neutral. Dates: 2015-09-22, 22/09/2015, 22/9/15, 22-09-2015, 22.09.2015,
22 Sep 2015, 22 September 2015, 22-Sep-15 (two-digit years are 1970–2069) and
spreadsheet date cells. Slashed dates are always day/month/year.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from models.framework import Framework
from models.records import format_ref, normalise_initials
from models.vocabulary import Assessment, SourceType

S = SourceType
_SOURCE_WORDS = {
    "int": S.INTERVIEW,
    "fg": S.FOCUS_GROUP,
    "rt": S.REALITY_TESTING,
    "visit": S.REALITY_TESTING,
    "unannounced visit": S.REALITY_TESTING,
    "reality test": S.REALITY_TESTING,
    "cfr": S.CASE_FILE_REVIEW,
    "case file": S.CASE_FILE_REVIEW,
    "dr": S.DOCUMENT_REVIEW,
    "doc": S.DOCUMENT_REVIEW,
    "data": S.DATA_RETURN,
    "public": S.PUBLIC_SURVEY,
    "partner": S.PARTNER_SURVEY,
    "obs": S.OBSERVATION,
}
A = Assessment
_ASSESSMENT_WORDS = {
    "+": A.POSITIVE,
    "++": A.POSITIVE,
    "pos": A.POSITIVE,
    "strength": A.POSITIVE,
    "-": A.NEGATIVE,
    "--": A.NEGATIVE,
    "−": A.NEGATIVE,
    "–": A.NEGATIVE,
    "—": A.NEGATIVE,
    "neg": A.NEGATIVE,
    "weakness": A.NEGATIVE,
    "=": A.NEUTRAL,
    "0": A.NEUTRAL,
    "neu": A.NEUTRAL,
    "context": A.NEUTRAL,
}
_TRUE = {"yes", "y", "true", "1", "x", "✓", "✔", "sensitive"}
_FALSE = {"no", "n", "false", "0", ""}
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for name in names
}
_WEEKDAY = re.compile(r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_D_MON_Y = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ /.-]*([a-z]+)\.?[ /.,-]*(\d{4}|\d{2})", re.I)
_REF = re.compile(r"([a-z]{1,4})\s*-\s*(\d{1,6})", re.I)
_CODE_SEPARATORS = re.compile(r"[,;\s]+")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
DATE_HINT = "use a date like 2015-09-22 or 22/09/2015"


def cell_text(value: object) -> str:
    """A cell as text: trimmed, Windows line breaks made plain, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value.time() == datetime.min.time()
            else value.isoformat(sep=" ")
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _words(text: str) -> str:
    return " ".join(re.sub(r"[_\-/.]", " ", text.casefold()).split())


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make_date(year: int, month: int, day: int, text: str) -> date:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(f"'{text}' is not a plausible date ({DATE_HINT})")
    try:
        return date(year, month, day)
    except ValueError:
        hint = " (dates are read day/month/year)" if month > 12 and day <= 12 else ""
        raise ValueError(f"'{text}' is not a real date{hint}") from None


def parse_log_date(value: object) -> date | None:
    """A date from a cell; ``None`` for an empty cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (bool, int, float)):
        raise ValueError(
            f"{cell_text(value)} is a number, not a date; format the column as "
            "dates or type the date as text"
        )
    text = cell_text(value)
    if not text:
        return None
    plain = _WEEKDAY.sub("", " ".join(text.split()))
    if m := _ISO.fullmatch(plain):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _DMY.fullmatch(plain):
        return _make_date(_year(m[3]), int(m[2]), int(m[1]), text)
    if (m := _D_MON_Y.fullmatch(plain)) and m[2].casefold() in _MONTHS:
        return _make_date(_year(m[3]), _MONTHS[m[2].casefold()], int(m[1]), text)
    raise ValueError(f"'{text}' is not a date ({DATE_HINT})")


def parse_source_type(value: object) -> SourceType:
    text = cell_text(value)
    if not text:
        raise ValueError("the source type is empty")
    key = _words(text)
    for candidate in (key, key[:-1] if key.endswith("s") else None):
        if not candidate:
            continue
        compact = candidate.replace(" ", "")
        for member in SourceType:
            if compact in (member.value.replace("_", ""), member.label.replace(" ", "").lower()):
                return member
        if candidate in _SOURCE_WORDS:
            return _SOURCE_WORDS[candidate]
    raise ValueError(
        f"'{text}' is not a source type (use one of: "
        f"{', '.join(s.label for s in SourceType)}; or FG, RT, CFR, DR, INT, OBS)"
    )


def parse_assessment(value: object) -> Assessment:
    """An assessment; an empty cell is neutral."""
    text = cell_text(value)
    if not text:
        return Assessment.NEUTRAL
    key = text.lstrip("▲▼● ").casefold().strip()
    if key in _ASSESSMENT_WORDS:
        return _ASSESSMENT_WORDS[key]
    try:
        return Assessment.from_text(key)
    except ValueError:
        raise ValueError(
            f"'{text}' is not an assessment (use positive, negative or neutral; or +, - or =)"
        ) from None


def parse_sensitive(value: object) -> bool:
    if isinstance(value, bool):
        return value
    key = cell_text(value).casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"'{cell_text(value)}' is not yes or no")


def parse_log_ref(value: object) -> str:
    """A ref like ``JS-0042`` (also typed ``js-42``); empty text for an empty cell."""
    text = cell_text(value)
    if not text:
        return ""
    m = _REF.fullmatch(text)
    if not m:
        raise ValueError(
            f"'{text}' is not a ref (a ref is initials, a dash and a number, like JS-0042)"
        )
    return format_ref(m[1].upper(), int(m[2]))


def parse_author(value: object) -> str:
    """Initials, or empty text for an empty cell."""
    text = cell_text(value)
    return normalise_initials(text) if text else ""


def parse_question_codes(value: object, framework: Framework) -> tuple[str, ...]:
    """Question codes separated by commas, semicolons or spaces, in framework order.

    A number cell is matched to the one code it can stand for (a spreadsheet
    turns 1.10 into 1.1, so a number that could be two codes is refused).
    """
    if isinstance(value, float) and not value.is_integer():
        return (_code_for_number(value, framework),)
    codes = []
    for part in _CODE_SEPARATORS.split(cell_text(value)):
        if not part:
            continue
        code = part if framework.has_question(part) else _code_ignoring_case(part, framework)
        if code is None:
            raise ValueError(f"{part} is not a question of this inspection's framework")
        codes.append(code)
    if not codes:
        raise ValueError("no question codes; link every item to at least one question")
    return tuple(sorted(set(codes), key=lambda c: framework.question(c).position))


def _code_ignoring_case(part: str, framework: Framework) -> str | None:
    found = [q.code for q in framework.questions if q.code.casefold() == part.casefold()]
    return found[0] if len(found) == 1 else None


def _code_for_number(number: float, framework: Framework) -> str:
    found = []
    for q in framework.questions:
        try:
            if float(q.code) == number:
                found.append(q.code)
        except ValueError:
            continue
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValueError(f"{cell_text(number)} is not a question of this inspection's framework")
    raise ValueError(
        f"{cell_text(number)} is a number in the spreadsheet and could be "
        f"{' or '.join(found)}; format the column as text and type the code"
    )
