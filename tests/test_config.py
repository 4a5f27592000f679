"""Configuration: discovery, validation and ruff-like select/ignore."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from followup_stats.checker import check
from followup_stats.config import Config, find_config_file, read_config_file, resolve_config
from followup_stats.errors import ConfigError

EARLY = (
    "date,company,role,event,asked_permission\n"
    "2026-10-01,Hooli,Analyst,interview,yes\n"
    "2026-10-01,Hooli,Analyst,thank_you,\n"
    "2026-10-03,,,networking,\n"
    "2026-10-04,Hooli,Analyst,follow_up,\n"
)


def test_defaults_match_design() -> None:
    config = Config()
    assert (
        config.thank_you_within_days,
        config.default_wait_days,
        config.final_note_gap_days,
        config.timeline_grace_days,
        config.max_follow_ups,
        config.idle_days,
        config.ghost_after_days,
        config.timezone,
    ) == (1, 7, 2, 3, 2, 7, 30, "UTC")


def test_select_and_ignore_by_prefix() -> None:
    config = Config(select=("FU",), ignore=("FU01",))
    assert config.enabled("FU005") and not config.enabled("FU011") and not config.enabled("DQ001")
    # The longest matching prefix wins, as in ruff.
    assert Config(ignore=("FU",), select=("FU", "FU005")).enabled("FU005")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"default_wait": 7}, "unknown setting 'default_wait' (did you mean default_wait_days? "),
        ({"colour": 7}, "unknown setting 'colour' (known: date_format, "),
        ({"select": ["FU099"]}, "unknown rule code 'FU099'"),
        ({"default_wait_days": -1}, "whole number of days"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
    ],
)
def test_bad_settings_are_errors(tmp_path: Path, settings: dict[str, object], message: str) -> None:
    lines = [f"{key} = {value!r}".replace("'", '"') for key, value in settings.items()]
    path = tmp_path / "followup-stats.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        read_config_file(path)


def test_found_next_to_the_log_and_applied(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(EARLY, encoding="utf-8")
    assert {"FU005"} <= set(check(log, as_of="2026-10-05")["code"])
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.followup_stats]\ndefault_wait_days = 3\n", encoding="utf-8"
    )
    assert find_config_file([log]) == tmp_path / "pyproject.toml"
    assert "FU005" not in set(check(log, as_of="2026-10-05")["code"])


def test_pyproject_without_our_table_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config_file([tmp_path / "log.csv"], cwd=tmp_path) is None


def test_command_line_overrides_the_file(tmp_path: Path) -> None:
    path = tmp_path / "followup-stats.toml"
    path.write_text("default_wait_days = 3\nignore = ['FU012']\n", encoding="utf-8")
    config = resolve_config(path, overrides={"default_wait_days": 10})
    assert config.default_wait_days == 10 and config.ignore == ("FU012",)


def test_a_loaded_log_refuses_other_loading_settings(tmp_path: Path) -> None:
    from followup_stats.errors import UsageError
    from followup_stats.load import load_log

    path = tmp_path / "log.csv"
    path.write_text(EARLY.replace("2026-10-04", "04/10/2026"), encoding="utf-8")
    loaded = load_log(str(path), as_of="2026-10-30")
    for other in (Config(date_format="%d/%m/%Y"), Config(timezone="Europe/Paris")):
        with pytest.raises(UsageError, match="the log is already loaded"):
            check(loaded, config=other)
    # Other settings apply to a loaded log; the same loading settings too.
    codes = set(check(loaded, config=Config(select=("DQ",)))["code"])
    assert codes and all(code.startswith("DQ") for code in codes)
    found = check(str(path), as_of="2026-10-30", config=Config(date_format="%d/%m/%Y"))
    assert "FU005" in set(found["code"])
