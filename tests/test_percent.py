"""Shares read as people round them: 1 of 8 is 13%, in the text, the report and the figures.

Python's ``.0%`` format sends an exact half to the even neighbour (1 of 8
read "12%" while 3 of 8 read "38%"), and 29 of 200 is stored a hair below
14.5%. Every percentage a user sees goes through
:mod:`followup_stats.percent`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from followup_stats import output, plots, report_views
from followup_stats.percent import percent_text, percent_texts, whole_percents
from followup_stats.stats.summary import rate_sentence


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (1 / 8, "13%"),
        (3 / 8, "38%"),
        (29 / 200, "15%"),  # 0.14499999999999999 as a float
        (1 / 3, "33%"),
        (0.0, "0%"),
        (1.0, "100%"),
        (-1 / 8, "-13%"),
        (-0.001, "-<1%"),  # never "-0%": a difference below zero, though less than a point
        (-1e-13, "0%"),  # float noise is no difference
    ],
)
def test_halves_round_away_from_zero(share: float, shown: str) -> None:
    assert percent_text(share) == shown


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (1 / 201, "<1%"),  # one offer in 201 is not none
        (0.004999, "<1%"),
        (0.005, "1%"),
        (200 / 201, ">99%"),  # an etiquette score with one error is not perfect
        (0.995, ">99%"),
        (0.0, "0%"),
        (1.0, "100%"),
        (1 - 1e-12, "100%"),  # float noise is no share below all
        (-1 / 201, "-<1%"),  # a difference is read the same way, whatever its sign
        (-200 / 201, "->99%"),
        (-1.0, "-100%"),
    ],
)
def test_a_share_between_none_and_all_never_reads_as_either(share: float, shown: str) -> None:
    assert percent_text(share) == shown
    assert percent_texts(pd.Series([share])).tolist() == [shown]


def test_a_column_reads_as_one_value_at_a_time() -> None:
    shares = pd.Series([1 / 8, np.nan, -0.5, np.inf, 29 / 200], index=[5, 6, 7, 8, 9])
    texts = percent_texts(shares, missing="n/a", minus="\u2212")
    assert texts.tolist() == ["13%", "n/a", "\u221250%", "n/a", "15%"]
    assert texts.index.tolist() == [5, 6, 7, 8, 9]
    assert whole_percents(np.array([0.125, -0.125])).tolist() == [13.0, -13.0]


def test_a_share_too_big_for_any_log_is_still_written() -> None:
    """No log gives a share of 1e17, but a library caller may: text, not an overflow."""
    assert percent_texts(pd.Series([1e17, -1e17, 12.5])).tolist() == [
        "1e+19%",
        "-1e+19%",
        "1250%",
    ]


def one_in_eight() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": ["all"],
            "metric": ["interview"],
            "k": [1],
            "n": [8],
            "pending": [0],
            "rate": [1 / 8],
            "ci_low": [0.0225],  # 2.25% -> 2%
            "ci_high": [0.4709],
        }
    )


def test_stats_text_and_sentence_say_13_percent() -> None:
    rates = one_in_eight()
    tables = {"rates": rates, "times": pd.DataFrame(), "funnel": pd.DataFrame()}
    text = output.stats_text(tables | {"patience": pd.DataFrame()})
    assert re.search(r"interview\s+1/8\s+13%\s+2% to 47%", text)
    sentence = rate_sentence(rates.iloc[0].to_dict())
    assert "(13%, 95% CI 2% to 47%" in sentence


def test_report_and_figure_say_13_percent() -> None:
    rates = one_in_eight()
    assert report_views._interval(1 / 8, -1 / 8, 0.5) == "13% (\u221213% to 50%)"
    figure = plots.rates_figure(rates)
    hovers = [text for trace in figure.data for text in (trace.hovertext or ())]
    assert any("13%" in text for text in hovers), hovers
    assert not any("12%" in text for text in hovers)
