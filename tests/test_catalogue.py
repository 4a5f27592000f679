"""The rule catalogue agrees with DESIGN.md, config.py and itself, and copies no prose."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from followup_stats.config import ALL_CODES, THRESHOLDS, Config
from followup_stats.errors import FollowupStatsError
from followup_stats.rules.catalogue import (
    CatalogueError,
    RuleInfo,
    UnknownRuleError,
    catalogue_frame,
    get_rule,
    load_catalogue,
    parse_catalogue,
    render_rule,
    seed_parts,
    setting_text,
    source_citation,
)

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO.parent / "shared" / "seeds" / "000_e5210e8336633f4e.txt"

# DESIGN.md section 3 (rule table) and section 2 (DQ codes, warning unless said),
# copied here by hand as the independent source.
DESIGN_SEVERITY = {
    "FU001": "error",
    "FU002": "warning",
    "FU003": "warning",
    "FU004": "warning",
    "FU005": "error",
    "FU006": "warning",
    "FU007": "error",
    "FU008": "warning",
    "FU009": "error",
    "FU010": "info",
    "FU011": "info",
    "FU012": "info",
    **{f"DQ{i:03d}": "warning" for i in range(1, 11)},
    "DQ008": "info",
}

# Seed parts as DESIGN.md's table cites them; FU002 has none there and takes
# its thank-you bullet (P4 b1).
DESIGN_SEED = {
    "FU001": "P4 b1",
    "FU002": "P4 b1",
    "FU003": "P3",
    "FU004": "P3",
    "FU005": "P3",
    "FU006": "P4 b2",
    "FU007": "P4 b3",
    "FU008": "P4 b3",
    "FU009": "P1, P4",
    "FU010": "P4 b4",
    "FU011": "P5",
    "FU012": "P4 b1",
}

# The config keys each rule reads (DESIGN.md section 3 and config.Config docs).
EXPECTED_THRESHOLDS = {
    "FU001": {"thank_you_within_days"},
    "FU002": {"thank_you_within_days"},
    "FU005": {"default_wait_days"},
    "FU007": {"final_note_gap_days"},
    "FU008": {"timeline_grace_days"},
    "FU009": {"max_follow_ups"},
    "FU011": {"idle_days"},
}

# DESIGN.md's "default" column, for the rules that have one.
DESIGN_DEFAULTS = {
    "FU002": 1,
    "FU005": 7,
    "FU007": 2,
    "FU008": 3,
    "FU009": 2,
    "FU011": 7,
}

# Columns an example must carry to show its rule.
NEEDED_COLUMNS = {
    "FU003": {"asked_next_steps"},
    "FU004": {"asked_permission"},
    "FU005": {"contact_ok_after_days"},
    "FU006": {"asked_permission"},
    "FU008": {"timeline_days"},
    "FU009": {"timeline_days"},
    "FU010": {"reason"},
    "FU012": {"channel"},
    "DQ004": {"contact_ok_after_days"},
}

# DESIGN.md section 2: the canonical columns.
CANONICAL_COLUMNS = {
    "date",
    "company",
    "event",
    "application_id",
    "role",
    "candidate",
    "channel",
    "contact",
    "stage",
    "asked_next_steps",
    "asked_permission",
    "contact_ok_after_days",
    "timeline_days",
    "reason",
    "notes",
}

EVENTS = {
    "applied",
    "interview",
    "thank_you",
    "follow_up",
    "update",
    "response",
    "offer",
    "rejection",
    "withdrew",
    "accepted",
    "declined",
    "networking",
}

# DQ examples whose failing log deliberately holds an unreadable value.
BROKEN_ON_PURPOSE = {"DQ001", "DQ002", "DQ003", "DQ004", "DQ009", "DQ010"}


@pytest.fixture(scope="module")
def catalogue() -> dict[str, RuleInfo]:
    return load_catalogue()


def _catalogue_text() -> str:
    return (resources.files("followup_stats.seeds") / "catalogue.toml").read_text(encoding="utf-8")


def _examples(rule: RuleInfo) -> dict[str, str]:
    return {"example_fail": rule.example_fail, "example_pass": rule.example_pass}


# --- agreement with DESIGN.md and config.py ---------------------------------


def test_catalogue_is_a_package_resource() -> None:
    assert (resources.files("followup_stats.seeds") / "catalogue.toml").is_file()


def test_codes_match_config(catalogue: dict[str, RuleInfo]) -> None:
    assert tuple(catalogue) == ALL_CODES
    assert list(catalogue_frame()["code"]) == list(ALL_CODES)


def test_severities_match_design(catalogue: dict[str, RuleInfo]) -> None:
    assert {code: rule.severity for code, rule in catalogue.items()} == DESIGN_SEVERITY


def test_seed_parts_match_design(catalogue: dict[str, RuleInfo]) -> None:
    assert {c: r.seed for c, r in catalogue.items() if c.startswith("FU")} == DESIGN_SEED
    assert all(r.seed is None for c, r in catalogue.items() if c.startswith("DQ"))
    parts = seed_parts()
    assert {"P1", "P2", "P3", "P4", "P5", "P4 b1", "P4 b2", "P4 b3", "P4 b4"} <= set(parts)
    for rule in catalogue.values():
        assert all(part in parts for part in rule.seed_items)


def test_thresholds_agree_with_config(catalogue: dict[str, RuleInfo]) -> None:
    defaults = Config()
    for code, rule in catalogue.items():
        assert set(rule.thresholds) == EXPECTED_THRESHOLDS.get(code, set()), code
        for key, value in rule.thresholds.items():
            assert key in THRESHOLDS
            assert value == getattr(defaults, key), (code, key)
    for code, default in DESIGN_DEFAULTS.items():
        assert list(catalogue[code].thresholds.values()) == [default], code
    used = {key for rule in catalogue.values() for key in rule.thresholds}
    assert used == set(THRESHOLDS) - {"ghost_after_days"}  # the one statistics-only key


def test_entries_are_complete(catalogue: dict[str, RuleInfo]) -> None:
    for rule in catalogue.values():
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)+", rule.title), rule.code
        for text in (rule.summary, rule.rationale, rule.fix, rule.applies_to):
            assert text.strip(), rule.code
        assert "\n" not in rule.summary
        expected_kind = "etiquette" if rule.code.startswith("FU") else "data quality"
        assert rule.kind == expected_kind
    assert len({rule.title for rule in catalogue.values()}) == len(catalogue)


def test_applies_to_matches_design(catalogue: dict[str, RuleInfo]) -> None:
    # DESIGN.md section 3: FU001-FU004 and FU006 apply to interview rounds only.
    for code in ("FU001", "FU002", "FU003", "FU004", "FU006"):
        assert catalogue[code].applies_to == "interview rounds"
    for code in ("FU005", "FU007", "FU008", "FU009", "FU010"):
        assert catalogue[code].applies_to == "all rounds"
    assert catalogue["FU011"].applies_to == "candidate"
    assert all(catalogue[c].applies_to == "row" for c in ALL_CODES if c.startswith("DQ"))


# --- examples ---------------------------------------------------------------


@pytest.mark.parametrize("code", ALL_CODES)
def test_examples_parse_as_csv(code: str) -> None:
    rule = get_rule(code)
    assert isinstance(rule.example_as_of, dt.date)
    assert rule.example_fail != rule.example_pass
    for name, text in _examples(rule).items():
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        columns = set(frame.columns)
        assert {"date", "company", "event"} <= columns, (code, name)
        assert columns <= CANONICAL_COLUMNS, (code, name)
        assert NEEDED_COLUMNS.get(code, set()) <= columns, (code, name)
        assert len(frame) >= 1
        if name == "example_pass" or code not in BROKEN_ON_PURPOSE:
            assert set(frame["event"]) <= EVENTS, (code, name)
            days = pd.to_datetime(frame["date"], format="%Y-%m-%d")
            if code != "DQ008" or name == "example_pass":
                assert (days.dt.date <= rule.example_as_of).all(), (code, name)
            blank_company = frame["company"] == ""
            assert (frame.loc[blank_company, "event"] == "networking").all(), (code, name)


def test_fail_also_is_explained(catalogue: dict[str, RuleInfo]) -> None:
    also = {
        code: rule.example_fail_also for code, rule in catalogue.items() if rule.example_fail_also
    }
    assert also == {"FU006": ("FU004",)}


# --- loader API ---------------------------------------------------------------


def test_get_rule_is_case_insensitive() -> None:
    assert get_rule(" fu005 ").code == "FU005"
    assert get_rule("FU005").title == "early-follow-up"


def test_unknown_code_lists_known_codes() -> None:
    with pytest.raises(UnknownRuleError) as info:
        get_rule("FU099")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, FollowupStatsError)
    message = str(info.value)
    assert "FU099" in message
    assert all(code in message for code in ALL_CODES)


def test_rule_info_is_frozen() -> None:
    rule = get_rule("FU001")
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.severity = "info"  # type: ignore[misc]
    with pytest.raises(TypeError):
        rule.thresholds["thank_you_within_days"] = 5  # type: ignore[index]


def test_load_returns_a_copy() -> None:
    first = load_catalogue()
    first.pop("FU001")
    assert "FU001" in load_catalogue()


def test_catalogue_frame_is_tidy() -> None:
    frame = catalogue_frame()
    assert list(frame.columns) == ["code", "title", "severity", "seed", "summary"]
    assert len(frame) == len(ALL_CODES)
    assert list(frame["severity"].cat.categories) == ["error", "warning", "info"]
    assert frame.loc[frame["code"].str.startswith("DQ"), "seed"].isna().all()
    assert frame.loc[frame["code"].str.startswith("FU"), "seed"].notna().all()


def test_source_citation() -> None:
    text = source_citation()
    for piece in (
        "Amy Sanderson",
        "Dos and Don'ts of Following Up Post-Interview",
        "People Plus, Inc.",
        "28 June 2022",
    ):
        assert piece in text


# --- render_rule ----------------------------------------------------------------


def test_render_rule_has_every_piece() -> None:
    rule = get_rule("FU005")
    text = render_rule("FU005")
    assert text.splitlines()[0] == "FU005 (early-follow-up) [error]"
    for heading in ("What it checks", "Why (source article, P3)", "Thresholds"):
        assert heading in text
    assert "What to do instead" in text
    assert "default_wait_days = 7 (default)" in text
    assert "Example that fails" in text and "Example that passes" in text
    assert "2026-10-05,Acme,Analyst,follow_up" in text
    assert "2026-10-11,Acme,Analyst,follow_up" in text
    assert rule.example_as_of.isoformat() in text
    assert seed_parts()["P3"].split()[0] in text
    flat = " ".join(text.split())
    assert rule.rationale in flat


def test_render_rule_shows_current_threshold() -> None:
    text = render_rule("FU005", Config(default_wait_days=10))
    assert "default_wait_days = 10 (default 7)" in text


def test_render_rule_notes_deselected_codes() -> None:
    assert "not selected" in render_rule("FU011", Config(ignore=("FU011",)))
    assert "not selected" not in render_rule("FU011")


def test_render_rule_for_every_code() -> None:
    for code in ALL_CODES:
        text = render_rule(code.lower())
        rule = get_rule(code)
        assert text.startswith(f"{code} ({rule.title}) [{rule.severity}]\n")
        assert ("Why (source article" in text) == code.startswith("FU")
        assert "none" in text or rule.thresholds
        assert all(len(line) <= 100 for line in text.splitlines())


def test_render_rule_unknown_code() -> None:
    with pytest.raises(UnknownRuleError):
        render_rule("XX001")


# --- validation on load ----------------------------------------------------------


def _break(old: str, new: str, count: int = 1) -> str:
    text = _catalogue_text()
    assert old in text, old
    return text.replace(old, new, count)


def test_shipped_text_validates() -> None:
    assert tuple(parse_catalogue(_catalogue_text())) == ALL_CODES


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('code = "FU012"', 'code = "FU011"', "more than once"),
        ('code = "DQ010"', 'code = "DQ011"', "unknown code"),
        ('severity = "info"', 'severity = "note"', "severity"),
        ("default_wait_days = 7", "default_wait_days = 8", "default"),
        ("default_wait_days = 7", "wait_days = 7", "not a Config threshold"),
        ('seed = "P3"', 'seed = "P9"', "seed"),
        ('title = "unreadable-date"', 'title = "unreadable-date"\nseed = "P1"', "no seed"),
        ('title = "thank-you-missing"', 'title = "Thank You Missing"', "title"),
        ("example_as_of = 2026-10-03", 'example_as_of = "2026-10-03"', "example_as_of"),
        ("date,company,role,event\n", "date,role,event\n", "required columns"),
        ('applies_to = "row"', 'applies_to = "row"\nowner = "me"', "unknown keys"),
        ('example_fail_also = ["FU004"]', 'example_fail_also = ["FU006"]', "example_fail_also"),
        ("else {default_wait_days}.", "else {idle_days}.", "not one of its thresholds"),
    ],
)
def test_invalid_catalogue_is_rejected(old: str, new: str, message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(_break(old, new))


def test_missing_entry_is_rejected() -> None:
    text = _catalogue_text()
    start = text.index('[[rule]]\ncode = "DQ010"')
    with pytest.raises(CatalogueError, match="no entry for DQ010"):
        parse_catalogue(text[:start])


def test_not_toml_is_rejected() -> None:
    with pytest.raises(CatalogueError, match="not valid TOML"):
        parse_catalogue("[[rule]\n")


# --- own words ---------------------------------------------------------------------

RUN = 8  # words in a row that count as copying


def _words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text)


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def test_no_sentence_of_the_article_is_copied() -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"source article not found at {ARTICLE}")
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    # The first line is the article's title, which the citation must name.
    article = _runs(_words("\n".join(lines[1:])))
    assert article
    suffixes = {".py", ".md", ".toml", ".txt", ".csv", ".json", ".ipynb"}
    checked = 0
    for folder in (REPO / "seeds", REPO / "followup_stats"):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in suffixes or "__pycache__" in path.parts:
                continue
            copied = _runs(_words(path.read_text(encoding="utf-8"))) & article
            assert not copied, f"{path.relative_to(REPO)} copies: {' '.join(sorted(copied)[0])}"
            checked += 1
    assert checked >= 3


def test_copy_check_catches_a_copied_sentence() -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"source article not found at {ARTICLE}")
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    article = _runs(_words("\n".join(lines[1:])))
    sample = " ".join(_words("\n".join(lines[1:]))[40:49]).upper()
    assert _runs(_words(f"Some text. {sample}, more text.")) & article


# --- thresholds in the prose --------------------------------------------------------


def test_summaries_and_fixes_never_use_a_setting_name_as_a_word(
    catalogue: dict[str, RuleInfo],
) -> None:
    """A setting is shown as its value with its name beside it, never in place of a value."""
    for rule in catalogue.values():
        for text in (rule.summary_for(), rule.fix_for()):
            assert "{" not in text, rule.code
            bare = re.sub(r"`[^`]*`", "", text)
            for key in THRESHOLDS:
                assert key not in bare, (rule.code, key, text)
            assert "date_format" not in bare and "asked_" not in bare, (rule.code, text)


def test_setting_text() -> None:
    assert setting_text("final_note_gap_days", 2) == "2 days (`final_note_gap_days`)"
    assert setting_text("thank_you_within_days", 1) == "1 day (`thank_you_within_days`)"
    assert setting_text("max_follow_ups", 3) == "3 (`max_follow_ups`)"


def test_rule_shows_the_values_in_use_in_its_prose() -> None:
    flat = " ".join(render_rule("FU007").split())
    assert "less than 2 days (`final_note_gap_days`) after the previous follow-up" in flat
    assert "Leave at least 2 days (`final_note_gap_days`) after your last follow-up" in flat
    flat = " ".join(render_rule("FU007", Config(final_note_gap_days=3)).split())
    assert "Leave at least 3 days (`final_note_gap_days`)" in flat
    assert "final_note_gap_days days" not in flat
    frame = catalogue_frame().set_index("code")
    assert "above 2 (`max_follow_ups`)" in str(frame.loc["FU009", "summary"])
