"""Code an organization's job titles to occupations (SOC codes) with a confidence.

`code_titles` turns each title into a `Coded`: the SOC code, the occupation's label and
profession node, a confidence in [0, 1], the next three occupations and the name that
matched. It works on top of `graph.search`:

1. **clean** (`clean_title`): what organizations add to a title and occupations do not
   carry is dropped: shifts and schedules ("- Nights", "(Remote)", "PRN", "2nd Shift"),
   hospital units after a dash ("- Med/Surg", "ICU"), grades ("Sr.", "II", "Level 3"),
   and common abbreviations are written out ("Admin" -> administrative, "Maint" ->
   maintenance);
2. **look up**: a cleaned title equal to a known name (a profession's label or alias, a
   title of ``G.graph["titles"]``) is coded at once; when the name is known for several
   occupations, the one named by most sources comes first, then the one employing most
   people (node attribute ``employment``). The alternatives of a known name are the
   occupations of the other known names holding all its words;
3. **search** otherwise: the cleaned title is searched, and the matches are **gathered by
   SOC code** (a profession and its job nodes, and several titles of one occupation,
   back each other up), best code first.

The confidence is a logistic function of the best code's score and of its lead over the
next code, fitted on held-out O*NET titles with organization-style noise (see
``bench/bench_mapjobs.py``); a known name of one occupation gets 0.9. On that benchmark,
of the titles the index has never seen, 70% of the codings at 0.5 or more are right and
38% of those under it; of titles it knows (written with noise), 99.7% and 87%. A value
under `LOW_CONFIDENCE` flags a coding worth a look.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ..cache import GraphCache
from ..errors import UnknownNameError
from ..schema import ALIAS_SEPARATOR
from ..search import search_index
from ..search.normalise import Analyser, normalise_name

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
_SAME_CODE = 0.25  # weight of a code's second-best match added to its best
#: Confidence = 1 / (1 + exp(-(A + B score + C lead))), fitted by ``python -m
#: bench.bench_mapjobs --fit`` on 1,500 held-out noisy titles (seed 1005, disjoint from
#: the evaluation set): the lead over the next code says far more than the score. A title
#: that is, once cleaned, a known name of one occupation only gets `_EXACT`.
_A, _B, _C = -0.84, 0.28, 8.11
_EXACT = 0.9

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

    Notes
    -----
    Building cleans every label, alias and title once (a few seconds on ``data/us``'s
    77,000 names, plus the search index, shared with `graph.search.search_index`). A title equal to a
    known name once cleaned costs a dict look-up; any other costs one search (a few
    milliseconds on ``data/us``). `code` remembers the titles it has seen (an
    organization repeats its titles), so a list costs its distinct titles.
    """

    def __init__(self, G):
        self.index = search_index(G)
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
        learned: dict[str, str] = {}
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
        for number, key in enumerate(self._keys):
            for term in key.split():
                postings.setdefault(term, []).append(number)
        self._postings = postings
        self._seen: dict[str, Coded] = {}

    def _key(self, cleaned: str) -> str:
        """Return the look-up key of a cleaned title: its terms, each once, in order."""
        return " ".join(dict.fromkeys(self._analyser.terms(cleaned)))

    def _learn(self, known, names, learned, name, code) -> None:
        """Record that `name` (cleaned) names occupation `code`; `learned` holds the key
        of each name seen so far (case-folded), as many are both an alias and a title."""
        folded = name.casefold()
        key = learned.get(folded)
        if key is None:
            key = learned[folded] = self._key(clean_title(name))
        if key:
            known.setdefault(key, Counter())[code] += 1
            names.setdefault((key, code), name.strip())

    def forget(self) -> None:
        """Forget the titles coded so far (each is then coded afresh, as by a new coder)."""
        self._seen.clear()

    def code(self, title) -> Coded:
        """Return the coding of one title (an empty `Coded` when nothing matches)."""
        cleaned = clean_title(title)
        if not cleaned:
            return Coded()
        hit = self._seen.get(cleaned)
        if hit is None:
            hit = self._code(cleaned)
            if len(self._seen) < 200_000:
                self._seen[cleaned] = hit
        return hit

    def _code(self, cleaned: str) -> Coded:
        """Code a cleaned title: a known name at once, else by search gathered by code."""
        ranked = self.ranked(cleaned)
        if not ranked:
            return Coded()
        code, score, matched = ranked[0]
        node, label = self.carrier[code]
        if score > 1.0 and (len(ranked) == 1 or ranked[1][1] <= 1.0):
            confidence = _EXACT  # a known name of one occupation
        else:
            lead = score - (ranked[1][1] if len(ranked) > 1 else 0.0)
            confidence = confidence_of(min(score, 1.0), min(lead, 1.0))
        alternatives = tuple((c, self.carrier[c][1]) for c, _s, _m in ranked[1:1 + ALTERNATIVES])
        return Coded(code, label, str(node), confidence, alternatives, matched)

    def ranked(self, cleaned: str) -> list[tuple[str, float, str]]:
        """Return the candidate codes of a cleaned title as (code, score, matched name),
        best first. A known name's codes score above 1 (only they do); the others are
        searched (skipped when the name is known for one occupation only).
        """
        key = self._key(cleaned)
        counts = self._known.get(key)
        if counts and len(counts) == 1:
            (code, _n), = counts.items()
            return [(code, 2.0, self._names[(key, code)]), *self._related(key, code)]
        by_code: dict[str, list] = {}
        for match in self.index.search(cleaned, _CANDIDATES):
            code = self.code_of.get(match.id)
            if code:
                by_code.setdefault(code, []).append(match)
        ranked = [(code, *self._gather(ms)) for code, ms in by_code.items()]
        if counts:  # a known name of several occupations: those first, most named first,
            # then the one employing most people (a "Warehouse Associate" is more often a
            # hand laborer than a tank car loader), then the best searched
            total = sum(counts.values())
            found = {code: s for code, s, _m in ranked}
            order = sorted(counts, key=lambda c: (-counts[c], -self._people[c],
                                                  -found.get(c, 0.0), c))
            ranked = [(code, 1.0 + counts[code] / total - i / 10_000, self._names[(key, code)])
                      for i, code in enumerate(order)] + [r for r in ranked if r[0] not in counts]
        ranked.sort(key=lambda r: -r[1])
        return ranked

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


def confidence_of(score: float, lead: float) -> float:
    """Return the confidence of a coding from its code's score and its lead over the next.

    Examples
    --------
    >>> confidence_of(0.9, 0.5) > 0.9 > confidence_of(0.4, 0.01)
    True
    """
    return round(1.0 / (1.0 + math.exp(-(_A + _B * score + _C * lead))), 3)


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
    graph.search.search : The search each unknown title goes through.

    Notes
    -----
    Each distinct cleaned title is coded once: a known name costs a dict look-up, any
    other one search (a few milliseconds on ``data/us``).

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
    return [coder.code(title) for title in titles]
