"""Redaction by words: every distinctive word of a customer or private name is hidden wherever
it stands, in every text field, format and privacy level, whatever the script, case,
normalisation, possessive or plural; and redaction never raises."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journal.db import open_journal
from journal.exporters import exporter_for
from journal.periods import CALENDAR_YEAR, Period, parse_quarter
from journal.records import EntryFields
from journal.services import entries, triggers
from journal.services.exports import ExportScope, ExportSource
from journal.services.leftovers import AT_START, INSIDE, NUMBER, leftovers_in
from journal.services.redaction import (
    SPACELESS_CLASS,
    WITHHELD,
    Redactor,
    Term,
    distinctive_terms,
    fold,
    word_class,
)
from journal.services.reviews import PlannedCommitment, ReviewInput, save_review
from tests.conftest import Runner

TODAY = date(2026, 11, 22)
Q3 = Period.of_quarter(parse_quarter("2026-Q3", today=TODAY))

# Every redacted output: (format, privacy, period).
REDACTED = (
    ("json", "redact", None),
    ("csv", "redact", None),
    ("md", "redact", Q3),
    ("html", "redact", Q3),
    ("json", "patterns-only", Q3),
    ("md", "patterns-only", Q3),
    ("html", "patterns-only", Q3),
)


def export(
    conn: sqlite3.Connection,
    fmt: str,
    privacy: str,
    period: Period | None,
    private_names: tuple[str, ...] = (),
) -> str:
    source = ExportSource(
        conn,
        ExportScope(period, None, privacy),
        today=TODAY,
        calendar=CALENDAR_YEAR,
        private_names=private_names,
    )
    out = io.StringIO()
    exporter_for(fmt).write(out, source)
    return out.getvalue()


# --- the cases of the issue -----------------------------------------------------------------


def test_a_short_form_of_a_customer_takes_its_pseudonym() -> None:
    redactor = Redactor(["Northwind Logistics", "Harbor Dental Group"], ("Dana Reyes",))
    assert redactor.text("Pushed Northwind onto the annual bundle") == (
        "Pushed Customer A onto the annual bundle"
    )
    assert redactor.text("Told Dana; Reyes agreed; Harbor Dental's team") == (
        "Told [withheld]; [withheld] agreed; Customer B's team"
    )
    # Legal, sector and common words stay on their own: only distinctive words name them.
    assert redactor.text("our group, the logistics of it, a dental plan") == (
        "our group, the logistics of it, a dental plan"
    )
    assert redactor.text("Northwind Logistics Ltd") == "Customer A Ltd"
    assert redactor.text("Harbor Dental Group") == "Customer B"  # written whole: one name
    assert redactor.text("Harbor Dental") == "Customer B"


@pytest.mark.parametrize(
    ("written", "hidden"),
    [
        ("Northwind's, Northwind’s, Northwinds' and Northwinds", "A's, A’s, A' and A"),
        ("NORTHWIND, northwind, NorthWind", "A, A, A"),
        ("ＮＯＲＴＨＷＩＮＤ (full width)", "A (full width)"),
        ("North\u00adwind (a soft hyphen)", "A (a soft hyphen)"),
    ],
)
def test_possessives_plurals_case_and_width(written: str, hidden: str) -> None:
    redactor = Redactor(["Northwind Logistics"])
    assert redactor.text(written) == hidden.replace("A", "Customer A")


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Straße Bau", "STRASSE"),
        ("Strasse Bau", "Straße"),
        ("İzmir Tekstil", "izmir IZMIR Izmir"),
        ("Işık Yazılım", "ISIK IŞIK ışık Isik"),
        ("Zoë Hart", "Zoe\u0308"),  # e and a combining diaeresis
        ("Zoe\u0308 Hart", "ZOË Zoë Zoe"),
        ("Ørsted", "orsted ØRSTED"),
        ("Łódź Partners", "Lodz"),
        ("Σωκράτης", "ΣΩΚΡΑΤΗΣ σωκρατης"),
        ("Ёлкин", "елкин ЁЛКИН"),
    ],
)
def test_case_folding_and_normalisation(name: str, written: str) -> None:
    redactor = Redactor([name])
    result = redactor.text(written)
    assert set(result.split()) == {"Customer", "A"}, result


def test_the_keyerror_of_the_issue_is_gone() -> None:
    """A regex matched case-insensitively by simple case rules (i matches ı) found text whose
    full case folding was not a key of the replacements: KeyError('kılım'), the entry's words
    in the message. Matching now compares folded text, so there is no lookup to miss."""
    redactor = Redactor(["Kilim"])
    assert redactor.text("KILIM and Kılım and kilim") == "Customer A and Customer A and Customer A"


def test_scripts_without_spaces_match_the_names_characters_anywhere() -> None:
    redactor = Redactor(["王小明", "สมชาย ใจดี", "山田 太郎"], ("Northwind",))
    assert redactor.text("王小明说了") == "Customer A说了"
    assert redactor.text("สมชายใจดีโทรมา") == "Customer B" + "โทรมา"
    assert redactor.text("山田太郎さんと山田 太郎") == "Customer Cさんと" + "Customer C"
    # A Latin name inside Chinese text still stands alone as a word.
    assert redactor.text("我们和Northwind签约") == "我们和[withheld]签约"


def test_hebrew_and_arabic_prefixes() -> None:
    redactor = Redactor([], ("דנה", "محمد"))
    assert redactor.text("אמרתי לדנה ולדנה") == "אמרתי [withheld] [withheld]"
    assert redactor.text("قلت لمحمد ومحمد") == "قلت [withheld] [withheld]"


def test_names_inside_other_names_and_shared_words() -> None:
    redactor = Redactor(["Ann", "Northwind Logistics", "Northwind Freight"], ("Annabel",))
    assert redactor.text("Annabel and Ann; Anns") == "[withheld] and Customer A; Customer A"
    # One customer's words written whole name that customer; a word both share names either.
    assert redactor.text("Northwind Freight, not Northwind") == "Customer C, not Customer B or C"
    assert redactor.customer("NORTHWIND FREIGHT") == "Customer C"
    # A private name wins over a customer of the same words.
    both = Redactor(["Dana Reyes"], ("Dana Reyes",))
    assert both.customer("Dana Reyes") == WITHHELD
    assert both.text("Dana") == WITHHELD


def test_a_name_of_only_common_words_is_hidden_where_written_whole() -> None:
    redactor = Redactor(["The Company"], ("my manager",))
    assert redactor.text("the company paid; my manager agreed; a manager") == (
        "Customer A paid; [withheld] agreed; a manager"
    )


def test_own_trigger_ids_become_redacted_ids() -> None:
    redactor = Redactor(
        ["Northwind Logistics"],
        ("Dana",),
        [("quota-behind", True), ("northwind-renewal", False), ("dana-asks", False),
         ("dana-calls", False), ("weekly-report", False)],
    )  # fmt: skip
    assert redactor.trigger_ids == {
        "northwind-renewal": "customer-a-renewal",
        "dana-asks": "withheld-asks",
        "dana-calls": "withheld-calls",
    }
    assert redactor.trigger_id("weekly-report") == "weekly-report"
    assert redactor.trigger_id("quota-behind") == "quota-behind"


def _journal_of_the_issue(path: Path) -> sqlite3.Connection:
    conn = open_journal(path)
    triggers.add_trigger(
        conn,
        "northwind-renewal",
        category="Northwind deals",
        description="Northwind's renewal with Dana",
        name="Northwind renewal",
    )
    triggers.rename_trigger(conn, "look-good", "Looking good to Dana")
    for number, (situation, customer) in enumerate(
        [
            ("Pushed Northwind onto the annual bundle", "Northwind Logistics"),
            ("Told Dana the Northwinds' plan was fine", "Northwind Logistics"),
            ("Harbor's renewal: Dana again", "Harbor Dental Group"),
        ]
    ):
        entry_id = entries.add(
            conn,
            EntryFields(
                situation=situation,
                customer=customer,
                occurred_on=date(2026, 8, 3) + timedelta(days=number),
                triggers=("northwind-renewal", "look-good"),
                impact="Northwind lost a week",
                recovery="attempted",
                recovery_note="Called Dana Reyes",
                next_time="Ask Northwind first",
            ),
            today=TODAY,
        )
        entries.add_note(conn, entry_id, "Dana's note on Northwind")
    save_review(
        conn,
        parse_quarter("2026-Q3", today=TODAY),
        ReviewInput(
            reflection="Northwind again; Dana pushed",
            start_doing="asking Northwind",
            commitments=[PlannedCommitment("northwind-renewal", "call Dana before Northwind")],
        ),
        today=date(2026, 10, 2),
        calendar=CALENDAR_YEAR,
    )
    return conn


def test_no_word_of_the_issue_survives_in_any_format(tmp_path: Path) -> None:
    conn = _journal_of_the_issue(tmp_path / "j.sqlite")
    private = ("Dana Reyes",)
    for fmt, privacy, period in REDACTED:
        text = export(conn, fmt, privacy, period, private)
        for word in ("northwind", "dana", "reyes", "harbor", "dental"):
            assert word not in text.casefold(), (fmt, privacy, word)
    document = json.loads(export(conn, "json", "redact", None, private))
    assert {entry["customer"] for entry in document["entries"]} == {"Customer A", "Customer B"}
    assert sorted(document["entries"][0]["triggers"]) == ["customer-a-renewal", "look-good"]
    assert document["commitments"][0]["trigger"] == "customer-a-renewal"
    own = next(t for t in document["triggers"] if t["id"] == "customer-a-renewal")
    assert own["name"] == "Customer A renewal"
    assert own["category"] == "Customer A deals"
    assert own["description"] == "Customer A's renewal with [withheld]"
    renamed = next(t for t in document["triggers"] if t["id"] == "look-good")
    assert renamed["name"] == "Looking good to [withheld]"
    untouched = next(t for t in document["triggers"] if t["id"] == "quota-behind")
    assert untouched["name"] == "Sales quota behind"  # the catalogue's words stay
    rows = list(csv.DictReader(io.StringIO(export(conn, "csv", "redact", None, private)[1:])))
    assert sorted(rows[0]["triggers"].split(";")) == ["customer-a-renewal", "look-good"]
    assert rows[0]["situation"] == "Pushed Customer A onto the annual bundle"


# --- any name, any text (hypothesis) --------------------------------------------------------

ALPHABETS = {
    "latin": "abcdefghijklmnoprstuvwyzABCDEFGHKLMNPRSTVZ",
    "accented": "aeiourstnláàâäãåçéèêëíìîïñóòôöõúùûüýÿ",
    "german": "abdeghiklmnorstuäöüß",
    "turkish": "abcdegiklmnorstuçğıİişöüŞ",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщыэюяё",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשת",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "han": "王李张刘陈杨黄赵吴周明华伟芳",
    "kana": "あいうえおかきくけこアイウエオカキクケコ",
    "hangul": "김이박최정민수지영현",
    "thai": "กขคงจฉชซญดตถทธนบปผพฟมยรลวสหอ",
}
# Words around the names: none of their letters (or, for scripts without spaces, characters)
# can make a name's word appear by accident.
FILLER = (
    "Pushed", "the", "bundle", "before", "close", "call", "went", "well", "🙂", "—", "👩‍💻",
    "我们签约了", "まで", "แล้ว", "שלום", "مرحبا", "и", "καλά", "2026-10-03", "€40k", "«ok»",
)  # fmt: skip
SEPARATORS = (" ", ", ", "\n", " 🎉", "… ", " (", ") ", "\t", " / ")
SUFFIXES = ("", "", "'s", "’s", "s'", "s", "es", "🙂", ".", ":")


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _turkish_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


CASINGS = (
    lambda w: w,
    str.upper,
    str.lower,
    str.title,
    _turkish_upper,
    lambda w: unicodedata.normalize("NFD", w),
    _fullwidth,
)


@st.composite
def name_words(draw: st.DrawFn) -> str:
    script = draw(st.sampled_from(sorted(ALPHABETS)))
    size = (2, 4) if script in ("han", "hangul", "kana") else (3, 8)
    return draw(st.text(st.sampled_from(ALPHABETS[script]), min_size=size[0], max_size=size[1]))


@st.composite
def names(draw: st.DrawFn, inside: list[str]) -> str:
    words = draw(st.lists(name_words(), min_size=1, max_size=3))
    if bool(inside) and draw(st.booleans()):  # a word of an earlier name inside a word of this one
        words[0] = draw(st.sampled_from(inside)) + draw(name_words())
    suffix = draw(st.sampled_from(("", "", " Ltd", " GmbH", " Inc.", " & Co")))
    return " ".join(words) + suffix


@dataclass
class Case:
    customers: list[str]
    private: list[str]
    texts: list[str]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    customers: list[str] = []
    private: list[str] = []
    seen: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        customers.append(draw(names(seen)))
        seen += customers[-1].split()
    for _ in range(draw(st.integers(0, 2))):
        private.append(draw(names(seen)))
        seen += private[-1].split()
    words = [w for name in customers + private for w in name.split()]
    texts = []
    for _ in range(16):  # one for each text field the journal has
        pieces = []
        for _ in range(draw(st.integers(1, 6))):
            if draw(st.booleans()):
                word = draw(st.sampled_from(words))
                casing = draw(st.sampled_from(CASINGS))
                glued = ""
                if _HEBREW.search(word) or _ARABIC.search(word):
                    glued = draw(st.sampled_from(("", "ו", "ל", "و", "ال")))
                pieces.append(glued + casing(word) + draw(st.sampled_from(SUFFIXES)))
            else:
                pieces.append(draw(st.sampled_from(FILLER)))
        text = ""
        for piece in pieces:
            text += piece + draw(st.sampled_from(SEPARATORS))
        texts.append(text.strip() or "x")
    return Case(customers, private, texts)


def _build(conn: sqlite3.Connection, case: Case) -> None:
    """Every text field of the journal, filled with the case's texts."""
    text = itertools.cycle(case.texts).__next__
    own = "own-" + re.sub(r"[^a-z0-9]+", "-", fold(case.customers[0]))[:20].strip("-")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", own):
        own = "own-trigger"

    def one_line(then: str = "") -> str:
        return (" ".join(text().split())[:50] or "x") + then

    triggers.add_trigger(conn, own, category=one_line(), description=one_line(), name=one_line())
    triggers.rename_trigger(conn, "look-good", one_line(" (renamed)"))
    save_review(
        conn,
        parse_quarter("2026-Q2", today=TODAY),
        ReviewInput(commitments=[PlannedCommitment(own, text())]),
        today=date(2026, 7, 1),
        calendar=CALENDAR_YEAR,
    )
    for number in range(3):  # three, so the summaries' customer table shows too
        entry_id = entries.add(
            conn,
            EntryFields(
                situation=text(),
                customer=case.customers[number % len(case.customers)],
                occurred_on=date(2026, 8, 3) + timedelta(days=number),
                triggers=(own, "look-good"),
                impact=text(),
                recovery="attempted",
                recovery_note=text(),
                next_time=text(),
            ),
            today=TODAY,
        )
        entries.add_note(conn, entry_id, text())
    save_review(
        conn,
        parse_quarter("2026-Q3", today=TODAY),
        ReviewInput(
            reflection=text(),
            start_doing=text(),
            stop_doing=text(),
            continue_doing=text(),
            commitments=[PlannedCommitment(own, text())],
        ),
        today=date(2026, 10, 2),
        calendar=CALENDAR_YEAR,
    )


@dataclass
class Template:
    """The words every export writes whatever the journal holds (headings, keys, the catalogue,
    CSS) and the filler around the names: a name word among them is not one redaction could
    be asked to hide."""

    words: set[str]
    text: str

    def __repr__(self) -> str:
        return f"Template({len(self.words)} words)"

    def holds(self, term: Term) -> bool:
        if term.substring:
            return term.text in self.text
        return any(form in self.words for form in (term.text, term.text + "s", term.text + "es"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    conn = open_journal(tmp_path_factory.mktemp("template") / "template.sqlite")
    _build(conn, Case(["Acme"], ["Jo"], ["x"]))
    outputs = [export(conn, fmt, privacy, period, ("Jo",)) for fmt, privacy, period in REDACTED]
    outputs += [export(conn, fmt, "full", period) for fmt, _, period in REDACTED[:4]]
    conn.close()
    folded = fold("\n".join([*outputs, *FILLER]))
    return Template(set(re.findall(word_class() + "+", folded)), folded)


_HEBREW = re.compile("[\u0590-\u05ff]")
_ARABIC = re.compile("[\u0600-\u06ff]")
# The one-letter words both languages glue to the next (and, the, to, in, from, that, as).
HEBREW_PREFIX = "[ובכלמשה]{0,2}"
ARABIC_PREFIX = "(?:وال|بال|فال|كال|ال|لل|ول|وب|فل|[وفبكل])?"


# What redaction writes in place of a name: not a word of the name, whatever the name is.
REPLACEMENTS = re.compile(r"\[withheld\]|Customer [A-Z]+(?:(?:, | or )[A-Z]+)*")


def survivors(output: str, terms: list[Term]) -> list[str]:
    """Each term found in the output after the same folding: standing alone (with a plural or
    a glued Hebrew/Arabic prefix) for words, anywhere for scripts without spaces."""
    folded = fold(REPLACEMENTS.sub(" ", output))
    letter = word_class()
    found = []
    for term in terms:
        if term.substring:
            hit = term.text in folded
        else:
            prefix = (
                HEBREW_PREFIX
                if _HEBREW.search(term.text)
                else ARABIC_PREFIX
                if _ARABIC.search(term.text)
                else ""
            )
            # A word's neighbours: letters not of a script without spaces (those end a word).
            beside = f"(?!{SPACELESS_CLASS}){letter}"
            pattern = f"(?<!{beside}){prefix}{re.escape(term.text)}(?:e?s)?(?!{beside})"
            hit = re.search(pattern, folded) is not None
        if hit:
            at = folded.find(term.text)
            found.append(f"{term.text!r} in …{folded[max(0, at - 40) : at + 40]!r}…")
    return found


def _terms(case: Case, template: Template) -> list[Term]:
    return [
        term
        for name in case.customers + case.private
        for term in distinctive_terms(name)
        if not template.holds(term)
    ]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases())
@example(case=Case(["Kilim Ltd"], ["Işık"], ["KILIM and Kılım", "ISIK, ışık's"] * 8))
# Found by hypothesis: "Şal" folds to "sal", and "Sales quota behind" is the catalogue's.
@example(case=Case(["Şal"], [], ["Pushed"] * 16))
@example(case=Case(["Straße Bau"], ["Zoë"], ["STRASSE's", "Zoe\u0308 and ZOË"] * 8))
@example(
    case=Case(["王小明", "Northwind Logistics"], ["สมชาย"], ["我们和Northwind签约王小明"] * 16)
)
def test_no_distinctive_word_of_any_name_survives_redaction(
    case: Case, template: Template, tmp_path_factory: pytest.TempPathFactory
) -> None:
    conn = open_journal(tmp_path_factory.mktemp("case") / "j.sqlite")
    _build(conn, case)
    terms = _terms(case, template)
    full = export(conn, "json", "full", None)
    assert fold(full)  # the full export holds the names: redaction has something to hide
    for fmt, privacy, period in REDACTED:
        output = export(conn, fmt, privacy, period, tuple(case.private))
        assert survivors(output, terms) == [], (fmt, privacy)
    conn.close()


@settings(max_examples=200, deadline=None)
@given(
    customers=st.lists(st.text(max_size=12), max_size=4),
    private=st.lists(st.text(max_size=12), max_size=3),
    text=st.text(max_size=60),
)
def test_redaction_never_raises(customers: list[str], private: list[str], text: str) -> None:
    redactor = Redactor(customers, tuple(private), [("own-id", False)])
    assert isinstance(redactor.text(text), str)
    assert isinstance(redactor.customer(text), str)
    for name in customers + private:
        if distinctive_terms(name):
            assert survivors(redactor.text(name), distinctive_terms(name)) == [], name


# --- see before you share ---------------------------------------------------------------------


def test_leftovers_list_names_and_amounts_likeliest_first() -> None:
    found = leftovers_in(
        [
            "Told Priya at Customer A that the €40k deal and $1,200 were fine. Priya agreed.",
            "Check the order 44712 for PRIYA on 2026-10-03; in 2026, Q3 and FY2027, 3 days, 40%.",
            "Sales quota behind, looking good to the boss. Monday: [withheld] and Dana Reyes's.",
            "Check again, then check. Atlas slipped.",
        ]
    )
    assert [(item.kind, item.text, item.count) for item in found] == [
        (INSIDE, "Priya", 3),
        (INSIDE, "Dana", 1),
        (INSIDE, "Reyes", 1),
        (NUMBER, "$1,200", 1),
        (NUMBER, "44712", 1),
        (NUMBER, "€40k", 1),
        (AT_START, "Atlas", 1),  # only where a sentence starts, never in lowercase
    ]  # "Check" is also written in lowercase; "Sales" is the catalogue's; "Monday" a start


def _journal_with_a_name_in_free_text(path: Path) -> None:
    conn = open_journal(path)
    entries.add(
        conn,
        EntryFields(
            situation="Told Priya at Northwind the €40k renewal could wait; Priya agreed.",
            customer="Northwind Logistics",
            occurred_on=date(2026, 11, 2),
        ),
        today=TODAY,
    )
    conn.close()


def test_export_check_lists_what_is_left_and_writes_nothing(
    run: Runner, db_path: Path, tmp_path: Path
) -> None:
    _journal_with_a_name_in_free_text(db_path)
    target = tmp_path / "never.md"
    before = db_path.read_bytes()
    result = run("export", "--format", "md", "--redact", "--check", "-o", str(target))
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "Left in the redacted md (1 entry, 2026-Q4) that may still name someone:",
        "Capitalised inside a sentence:",
        "  2  Priya",
        "Numbers and amounts:",
        "  1  €40k",
        f"Add the names among them to private_names in {tmp_path / 'config.toml'}, then export"
        " again. Nothing was written.",
    ]
    assert not target.exists()
    assert db_path.read_bytes() == before
    (tmp_path / "config.toml").write_text('private_names = ["Priya"]\n', encoding="utf-8")
    again = run("export", "--format", "json", "--redact", "--check")
    assert again.out.splitlines()[1:3] == ["Numbers and amounts:", "  1  €40k"]
    patterns = run("export", "--format", "html", "--patterns-only", "--check")
    assert patterns.out.startswith("Nothing left that looks like a name or an amount (0 entries")


def test_export_check_needs_a_redacted_export(run: Runner, db_path: Path) -> None:
    _journal_with_a_name_in_free_text(db_path)
    result = run("export", "--format", "md", "--check")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "--check looks at what a redacted export leaves" in result.err


@pytest.mark.parametrize(
    ("privacy", "first"),
    [
        ([], "Privacy: full."),
        (["--redact"], "Privacy: redacted."),
        (["--patterns-only"], "Privacy: patterns only."),
    ],
)
def test_summaries_say_their_privacy_at_the_top(
    run: Runner, db_path: Path, privacy: list[str], first: str
) -> None:
    _journal_with_a_name_in_free_text(db_path)
    markdown = run("export", "--format", "md", *privacy).out.splitlines()
    assert markdown[2].startswith(f"- {first}")
    assert "entries in the trash are" in markdown[2]
    html_page = run("export", "--format", "html", *privacy).out
    facts = html_page.index('<ul class="facts">')
    assert html_page.index(first, facts) < html_page.index("Period:", facts)
