"""Text as redaction compares it: folded, and split into words.

Matching compares *folded* text:

- NFKC, then full Unicode case folding: full-width letters, ligatures and ß/SS compare equal;
- accents dropped in alphabetic scripts (Latin, Greek, Cyrillic, Hebrew, Arabic), so "Zoë" typed
  with a combining diaeresis, "Zoe" and "ZOË" compare equal, and Turkish İ/ı/I/i all become i;
- letters with a stroke become their plain letter (ø o, ł l, đ d), æ ae, œ oe;
- invisible format characters (soft hyphen, joiners, direction marks) are ignored.

A word stands alone when the characters beside it are not letters, digits or marks. It may
carry a possessive ('s, ’s, s') or a plural (s, es); Hebrew and Arabic words may carry the
one-letter prefixes those languages attach (and, the, to, in…).

Scripts written without spaces between words (Chinese, Japanese, Korean, Thai, Lao, Khmer,
Myanmar, Tibetan) have no word boundary to look for: a name word in those scripts is hidden
wherever its characters stand, even inside a longer word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from journal.common_words import NOT_DISTINCTIVE

# Letters that neither NFKD nor case folding takes apart, written as people type them plain.
_PLAIN_LETTERS = {
    "ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
    "ħ": "h", "ŧ": "t", "ŀ": "l", "ƚ": "l", "ɨ": "i", "ƀ": "b", "ǥ": "g", "ĸ": "k",
    "ى": "ي",  # Arabic alef maksura, often written as yeh
    "ـ": "",  # Arabic tatweel: stretches a word, means nothing
    "ʼ": "'",  # modifier apostrophe: an apostrophe, not a letter
}  # fmt: skip
_WORD_SPACE = {"\u200b"}  # zero-width space separates words; other format characters join


# Scripts written without spaces between words (Korean: with particles glued to names).
_SPACELESS_RANGES = (
    (0x0E00, 0x0FFF),  # Thai, Lao, Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul jamo
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3040, 0x31FF),  # kana, bopomofo, Hangul compatibility jamo
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK ideographs
    (0xA000, 0xA4CF),  # Yi
    (0xA960, 0xA97F),  # Hangul jamo extended A
    (0xAC00, 0xD7FF),  # Hangul syllables, jamo extended B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x16FE0, 0x18D8F),  # Tangut, Khitan
    (0x1B000, 0x1B2FF),  # kana supplement, Nushu
    (0x20000, 0x3134F),  # CJK extensions B to G
)


def _no_space_script(code: int) -> bool:
    return any(first <= code <= last for first, last in _SPACELESS_RANGES)


SPACELESS_CLASS = "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in _SPACELESS_RANGES) + "]"


def _accents_optional(code: int) -> bool:
    """Scripts whose combining marks are accents or optional vowel signs, so dropped."""
    return (
        code < 0x0900  # Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Syriac, Thaana
        or 0x1D00 <= code <= 0x1FFF  # phonetic extensions, Latin and Greek extended
        or 0x2C60 <= code <= 0x2C7F
        or 0x2DE0 <= code <= 0x2DFF
        or 0xA640 <= code <= 0xA69F
        or 0xA720 <= code <= 0xA7FF
        or 0xAB30 <= code <= 0xAB6F
        or 0xFB00 <= code <= 0xFDFF  # presentation forms (NFKC has mapped most already)
    )


def _attaches(char: str) -> bool:
    """Does this character belong to the one before it (a mark, a Hangul vowel or final)?"""
    code = ord(char)
    return (
        unicodedata.category(char)[0] == "M" or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF
    )


@cache
def _fold_cluster(cluster: str) -> str:
    """One character with its marks, folded: see the module's docstring."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", cluster).casefold())
    out: list[str] = []
    base = ord(cluster[0])  # marks before any letter belong to the cluster's first character
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn" and _accents_optional(base):
            continue
        if category == "Cf":
            if char in _WORD_SPACE:
                out.append(" ")
            continue
        if category[0] != "M":
            base = ord(char)
        out.append(_PLAIN_LETTERS.get(char, char))
    return unicodedata.normalize("NFC", "".join(out))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _pieces(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, folded) for each stretch of `text`: ASCII runs whole, else one character
    with its marks at a time (so positions in the folded text lead back to the original)."""
    done = 0
    for run in _NON_ASCII.finditer(text):
        start, end = run.span()
        if start > done and _attaches(text[start]):
            start -= 1  # an accent typed after a plain letter belongs to that letter
        if start > done:
            yield done, start, text[done:start].lower()
        cluster = start
        for index in range(start + 1, end):
            if not _attaches(text[index]):
                yield cluster, index, _fold_cluster(text[cluster:index])
                cluster = index
        yield cluster, end, _fold_cluster(text[cluster:end])
        done = end
    if done < len(text):
        yield done, len(text), text[done:].lower()


def fold(text: str) -> str:
    """Text as redaction compares it (see this module's docstring)."""
    if text.isascii():
        return text.lower()
    return "".join(folded for _, _, folded in _pieces(text))


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text, and for each folded character the original characters it came from."""

    text: str
    starts: list[int] | None  # None: ASCII, where every position stays where it was
    ends: list[int]

    @classmethod
    def of(cls, text: str, folded: str) -> Folded:
        """`folded` is fold(text), already made."""
        if text.isascii():
            return cls(folded, None, [])
        starts: list[int] = []
        ends: list[int] = []
        parts: list[str] = []
        for start, end, folded in _pieces(text):
            parts.append(folded)
            if end - start == len(folded) and folded.isascii() and text[start:end].isascii():
                starts.extend(range(start, end))
                ends.extend(range(start + 1, end + 1))
            else:
                starts.extend([start] * len(folded))
                ends.extend([end] * len(folded))
        return cls("".join(parts), starts, ends)

    def original(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


@cache
def word_class() -> str:
    """A regex class of the characters a word is made of: letters, digits and marks."""
    marks = []
    first = last = -2
    for code in (*range(0x300, 0x1F000), *range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(code))[0] != "M":
            continue
        if code == last + 1:
            last = code
            continue
        if first >= 0:
            marks.append((first, last))
        first = last = code
    marks.append((first, last))
    ranges = "".join(
        re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in marks
    )
    return rf"(?:[^\W_]|[{ranges}])"


@cache
def _word() -> re.Pattern[str]:
    """A word: letters, digits and marks. Where a script without spaces meets another (a
    Latin name inside Chinese text), a word ends, so that name still stands alone."""
    letter = word_class()
    return re.compile(f"{SPACELESS_CLASS}+|(?:(?!{SPACELESS_CLASS}){letter})+")


_ASCII_WORD = re.compile("[a-z0-9]+")
_ASCII_SPLIT = re.compile("([a-z0-9]+)")


def words(folded: str) -> list[str]:
    """The words of folded text, in order."""
    return (_ASCII_WORD if folded.isascii() else _word()).findall(folded)


@cache
def _word_split() -> re.Pattern[str]:
    return re.compile(f"({_word().pattern})")


def splitter(folded: str) -> re.Pattern[str]:
    """Splits folded text into what stands between words and the words (odd places)."""
    return _ASCII_SPLIT if folded.isascii() else _word_split()


def spaceless(word: str) -> bool:
    """Is this word written in a script without spaces (so matched as a substring)?"""
    return any(_no_space_script(ord(char)) for char in word)


def distinctive(word: str) -> bool:
    """A word that names someone on its own: not a legal form or common word, not one letter,
    not a number."""
    if spaceless(word):
        return True
    return len(word) > 1 and not word.isnumeric() and word not in NOT_DISTINCTIVE


@dataclass(frozen=True, slots=True)
class Term:
    """What a redacted text must no longer hold: a folded word (standing alone), or for a
    script without spaces, folded characters anywhere."""

    text: str
    substring: bool


def distinctive_terms(name: str) -> list[Term]:
    """The folded words of `name` that redaction hides wherever they stand."""
    folded = fold(name)
    found = [Term(word, spaceless(word)) for word in words(folded) if distinctive(word)]
    if not words(folded) and folded.strip():
        found.append(Term(folded.strip(), True))  # no letters at all (an emoji): as written
    return list(dict.fromkeys(found))


# One-letter words Hebrew and Arabic write glued to the next: and, the, in, to, from, that, as.
_HEBREW_PREFIXES = ("", "ו", "ה", "ב", "ל", "מ", "ש", "כ")
_ARABIC_PREFIXES = (
    "",
    "و",
    "ف",
    "ب",
    "ك",
    "ل",
    "ال",
    "لل",
    "وال",
    "بال",
    "فال",
    "كال",
    "ول",
    "وب",
    "فل",
)


def word_forms(word: str) -> set[str]:
    """The forms a name word can take in a text: plural and possessive s, and for Hebrew and
    Arabic the glued prefixes."""
    prefixes: Iterable[str] = ("",)
    if any(0x0590 <= ord(char) <= 0x05FF for char in word):
        prefixes = {first + second for first in _HEBREW_PREFIXES for second in _HEBREW_PREFIXES}
    elif any(0x0600 <= ord(char) <= 0x06FF for char in word):
        prefixes = _ARABIC_PREFIXES
    return {prefix + word + ending for prefix in prefixes for ending in ("", "s", "es")}
