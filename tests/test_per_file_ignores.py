"""``per-file-ignores`` as in ruff: real files in a project folder, checked from elsewhere.

``proj/old/a.csv`` and ``proj/new/b.csv`` hold the same log (FU005 and FU012);
the working directory is a folder outside ``proj``, so a pattern only matches
when it is read relative to the configuration file's folder.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from usage_errors import assert_usage_error

from followup_stats import cli
from followup_stats.checker import check
from followup_stats.config import Config, read_config_file
from followup_stats.report import _per_file_ignores_of_copies, _write_config

AS_OF = "2026-10-10"
LOG = (
    "date,company,role,event,channel,asked_next_steps\n"
    "2026-10-01,Hooli,Analyst,interview,video,yes\n"
    "2026-10-02,Hooli,Analyst,thank_you,phone,\n"
    "2026-10-03,,,networking,,\n"
    "2026-10-04,Hooli,Analyst,follow_up,email,\n"
)


def run(*argv: str | Path) -> tuple[int, str, str]:
    """``followup-stats ARGV``: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def codes_by_file(*argv: str | Path) -> dict[str, set[str]]:
    """File name -> codes ``check ARGV`` reports (as JSON); it must not fail."""
    code, out, err = run("check", *argv, "--as-of", AS_OF, "--format", "json")
    assert code in (0, 1), err
    found: dict[str, set[str]] = {}
    for record in json.loads(out):
        found.setdefault(Path(record["file"]).name, set()).add(record["code"])
    return found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("FOLLOWUP_STATS_DEBUG", raising=False)
    for name in ("old/a.csv", "new/b.csv"):
        (tmp_path / "proj" / name).parent.mkdir(parents=True)
        (tmp_path / "proj" / name).write_text(LOG, encoding="utf-8")
    return tmp_path / "proj"


def settings(project: Path, body: str) -> Path:
    """``proj/followup-stats.toml`` with ``body``."""
    path = project / "followup-stats.toml"
    path.write_text(body, encoding="utf-8")
    return path


def logs(project: Path) -> list[Path]:
    return [project / "old" / "a.csv", project / "new" / "b.csv"]


def test_the_logs_give_both_codes_without_per_file_ignores(project: Path) -> None:
    assert codes_by_file(*logs(project)) == {
        "a.csv": {"FU005", "FU012"},
        "b.csv": {"FU005", "FU012"},
    }


def test_a_pattern_relative_to_the_config_folder_drops_codes_there_only(project: Path) -> None:
    settings(project, '[per-file-ignores]\n"old/*.csv" = ["FU005"]\n')
    assert codes_by_file(*logs(project)) == {"a.csv": {"FU012"}, "b.csv": {"FU005", "FU012"}}


def test_a_pattern_that_matches_no_log_drops_nothing(project: Path) -> None:
    settings(project, '[per-file-ignores]\n"archive/*.csv" = ["FU"]\n"a.tsv" = ["FU005"]\n')
    assert codes_by_file(*logs(project)) == {
        "a.csv": {"FU005", "FU012"},
        "b.csv": {"FU005", "FU012"},
    }


def test_a_pattern_without_a_slash_matches_the_file_name_and_takes_prefixes(project: Path) -> None:
    settings(project, '[tool.followup_stats.per-file-ignores]\n"b.csv" = ["FU01"]\n')
    assert codes_by_file(*logs(project)) == {"a.csv": {"FU005", "FU012"}, "b.csv": {"FU005"}}


def test_a_negated_pattern_applies_to_the_logs_it_does_not_match(project: Path) -> None:
    settings(project, 'per-file-ignores = {"!old/*" = ["FU005"]}\n')
    assert codes_by_file(*logs(project)) == {"a.csv": {"FU005", "FU012"}, "b.csv": {"FU012"}}


def test_extend_per_file_ignores_adds_to_per_file_ignores(project: Path) -> None:
    settings(
        project,
        'per-file-ignores = {"old/*" = ["FU005"]}\n'
        'extend-per-file-ignores = {"old/*" = ["FU012"]}\n',
    )
    assert codes_by_file(*logs(project)) == {"b.csv": {"FU005", "FU012"}}


def test_inline_config_takes_a_toml_table(project: Path) -> None:
    found = codes_by_file(*logs(project), "--config", 'per-file-ignores={"*.csv" = ["FU012"]}')
    assert found == {"a.csv": {"FU005"}, "b.csv": {"FU005"}}


def test_the_library_check_drops_them_too(project: Path) -> None:
    settings(project, '[per-file-ignores]\n"old/*.csv" = ["FU005"]\n')
    diagnostics = check(logs(project), as_of=AS_OF)
    assert set(diagnostics["code"]) == {"FU005", "FU012"}
    in_old = diagnostics[diagnostics["file"].str.contains("old")]
    assert set(in_old["code"]) == {"FU012"}


def test_an_unknown_code_is_named_with_the_patterns_line_and_column(project: Path) -> None:
    path = settings(
        project, 'idle_days = 3\n\n[per-file-ignores]\n"new/*" = ["FU012"]\n"old/*" = ["FU09"]\n'
    )
    err = assert_usage_error(
        run("check", *logs(project)),
        "per-file-ignores: 'old/*': unknown rule code 'FU09' (did you mean FU009? known codes:",
    )
    assert f"{path}:5:1: " in err


@pytest.mark.parametrize(
    ("body", "said", "place"),
    [
        ('per-file-ignores = ["FU005"]\n', "expected a table of glob patterns", ":1:1: "),
        ('[per-file-ignores]\nold.csv = ["FU005"]\n', "quote a pattern that holds a dot", ":1:1: "),
        ('[per-file-ignores]\n"old/*" = 5\n', "expected a list of rule codes", ":2:1: "),
        ('[per-file-ignores]\n"" = ["FU005"]\n', "got the pattern ''", ":1:1: "),
    ],
)
def test_a_bad_value_is_one_line_with_file_line_and_column(
    project: Path, body: str, said: str, place: str
) -> None:
    path = settings(project, body)
    err = assert_usage_error(run("check", *logs(project)), said)
    assert f"{path}{place}" in err


def test_a_bad_inline_value_is_named_as_the_command_line_gave_it(project: Path) -> None:
    assert_usage_error(
        run("check", *logs(project), "--config", 'per-file-ignores={"*.csv" = ["XX1"]}'),
        "--config per-file-ignores=",
        "unknown rule code 'XX1'",
    )


def test_show_settings_shows_them_with_their_line_and_the_logs_they_match(project: Path) -> None:
    settings(project, 'idle_days = 3\n[per-file-ignores]\n"old/*.csv" = ["FU005"]\n')
    code, out, err = run("check", *logs(project), "--show-settings")
    assert (code, err) == (0, "")
    assert 'per_file_ignores = {"old/*.csv" = ["FU005"]}' in out
    assert (
        "followup-stats.toml:2" in out.split('per_file_ignores = {"old/*.csv"', 1)[1].split("\n")[0]
    )
    assert "extend_per_file_ignores = {}" in out
    assert out.endswith(f"Per-file ignores, for the logs given\n  {logs(project)[0]}: FU005\n")
    code, out, err = run("check", *logs(project), "--show-settings", "--format", "json")
    shown = json.loads(out)
    setting = next(s for s in shown["settings"] if s["name"] == "per_file_ignores")
    assert setting["value"] == {"old/*.csv": ["FU005"]} and setting["line"] == 2
    assert shown["per_file_ignored"] == {
        str(logs(project)[0]): ["FU005"],
        str(logs(project)[1]): [],
    }


def test_settings_written_for_the_reports_match_the_same_logs(
    project: Path, tmp_path: Path
) -> None:
    """The notebooks read a copy written elsewhere: its patterns must still match."""
    config = read_config_file(settings(project, '[per-file-ignores]\n"old/*.csv" = ["FU005"]\n'))
    (tmp_path / "work").mkdir()
    copy = read_config_file(_write_config(config, tmp_path / "work" / "followup-stats.toml"))
    for log in logs(project):
        assert copy.ignored_in(log) == config.ignored_in(log)
    assert config.ignored_in(logs(project)[0]) == {"FU005"}
    copies = [tmp_path / "work" / "file_1.csv", tmp_path / "work" / "file_2.csv"]
    renamed = _per_file_ignores_of_copies(config, [str(p) for p in logs(project)], copies)
    assert renamed.per_file_ignores == (("file_1.csv", ("FU005",)),)
    assert renamed.ignored_in(copies[0]) == {"FU005"} and not renamed.ignored_in(copies[1])


def test_a_table_given_in_the_library_becomes_pairs() -> None:
    config = Config().replace(per_file_ignores={"old/*.csv": ["fu005"]})
    assert config.per_file_ignores == (("old/*.csv", ("FU005",)),)
    assert config == Config(per_file_ignores=(("old/*.csv", ("FU005",)),))


@pytest.mark.parametrize(
    ("pattern", "dropped_in"),
    [
        ("**/*.csv", {"a.csv", "b.csv"}),  # "**/" may stand for folders
        ("**/a.csv", {"a.csv"}),
        ("old/**", {"a.csv"}),
        ("old/**/*.csv", {"a.csv"}),  # and for no folder at all
        ("{old,archive}/*.csv", {"a.csv"}),  # alternatives, as ruff's own docs write them
        ("{old,new}/?.csv", {"a.csv", "b.csv"}),
        ("[n]ew/*", {"b.csv"}),
        ("[!n]*/*.csv", {"a.csv"}),
    ],
)
def test_patterns_are_read_as_ruff_reads_them(
    project: Path, pattern: str, dropped_in: set[str]
) -> None:
    settings(project, f'[per-file-ignores]\n"{pattern}" = ["FU005"]\n')
    found = codes_by_file(*logs(project))
    assert {name for name, codes in found.items() if "FU005" not in codes} == dropped_in


def test_a_log_named_through_dot_dot_is_matched_as_its_own_path(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings(project, '[per-file-ignores]\n"old/*.csv" = ["FU005"]\n')
    monkeypatch.chdir(project / "new")
    assert codes_by_file(Path("..") / "old" / "a.csv") == {"a.csv": {"FU012"}}


def test_a_project_folder_named_with_brackets_is_taken_literally(tmp_path: Path) -> None:
    """``Job search [2026]`` is a folder name, not a set of characters."""
    folder = tmp_path / "Job search [2026]" / "old"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text(LOG, encoding="utf-8")
    settings(folder.parent, '[per-file-ignores]\n"old/*.csv" = ["FU005"]\n')
    assert codes_by_file(folder / "a.csv") == {"a.csv": {"FU012"}}


@pytest.mark.parametrize("pattern", ["old/[abc.csv", "{old,new/*.csv", "{a,{b,c}}/*.csv"])
def test_a_pattern_that_cannot_be_read_is_an_error_with_its_place(
    project: Path, pattern: str
) -> None:
    config = settings(project, f'[per-file-ignores]\n"{pattern}" = ["FU005"]\n')
    assert_usage_error(
        run("check", *logs(project), "--as-of", AS_OF), f"{config}:2:1", "not a glob pattern"
    )


@pytest.mark.parametrize(
    "pattern", ["../proj/old/*.csv", "old/./a.csv", "old//a.csv", "new/../old/a.csv", "**/a.csv"]
)
def test_dots_and_doubled_slashes_in_a_pattern_are_worked_out(project: Path, pattern: str) -> None:
    settings(project, f'[per-file-ignores]\n"{pattern}" = ["FU005"]\n')
    assert codes_by_file(*logs(project)) == {"a.csv": {"FU012"}, "b.csv": {"FU005", "FU012"}}
