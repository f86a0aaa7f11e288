"""The labelled job titles the title benchmarks share (`bench.bench_search`,
`bench.bench_mapjobs`).

The reference folder (``--reference``, else ``$WOW_REFERENCE``, else ``../shared/reference``
beside the repository) gives every O*NET alternate and short title and every SOC 2018
direct-match title with its SOC code; from them come the data's titles table (when the
data folder has none, built as the data builder does), samples of distinct titles drawn
with a fixed seed, a copy of the graph with the sampled titles held out, and the typos
both benchmarks put into titles.
"""

from __future__ import annotations

import csv
import gzip
import os
import random
import sys
import warnings
from pathlib import Path

from graph.schema import ALIAS_SEPARATOR

REPO = Path(__file__).resolve().parents[1]


def reference_dir(given=None) -> Path:
    """Return the reference folder: `given`, else ``$WOW_REFERENCE``, else the shared one."""
    if given:
        return Path(given)
    if os.environ.get("WOW_REFERENCE"):
        return Path(os.environ["WOW_REFERENCE"])
    return REPO.parent / "shared" / "reference"


def reference_titles(folder: Path) -> list[tuple[str, str, str]]:
    """Return (title, SOC code, source) of every O*NET alternate and short title and
    every SOC 2018 direct-match title, in file order (sources as in ``titles.csv``)."""
    rows = []
    with gzip.open(folder / "onet_alternate_titles.csv.gz", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["O*NET-SOC Code"][:7]
            rows.append((row["Job Title"].strip(), code, "onet"))
            if row["Short Title"].strip():
                rows.append((row["Short Title"].strip(), code, "onet-short"))
    with open(folder / "soc2018_direct_match_titles.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            rows.append((row["2018 SOC Direct Match Title"].strip(), row["2018 SOC Code"],
                         "soc"))
    return [r for r in rows if r[0]]


def reference_folder(given=None) -> Path | None:
    """Return the reference folder (`reference_dir`) when it holds the titles, else None
    after saying on stderr where it looked (a benchmark then exits with status 2)."""
    folder = reference_dir(given)
    if (folder / "onet_alternate_titles.csv.gz").exists():
        return folder
    print(f"reference folder not found: {folder} (give --reference or set WOW_REFERENCE)",
          file=sys.stderr)
    return None


def titled_graph(data, rows) -> tuple:
    """Return the graph of the data folder ``data`` (load warnings silenced) with a titles
    table, and where the table came from: the folder's ``titles.csv``, else `titles_table`
    of the reference ``rows``."""
    from graph.build import load_graph

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        G = load_graph(data)
    if G.graph.get("titles"):
        return G, "the data folder's titles.csv"
    G.graph["titles"] = titles_table(G, rows)
    return G, "built from the reference (the data folder has no titles.csv)"


def profession_codes(G) -> set:
    """Return the SOC codes of the graph's professions."""
    return {d.get("code") for _n, d in G.nodes(data=True) if d.get("tier") == "profession"}


def carriers(G) -> dict[str, str]:
    """Return SOC code -> the node a title of that code points at (a profession first)."""
    best: dict[str, tuple] = {}
    for position, (node, data) in enumerate(G.nodes(data=True)):
        code = data.get("code")
        if code:
            key = (data.get("tier") != "profession", position)
            if code not in best or key < best[code][0]:
                best[code] = (key, node)
    return {code: node for code, (_key, node) in best.items()}


def titles_table(G, rows) -> tuple:
    """Return ``G.graph["titles"]`` as the data builder makes it from `rows`."""
    by_code = carriers(G)
    seen, out = set(), []
    for title, code, source in rows:
        key = (" ".join(title.split()).casefold(), code, source)
        if code in by_code and key not in seen:
            seen.add(key)
            out.append((title, by_code[code], source))
    return tuple(out)


def sample_titles(rows, professions: set, n: int, seed: int):
    """Return (sampled [(title, key)], truth {key: set of codes}) drawn with `seed`."""
    from graph.search import normalise_text

    truth: dict[str, set] = {}
    first: dict[str, str] = {}
    for title, code, source in rows:
        key = normalise_text(title)
        if not key:
            continue
        truth.setdefault(key, set()).add(code)
        if source != "onet-short":
            first.setdefault(key, title)
    candidates = sorted(k for k in first if truth[k] & professions)
    keys = random.Random(seed).sample(candidates, min(n, len(candidates)))
    return [(first[k], k) for k in keys], truth


def held_out_graph(G, keys: set):
    """Return a copy of G without the titles whose normalised form is in `keys`:
    neither in its titles table, nor as a profession's alias, nor as a job node."""
    from graph.search import normalise_text

    H = G.copy()
    drop = [n for n, d in H.nodes(data=True)
            if d.get("tier") == "job" and normalise_text(d.get("label")) in keys]
    H.remove_nodes_from(drop)
    for _node, data in H.nodes(data=True):
        aliases = data.get("aliases") or ""
        if aliases:
            kept = [a for a in aliases.split(ALIAS_SEPARATOR) if normalise_text(a) not in keys]
            data["aliases"] = ALIAS_SEPARATOR.join(kept)
    H.graph["titles"] = tuple(t for t in G.graph.get("titles", ())
                              if normalise_text(t[0]) not in keys and t[1] in H)
    return H


def typo(word: str, rng: random.Random) -> str:
    """Return `word` with one random edit: deletion, insertion, substitution or swap."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    i = rng.randrange(len(word))
    kind = rng.choice(("delete", "insert", "replace", "swap") if len(word) > 1
                      else ("insert", "replace"))
    if kind == "delete":
        return word[:i] + word[i + 1:]
    if kind == "insert":
        return word[:i] + rng.choice(letters) + word[i:]
    if kind == "replace":
        return word[:i] + rng.choice(letters.replace(word[i].lower(), "")) + word[i + 1:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]
