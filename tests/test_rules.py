"""Each rule's failing and passing example from the catalogue, through the real checker."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from followup_stats.checker import check
from followup_stats.config import ALL_CODES
from followup_stats.rules.catalogue import load_catalogue

CATALOGUE = load_catalogue()


def codes_of(example: str, as_of: str) -> list[str]:
    frame = pd.read_csv(io.StringIO(example), dtype=str, keep_default_na=False)
    return sorted(check(frame, as_of=as_of)["code"])


@pytest.mark.parametrize("code", ALL_CODES)
def test_failing_example_gives_the_code(code: str) -> None:
    info = CATALOGUE[code]
    expected = sorted([code, *info.example_fail_also])
    assert codes_of(info.example_fail, str(info.example_as_of)) == expected


@pytest.mark.parametrize("code", ALL_CODES)
def test_passing_example_is_clean(code: str) -> None:
    info = CATALOGUE[code]
    assert codes_of(info.example_pass, str(info.example_as_of)) == []
