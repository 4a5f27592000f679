"""Shares written as whole percentages, rounded the same way everywhere.

Python's ``format(0.125, ".0%")`` and ``round`` send an exact half to the
even neighbour: 1 of 8 reads "12%" while 3 of 8 reads "38%". People (and
the coach reading a report aloud) round halves up, so every share a user
sees, in the command line's text, the reports and the figures' hover text,
goes through this module: halves away from zero, and a share a hair below a
half only because of binary fractions (29 of 200 is 0.14499...) counts as
the half it is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Digits kept before rounding: enough for any count a log holds, few enough
#: to wash out binary-fraction error (``29 / 200 * 100`` is 14.499999999999998).
_CLEAN_DIGITS = 6


def whole_percents(shares: pd.Series | np.ndarray) -> np.ndarray:
    """Shares (0.125) as whole percentages (13.0), halves away from zero; NaN stays NaN."""
    hundredths = np.round(np.asarray(shares, dtype="float64") * 100, _CLEAN_DIGITS)
    rounded = np.sign(hundredths) * np.floor(np.abs(hundredths) + 0.5)
    return rounded + 0.0  # no negative zero: "-0%" would read as a loss


def percent_text(share: float, minus: str = "-") -> str:
    """One share as text, ``"13%"``; ``minus`` is the sign written before a negative one."""
    whole = int(whole_percents(np.array([share]))[0])
    return f"{minus}{-whole}%" if whole < 0 else f"{whole}%"


def percent_texts(shares: pd.Series, missing: str = "n/a", minus: str = "-") -> pd.Series:
    """:func:`percent_text` of a column at once; ``missing`` where a share is not a number."""
    number = pd.to_numeric(shares, errors="coerce").astype("float64").to_numpy()
    whole = whole_percents(number)
    finite = np.isfinite(whole)
    digits = pd.Series(np.abs(np.where(finite, whole, 0)).astype(np.int64), index=shares.index)
    sign = pd.Series(np.where(whole < 0, minus, ""), index=shares.index, dtype="string")
    text = sign + digits.astype("string") + "%"
    return text.where(finite, missing).astype("string")
