"""Shares written as whole percentages, rounded the same way everywhere.

Python's ``format(0.125, ".0%")`` and ``round`` send an exact half to the
even neighbour: 1 of 8 reads "12%" while 3 of 8 reads "38%". People (and
the coach reading a report aloud) round halves up, so every share a user
sees, in the command line's text, the reports and the figures' hover text,
goes through this module: halves away from zero, and a share a hair below a
half only because of binary fractions (29 of 200 is 0.14499...) counts as
the half it is.

A share that is neither none nor all never reads as either: 1 of 201 is
"<1%", not "0%", and 200 of 201 is ">99%", not "100%" (an etiquette score
of 100% with one error would be wrong, as would an offer rate of 0% with
one offer). A difference below zero is read the same way: "-<1%".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Digits kept before rounding: enough for any count a log holds, few enough
#: to wash out binary-fraction error (``29 / 200 * 100`` is 14.499999999999998).
_CLEAN_DIGITS = 6


def _clean_hundredths(shares: pd.Series | np.ndarray) -> np.ndarray:
    return np.round(np.asarray(shares, dtype="float64") * 100, _CLEAN_DIGITS)


def whole_percents(shares: pd.Series | np.ndarray) -> np.ndarray:
    """Shares (0.125) as whole percentages (13.0), halves away from zero; NaN stays NaN."""
    hundredths = _clean_hundredths(shares)
    rounded = np.sign(hundredths) * np.floor(np.abs(hundredths) + 0.5)
    return rounded + 0.0  # no negative zero: "-0%" would read as a loss


def percent_text(share: float, minus: str = "-") -> str:
    """One share as text, ``"13%"`` (``"<1%"``, ``">99%"`` near the ends, ``"-<1%"`` below
    zero); ``minus`` is the sign written before a negative one.

    The same words as :func:`percent_texts`, without building a pandas column
    for one number (the text of ``stats`` writes a few hundred of them).
    """
    finite, magnitude, above_none, below_all, negative = _shown(np.array([share], dtype="float64"))
    if not finite[0]:
        return "n/a"
    body = "<1%" if above_none[0] else ">99%" if below_all[0] else f"{_digits(magnitude)[0]}%"
    return (minus if negative[0] else "") + body


def percent_texts(shares: pd.Series, missing: str = "n/a", minus: str = "-") -> pd.Series:
    """:func:`percent_text` of a column at once; ``missing`` where a share is not a number."""
    number = pd.to_numeric(shares, errors="coerce").astype("float64").to_numpy()
    finite, magnitude, above_none, below_all, negative = _shown(number)
    digits = pd.Series(_digits(magnitude), index=shares.index).astype("string")
    body = (digits + "%").mask(above_none, "<1%").mask(below_all, ">99%")
    sign = pd.Series(np.where(negative, minus, ""), index=shares.index, dtype="string")
    return (sign + body).where(finite, missing).astype("string")


def _shown(
    number: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What the text of each share is made of.

    Whether it is a number at all, its whole percentage without sign, whether
    it is a hair above none (``"<1%"``) or below all (``">99%"``), and whether
    it is written with a minus (never ``"-0%"``).
    """
    whole = whole_percents(number)
    finite = np.isfinite(whole)
    hundredths = _clean_hundredths(number)  # float noise (1e-12) is neither a share nor a sign
    magnitude = np.abs(np.where(finite, whole, 0))
    above_none = (magnitude == 0) & (hundredths != 0)
    below_all = (magnitude == 100) & (np.abs(hundredths) < 100)
    negative = (hundredths < 0) & ((magnitude > 0) | above_none)
    return finite, magnitude, above_none, below_all, negative


def _digits(magnitude: np.ndarray) -> pa.Array:
    """Whole numbers as text. Arrow writes a whole float without ".0", and one too big for
    an integer (a share of 1e17, which no log gives) as "1e+19" rather than overflowing."""
    return pc.cast(pa.array(magnitude), pa.string())
