"""Curated word lists for redaction and for the check before sharing.

Kept short on purpose: every word here is one a redacted export will NOT hide on its own
(a name made only of such words is still hidden where it is written whole).
Words are lowercase as the redaction folds them (no accents).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Legal forms: "Northwind Logistics Ltd" is named by "Northwind" and "Logistics", not "Ltd".
LEGAL_FORMS = _words(
    """
    ltd limited inc incorporated llc llp lp plc corp corporation co company companies gmbh ag
    kg ohg ev ug se sa sas sarl srl spa bv nv ab asa oy oyj aps kk pty pvt pte sdn bhd lda ltda
    sl cv sro zrt kft doo ooo oao zao pao ks as sp zoo gbr mbh kgaa eg ek
    """
)

# Words that describe what kind of organisation it is rather than which one.
ORGANISATION_WORDS = _words(
    """
    group groups holding holdings international intl global worldwide services service
    solutions systems technologies enterprises industries partners partnership associates
    consulting consultants ventures trust union association foundation institute society agency
    department office team teams division unit branch
    """
)

# What trade an organisation is in: "Summit Credit Union" is named by "Summit", and every
# "credit" of a text is not that customer.
SECTOR_WORDS = _words(
    """
    bank banks banking credit insurance capital finance financial investments health
    healthcare medical clinic clinics hospital pharma pharmacy dental school schools university
    college academy retail stores store logistics freight transport shipping analytics software
    data digital media marketing energy foods food manufacturing construction engineering
    realty properties property legal law airlines motors telecom networks labs studio studios
    design hotels hotel restaurant restaurants
    """
)

# Words of this journal's own vocabulary: every entry speaks of customers and deals.
JOURNAL_WORDS = _words(
    """
    customer customers client clients account accounts manager boss project projects deal deals
    contact contacts vendor supplier
    """
)

# Function words and the most frequent short words of English and a few other languages
# (articles, prepositions, conjunctions, pronouns, titles), so "Bank of the West" hides
# "Bank" and "West", never every "of" and "the".
FUNCTION_WORDS = _words(
    """
    a an the and or nor but of to in on at by for from with without into onto over under about
    above after before between through during near off out up down upon via per as is are was
    were be been being am it its this that these those there here i me my mine we us our ours
    you your yours he him his she her hers they them their theirs who whom whose which what
    when where why how all any both each few more most other some such no not only own same so
    than too very can will just do does did done has have had having should would could may
    might must shall let get got new old one two three four five first second third last next
    good best big great little small high low long short north south east west central general
    national united royal city state world mr mrs ms dr prof sir st saint le la les l du des de
    d un une et ou au aux en pour par sur dans avec der die das den dem des ein eine einer und
    oder von vom zu zum zur im am mit fur el los las lo y e del al con por para su sus il lo
    gli di da dei della delle het een van voor op o os as do dos das em no na och og i pa af
    til med bin ibn bint abu al el
    """
)

NOT_DISTINCTIVE = LEGAL_FORMS | ORGANISATION_WORDS | SECTOR_WORDS | JOURNAL_WORDS | FUNCTION_WORDS

# Capitalised only because a sentence starts with them: the check before sharing leaves
# them out of what may still name someone. Compared in lowercase.
SENTENCE_STARTS = FUNCTION_WORDS | _words(
    """
    today yesterday tomorrow tonight now then later earlier again also still yet once after
    before when while because since although though if unless until so but and or yes no ok
    okay maybe perhaps instead otherwise meanwhile finally eventually later told asked said
    called sent wrote pushed sold promised offered agreed chose decided kept let made gave took
    went came saw met missed skipped held stayed tried wanted need needed should could would
    will might must did didn't don't won't can't monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov
    dec q1 q2 q3 q4 fy next time note notes recovery impact situation
    """
)
