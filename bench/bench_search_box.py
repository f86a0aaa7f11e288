"""Search box benchmark: from the last keystroke to the list for the full text, in Chromium.

Run on demand: ``python -m bench.bench_search_box [--data DIR] [--titles N] [--delay MS]``.

The explorer is served on ``data/us`` (by default) in its own process; headless Chromium
types real job titles (the data's ``titles.csv`` when it has one, else its labels; a
sample fixed by ``--seed``) into the header's search box at one key every ``--delay`` ms,
as people type. Measured, in the page (``performance.now()``):

* **box**: from the last key's ``keydown`` to the first painted frame in which the list
  shows options for the full text (or says "No matches");
* **every key**: the same for each key whose list was shown before the next key (keys
  typed before their answer came are counted apart);
* **baseline, same run**: the bare round trip of the endpoint, ``fetch`` of
  ``search.json`` for each full title from the same page, answer parsed (with another
  ``limit``, so the server's answer cache does not serve it).

Goal: box p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

from bench.browser import find_chromium, launched, open_graph, served
from explorer.search import SUGGESTIONS
from explorer.testing import percentile

REPO = Path(__file__).resolve().parents[1]
GOAL_MS = 100.0

#: Installed in the page: the time of each keydown in the header's box, and of the first
#: frame painted after the list (or "No matches") appeared for the text then in the box.
PROBE = """() => {
    const input = document.getElementById('search');
    const list = document.getElementById(input.getAttribute('aria-controls'));
    const status = input.parentElement.querySelector('[role=status]');
    window.__keys = [];
    window.__lists = {};
    input.addEventListener('keydown', () => { window.__keys.push(performance.now()); }, true);
    const check = () => {
        const shown = (!list.hidden && list.querySelector('[role=option]')) ||
            status.textContent === 'No matches';
        const text = input.value;
        if (shown && !(text in window.__lists)) {
            window.__lists[text] = null;
            requestAnimationFrame(() => { window.__lists[text] = performance.now(); });
        }
    };
    new MutationObserver(check).observe(input.parentElement,
        {childList: true, subtree: true, attributes: true, characterData: true});
}"""

#: Resolves with the ms of one bare fetch of the endpoint, answer parsed.
FETCH = """async ([text, limit]) => {
    const t0 = performance.now();
    const r = await fetch('search.json?q=' + encodeURIComponent(text) + '&limit=' + limit);
    await r.json();
    return performance.now() - t0;
}"""


def titles(data: Path, count: int, seed: int) -> list[str]:
    """Return ``count`` real titles of a data folder (its titles.csv, else its labels)."""
    path = data / "titles.csv"
    if path.is_file():
        with open(path, encoding="utf-8", newline="") as fh:
            names = [row["title"] for row in csv.DictReader(fh)]
    else:
        with open(data / "nodes.csv", encoding="utf-8", newline="") as fh:
            names = [row["label"] for row in csv.DictReader(fh)
                     if row.get("tier") in ("profession", "job")]
    names = sorted({n.strip() for n in names if 3 <= len(n.strip()) <= 40})
    return random.Random(seed).sample(names, min(count, len(names)))


def type_title(page, title: str, delay: float) -> tuple[float | None, list[float], int]:
    """Type one title; return (last key to its list, ms per key whose list showed, keys
    whose list never showed)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator("#search")
    box.fill("")
    page.evaluate("() => { window.__keys = []; window.__lists = {}; }")
    page.keyboard.type(title, delay=delay)
    try:
        page.wait_for_function("(t) => window.__lists[t]", arg=title, timeout=10_000)
    except PlaywrightTimeout:  # a list that never came is counted, not fatal
        pass
    keys, lists = page.evaluate("() => [window.__keys, window.__lists]")
    per_key, missed = [], 0
    for i, t in enumerate(keys[:len(title)]):
        if title[i].isspace():
            continue  # a space changes no query: the list already shown stays
        shown = lists.get(title[:i + 1])
        if shown:
            per_key.append(shown - t)
        else:
            missed += 1
    last = lists.get(title)
    return (last - keys[len(title) - 1] if last and len(keys) >= len(title) else None,
            per_key, missed)


def line(name: str, values: list[float]) -> str:
    """Return one printed row: count, p50, p95, max."""
    if not values:
        return f"  {name:<44} no values"
    return (f"  {name:<44} n={len(values):<5} p50 {percentile(values, 50):6.1f} ms  "
            f"p95 {percentile(values, 95):6.1f} ms  max {max(values):6.1f} ms")


def main(argv=None) -> int:
    """Serve the explorer, type titles into its search box in Chromium, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "data" / "us", help="data folder")
    parser.add_argument("--titles", type=int, default=40, help="titles typed (default 40)")
    parser.add_argument("--delay", type=float, default=120, help="ms between keys (default 120)")
    parser.add_argument("--seed", type=int, default=11, help="sample seed (default 11)")
    args = parser.parse_args(argv)
    chosen = titles(args.data, args.titles, args.seed)
    chromium = find_chromium()
    if chromium is None:
        return 2
    with served("explorer", args.data) as (_proc, url), launched(chromium) as browser:
        page = open_graph(browser, url)
        page.wait_for_timeout(1000)
        page.evaluate(PROBE)
        page.locator("#search").click()
        type_title(page, "warm up", args.delay)
        last, every, missed = [], [], 0
        for title in chosen:
            ms, per_key, lost = type_title(page, title, args.delay)
            if ms is not None:
                last.append(ms)
            every += per_key
            missed += lost
        baseline = [page.evaluate(FETCH, [t, SUGGESTIONS + 1]) for t in chosen]
    keys = sum(len(t) for t in chosen)
    print(f"{len(chosen)} titles from {args.data} typed at one key per {args.delay:.0f} ms "
          f"({keys} keys); Chromium headless, server in its own process")
    print(line("box: last key -> list for the full text", last))
    print(line("box: any key -> its list (when shown)", every))
    print(f"  keys whose list was never shown (the next key came first): {missed} of {keys} "
          "(spaces left out)")
    print(line("baseline: bare fetch of search.json", baseline))
    failed = len(chosen) - len(last)
    if failed:
        print(f"  {failed} title(s) never showed a list for the full text")
    p95 = percentile(last, 95) if last else float("inf")
    print(f"box p95 {p95:.1f} ms: goal < {GOAL_MS:.0f} ms {'met' if p95 < GOAL_MS else 'NOT met'}; "
          f"baseline p95 {percentile(baseline, 95):.1f} ms")
    return 0 if p95 < GOAL_MS and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
