"""``check --show-settings`` and ``rule --format json``, as ``ruff check --show-settings``
and ``ruff rule --output-format json``: real files in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_stats import cli
from followup_stats.config import ALL_CODES

LOG = "date,company,role,event\n2026-10-01,Hooli,Analyst,applied\n"

#: ``default_wait_days`` on line 3, ``ignore`` on line 4 (hyphenated ``idle-days`` on line 5).
TOML = (
    "# this folder's settings\n"
    "[tool.followup_stats]\n"
    "default_wait_days = 10\n"
    'ignore = ["FU012"]\n'
    "idle-days = 9\n"
)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FOLLOWUP_STATS_DEBUG", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _log(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    return log


def _setting_lines(out: str) -> dict[str, tuple[str, str]]:
    """``name -> (value, source)`` from the Settings block of the text output."""
    block = out.split("Settings\n", 1)[1].split("\n\n", 1)[0]
    found = {}
    for line in block.splitlines():
        assignment, _, source = line.partition("  # ")
        name, _, value = assignment.strip().partition(" = ")
        found[name] = (value.strip(), source)
    return found


def test_no_file_shows_the_built_in_defaults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _log(tmp_path / "logs")
    code, out, err = run(capsys, "check", str(log), "--show-settings")
    assert (code, err) == (0, "")
    assert out.startswith("Configuration file: none: built-in defaults\n")
    settings = _setting_lines(out)
    assert settings["default_wait_days"] == ("7", "default")
    assert settings["timezone"] == ('"UTC"', "default")
    assert settings["select"] == ("not set", "default")
    assert all(source == "default" for _, source in settings.values())
    assert f"Enabled codes (22): {', '.join(ALL_CODES)}\n" in out


def test_found_file_line_and_command_line_override(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "proj"
    log = _log(project / "sub")
    (project / "pyproject.toml").write_text(TOML, encoding="utf-8")
    code, out, err = run(
        capsys,
        "check",
        str(log),
        "--show-settings",
        "--config",
        "default_wait_days=12",
        "--ignore",
        "FU011",
    )
    assert (code, err) == (0, "")
    assert out.startswith("Configuration file: proj/pyproject.toml\n")
    settings = _setting_lines(out)
    assert settings["default_wait_days"] == ("12", "--config on the command line")
    assert settings["ignore"] == ('["FU012"]', "proj/pyproject.toml:4")
    assert settings["idle_days"] == ("9", "proj/pyproject.toml:5")
    assert settings["max_follow_ups"] == ("2", "default")
    assert '  default: select = ["FU", "DQ"]\n' in out
    assert '  configuration (proj/pyproject.toml): select = not set, ignore = ["FU012"]' in out
    assert '  command line: select = not set, ignore = ["FU011"], extend-select = []\n' in out
    enabled = [c for c in ALL_CODES if c not in ("FU011", "FU012")]
    assert f"Enabled codes (20): {', '.join(enabled)}\n" in out


def test_config_file_on_the_command_line_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _log(tmp_path / "logs")
    (tmp_path / "logs" / "followup-stats.toml").write_text("idle_days = 1\n", encoding="utf-8")
    chosen = tmp_path / "mine.toml"
    chosen.write_text('timezone = "Europe/Paris"\n\nselect = ["FU"]\n', encoding="utf-8")
    code, out, err = run(
        capsys, "check", str(log), "--show-settings", "--config", str(chosen), "--format", "json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["config_file"] == "mine.toml"  # given, so the file beside the log is not read
    settings = {s["name"]: s for s in data["settings"]}
    assert settings["timezone"] == {
        "name": "timezone",
        "value": "Europe/Paris",
        "source": "mine.toml:1",
        "line": 1,
    }
    assert settings["select"]["value"] == ["FU"] and settings["select"]["line"] == 3
    assert settings["idle_days"] == {
        "name": "idle_days",
        "value": 7,
        "source": "default",
        "line": None,
    }
    assert data["enabled"] == [c for c in ALL_CODES if c.startswith("FU")]
    assert [layer["layer"] for layer in data["selection"]] == [
        "default",
        "configuration (mine.toml)",
    ]


def test_show_settings_does_not_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "log.csv"
    log.write_text(LOG + "2026-10-02,Hooli,Analyst,follow_up\n", encoding="utf-8")
    assert run(capsys, "check", str(log), "--as-of", "2026-10-30")[0] == 1  # FU005
    code, out, _ = run(capsys, "check", str(log), "--as-of", "2026-10-30", "--show-settings")
    assert code == 0 and "FU005 [error]" not in out


def test_show_settings_shows_a_selection_of_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _log(tmp_path)
    code, out, _ = run(
        capsys, "check", str(log), "--show-settings", "--select", "FU", "--ignore", "FU"
    )
    assert code == 0 and out.endswith("Enabled codes (0): none\n")


def test_show_settings_refuses_csv_and_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _log(tmp_path)
    code, _, err = run(capsys, "check", str(log), "--show-settings", "--format", "csv")
    assert code == 2 and "--show-settings prints text or JSON" in err
    (tmp_path / "followup-stats.toml").write_text("\nidle_days = -1\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(log), "--show-settings")
    assert (code, out) == (2, "")
    assert "followup-stats.toml:2:1: idle_days: must be a whole number" in err
