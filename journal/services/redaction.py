"""Redaction by words: every customer and private name is hidden wherever a word of it stands.

A name is split into words. Its distinctive words (not legal forms or common words, see
`journal.common_words`) are hidden wherever they stand alone in a text, and so is the name
written whole. Text is compared folded, word by word: `text_folding` says how (case, accents,
look-alike letters, possessives and plurals, scripts without spaces).

The replaced text keeps everything around a name as written; only the name's own characters
become the pseudonym.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from journal.services.text_folding import SPACELESS_CLASS as SPACELESS_CLASS
from journal.services.text_folding import Folded, splitter
from journal.services.text_folding import Term as Term
from journal.services.text_folding import distinctive as distinctive
from journal.services.text_folding import distinctive_terms as distinctive_terms
from journal.services.text_folding import fold as fold
from journal.services.text_folding import spaceless as spaceless
from journal.services.text_folding import word_class as word_class
from journal.services.text_folding import word_forms as word_forms
from journal.services.text_folding import words as words

WITHHELD = "[withheld]"

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
        parts = splitter(folded_text).split(folded_text)
        tokens = parts[1::2]
        if self._start_forms.isdisjoint(tokens) and (
            self._spaceless_re is None or self._spaceless_re.search(folded_text) is None
        ):
            return value  # the usual case, decided without leaving C
        folded = Folded.of(value, folded_text)
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
