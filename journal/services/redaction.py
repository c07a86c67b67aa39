"""Redaction by words: every customer and private name is hidden wherever a word of it stands.

A name is split into words. Its distinctive words (not legal forms or common words, see
`journal.common_words`) are hidden wherever they stand alone in a text, and so is the name
written whole. Matching compares *folded* text:

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

The replaced text keeps everything around a name as written; only the name's own characters
become the pseudonym.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from journal.common_words import NOT_DISTINCTIVE

WITHHELD = "[withheld]"

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
    """Text as redaction compares it (see the module's docstring)."""
    if text.isascii():
        return text.lower()
    return "".join(folded for _, _, folded in _pieces(text))


@dataclass(frozen=True, slots=True)
class _Folded:
    """Folded text, and for each folded character the original characters it came from."""

    text: str
    starts: list[int] | None  # None: ASCII, where every position stays where it was
    ends: list[int]

    @classmethod
    def of(cls, text: str, folded: str) -> _Folded:
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


def _splitter(folded: str) -> re.Pattern[str]:
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


# Between two words of one name: spaces and the joining punctuation of names.
_JOINABLE = re.compile(r"[\s\-\u2010-\u2015&.,'\u2019+/]{0,4}")


@dataclass(frozen=True, slots=True)
class _Name:
    words: tuple[str, ...]
    replacement: str
    distinctive: frozenset[str]
    private: bool
    letter: str  # the customer's letter(s); "" for a private name


def pseudonym(number: int) -> str:
    """Customer A … Z, then AA, AB …: a spreadsheet's column letters."""
    return f"Customer {_letters(number)}"


def _letters(number: int) -> str:
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _shared(names: Sequence[_Name]) -> str:
    """What a word shared by several names becomes: withheld if any is private, else every
    customer it may be ("Customer A or C")."""
    if len(names) == 1:
        return names[0].replacement
    if any(name.private for name in names):
        return WITHHELD
    letters = sorted({name.letter for name in names}, key=lambda letter: (len(letter), letter))
    if len(letters) == 1:
        return f"Customer {letters[0]}"
    return "Customer " + ", ".join(letters[:-1]) + " or " + letters[-1]


class Redactor:
    """Hides every customer behind a stable pseudonym and every private name, everywhere.

    Pseudonyms follow the order customers first appear in the whole journal, so the same
    customer has the same letter in every export of it. Never raises, whatever the text.
    """

    def __init__(
        self,
        customers: Sequence[str],
        private_names: Sequence[str] = (),
        trigger_ids: Sequence[tuple[str, bool]] = (),
    ) -> None:
        self._names: list[_Name] = []
        self._whole: dict[str, str] = {}  # a folded name written whole -> its replacement
        # Words in scripts without spaces (and names without any letter) -> their names.
        self._spaceless: dict[str, list[int]] = {}
        for name in private_names:
            self._add(name, private=True, letter="")
        number = 0
        for name in customers:
            key = " ".join(fold(name).split())
            if key and key not in self._whole:
                self._add(name, private=False, letter=_letters(number))
                number += 1
        self._index()
        self.trigger_ids = self._trigger_ids(trigger_ids)

    def _add(self, name: str, *, private: bool, letter: str) -> None:
        folded = fold(name)
        key = " ".join(folded.split())
        if not key or key in self._whole:
            return
        replacement = WITHHELD if private else f"Customer {letter}"
        self._whole[key] = replacement
        named = words(folded)
        if not named:  # no letter at all (an emoji): hidden wherever written as it is
            self._spaceless.setdefault(folded.strip(), []).append(len(self._names))
        self._names.append(
            _Name(
                words=tuple(named),
                replacement=replacement,
                distinctive=frozenset(w for w in named if distinctive(w)),
                private=private,
                letter=letter,
            )
        )

    def _index(self) -> None:
        """Where a match may start (a distinctive word, or the first word of a name without
        one), and which name words each form in a text stands for."""
        self._forms: dict[str, set[str]] = {}
        self._starts: dict[str, list[tuple[int, int]]] = {}
        for number, name in enumerate(self._names):
            for position, word in enumerate(name.words):
                if spaceless(word):
                    self._spaceless.setdefault(word, []).append(number)
                    continue
                for form in word_forms(word):
                    self._forms.setdefault(form, set()).add(word)
                if word in name.distinctive or (not name.distinctive and position == 0):
                    self._starts.setdefault(word, []).append((number, position))
        self._start_forms = frozenset(
            form for form, bases in self._forms.items() if bases & self._starts.keys()
        )
        terms = sorted(self._spaceless, key=len, reverse=True)
        self._spaceless_re = (
            re.compile("|".join(re.escape(term) for term in terms)) if terms else None
        )

    # --- text ------------------------------------------------------------------------

    def text(self, value: str) -> str:
        if not value or not self._names:
            return value
        folded_text = fold(value)
        # Words at odd places, what stands between them at even places.
        parts = _splitter(folded_text).split(folded_text)
        tokens = parts[1::2]
        if self._start_forms.isdisjoint(tokens) and (
            self._spaceless_re is None or self._spaceless_re.search(folded_text) is None
        ):
            return value  # the usual case, decided without leaving C
        folded = _Folded.of(value, folded_text)
        spans = self._word_spans(parts, tokens) + self._spaceless_spans(folded_text)
        if not spans:
            return value
        out: list[str] = []
        done = 0
        for start, end, replacement in _merged(spans):
            first, last = folded.original(start, end)
            if first < done:  # two matches inside one original character: already hidden
                done = max(done, last)
                continue
            out.append(value[done:first])
            out.append(replacement)
            done = last
        out.append(value[done:])
        return "".join(out)

    def _word_spans(self, parts: list[str], tokens: list[str]) -> list[tuple[int, int, str]]:
        between = parts[0::2]
        ends: list[int] = []
        spans: list[tuple[int, int, str]] = []
        floor = 0  # words before this are taken by an earlier match
        for index in [i for i, word in enumerate(tokens) if word in self._start_forms]:
            if index < floor:
                continue
            best = self._best_at(tokens, between, index, floor)
            if best is None:
                continue
            back, ahead, names = best
            if not ends:
                ends = list(itertools.accumulate(map(len, parts)))
            first, last = index - back, index + ahead - 1
            spans.append((ends[2 * first], ends[2 * last + 1], _shared(names)))
            floor = index + ahead
        return spans

    def _best_at(
        self, tokens: list[str], between: list[str], index: int, floor: int
    ) -> tuple[int, int, list[_Name]] | None:
        """The longest run of one name's words around word `index`: (words before it, words
        from it on, the names it may be). Ties prefer a name written whole, then exact words."""
        best_rank: tuple[int, int, int] | None = None
        best: tuple[int, int, list[_Name]] | None = None
        for base in self._forms.get(tokens[index], ()):
            for number, position in self._starts.get(base, ()):
                name = self._names[number]
                back, ahead = self._run(name, position, tokens, between, index, floor)
                covered = name.words[position - back : position + ahead]
                whole = len(covered) == len(name.words)
                if not whole and not name.distinctive.intersection(covered):
                    continue
                first = index - back
                exact = sum(word == tokens[first + k] for k, word in enumerate(covered))
                rank = (len(covered), int(whole), exact)
                if best is None or best_rank is None or rank > best_rank:
                    best_rank, best = rank, (back, ahead, [name])
                elif rank == best_rank and (back, ahead) == best[:2] and name not in best[2]:
                    best[2].append(name)
        return best

    def _run(
        self,
        name: _Name,
        position: int,
        tokens: list[str],
        between: list[str],
        index: int,
        floor: int,
    ) -> tuple[int, int]:
        """How many of the name's words stand around word `index` (matched at `position` of
        the name), before it and from it on, joined only by spaces and name punctuation.
        `between[k]` is what stands before word k."""

        ahead = 1
        while (
            position + ahead < len(name.words)
            and index + ahead < len(tokens)
            and _JOINABLE.fullmatch(between[index + ahead]) is not None
            and name.words[position + ahead] in self._forms.get(tokens[index + ahead], ())
        ):
            ahead += 1
        back = 0
        while (
            position - back > 0
            and index - back - 1 >= floor
            and _JOINABLE.fullmatch(between[index - back]) is not None
            and name.words[position - back - 1] in self._forms.get(tokens[index - back - 1], ())
        ):
            back += 1
        return back, ahead

    def _spaceless_spans(self, folded: str) -> list[tuple[int, int, str]]:
        """Matches in scripts without spaces; the parts of one name written together (a
        family and a given name, with or without a space) become one."""
        if self._spaceless_re is None:
            return []
        spans: list[tuple[int, int, str]] = []
        for match in self._spaceless_re.finditer(folded):
            names = [self._names[number] for number in self._spaceless[match.group()]]
            span = (match.start(), match.end(), _shared(names))
            if spans and spans[-1][2] == span[2] and not folded[spans[-1][1] : span[0]].strip():
                span = (spans.pop()[0], span[1], span[2])
            spans.append(span)
        return spans

    # --- fields ----------------------------------------------------------------------

    def optional(self, value: str | None) -> str | None:
        return None if value is None else self.text(value)

    def customer(self, value: str | None) -> str | None:
        """A customer field: the customer's pseudonym, or the text redacted."""
        if value is None:
            return None
        return self._whole.get(" ".join(fold(value).split())) or self.text(value)

    def trigger_id(self, trigger_id: str) -> str:
        return self.trigger_ids.get(trigger_id, trigger_id)

    def _trigger_ids(self, ids: Sequence[tuple[str, bool]]) -> dict[str, str]:
        """The person's own trigger ids with names in them, redacted and still ids
        (lowercase letters, digits, hyphens); built-in ids are the catalogue's words."""
        mapped: dict[str, str] = {}
        taken = {trigger_id for trigger_id, _ in ids}
        for trigger_id, builtin in ids:
            if builtin:
                continue
            redacted = self.text(trigger_id)
            if redacted == trigger_id:
                continue
            slug = re.sub(r"[^a-z0-9]+", "-", redacted.lower()).strip("-")[:36] or "own"
            candidate, number = slug, 1
            while candidate in taken:
                number += 1
                candidate = f"{slug}-{number}"
            taken.add(candidate)
            mapped[trigger_id] = candidate
        return mapped


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans in order; two that overlap are hidden as one (the longer one's replacement)."""
    ordered = sorted(spans, key=lambda span: (span[0], -(span[1] - span[0])))
    kept: list[tuple[int, int, str]] = []
    for span in ordered:
        if kept and span[0] < kept[-1][1]:
            longer = span if span[1] - span[0] > kept[-1][1] - kept[-1][0] else kept[-1]
            kept[-1] = (kept[-1][0], max(span[1], kept[-1][1]), longer[2])
            continue
        kept.append(span)
    return kept
