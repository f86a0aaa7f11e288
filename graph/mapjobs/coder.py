"""Code an organization's job titles to occupations (SOC codes) with a confidence.

`code_titles` turns each title into a `Coded`: the SOC code, the occupation's label and
profession node, a confidence in [0, 1], the next three occupations and the name that
matched. A list is coded in one pass:

1. **clean** (`clean_title`): what organizations add to a title and occupations do not
   carry is dropped: shifts and schedules ("- Nights", "(Remote)", "PRN", "2nd Shift"),
   hospital units after a dash ("- Med/Surg", "ICU"), grades ("Sr.", "II", "Level 3"),
   and common abbreviations are written out ("Admin" -> administrative, "Maint" ->
   maintenance); a word no known name holds is corrected when one typo away from one
   ("Acountant" -> accountant);
2. **look up**: a cleaned title equal to a known name (a profession's label or alias, a
   title of ``G.graph["titles"]``), as it is or without a level word ("Lead"), is coded
   at once; when the name is known for several occupations, the one named by most
   sources comes first, then the one employing most people (node attribute
   ``employment``). The alternatives of a known name are the occupations of the other
   known names holding all its words;
3. **classify** otherwise: `graph.mapjobs.classifier.TitleClassifier` scores every
   occupation by the words, head word and character n-grams its names share with the
   title (so a word no name holds, "Stratigrapher", still counts by its pieces), all
   such titles of the list at once, best code first.

The confidence is a logistic function of the best code's score and of its lead over the
next code, fitted on held-out O*NET titles with organization-style noise (see
``bench/bench_mapjobs.py``); a known name of one occupation gets 0.9, one reached by
correcting a word 0.6 or 0.35 (whether the classifier agrees or not). A value under
`LOW_CONFIDENCE` flags a coding worth a look.
`TitleCoder` also keeps the previous engine (``engine="search"``: `graph.search` with its
matches gathered by SOC code) to compare against.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice, product

from rapidfuzz import fuzz, process

from ..cache import GraphCache
from ..errors import UnknownNameError
from ..schema import ALIAS_SEPARATOR
from ..search import search_index
from ..search.normalise import LEVEL_WORDS, Analyser, normalise_name
from ..spelling import Typos
from .classifier import TitleClassifier

__all__ = [
    "ALTERNATIVES",
    "LOW_CONFIDENCE",
    "Coded",
    "TitleCoder",
    "clean_title",
    "code_titles",
    "recode",
    "title_coder",
]

#: Codings under this confidence are worth a look (the panel marks them).
LOW_CONFIDENCE = 0.5
#: Occupations offered besides the chosen one.
ALTERNATIVES = 3
_SOC = re.compile(r"\d\d-\d{4}")
_CANDIDATES = 12  # search matches gathered by code (more change nothing on the benchmark)
_SPELLINGS = 8  # corrections of a word tried (held by most names first; 3 did worse)
_LEAST_COSINE = 0.02  # a classifier's match under this cosine is no match
_SAME_CODE = 0.25  # weight of a code's second-best match added to its best
#: Confidence = 1 / (1 + exp(-(A + B score + C lead))) for each engine's scores, fitted
#: by ``python -m bench.bench_mapjobs --fit`` on 1,200 held-out noisy titles (seed 1005,
#: disjoint from the evaluation set): the lead over the next code says more than the
#: score. A title that is, once cleaned, a known name of one occupation only gets
#: `_EXACT`; once a word no name holds is corrected, `_SPELLED` (about the share right
#: there: 33% when the classifier ranks another code first, 58% when the same).
_LOGISTIC = {"classifier": (-1.33, 7.30, 58.83), "search": (-0.84, 0.28, 8.11)}
_EXACT = 0.9
_SPELLED = (0.35, 0.6)  # (the classifier ranks another code first, the same)

#: Level words a title may drop to be a known name ("Lead Cook"); "head" and "chief" name
#: jobs of their own ("Head Cook" is a chef).
_LEVELS = LEVEL_WORDS - {"head", "chief", "master", "staff"}
#: Words that say when or where a job is done, not what it is.
SCHEDULE_WORDS = frozenset({
    "night", "nights", "nite", "nites", "day", "days", "evening", "evenings", "weekend",
    "weekends", "overnight", "overnights", "noc", "shift", "shifts", "1st", "2nd", "3rd",
    "first", "second", "third", "swing", "graveyard", "rotating", "prn", "per", "diem",
    "part", "full", "time", "ft", "fte", "temp", "temporary", "contract", "contractor",
    "seasonal", "casual", "remote", "hybrid", "onsite", "site", "on", "float", "pool",
    "relief", "interim", "fixed", "term", "hourly", "salaried", "exempt", "nonexempt",
    "non", "bilingual", "spanish", "hrs", "hours", "12", "8", "10", "am", "pm",
})
#: Hospital units and similar department names that follow a dash.
UNIT_WORDS = frozenset({
    "med", "surg", "medsurg", "icu", "nicu", "picu", "micu", "sicu", "ccu", "cvicu", "ed",
    "er", "or", "pacu", "l", "d", "ld", "ldrp", "tele", "telemetry", "oncology", "onc",
    "peds", "pediatrics", "ob", "obgyn", "gyn", "psych", "rehab", "stepdown", "step",
    "down", "ambulatory", "inpatient", "outpatient", "clinic", "unit", "floor", "dept",
    "department", "division", "team", "branch", "store", "office", "hq", "north", "south",
    "east", "west", "central", "main", "campus", "location", "region", "regional",
})
#: Grade words: they rank a job, they do not name it.
GRADE_WORDS = frozenset({"sr", "snr", "senior", "jr", "junior", "i", "ii", "iii", "iv",
                         "v", "vi", "1", "2", "3", "4", "5"})
_GRADE_PHRASE = re.compile(r"\b(?:level|grade|band|step|tier)\s*[0-9ivx]+\b", re.IGNORECASE)
#: Organization-style abbreviations the search does not write out.
ORG_ABBREVIATIONS = {
    "admin": "administrative", "adm": "administrative", "acct": "accounting",
    "acctg": "accounting", "maint": "maintenance", "mfg": "manufacturing",
    "mktg": "marketing", "mkt": "marketing", "exec": "executive", "spec": "specialist",
    "spclst": "specialist", "sup": "supervisor", "supt": "superintendent",
    "tchr": "teacher", "instr": "instructor", "prod": "production", "dev": "developer",
    "sw": "software", "svcs": "services", "serv": "service", "cust": "customer",
    "pharm": "pharmacy", "admr": "administrator", "adminstrator": "administrator",
    "anlst": "analyst", "techn": "technician", "whse": "warehouse",
    "wh": "warehouse", "reg": "registered", "cert": "certified", "lic": "licensed",
    "med": "medical", "surg": "surgical", "elec": "electrical", "mech": "mechanical",
    "env": "environmental", "sys": "systems", "hosp": "hospital", "pt": "physical therapist",
    "pta": "physical therapist assistant", "cota": "occupational therapy assistant",
    "ma": "medical assistant", "phleb": "phlebotomist", "rt": "respiratory therapist",
    "crna": "nurse anesthetist", "aprn": "nurse practitioner", "fnp": "nurse practitioner",
    "ee": "electrical engineer", "me": "mechanical engineer",
    "swe": "software engineer", "sde": "software developer", "ux": "user experience",
    "ui": "user interface", "bi": "business intelligence", "ar": "accounts receivable",
    "ap": "accounts payable", "gl": "general ledger", "ops": "operations",
}
#: Words dropped from the parts of a title after its first (after a dash, a comma...).
_LATER_NOISE = SCHEDULE_WORDS | UNIT_WORDS | GRADE_WORDS | {"pt"}
#: Schedule words dropped even inside a title's main part.
_SCHEDULE_INSIDE = frozenset({"prn", "nights", "overnight", "remote", "hybrid", "onsite",
                              "temp", "seasonal", "fte"})
_SEPARATOR = re.compile(r"\s+[-\u2013\u2014|:/]\s+|\s*[,;|]\s*|\s+[-\u2013\u2014]$")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")
#: A title that matches none of this has one part and nothing in brackets.
_PLAIN = re.compile(r"[-\u2013\u2014|:/,;(){}\[\]]|level|grade|band|step|tier", re.IGNORECASE)


@dataclass(frozen=True)
class Coded:
    """The occupation a title was coded to (all empty, confidence 0, when none).

    ``alternatives`` holds the next occupations as ``(code, label)`` pairs, best first;
    ``matched`` is the name (label, alias or job title) that matched.
    """

    soc_code: str = ""
    occupation: str = ""
    node: str = ""
    confidence: float = 0.0
    alternatives: tuple = ()
    matched: str = ""

    @property
    def low(self) -> bool:
        """True when the coding is worth a look (confidence under `LOW_CONFIDENCE`)."""
        return self.confidence < LOW_CONFIDENCE


def _words(text: str) -> list[str]:
    """Return the lower-case words of text, "/" and "&" splitting them ("Med/Surg")."""
    return normalise_name(text).split()


def clean_title(title) -> str:
    """Return a title without what an organization adds to it (see the module summary).

    The parts after a dash, comma or bar keep only the words that name neither a
    schedule, a unit nor a grade, and so do the parts in brackets (put last). Grade words
    go wherever they are, unless nothing else is left; the words are normalised
    (`normalise_name`) and the organization abbreviations written out.

    Examples
    --------
    >>> clean_title("RN - Med/Surg Nights"), clean_title("Sr. Loan Processor II")
    ('rn', 'loan processor')
    >>> clean_title("Warehouse Associate (Remote) - 2nd Shift")
    'warehouse associate'
    >>> clean_title("Accountant - Payroll, PRN"), clean_title("Admin Asst, Level 3")
    ('accountant payroll', 'administrative asst')
    >>> clean_title("III"), clean_title("")
    ('iii', '')
    """
    text = str(title or "")
    if _PLAIN.search(text) is None:  # most names: one part, nothing in brackets
        inner, parts = [], [text]
    else:
        inner = [w for found in _BRACKETS.findall(text) for w in _words(found)
                 if w not in _LATER_NOISE]  # "(Remote)" goes, "(ICU Float)" too, "(AV Tech)" stays
        text = _GRADE_PHRASE.sub(" ", _BRACKETS.sub(" ", text))
        parts = _SEPARATOR.split(text)
    kept = []
    for i, part in enumerate(parts):
        words = _words(part)
        if i:  # a later part keeps only what is neither schedule, unit nor grade
            words = [w for w in words if w not in _LATER_NOISE]
        kept.extend(words)
    kept.extend(w for w in inner if w not in kept)
    words = [w for w in kept if w not in _SCHEDULE_INSIDE]
    core = [w for w in words if w not in GRADE_WORDS]
    if not core:
        core = words or _words(str(title or ""))
    return " ".join(ORG_ABBREVIATIONS.get(w, w) for w in core)


class TitleCoder:
    """Codes job titles to the SOC occupations of a graph (see `graph.mapjobs.coder`).

    Parameters
    ----------
    G : networkx.DiGraph
        A graph whose profession (and job) nodes carry SOC ``code`` values; its titles
        table (``G.graph["titles"]``) and aliases are known names.
    engine : {"classifier", "search"}
        What ranks the occupations of a title that is not a known name of one
        occupation: the `TitleClassifier` over all names of each occupation (the
        default: more often right and about ten times faster), or `graph.search` with its
        matches gathered by SOC code (the previous way, kept to compare against).

    Notes
    -----
    Building cleans every label, alias and title once (a few seconds on ``data/us``'s
    77,000 names); the classifier is built on the first title that needs it (a few
    seconds more). A title equal to a known name once cleaned costs a dict look-up; the
    others of a list are scored together by the classifier (about 0.3 ms a title on
    ``data/us``; a search costs some 6 ms). The coder remembers the titles it has seen
    (an organization repeats its titles), so a list costs its distinct titles.
    """

    def __init__(self, G, engine: str = "classifier"):
        if engine not in ("classifier", "search"):
            raise ValueError(f"engine: expected 'classifier' or 'search', got {engine!r}")
        self.engine = engine
        self.index = search_index(G) if engine == "search" else None
        self._analyser = Analyser()
        best: dict[str, tuple] = {}
        for position, (node, data) in enumerate(G.nodes(data=True)):
            code = str(data.get("code") or "")
            if _SOC.fullmatch(code) and data.get("tier") in ("profession", "job"):
                key = (data.get("tier") != "profession", position)
                if code not in best or key < best[code][0]:
                    best[code] = (key, node, str(data.get("label") or node))
        self.carrier = {code: (node, label) for code, (_k, node, label) in best.items()}
        self._people = {code: _number(G.nodes[node].get("employment"))
                        for code, (node, _label) in self.carrier.items()}
        self.code_of = {}
        learned: dict[str, tuple] = {}
        known: dict[str, Counter] = {}
        names: dict[tuple, str] = {}
        for node, data in G.nodes(data=True):
            code = str(data.get("code") or "")
            if code not in self.carrier:
                continue
            self.code_of[node] = code
            aliases = data.get("aliases") or ""
            if isinstance(aliases, str):
                aliases = aliases.split(ALIAS_SEPARATOR)
            for name in (str(data.get("label") or ""), *map(str, aliases)):
                self._learn(known, names, learned, name, code)
        for row in G.graph.get("titles", None) or ():
            if (isinstance(row, (tuple, list)) and len(row) >= 2 and isinstance(row[0], str)
                    and self.code_of.get(row[1])):
                self._learn(known, names, learned, row[0], self.code_of[row[1]])
        self._known = known
        self._names = names
        self._keys = list(known)
        postings: dict[str, list[int]] = {}  # term -> the known names holding it
        keys_of: dict[str, list[str]] = {code: [] for code in self.carrier}
        for number, key in enumerate(self._keys):
            for term in key.split():
                postings.setdefault(term, []).append(number)
            for code in known[key]:
                keys_of[code].append(key)
        self._postings = postings
        self._keys_of = keys_of
        self._typos = Typos(postings)
        self._classifier = None
        self._seen: dict[str, Coded] = {}

    @property
    def classifier(self) -> TitleClassifier:
        """The `TitleClassifier` over the known names of each occupation, built on first use."""
        if self._classifier is None:
            self._classifier = TitleClassifier(self._keys_of)
        return self._classifier

    def _key(self, cleaned: str) -> str:
        """Return the look-up key of a cleaned title: its terms, each once, in order."""
        return " ".join(dict.fromkeys(self._analyser.terms(cleaned)))

    def _spelled(self, key: str) -> tuple[str, Counter | None, dict]:
        """Return (a title's key with its words no known name holds corrected, the codes
        of the known names so spelled or None, {code: the name}).

        Each word of four letters or more that no known name holds is replaced by a
        known word one typo away (`graph.spelling.Typos`; two did worse); of
        several, the spelling that makes a known name wins (the codes of all such names
        are returned, "fhanger" -> changer or hanger), else the word held by most names.
        A word with none stays.
        """
        words = key.split()
        options = []
        for word in words:
            found = () if word in self._postings or len(word) < 4 else self._typos.near(word)
            terms = sorted(found, key=lambda t: (-len(self._postings[t]), t))[:_SPELLINGS]
            options.append(terms or [word])
        if all(len(o) == 1 and o[0] == w for o, w in zip(options, words)):
            return key, None, {}
        spelled = [" ".join(dict.fromkeys(choice))
                   for choice in islice(product(*options), _SPELLINGS ** 2)]
        known = [(bare, found) for bare, found in map(self._lookup, spelled) if found]
        if not known:
            return spelled[0], None, {}
        counts: Counter = Counter()
        named: dict[str, str] = {}
        for bare, found in known:
            counts.update(found)
            for code in found:
                named.setdefault(code, self._names[(bare, code)])
        return known[0][0], counts, named

    def _lookup(self, key: str) -> tuple[str, Counter | None]:
        """Return (the key a title is known by, its codes), or (key, None): the key as it
        is, else without its grade and level words (a "Lead Cook" is a cook)."""
        counts = self._known.get(key)
        if counts is None:
            bare = " ".join(w for w in key.split() if w not in _LEVELS)
            if bare and bare != key and bare in self._known:
                return bare, self._known[bare]
        return key, counts

    def _learn(self, known, names, learned, name, code) -> None:
        """Record that `name` (cleaned) names occupation `code`; `learned` holds the key
        of each name seen so far (case-folded) and the codes it was counted for: many
        names are both an alias and a title of one occupation, and count once for it
        (else "Warehouse Associate", an alias and a title of tank car loaders, would
        outrank the hand laborers it names as often)."""
        folded = name.casefold()
        seen = learned.get(folded)
        if seen is None:
            seen = learned[folded] = (self._key(clean_title(name)), set())
        key, counted = seen
        if key and code not in counted:
            counted.add(code)
            known.setdefault(key, Counter())[code] += 1
            names.setdefault((key, code), name.strip())

    def forget(self) -> None:
        """Forget the titles coded so far (each is then coded afresh, as by a new coder)."""
        self._seen.clear()

    def code(self, title) -> Coded:
        """Return the coding of one title (an empty `Coded` when nothing matches)."""
        return self.code_all([title])[0]

    def code_all(self, titles) -> list[Coded]:
        """Return the coding of each title, in order; the distinct cleaned titles not
        seen before are ranked together (`ranked_all`), so a list costs one pass."""
        cleaned = [clean_title(title) for title in titles]
        new = [c for c in dict.fromkeys(cleaned) if c and c not in self._seen]
        fresh = dict(zip(new, map(self._coded, self.ranked_all(new))))
        if len(self._seen) + len(fresh) <= 200_000:
            self._seen.update(fresh)
        empty = Coded()
        return [fresh[c] if c in fresh else self._seen.get(c, empty) for c in cleaned]

    def _coded(self, ranked) -> Coded:
        """Return the coding of a title from its ranked codes (`ranked`)."""
        if not ranked:
            return Coded()
        code, score, matched = ranked[0]
        node, label = self.carrier[code]
        if score > 1.0:  # a known name: its score is 1 + its confidence
            confidence = round(score - 1.0, 3)
        else:
            lead = score - (ranked[1][1] if len(ranked) > 1 else 0.0)
            confidence = confidence_of(min(score, 1.0), min(lead, 1.0), self.engine)
        alternatives = tuple((c, self.carrier[c][1]) for c, _s, _m in ranked[1:1 + ALTERNATIVES])
        return Coded(code, label, str(node), confidence, alternatives, matched)

    def ranked(self, cleaned: str) -> list[tuple[str, float, str]]:
        """Return the candidate codes of a cleaned title as (code, score, matched name),
        best first (`ranked_all` of one title)."""
        return self.ranked_all([cleaned])[0]

    def ranked_all(self, cleaned) -> list[list[tuple[str, float, str]]]:
        """Return the candidate codes of each cleaned title as (code, score, matched
        name), best first.

        A known name's codes score 1 + their confidence (only they score above 1):
        `_EXACT` (`_SPELLED` once a word is corrected) times the share of the name's
        sources naming the code. A name known for one occupation only is followed by
        the codes of the known names holding all its words (`_related`). Any other
        title is ranked by the engine (the classifier, all such titles at once; or one
        search each), with the words no name holds corrected (`_spelled`). A known name
        of several occupations, or one reached by correcting a word, puts its codes
        first: most named first, then the one employing most people (a "Warehouse
        Associate" is more often a hand laborer than a tank car loader).
        """
        keys = [self._key(c) for c in cleaned]
        corrected = set()  # the titles known once a word is corrected
        names: dict[int, dict] = {}  # their codes' names
        if self.engine == "search":  # as before the classifier: no spelling, no levels
            found = [(key, self._known.get(key)) for key in keys]
        else:
            found = [self._lookup(key) for key in keys]
            for i, (key, counts) in enumerate(found):
                if key and counts is None:
                    key, counts, named = self._spelled(key)
                    found[i] = key, counts
                    if counts:
                        corrected.add(i)
                        names[i] = named
            keys = [key for key, _counts in found]
        out: list = [[] for _key in keys]
        rest = []
        for i, (key, counts) in enumerate(found):
            if key and counts and len(counts) == 1 and i not in corrected:
                (code, _n), = counts.items()
                out[i] = [(code, 1.0 + _EXACT, self._names[(key, code)]),
                          *self._related(key, code)]
            elif key:
                rest.append(i)
        if self.engine == "search":
            engine = [self._searched(cleaned[i]) for i in rest]
        else:
            engine = [[(code, min(score, 0.999), "") for code, score, _cosine in best]
                      for best in self.classifier.top([keys[i] for i in rest], _CANDIDATES,
                                                      _LEAST_COSINE)]
        for i, ranked in zip(rest, engine):
            key, counts = found[i]
            if counts:
                total = sum(counts.values())
                scored = {code: s for code, s, _m in ranked}
                order = sorted(counts, key=lambda c: (-counts[c], -self._people[c],
                                                      -scored.get(c, 0.0), c))
                sure = _EXACT
                if i in corrected:  # surer when the classifier puts the same code first
                    sure = _SPELLED[bool(ranked) and ranked[0][0] == order[0]]
                ranked = [(code, 1.0 + sure * counts[code] / total - n / 10_000,
                           names[i][code] if i in names else self._names[(key, code)])
                          for n, code in enumerate(order)] + [
                    r for r in ranked if r[0] not in counts]
            if ranked and not ranked[0][2]:
                ranked[0] = (*ranked[0][:2], self._closest(key, ranked[0][0]))
            out[i] = ranked
        return out

    def _searched(self, cleaned: str) -> list[tuple[str, float, str]]:
        """Return the codes of a title's search matches gathered by code, best first."""
        by_code: dict[str, list] = {}
        for match in self.index.search(cleaned, _CANDIDATES):
            code = self.code_of.get(match.id)
            if code:
                by_code.setdefault(code, []).append(match)
        ranked = [(code, *self._gather(ms)) for code, ms in by_code.items()]
        ranked.sort(key=lambda r: -r[1])
        return ranked

    def _closest(self, key: str, code: str) -> str:
        """Return the known name of `code` spelled most like a title's key (its label
        if it has none)."""
        keys = self._keys_of.get(code) or ()
        best = process.extractOne(key, keys, scorer=fuzz.ratio) if keys else None
        return self._names[(best[0], code)] if best else self.carrier[code][1]

    def _related(self, key: str, code: str) -> list[tuple[str, float, str]]:
        """Return up to `ALTERNATIVES` other codes of the known names holding every term
        of `key` ("registered nurse" -> those of "registered nurse supervisor"...), most
        such names first, scored under 1."""
        lists = sorted((self._postings.get(t, ()) for t in key.split()), key=len)
        if not lists or not lists[0]:
            return []
        common = set(lists[0]).intersection(*lists[1:]) if len(lists) > 1 else set(lists[0])
        tally: Counter = Counter()
        named: dict[str, str] = {}
        for number in sorted(common):
            other = self._keys[number]
            for c, n in self._known[other].items():
                if c != code:
                    tally[c] += n
                    named.setdefault(c, self._names[(other, c)])
        ranked = sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:ALTERNATIVES]
        return [(c, 0.5 * n / (n + 1), named[c]) for c, n in ranked]

    @staticmethod
    def _gather(matches) -> tuple[float, str]:
        """Return (score, matched name) of one code from its matches, best first."""
        score = matches[0].score + (_SAME_CODE * matches[1].score if len(matches) > 1 else 0.0)
        return min(score, 0.999), matches[0].matched


def _number(value) -> float:
    """Return a node's count (such as ``employment``) as a number, 0 when absent."""
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else 0.0


def confidence_of(score: float, lead: float, engine: str = "classifier") -> float:
    """Return the confidence of a coding from its code's score and its lead over the next,
    as scored by `engine` (see `TitleCoder`).

    Examples
    --------
    >>> confidence_of(0.5, 0.1) > 0.9 > 0.5 > confidence_of(0.1, 0.01)
    True
    """
    a, b, c = _LOGISTIC[engine]
    return round(1.0 / (1.0 + math.exp(-(a + b * score + c * lead))), 3)


def recode(G, coded: Coded, code: str) -> Coded:
    """Return `coded` changed to occupation `code`, as a person chose it (confidence 1).

    The previous choice joins the alternatives (first), so it can be chosen back.

    Parameters
    ----------
    G : networkx.DiGraph or TitleCoder
        The graph the codes belong to, or its coder.
    coded : Coded
        The coding to change.
    code : str
        A SOC code carried by a profession or job node of G.

    Raises
    ------
    graph.errors.UnknownNameError
        When no node of G carries `code`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("rn", label="Registered Nurses", tier="profession", code="29-1141")
    >>> G.add_node("lpn", label="Licensed Practical Nurses", tier="profession", code="29-2061")
    >>> first, = code_titles(G, ["Nurse"])
    >>> changed = recode(G, first, "29-2061")
    >>> changed.occupation, changed.confidence, changed.alternatives[0][0] == first.soc_code
    ('Licensed Practical Nurses', 1.0, True)
    """
    coder = G if isinstance(G, TitleCoder) else title_coder(G)
    if code not in coder.carrier:
        raise UnknownNameError("SOC code", code, ())
    node, label = coder.carrier[code]
    before = ((coded.soc_code, coded.occupation),) if coded.soc_code else ()
    others = tuple(a for a in (*before, *coded.alternatives) if a[0] != code)
    return Coded(code, label, str(node), 1.0, others[:ALTERNATIVES], coded.matched)


_CACHE = GraphCache(TitleCoder)


def title_coder(G) -> TitleCoder:
    """Return the `TitleCoder` of G, built on first use and cached while G is alive."""
    return _CACHE.get(G)


def code_titles(G, titles) -> list[Coded]:
    """Code each title to an occupation of G; one `Coded` per title, in order.

    Parameters
    ----------
    G : networkx.DiGraph or TitleCoder
        The graph (its coder is built once and cached), or a coder already built.
    titles : iterable of str
        Job titles as an organization writes them; empty ones get an empty `Coded`.

    Returns
    -------
    list of Coded
        As many as `titles`, in the same order.

    See Also
    --------
    graph.mapjobs.read_table : Reads the titles from a file.
    graph.mapjobs.write_csv : Writes the codings beside the rows.
    graph.mapjobs.classifier.TitleClassifier : Ranks the occupations of unknown titles.

    Notes
    -----
    Each distinct cleaned title is coded once: a known name costs a dict look-up, the
    others are scored together by the classifier (10,000 distinct titles no name
    matches in about 2-3 s on ``data/us``, 2 shared cores).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph(titles=(("Staff Nurse", "rn", "onet"),))
    >>> G.add_node("rn", label="Registered Nurses", tier="profession", code="29-1141")
    >>> G.add_node("lpn", label="Licensed Practical Nurses", tier="profession", code="29-2061")
    >>> [(c.soc_code, c.matched, c.low) for c in code_titles(G, ["Staff Nurse - Nights", ""])]
    [('29-1141', 'Staff Nurse', False), ('', '', True)]
    """
    coder = G if isinstance(G, TitleCoder) else title_coder(G)
    return coder.code_all(titles)
