"""Glob patterns read as ruff reads ``per-file-ignores`` (globset's syntax)."""

from __future__ import annotations

import re
import warnings

import pytest

from followup_stats import globs


@pytest.mark.parametrize(
    ("pattern", "path", "matched"),
    [
        ("*.csv", "old/log.csv", True),  # "*" crosses folders, as globset's default
        ("**/log.csv", "log.csv", True),  # "**/" may stand for no folder
        ("a/**/b.csv", "a/b.csv", True),
        ("a/**/b.csv", "a/x/y/b.csv", True),
        ("a/**", "a/x/b.csv", True),
        ("a/**", "a", False),
        ("{old,new}/?.csv", "new/b.csv", True),
        ("{old,new}/?.csv", "other/b.csv", False),
        ("{**/old.csv,new.csv}", "a/b/old.csv", True),  # an alternative starts a folder name
        ("{**/old.csv,new.csv}", "old.csv", True),
        ("{new.csv,**/old.csv}", "a/old.csv", True),
        ("{new.csv,**/old.csv}", "old.csv", True),
        ("{new.csv,**/old.csv}", "aold.csv", False),
        ("x{a/**,b}", "xa/c/d.csv", True),  # "/**" at the end of an alternative
        ("x{a/**,b}", "xb", True),
        ("x{a/**,b}", "xa", False),
        ("[!]]x.csv", "ax.csv", True),  # "]" first in a set is one of its characters
        ("[!]]x.csv", "]x.csv", False),
        ("[]]x.csv", "]x.csv", True),
        ("[[]x.csv", "[x.csv", True),  # no nested set for Python's re to warn about
        ("[a&&b]x.csv", "&x.csv", True),
        ("[-a].csv", "-.csv", True),
        ("[a-c].csv", "b.csv", True),
        ("[^a-c].csv", "b.csv", False),
        (globs.escape("Job search [2026]") + "/*.csv", "Job search [2026]/a.csv", True),
        (globs.escape("Job search [2026]") + "/*.csv", "Job search 2/a.csv", False),
    ],
)
def test_patterns_match_as_in_ruff(pattern: str, path: str, matched: bool) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # re's FutureWarning about sets would be a defect
        assert globs.matches(pattern, path) is matched


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("[abc", "a '[' is not closed"),
        ("{a,b", "a '{' is not closed"),
        ("{a,{b,c}}", "a '{' inside another"),
        ("[z-a].csv", "the range z-a runs backwards"),
    ],
)
def test_a_pattern_that_cannot_be_read_says_why(pattern: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        globs.glob_regex(pattern)
