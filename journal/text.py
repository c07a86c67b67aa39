"""Text that comes in, from anywhere (arguments, standard input, the app's fields, imported
files, the config): the one rule for control characters, and how a refused value is quoted
back in a message.

Free of imports beyond `re`, so the CLI's start-up does not pay for it.
"""

from __future__ import annotations

import re


# C0 controls but tab, line feed and carriage return; DEL; and the C1 controls U+0080-U+009F,
# which a terminal obeys like their C0 cousins (U+009B is CSI, the same as ESC [).
class LazyPattern:
    """A regular expression compiled on first use rather than at import (`re` keeps it
    compiled after): `journal status` imports the date and config modules on every prompt."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def match(self, text: str) -> re.Match[str] | None:
        return re.match(self.pattern, text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return re.fullmatch(self.pattern, text)


_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A one-line value (a name, a tag, a setting): no tab or line break either.
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
# Invalid UTF-8 in arguments reaches Python as lone surrogates (surrogateescape).
_SURROGATES = re.compile("[\ud800-\udfff]")

QUOTE_LIMIT = 40


def control_character(text: str, *, one_line: bool = False) -> str | None:
    """The first control character in `text` as U+XXXX, or None. Tabs and line breaks are
    text, unless the value must be `one_line`."""
    found = (_CONTROL_IN_LINE if one_line else _CONTROL_IN_TEXT).search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def has_surrogates(text: str) -> bool:
    """Whether `text` holds bytes that were not UTF-8 (decoded with surrogateescape)."""
    return _SURROGATES.search(text) is not None


def quoted(value: str, limit: int = QUOTE_LIMIT) -> str:
    """A value the person gave, quoted in a message: on one line, control characters and
    bytes that were not UTF-8 escaped, and a long value as its first characters only."""
    flat = " ".join(value.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return repr(flat)


def quoted_value(value: object, limit: int = QUOTE_LIMIT) -> str:
    """Any value read from a file (text, a number, a list), quoted as `quoted` does."""
    if isinstance(value, str):
        return quoted(value, limit)
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def printable(text: str) -> str:
    """`text` safe to print on a terminal: control characters (C0, DEL, C1) and bytes that
    were not UTF-8 written as escapes (\\x9b), everything else as it is."""
    if control_character(text, one_line=True) is None and not has_surrogates(text):
        return text
    return "".join(
        repr(ch)[1:-1] if _CONTROL_IN_LINE.match(ch) or _SURROGATES.match(ch) else ch for ch in text
    )
