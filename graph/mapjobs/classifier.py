"""Score job titles against occupations by the words and word pieces of all their names.

Each occupation is one *document*: every name it is known by (its label, aliases, the
job titles pointing at it). A title and a document are compared by the cosine of their
TF-IDF vectors over four kinds of features of the title's terms (`graph.search.normalise`
terms: abbreviations written out, plurals singular):

* each **word** (level and filler words weigh less, `word_weight`);
* the **head word**, the last word that is neither level nor filler (an "Assistant
  Manager" is a manager);
* each pair of neighbouring words;
* the character 3-, 4- and 5-grams of each word padded with ``<`` and ``>``, so a word
  no name holds ("Stratigrapher") or a typo ("Acountant") still meets the names that
  share most of its letters.

A document counts each feature once per name (log-damped), and its vector is divided
by its norm to the power `LENGTH_POWER` rather than the whole norm: an occupation with
many names is more likely to be the right one for an unknown title, and a full cosine
would punish it for its breadth.

All titles of a batch are scored at once: a chunk of titles is one sparse matrix product
(`scipy.sparse`, titles x features by features x occupations), so no per-title loop runs
over the occupations.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from scipy import sparse

from ..search.normalise import word_weight

__all__ = ["LENGTH_POWER", "NGRAMS", "TitleClassifier", "features", "title_features",
           "word_features"]

#: A document's vector is divided by its norm to this power (1 would be a plain cosine).
LENGTH_POWER = 0.4
#: The lengths of the character n-grams taken from each word.
NGRAMS = (3, 4, 5)
_PAIR_WEIGHT = 0.5  # a pair of neighbouring words, against 1 for a word and for the head
_CHUNK = 256  # titles scored by one product (bounds its memory: a few MB)


def features(key: str) -> dict[str, float]:
    """Return the features of a title's terms (space-separated) and their weights: those
    of each word (`word_features`) and of the words together (`title_features`).

    Examples
    --------
    >>> f = features("senior stratigrapher")
    >>> f["w senior"], f["w stratigrapher"], f["h stratigrapher"], f["c <str"] > 0
    (0.3, 1.0, 1.0, True)
    >>> "h senior" in f, "b senior stratigrapher" in f
    (False, False)
    """
    terms = key.split()
    out: dict[str, float] = {}
    for found in (*map(word_features, terms), title_features(terms)):
        for feature, weight in found.items():
            out[feature] = out.get(feature, 0.0) + weight
    return out


def word_features(term: str) -> dict[str, float]:
    """Return the features of one word: itself and its character n-grams (`features`)."""
    weight = word_weight(term)
    out = {"w " + term: weight}
    if len(term) >= 2:
        padded, share = f"<{term}>", weight / len(NGRAMS)
        for n in NGRAMS:
            for i in range(len(padded) - n + 1):
                piece = "c " + padded[i:i + n]
                out[piece] = out.get(piece, 0.0) + share
    return out


def title_features(terms: list[str]) -> dict[str, float]:
    """Return the features of a title's words together: its head word and word pairs."""
    content = [t for t in terms if word_weight(t) >= 1.0] or terms
    out = {"h " + content[-1]: 1.0} if content else {}
    for first, second in pairwise(content):
        pair = f"b {first} {second}"
        out[pair] = out.get(pair, 0.0) + _PAIR_WEIGHT
    return out


class TitleClassifier:
    """Ranks occupations for titles by TF-IDF cosine over all their names (module summary).

    Parameters
    ----------
    documents : dict
        ``{label: iterable of keys}``: each occupation (e.g. a SOC code) and the keys of
        its names, a key being a name's terms joined by spaces
        (``TitleCoder``'s look-up keys). Labels are ranked in sorted order on ties.

    Notes
    -----
    Building costs one pass over the names (the features of each distinct word made
    once); on ``data/us`` (846 occupations, about 48,000 distinct names) about 2 s,
    100,000 features and 0.9 million weights (some 25 MB). Scoring costs each title's
    features (a word's are remembered) plus, per chunk of `_CHUNK` titles, one sparse
    product: about 0.1 ms a title on ``data/us``.

    See Also
    --------
    graph.mapjobs.TitleCoder : Corrects and looks titles up before classifying them.

    Examples
    --------
    >>> classifier = TitleClassifier({"geo": ["geologist", "stratigraphic geologist"],
    ...                                "nurse": ["registered nurse", "staff nurse"]})
    >>> [[label for label, _score, _cosine in found] for found in classifier.top(
    ...     ["stratigrapher", "registred nurse", ""], 1)]
    [['geo'], ['nurse'], []]
    """

    def __init__(self, documents: dict):
        self.labels = sorted(documents)
        self._words: dict[str, tuple] = {}
        vocabulary: dict[str, int] = {}
        cached: dict[str, np.ndarray] = {}  # a name's feature numbers
        of_word: dict[str, np.ndarray] = {}  # a word's feature numbers

        def numbers(found) -> np.ndarray:
            return np.fromiter((vocabulary.setdefault(f, len(vocabulary)) for f in found),
                               np.int32)

        docs, ids, counts = [], [], []
        for number, label in enumerate(self.labels):
            held = []
            for key in dict.fromkeys(documents[label]):
                found = cached.get(key)
                if found is None:
                    terms = key.split()
                    parts = [numbers(title_features(terms))]
                    for term in terms:
                        if term not in of_word:
                            of_word[term] = numbers(word_features(term))
                        parts.append(of_word[term])
                    found = cached[key] = np.unique(np.concatenate(parts))
                held.append(found)
            # each feature of the document, and the number of its names holding it
            unique, count = np.unique(np.concatenate(held) if held else np.zeros(0, np.int32),
                                      return_counts=True)
            ids.append(unique)
            counts.append(count)
            docs.append(np.full(len(unique), number, np.int32))
        del cached, of_word
        self._vocabulary = vocabulary
        n_docs, n_features = len(self.labels), len(vocabulary)
        feature = np.concatenate(ids) if ids else np.zeros(0, np.int32)
        doc = np.concatenate(docs) if docs else np.zeros(0, np.int32)
        counts = np.concatenate(counts) if counts else np.zeros(0, np.int64)
        frequency = np.bincount(feature, minlength=n_features)
        self._idf = np.log((n_docs + 1) / (frequency + 1)) + 1.0
        weight = np.log1p(counts) * self._idf[feature]
        norm = np.sqrt(np.bincount(doc, weights=weight * weight, minlength=n_docs))
        norm = np.maximum(norm, 1e-12)
        weight = weight / norm[doc] ** LENGTH_POWER
        self._stretch = norm ** (1.0 - LENGTH_POWER)  # score / stretch = cosine
        self._scale = float(self._stretch.max()) if n_docs else 1.0
        self._matrix = sparse.csr_array((weight, (feature, doc)), shape=(n_features, n_docs))

    def __len__(self) -> int:
        """Return the number of occupations."""
        return len(self.labels)

    def vector(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """Return (feature numbers, TF-IDF weights of unit length) of a title's key;
        features no name holds are left out."""
        terms = key.split()
        if len(self._words) > 200_000:
            self._words.clear()
        parts = [self._words.get(term) or self._word_vector(term) for term in terms]
        extra = [(self._vocabulary[f], w) for f, w in title_features(terms).items()
                 if f in self._vocabulary]
        parts.append((np.array([i for i, _w in extra], np.int64),
                       np.array([w for _i, w in extra], float)))
        ids = np.concatenate([ids for ids, _w in parts])
        if not len(ids):
            return ids, np.zeros(0)
        ids, where = np.unique(ids, return_inverse=True)
        weights = np.bincount(where, np.concatenate([w for _ids, w in parts])) * self._idf[ids]
        return ids, weights / np.sqrt(weights @ weights)

    def _word_vector(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Return (feature numbers, weights) of one word's known features, remembered."""
        found = [(self._vocabulary[f], w) for f, w in word_features(term).items()
                 if f in self._vocabulary]
        vector = (np.array([i for i, _w in found], np.int64),
                  np.array([w for _i, w in found], float))
        self._words[term] = vector
        return vector

    def _product(self, vectors) -> np.ndarray:
        """Return the scores of a chunk of title vectors (one sparse product)."""
        sizes = [len(ids) for ids, _w in vectors]
        if not sum(sizes):
            return np.zeros((len(vectors), len(self.labels)))
        titles = sparse.csr_array(
            (np.concatenate([w for _ids, w in vectors]),
             np.concatenate([ids for ids, _w in vectors]),
             np.concatenate([[0], np.cumsum(sizes)])),
            shape=(len(vectors), len(self._vocabulary)))
        return (titles @ self._matrix).toarray()

    def top(self, keys, k: int, least: float = 0.0) -> list[list[tuple[str, float, float]]]:
        """Return the `k` best (label, score, cosine) of each key, best first, ties by
        label; the score is the cosine times the breadth of the occupation's names (in
        [0, 1]); occupations whose cosine is `least` or under are left out."""
        keys = list(keys)
        out = []
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            scores = np.round(self._product([self.vector(key) for key in chunk]), 9)
            kept = min(k, scores.shape[1])
            if not kept:
                out.extend([] for _ in chunk)
                continue
            if kept < scores.shape[1]:
                best = np.argpartition(-scores, kept - 1, axis=1)[:, :kept]
            else:
                best = np.tile(np.arange(kept), (len(chunk), 1))
            for row, columns in zip(scores, best):
                picked = sorted((-row[c], c) for c in columns
                                if row[c] > 0 and row[c] > least * self._stretch[c])
                out.append([(self.labels[c], float(-s) / self._scale,
                             float(-s) / float(self._stretch[c])) for s, c in picked])
        return out
