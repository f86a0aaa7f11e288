"""Text normalisation for search: accents, case, words, plurals, abbreviations, level words.

Both the names indexed and the query go through the same steps, so they meet halfway:

1. `normalise_text`: Unicode NFKD, accents dropped, case-folded, split into words of
   letters and digits ("Café-Owner" -> ``"cafe owner"``); `normalise_name` first drops
   the plural "s" of upper-case abbreviations ("RNs" -> ``"rn"``);
2. `Analyser.terms`: each word expanded if it is a known abbreviation ("RN" ->
   "registered nurse", "Sr." -> "senior"), then reduced to its singular by `stem`
   ("nurses" -> "nurse", "actuaries" -> "actuary"). The abbreviations are the fixed
   table `ABBREVIATIONS` plus those an index learns from its own names
   (`learn_abbreviations`: "Licensed Professional Counselor (LPC)" teaches "lpc").

`word_weight` tells how much a word says: level words (`LEVEL_WORDS`: senior, lead,
II...) and filler words (`FILLER_WORDS`: and, of, the...) say little, so a query that adds
or drops them still finds the same names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["normalise_text", "normalise_name", "stem", "word_weight", "learn_abbreviations",
           "Analyser", "ABBREVIATIONS", "LEVEL_WORDS", "FILLER_WORDS"]

_WORD = re.compile(r"[^\W_]+")
#: Letters that NFKD does not split into a base letter and an accent.
_LETTERS = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
                          "þ": "th", "ı": "i"})

#: Words that say how senior a job is, not what it is: a query may add or drop them.
LEVEL_WORDS = frozenset({
    "senior", "junior", "lead", "head", "chief", "principal", "trainee", "apprentice",
    "journeyman", "journeyperson", "master", "staff", "entry", "level", "intern",
    "i", "ii", "iii", "iv", "v", "1", "2", "3", "4",
})
#: Words that join the others and name nothing; single letters too (see `word_weight`).
FILLER_WORDS = frozenset({"and", "of", "the", "or", "in", "for", "to", "with", "a", "an",
                          "on", "at", "by", "from", "as"})
#: Common abbreviations of job titles, written out. The index adds those it learns from
#: its names ("Long Form (LF)"); these win over a learned meaning.
ABBREVIATIONS: dict[str, str] = {
    "rn": "registered nurse", "lpn": "licensed practical nurse",
    "lvn": "licensed vocational nurse", "cna": "certified nursing assistant",
    "np": "nurse practitioner", "emt": "emergency medical technician",
    "md": "medical doctor", "pa": "physician assistant", "ot": "occupational therapist",
    "pt": "physical therapist", "slp": "speech language pathologist",
    "lcsw": "licensed clinical social worker", "cpa": "certified public accountant",
    "hr": "human resources", "it": "information technology", "pm": "project manager",
    "qa": "quality assurance", "dba": "database administrator",
    "csr": "customer service representative", "gm": "general manager",
    "ceo": "chief executive officer", "cfo": "chief financial officer",
    "coo": "chief operating officer", "cto": "chief technology officer",
    "cio": "chief information officer", "cmo": "chief marketing officer",
    "vp": "vice president", "svp": "senior vice president",
    "evp": "executive vice president", "avp": "assistant vice president",
    "sr": "senior", "snr": "senior", "jr": "junior", "mgr": "manager", "asst": "assistant",
    "assoc": "associate", "dir": "director", "supv": "supervisor", "supvr": "supervisor",
    "coord": "coordinator", "rep": "representative", "eng": "engineer", "engr": "engineer",
    "tech": "technician", "mgmt": "management", "ops": "operations", "svc": "service",
    "dept": "department", "lab": "laboratory",
}
_ABBREVIATION = re.compile(r"\(([^()]*)\)")
_PLURAL_ABBREVIATION = re.compile(r"\b([A-Z]{2,})s\b")  # "RNs", "CEOs"; not "NPS"
#: Most words whose terms an analyser remembers (the index's words, and then queries').
_CACHE_SIZE = 100_000


def normalise_text(text) -> str:
    """Return `text` accent-stripped, case-folded and reduced to space-separated words.

    Examples
    --------
    >>> normalise_text("  Café-Owner / ÉLITE  "), normalise_text("Søren Œuvre Straße")
    ('cafe owner elite', 'soren oeuvre strasse')
    >>> normalise_text("13-2072"), normalise_text(None)
    ('13 2072', '')
    """
    if not text:
        return ""
    text = str(text)
    if text.isascii():  # the common case: no accents to strip
        return " ".join(_WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(stripped.casefold().translate(_LETTERS)))


def normalise_name(text) -> str:
    """Return `normalise_text` of `text` after the plural "s" of upper-case abbreviations.

    Examples
    --------
    >>> normalise_name("RNs and LPNs"), normalise_name("NPS Rangers"), normalise_name(None)
    ('rn and lpn', 'nps rangers', '')
    """
    if not text:
        return ""
    text = str(text)
    if "s" in text:
        text = _PLURAL_ABBREVIATION.sub(r"\1", text)
    return normalise_text(text)


def stem(word: str) -> str:
    """Return the singular of an English plural (a few suffix rules), else the word.

    Not a linguist's stemmer: both sides of a comparison go through it, so what matters
    is that a plural and its singular meet, and that short words stay as they are.

    Examples
    --------
    >>> [stem(w) for w in ["nurses", "actuaries", "boxes", "classes", "firemen", "bus",
    ...                    "analysis"]]
    ['nurse', 'actuary', 'box', 'class', 'fireman', 'bus', 'analysis']
    """
    n = len(word)
    if n <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and n > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith("men") and n > 4:
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def word_weight(word: str) -> float:
    """Return how much a word tells about a job: 1, or less for level and filler words.

    Examples
    --------
    >>> word_weight("nurse"), word_weight("senior"), word_weight("of"), word_weight("x")
    (1.0, 0.3, 0.1, 0.1)
    """
    if word in FILLER_WORDS or (len(word) == 1 and word not in LEVEL_WORDS):
        return 0.1
    if word in LEVEL_WORDS:
        return 0.3
    return 1.0


def learn_abbreviations(texts, normalised=None) -> dict[str, str]:
    """Return {abbreviation: long form} taught by names such as "Long Form (LF)".

    An abbreviation is learned from "Words (ABC)" when A, B, C are the initials of the
    last words before it (filler words skipped), or from "ABC (Words)" the other way
    round. One with several meanings, or that is also a word of its own elsewhere in
    `texts` more often than an abbreviation, is left out. `normalised`, when given, is
    `normalise_text` of each text (saves computing it again).

    Examples
    --------
    >>> learn_abbreviations(["Chief Nursing Officer (CNO)",
    ...                      "LPC (Licensed Professional Counselor)",
    ...                      "Crime Scene Analyst (CSA)", "Customer Service Associate (CSA)"])
    {'cno': 'chief nursing officer', 'lpc': 'licensed professional counselor'}
    """
    texts = list(texts)
    normalised = [normalise_text(t) for t in texts] if normalised is None else list(normalised)
    meanings: dict[str, Counter] = {}
    taught = Counter()  # names that teach each abbreviation
    for text in texts:
        match = _ABBREVIATION.search(text) if "(" in text else None
        if not match:
            continue
        before = normalise_text(text[:match.start()]).split()
        inside = normalise_text(match.group(1)).split()
        found = None
        if len(inside) == 1:
            found = _initials_match(inside[0], before, last=True)
        elif len(before) == 1:
            found = _initials_match(before[0], inside, last=False)
        if found:
            meanings.setdefault(found[0], Counter())[found[1]] += 1
            taught[found[0]] += 1
    as_word = Counter()  # names holding each abbreviation as a word, teaching ones included
    for text in normalised:
        for word in text.split():
            if word in meanings:
                as_word[word] += 1
    out = {}
    for short, long_forms in meanings.items():
        forms = {" ".join(stem(w) for w in form.split()) for form in long_forms}
        count = taught[short]
        if (len(forms) == 1 and as_word[short] - count <= count
                and short not in FILLER_WORDS and short not in LEVEL_WORDS):
            out[short] = long_forms.most_common(1)[0][0]
    return dict(sorted(out.items()))


def _initials_match(short: str, words: list[str], last: bool):
    """Return (short, long form) when `short` (3 to 6 letters) spells the initials of
    the last (or all) words of `words`, filler words skipped; else None.

    Two letters are too easily the start of a word being typed ("fo" for "food"): the
    two-letter abbreviations worth knowing are in `ABBREVIATIONS`.
    """
    if not (3 <= len(short) <= 6 and short.isalpha()):
        return None
    content = [w for w in words if w not in FILLER_WORDS]
    if last:
        content = content[-len(short):]
    if len(content) != len(short) or "".join(w[0] for w in content) != short:
        return None
    return short, " ".join(content)


class Analyser:
    """Turns normalised text into search terms: abbreviations written out, plurals singular.

    Parameters
    ----------
    abbreviations : dict, optional
        Extra {abbreviation: long form} (e.g. from `learn_abbreviations`); the fixed
        `ABBREVIATIONS` win over them.

    Examples
    --------
    >>> analyser = Analyser()
    >>> analyser.terms("sr rn"), analyser.terms("registered nurses")
    (['senior', 'registered', 'nurse'], ['registered', 'nurse'])
    >>> analyser.key("Certified Public Accountant (CPA)")
    'certified public accountant'
    """

    def __init__(self, abbreviations=None):
        table = dict(abbreviations or {})
        table.update(ABBREVIATIONS)
        self._expand = {short: [stem(w) for w in long.split()] for short, long in table.items()}
        self._cache: dict[str, tuple[str, ...]] = {}

    def word_terms(self, word: str) -> tuple[str, ...]:
        """Return the terms of one normalised word (several for an abbreviation)."""
        terms = self._cache.get(word)
        if terms is None:
            expanded = self._expand.get(word)
            if expanded is None:
                singular = stem(word)
                expanded = self._expand.get(singular, [singular])
            terms = tuple(expanded)
            if len(self._cache) < _CACHE_SIZE:
                self._cache[word] = terms
        return terms

    def terms(self, normalised: str) -> list[str]:
        """Return the terms of normalised text, in order (repeats kept)."""
        return [t for word in normalised.split() for t in self.word_terms(word)]

    def key(self, text) -> str:
        """Return the comparison key of `text`: its terms, each once, in order."""
        return " ".join(dict.fromkeys(self.terms(normalise_name(text))))
