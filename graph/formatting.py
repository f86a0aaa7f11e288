"""How career figures are spelt for people: their names, money, counts and changes.

One place for the text of a wage, a head count, a projected growth or a difference, so
the moves command, the Details, Compare, Moves, Coverage and organization panels say the
same figure the same way ("$97,550", "+4.9%", "63%", "-$5,000", "\u00b10"). Every function
takes the figure (``None`` when unknown) and returns a string; ``missing`` is what an
unknown figure reads as ("" in tables, "\u2014" in the Compare grid).
"""

from __future__ import annotations

__all__ = ["NAMES", "count", "money", "percent_change", "plural", "share", "sign", "signed"]

#: How people read the career-data columns (Details lists them under these names, the
#: Compare grid heads its rows with them).
NAMES = {"growth_pct": "Projected growth 2024-34", "annual_openings": "Openings a year",
         "median_wage": "Median wage (OEWS)", "bls_median_wage": "Median wage (BLS)",
         "education": "Typical entry education", "job_zone": "Job Zone (preparation, 1-5)",
         "bright_outlook": "Bright Outlook", "riasec": "Interests (RIASEC)",
         "interest_code": "Interest code"}


def money(value, missing: str = "", *, short: bool = False) -> str:
    """Return an amount in whole dollars ("$97,550"), or in thousands when ``short``
    ("$98k", for a narrow cell); ``missing`` when unknown.

    Examples
    --------
    >>> money(97550), money(97550.4), money(64400, short=True), money(None), money(None, "-")
    ('$97,550', '$97,550', '$64k', '', '-')
    """
    if value is None:
        return missing
    return f"${value / 1000:,.0f}k" if short else f"${value:,.0f}"


def count(value, missing: str = "") -> str:
    """Return a number of people, openings or nodes with thousands separators ("1,234");
    ``missing`` when unknown.

    Examples
    --------
    >>> count(29500), count(1234.0), count(None, "n/a")
    ('29,500', '1,234', 'n/a')
    """
    return missing if value is None else f"{value:,.0f}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """Return a count with its noun, singular for one ("1 job", "3 jobs", "2 people").

    ``many`` is the plural when it is not ``word`` + "s".

    Examples
    --------
    >>> plural(1, "job"), plural(1234, "job"), plural(2, "person", "people")
    ('1 job', '1,234 jobs', '2 people')
    """
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def percent_change(value, missing: str = "") -> str:
    """Return a change in percent with its sign and one decimal ("+4.9%", "-2.0%",
    "+10.0%"); ``missing`` when unknown.

    Examples
    --------
    >>> percent_change(4.9), percent_change(-2), percent_change(10.0), percent_change(None)
    ('+4.9%', '-2.0%', '+10.0%', '')
    """
    return missing if value is None else f"{value:+.1f}%"


def share(value, missing: str = "") -> str:
    """Return a share of 0-1 as a whole percentage ("63%"), such as the skill overlap of
    two professions; ``missing`` when unknown.

    Examples
    --------
    >>> share(0.629), share(1), share(0.0), share(None, "n/a")
    ('63%', '100%', '0%', 'n/a')

    See Also
    --------
    percent_change : a change (growth) in percent, with its sign.
    """
    return missing if value is None else f"{value:.0%}"


def sign(value) -> str:
    """Return the sign of a difference: "+", "-", or "\u00b1" for none.

    Examples
    --------
    >>> sign(3), sign(-0.5), sign(0)
    ('+', '-', '\u00b1')
    """
    return "+" if value > 0 else ("-" if value < 0 else "\u00b1")


def signed(value, missing: str = "", *, dollars: bool = False, short: bool = False) -> str:
    """Return a difference with its sign (`sign`): a plain number ("+1", "\u00b10") or, with
    ``dollars``, money ("-$5,000"; "-$5k" when ``short``); ``missing`` when unknown.

    Examples
    --------
    >>> signed(-5000, dollars=True), signed(-33150, dollars=True, short=True)
    ('-$5,000', '-$33k')
    >>> signed(1), signed(0), signed(None)
    ('+1', '\u00b10', '')

    See Also
    --------
    percent_change : a change in percent, always with one decimal.
    """
    if value is None:
        return missing
    return sign(value) + (money(abs(value), short=short) if dollars else f"{abs(value):g}")
