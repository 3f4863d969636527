"""Text from files shown to people: control characters made visible, long values cut.

Anything read from a file someone else made (a copy from a colleague, an
evidence log) may hold terminal escape sequences, carriage returns that
overwrite a line, right-to-left overrides that reverse what is read, or
megabytes in one value. Shown raw, it could forge what a terminal or a
message says. These functions show such characters as visible escapes
(``\\x1b``, ``\\u202e``) instead.
"""

from __future__ import annotations

import unicodedata

#: Unicode categories never shown raw in a value: controls, formatting characters
#: (the right-to-left overrides among them), line and paragraph separators, surrogates.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def _visible(ch: str) -> str:
    code = ord(ch)
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    if ch == "\t":
        return "\\t"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escaped(value: object, limit: int = 80) -> str:
    """A value as one safe line for a message: controls as escapes, cut at ``limit``.

    ``None`` reads NULL, bytes read as their length, other values as text.
    """
    if value is None:
        return "NULL"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(value)} bytes>"
    text = str(value)
    out, used = [], 0
    for ch in text:
        piece = _visible(ch) if unicodedata.category(ch) in _HIDDEN else ch
        if used + len(piece) > limit:
            out.append("…")
            break
        out.append(piece)
        used += len(piece)
    return "".join(out)


def printable(text: str) -> str:
    """Output for a terminal: line breaks and tabs kept, every other control shown escaped."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch in "\n\t" or unicodedata.category(ch) not in _HIDDEN else _visible(ch)
        for ch in text
    )
