"""Career profiles of SOC 2018 detailed occupations, from O*NET 29.3 and BLS projections.

`Profiles` reads the copies in ``data/sources/`` of O*NET's Related Occupations, Job
Zones, Bright Outlook list, Interests, Skills and Knowledge, and of the BLS Employment
Projections 2024-34 (Table 1.2), and answers per SOC 2018 detailed code (``29-1141``):
its related occupations (`Profiles.related`), its outlook and O*NET attributes
(`Profiles.attributes`, the columns of `graph.schema.PROFESSION_COLUMNS`) and its skill
and knowledge importance (`Profiles.skills`, the rows of ``skills.csv``).

Roll-up rules (``data/us/README.md`` states them for readers):

* An O*NET-SOC code (``29-1141.01``) rolls up to the SOC detailed code of its first seven
  characters (``29-1141``).
* Related occupations: each listing "A lists B with tier T and index I" joins the SOC codes
  of A and B (listings within one SOC code are dropped). Each unordered pair keeps the
  listing with the best tier (`graph.schema.RELATEDNESS` order), then the lowest index,
  then the smallest (SOC, SOC, O*NET, O*NET) codes; its direction is that listing's.
* Job Zone, interests (RIASEC scores and high-point code): those of the O*NET occupation
  ``NN-NNNN.00`` when O*NET rates it, else of the lowest-coded O*NET occupation of the SOC
  code that it rates (so scores and code always come from one occupation).
* Bright Outlook: every category any O*NET occupation of the SOC code is flagged with.
* Skills and knowledge: each element's importance (IM scale) averaged over the O*NET
  occupations of the SOC code that O*NET rates, to two decimals (half up).
* BLS projections: the line item of the SOC code; a SOC code without one takes the line
  item of its SOC broad group that is not itself a SOC detailed code (a BLS aggregate such
  as 13-1020 Buyers and purchasing agents, or 21-1018, which covers 21-1011 and 21-1014),
  so every SOC code an aggregate covers gets the aggregate's figures. A top-coded wage
  (``>=$239,200``) or a dash is left blank.

Everything is exact decimal arithmetic on the published text, so the output does not
depend on float rounding.

Examples
--------
>>> soc_of("29-1141.01"), interest_code(["4", "6", "0"])
('29-1141', 'SC')
>>> riasec_text({"R": "1.3", "I": "3.24", "A": "2.08", "S": "3.52", "E": "6.88", "C": "5"})
'R=1.30|I=3.24|A=2.08|S=3.52|E=6.88|C=5.00'
>>> average(["4.12", "3.5", "4"])
'3.87'
"""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from graph.schema import ALIAS_SEPARATOR, BRIGHT_OUTLOOK, RELATEDNESS, RIASEC

#: The reference files read, by key (copies in data/sources/).
PROFILE_FILES = {
    "related": "onet_related_occupations.txt.gz",
    "projections": "bls_projections_2024_34.csv",
    "bright": "onet_bright_outlook.csv",
    "zones": "onet_job_zones.txt",
    "interests": "onet_interests.txt.gz",
    "skills": "onet_skills.txt.gz",
    "knowledge": "onet_knowledge.txt.gz",
}
#: The columns of BLS Table 1.2 read, by the attribute they fill.
BLS_COLUMNS = {
    "code": "2024 National Employment Matrix code",
    "title": "2024 National Employment Matrix title",
    "type": "Occupation type",
    "growth_pct": "Employment change, percent, 2024\u201334",
    "annual_openings": "Occupational openings, 2024\u201334 annual average",
    "bls_median_wage": "Median annual wage, dollars, 2024[1]",
    "education": "Typical education needed for entry",
}
_CENT = Decimal("0.01")
_NO_DATA = ("", "\u2014", "-")


class ProfileError(Exception):
    """A reference file does not have the shape the rules expect; the message says where."""


def soc_of(onet_code: str) -> str:
    """Return the SOC 2018 detailed code an O*NET-SOC code rolls up to."""
    return onet_code[:7]


def two_decimals(value: Decimal) -> str:
    """Return a decimal as text with two decimals, rounded half up."""
    return str(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def average(values) -> str:
    """Return the mean of decimal texts, with two decimals (half up)."""
    values = [Decimal(v) for v in values]
    return two_decimals(sum(values) / len(values))


def riasec_text(scores: dict) -> str:
    """Return ``R=..|I=..|A=..|S=..|E=..|C=..`` from letter -> score text (two decimals)."""
    return ALIAS_SEPARATOR.join(f"{k}={two_decimals(Decimal(scores[k]))}" for k in RIASEC)


def interest_code(high_points) -> str:
    """Return the high-point letters from O*NET's IH values (1..6 = R..C, 0 = none)."""
    letters = "".join(RIASEC)
    return "".join(letters[int(Decimal(v)) - 1] for v in high_points if int(Decimal(v)))


def _read(path: Path, delimiter: str = ",") -> list[dict]:
    """Return the rows of a (possibly gzipped) UTF-8 file as dicts, cells stripped."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f, delimiter=delimiter)
            return [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in reader]
    except FileNotFoundError:
        raise ProfileError(f"{path}: file is missing") from None


def _representative(soc: str, rated) -> str | None:
    """Return the O*NET code standing for a SOC code: ``.00`` if rated, else the lowest."""
    codes = sorted(c for c in rated if soc_of(c) == soc)
    if not codes:
        return None
    return soc + ".00" if soc + ".00" in codes else codes[0]


def _number(text: str):
    """Return a Decimal from a BLS cell, or None for a dash, blank or top-coded value."""
    text = text.replace(",", "").replace("$", "")
    if text in _NO_DATA:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Related:
    """One related-occupation link between two SOC codes, from its best O*NET listing."""

    source: str  # SOC code of the occupation whose list names the other
    target: str
    tier: str
    index: int
    source_onet: str  # the O*NET occupations of that listing
    target_onet: str

    def evidence(self) -> str:
        """Return the one-line reason written in edges.csv."""
        return f"O*NET 29.3 Related Occupations: {self.source_onet} lists {self.target_onet}."


class Profiles:
    """The O*NET and BLS profiles of SOC codes, read once from a sources folder."""

    def __init__(self, folder: Path, soc: dict):
        f = {key: folder / name for key, name in PROFILE_FILES.items()}
        self._soc = soc
        self.related = self._related(_read(f["related"], "\t"), f["related"].name)
        self._bls = self._projections(_read(f["projections"]), f["projections"].name)
        self._zones = {r["O*NET-SOC Code"]: int(r["Job Zone"])
                       for r in _read(f["zones"], "\t")}
        self._bright: dict[str, set] = {}
        for line, r in enumerate(_read(f["bright"]), start=2):
            flags = {c.strip() for c in r["Categories"].split(";") if c.strip()}
            if flags - set(BRIGHT_OUTLOOK):
                raise ProfileError(f"{f['bright'].name}:{line}: column Categories: unknown "
                                   f"{sorted(flags - set(BRIGHT_OUTLOOK))}, expected "
                                   + ", ".join(BRIGHT_OUTLOOK))
            self._bright.setdefault(soc_of(r["Code"]), set()).update(flags)
        self._interests: dict[str, dict] = {}
        names = {v: k for k, v in RIASEC.items()}
        for r in _read(f["interests"], "\t"):
            entry = self._interests.setdefault(r["O*NET-SOC Code"], {"OI": {}, "IH": {}})
            if r["Scale ID"] == "OI" and r["Element Name"] in names:
                entry["OI"][names[r["Element Name"]]] = r["Data Value"]
            elif r["Scale ID"] == "IH":
                entry["IH"][r["Element ID"]] = r["Data Value"]
        self._rated = [c for c, e in self._interests.items() if len(e["OI"]) == len(RIASEC)]
        self._importance: dict[str, dict] = {}  # soc -> (kind, element id, name) -> values
        for kind in ("skills", "knowledge"):
            label = "skill" if kind == "skills" else "knowledge"
            for r in _read(f[kind], "\t"):
                if r["Scale ID"] == "IM":
                    key = (label, r["Element ID"], r["Element Name"])
                    self._importance.setdefault(soc_of(r["O*NET-SOC Code"]), {}).setdefault(
                        key, []).append(r["Data Value"])

    @staticmethod
    def _related(rows: list[dict], name: str) -> dict[tuple[str, str], Related]:
        """Return (SOC, SOC) sorted pair -> its best `Related` link (see the module rules)."""
        rank = {t: i for i, t in enumerate(RELATEDNESS)}
        best: dict[tuple[str, str], tuple] = {}
        for line, r in enumerate(rows, start=2):
            a, b, tier = r["O*NET-SOC Code"], r["Related O*NET-SOC Code"], r["Relatedness Tier"]
            if tier not in rank:
                raise ProfileError(f"{name}:{line}: column Relatedness Tier: {tier!r}, "
                                   f"expected one of " + ", ".join(RELATEDNESS))
            sa, sb = soc_of(a), soc_of(b)
            if sa == sb:
                continue
            index = int(r["Index"])
            key = (rank[tier], index, sa, sb, a, b)
            pair = (min(sa, sb), max(sa, sb))
            if pair not in best or key < best[pair][0]:
                best[pair] = (key, Related(sa, sb, tier, index, a, b))
        return {pair: link for pair, (_key, link) in sorted(best.items())}

    def _projections(self, rows: list[dict], name: str) -> dict[str, dict]:
        """Return SOC detailed code -> the BLS line item giving its figures."""
        items = [r for r in rows if r[BLS_COLUMNS["type"]] == "Line item"]
        detailed = {c for c, r in self._soc.items() if r["level"] == "detailed"}
        own = {r[BLS_COLUMNS["code"]]: r for r in items if r[BLS_COLUMNS["code"]] in detailed}
        aggregates = [r for r in items if r[BLS_COLUMNS["code"]] not in detailed]
        out = dict(own)
        for code in sorted(detailed - set(own)):
            group = [r for r in aggregates if r[BLS_COLUMNS["code"]][:6] == code[:6]]
            if len(group) > 1:
                raise ProfileError(f"{name}: SOC {code} falls in {len(group)} BLS aggregates, "
                                   "expected at most one per SOC broad group")
            if group:
                out[code] = group[0]
        return out

    def bls_line(self, soc: str) -> dict | None:
        """Return the BLS Table 1.2 row whose figures a SOC code takes, or None."""
        return self._bls.get(soc)

    def attributes(self, soc: str) -> dict:
        """Return the profession columns (`graph.schema.PROFESSION_COLUMNS`) of a SOC code.

        Numbers are int or float, text is str; a column without a value is left out.
        """
        out: dict = {}
        row = self._bls.get(soc)
        if row is not None:
            growth = _number(row[BLS_COLUMNS["growth_pct"]])
            openings = _number(row[BLS_COLUMNS["annual_openings"]])
            wage = _number(row[BLS_COLUMNS["bls_median_wage"]])
            if growth is not None:
                out["growth_pct"] = float(growth)
            if openings is not None:
                out["annual_openings"] = int(openings * 1000)
            if wage is not None:
                out["bls_median_wage"] = int(wage)
            education = row[BLS_COLUMNS["education"]]
            if education not in _NO_DATA:
                out["education"] = education
        zone = _representative(soc, self._zones)
        if zone is not None:
            out["job_zone"] = self._zones[zone]
        flags = self._bright.get(soc)
        if flags:
            out["bright_outlook"] = ALIAS_SEPARATOR.join(c for c in BRIGHT_OUTLOOK if c in flags)
        code = _representative(soc, self._rated)
        if code is not None:
            entry = self._interests[code]
            out["riasec"] = riasec_text(entry["OI"])
            high = interest_code(v for _k, v in sorted(entry["IH"].items()))
            if high:
                out["interest_code"] = high
        return out

    def skills(self, soc: str) -> list[dict]:
        """Return the ``skills.csv`` rows of a SOC code: skills then knowledge, in O*NET's
        element order, each importance averaged over the O*NET occupations rated."""
        found = self._importance.get(soc, {})
        order = {"skill": 0, "knowledge": 1}
        return [{"code": soc, "kind": kind, "element": name, "importance": average(values)}
                for (kind, _id, name), values in sorted(found.items(),
                                                         key=lambda kv: (order[kv[0][0]], kv[0][1]))]
