"""Configuration in the manner of ruff: layered rule selection, ``ALL``, discovery upwards.

Ruff's behaviour these follow (checked against ruff itself):

- a command-line ``--ignore`` removes codes from what the configuration selects
  (the file's ignores stay); a command-line ``--select`` starts afresh, and only
  the command line's ``--ignore`` then removes from it;
- ``ALL`` selects every code and is less specific than any prefix;
- the closest configuration file in the log's folder or a folder above it is
  used, and a ``pyproject.toml`` that would have been a candidate but is not
  valid TOML is an error.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from usage_errors import assert_usage_error

from followup_stats import cli
from followup_stats.config import (
    ALL_CODES,
    Config,
    RuleSelection,
    find_config_file,
    layer_selection,
    read_config_file,
    resolve_config,
)
from followup_stats.engines import pandas_engine, partitioned
from followup_stats.errors import ConfigError

AS_OF = "2026-10-06"

#: Gives FU012 (a thank-you by phone, info) on line 3 and FU005 (an early follow-up, error).
LOG = (
    "date,company,role,event,channel,asked_permission\n"
    "2026-10-01,Hooli,Analyst,interview,video,yes\n"
    "2026-10-02,Hooli,Analyst,thank_you,phone,\n"
    "2026-10-03,,,networking,,\n"
    "2026-10-04,Hooli,Analyst,follow_up,email,\n"
)

FU_CODES = [code for code in ALL_CODES if code.startswith("FU")]


def run(*argv: str | Path) -> tuple[int, str, str]:
    """``followup-stats ARGV``: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def codes_reported(*argv: str | Path) -> set[str]:
    """The codes ``check ARGV`` reports (as CSV); it must not fail."""
    code, out, err = run("check", *argv, "--as-of", AS_OF, "--format", "csv")
    assert code in (0, 1), err
    return {line.split(",")[6].strip('"') for line in out.splitlines()[1:]}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``proj/`` holding ``sub/log.csv``; the working directory is elsewhere, with no config."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (tmp_path / "proj" / "sub").mkdir(parents=True)
    (tmp_path / "proj" / "sub" / "log.csv").write_text(LOG, encoding="utf-8")
    return tmp_path / "proj"


def pyproject(folder: Path, body: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(f"[project]\nname = 'x'\n\n[tool.followup_stats]\n{body}", encoding="utf-8")
    return path


# -- 1. --select and --ignore layered on the configuration, as in ruff ------------------------


def test_the_log_gives_both_codes(project: Path) -> None:
    assert codes_reported(project / "sub" / "log.csv") == {"FU005", "FU012"}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), {"FU005"}),
        # --ignore adds to the file's ignore: FU012 stays ignored.
        (("--ignore", "FU004"), {"FU005"}),
        (("--ignore", "FU005"), set()),
        # --select starts afresh: the file's ignore no longer counts ...
        (("--select", "FU012"), {"FU012"}),
        (("--select", "FU"), {"FU005", "FU012"}),
        # ... and the command line's --ignore removes from it.
        (("--select", "FU", "--ignore", "FU005"), {"FU012"}),
        # Within the command line the longest prefix wins.
        (("--ignore", "FU", "--select", "FU012"), {"FU012"}),
    ],
)
def test_command_line_selection_is_layered_on_the_file(
    project: Path, options: tuple[str, ...], expected: set[str]
) -> None:
    pyproject(project, 'ignore = ["FU012"]\n')
    assert codes_reported(project / "sub" / "log.csv", *options) == expected


@pytest.mark.parametrize(
    ("file", "select", "ignore", "expected"),
    [
        # The file's longer select (FU005) beats its own ignore, not the command line's.
        ('select = ["FU", "FU005"]\nignore = ["FU00"]\n', None, ("FU",), []),
        (
            'select = ["FU", "FU005"]\nignore = ["FU00"]\n',
            None,
            ("FU01",),
            ["FU005"],
        ),
        ('ignore = ["FU012"]\n', None, ("DQ",), [c for c in FU_CODES if c != "FU012"]),
        ('ignore = ["FU012"]\n', ("FU01",), None, ["FU010", "FU011", "FU012"]),
        ('ignore = ["FU012"]\n', ("ALL",), ("DQ",), FU_CODES),
        ('select = ["FU005"]\n', None, ("ALL",), []),
    ],
)
def test_layering_rules(
    tmp_path: Path,
    file: str,
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
    expected: list[str],
) -> None:
    path = tmp_path / "followup-stats.toml"
    path.write_text(file, encoding="utf-8")
    if not expected:
        with pytest.raises(ConfigError, match="no rule is selected"):
            resolve_config(path, select=select, ignore=ignore)
        return
    assert resolve_config(path, select=select, ignore=ignore).enabled_codes() == expected


def test_a_command_line_layer_keeps_the_users_prefixes_as_written() -> None:
    layered = layer_selection(Config(ignore=("FU012",)), ignore=("fu004",))
    assert (layered.select, layered.ignore) == (None, ("FU012",))
    assert layered.layers == (RuleSelection(None, ("FU004",)),)
    assert "FU004" not in layered.enabled_codes() and "FU012" not in layered.enabled_codes()


def test_inline_config_ignore_replaces_the_files_as_ruffs_config_does(tmp_path: Path) -> None:
    """``--config ignore=[...]`` sets the file's key (ruff's ``--config``); ``--ignore`` adds."""
    path = tmp_path / "followup-stats.toml"
    path.write_text('ignore = ["FU012"]\n', encoding="utf-8")
    replaced = resolve_config(path, overrides={"ignore": ["FU004"]})
    assert replaced.enabled("FU012") and not replaced.enabled("FU004")
    added = resolve_config(path, ignore=("FU004",))
    assert not added.enabled("FU012") and not added.enabled("FU004")


# -- 4. ALL --------------------------------------------------------------------------------------


def test_select_all_on_the_command_line(project: Path) -> None:
    pyproject(project, 'ignore = ["FU012"]\n')
    log = project / "sub" / "log.csv"
    assert codes_reported(log, "--select", "ALL") == {"FU005", "FU012"}
    assert codes_reported(log, "--select", "all", "--ignore", "FU005") == {"FU012"}


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ('select = ["ALL"]\n', list(ALL_CODES)),
        ('select = ["ALL"]\nignore = ["DQ"]\n', FU_CODES),
        # ALL is the least specific selector: a prefix beats it either way.
        ('select = ["FU005"]\nignore = ["ALL"]\n', ["FU005"]),
        ('select = ["ALL"]\nignore = ["FU", "DQ00"]\n', ["DQ010"]),
    ],
)
def test_all_in_a_file(tmp_path: Path, file: str, expected: list[str]) -> None:
    path = tmp_path / "followup-stats.toml"
    path.write_text(file, encoding="utf-8")
    assert read_config_file(path).enabled_codes() == expected


def test_all_is_in_the_message_for_an_unknown_code(project: Path) -> None:
    assert_usage_error(
        run("check", project / "sub" / "log.csv", "--select", "EVERYTHING"),
        "--select EVERYTHING: unknown rule code",
        "ALL",
    )


@pytest.mark.parametrize(
    ("body", "place", "said"),
    [
        ('select = ["FU0013"]\n', "2:1", "select: unknown rule code 'FU0013'"),
        ('ignore = ["FU", "fu05"]\n', "2:1", "ignore: unknown rule code 'FU05'"),
        ('extend-select = ["DQ0001"]\n', "2:1", "extend-select: unknown rule code 'DQ0001'"),
        ('extend_ignore = "FU5"\n', "2:1", "extend_ignore: unknown rule code 'FU5'"),
        (
            '[per-file-ignores]\n"a.csv" = ["FU0013"]\n',
            "3:1",
            "per-file-ignores: 'a.csv': unknown rule code 'FU0013'",
        ),
        (
            '[extend-per-file-ignores]\n"a.csv" = ["FU0013"]\n',
            "3:1",
            "extend-per-file-ignores: 'a.csv': unknown rule code 'FU0013'",
        ),
        (
            '[per-candidate-ignores]\n"Sam Lee" = ["FU0013"]\n',
            "3:1",
            "per-candidate-ignores: 'Sam Lee': unknown rule code 'FU0013'",
        ),
    ],
)
def test_a_slip_in_a_files_code_gets_the_command_lines_hint(
    project: Path, body: str, place: str, said: str
) -> None:
    """Every setting that takes codes says which one was meant, as ``--select`` does,
    and still names the key's line and column."""
    path = project / "followup-stats.toml"
    path.write_text(f"# settings\n{body}", encoding="utf-8")
    code = said.rpartition(" ")[2].strip("'")
    _, _, option_err = run("check", project / "sub" / "log.csv", "--select", code)
    hint = option_err.partition(": unknown rule code ")[2]
    assert hint.startswith("(did you mean FU00") or hint.startswith("(did you mean DQ00"), hint
    err = assert_usage_error(run("check", project / "sub" / "log.csv"))
    assert err == f"followup-stats: error: {path}:{place}: {said} {hint}", err


@pytest.mark.parametrize(
    ("given", "meant"),
    [("FU0013", "FU001"), ("FU05", "FU005"), ("FU0005", "FU005"), ("DQ0001", "DQ001")],
)
def test_an_options_slip_names_the_code_meant(project: Path, given: str, meant: str) -> None:
    for option in ("--select", "--ignore", "--extend-select", "--extend-ignore"):
        assert_usage_error(
            run("check", project / "sub" / "log.csv", option, given),
            f"{option} {given}: unknown rule code (did you mean {meant}? known codes: ALL, FU001,",
        )


@pytest.mark.parametrize("given", ["FU13", "XX001", "EVERYTHING"])
def test_no_hint_when_no_code_or_several_are_as_close(project: Path, given: str) -> None:
    """``FU13`` is as near FU001 as FU012: no code is named rather than one picked at random."""
    err = assert_usage_error(run("check", project / "sub" / "log.csv", "--select", given))
    assert "did you mean" not in err and "(known codes: ALL, FU001," in err


def test_rule_names_the_code_meant() -> None:
    assert_usage_error(run("rule", "fu0013"), "'fu0013' (did you mean FU001? known codes: FU001,")


# -- 5. An empty selection is an error -------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        ("--select", ""),
        ("--select", " , "),
        ("--ignore", ""),
        ("--select", "FU", "--ignore", "FU"),
        ("--ignore", "ALL"),
    ],
)
def test_an_empty_selection_is_a_usage_error(project: Path, options: tuple[str, ...]) -> None:
    result = run("check", project / "sub" / "log.csv", "--as-of", AS_OF, *options)
    assert "All checks passed" not in result[1]
    assert_usage_error(result)


@pytest.mark.parametrize("body", ["select = []\n", 'ignore = ["ALL"]\n', 'ignore = ["FU", "DQ"]\n'])
def test_a_file_that_selects_nothing_is_a_usage_error(project: Path, body: str) -> None:
    path = pyproject(project, body)
    assert_usage_error(run("check", project / "sub" / "log.csv"), str(path), "no rule is selected")


@pytest.mark.parametrize(
    "options",
    [("--config", "default_wait_days=3"), ("--ignore", "FU011"), ("--config", "timezone=UTC")],
)
def test_the_file_is_named_when_it_selects_nothing_whatever_else_is_given(
    project: Path, options: tuple[str, ...]
) -> None:
    path = pyproject(project, "select = []\n")
    result = run("check", project / "sub" / "log.csv", *options)
    assert_usage_error(result, str(path), "no rule is selected")


@pytest.mark.parametrize(("value", "expected"), [('["FU"]', set()), ('["FU012"]', {"FU005"})])
def test_inline_config_ignore_without_select_ignores_its_codes(
    project: Path, value: str, expected: set[str]
) -> None:
    # As an ignore without a select in a file: its codes are gone from the selection.
    log = project / "sub" / "log.csv"
    assert codes_reported(log, "--config", f"ignore={value}") == expected


def test_inline_config_ignore_all_selects_nothing(project: Path) -> None:
    # ALL is less specific than the default FU and DQ, yet ignores everything.
    log = project / "sub" / "log.csv"
    assert_usage_error(run("check", log, "--config", 'ignore=["ALL"]'), "no rule is selected")


def test_a_command_line_select_rescues_a_file_that_selects_nothing(project: Path) -> None:
    pyproject(project, 'ignore = ["ALL"]\n')
    assert codes_reported(project / "sub" / "log.csv", "--select", "FU005") == {"FU005"}


@pytest.mark.parametrize("value", ["5", "[1, 2]", "{ a = 1 }"])
def test_a_selection_that_is_not_a_list_of_codes_is_one_line(project: Path, value: str) -> None:
    pyproject(project, f"select = {value}\n")
    assert_usage_error(run("check", project / "sub" / "log.csv"), "expected a list of rule codes")


# -- 2. Discovery in the log's folder and the folders above it -------------------------------


def test_a_pyproject_in_a_parent_folder_is_used(project: Path) -> None:
    path = pyproject(project, 'ignore = ["FU012"]\n')
    log = project / "sub" / "log.csv"
    assert find_config_file([log]) == path
    assert codes_reported(log) == {"FU005"}


def test_the_closest_file_wins(project: Path) -> None:
    (project / "followup-stats.toml").write_text('ignore = ["FU012"]\n', encoding="utf-8")
    closer = pyproject(project / "sub", 'ignore = ["FU005"]\n')
    log = project / "sub" / "log.csv"
    assert find_config_file([log]) == closer
    assert codes_reported(log) == {"FU012"}


def test_a_pyproject_without_our_table_is_passed_over(project: Path) -> None:
    (project / "sub" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    path = pyproject(project, 'ignore = ["FU012"]\n')
    assert find_config_file([project / "sub" / "log.csv"]) == path


def test_followup_stats_toml_wins_over_pyproject_in_the_same_folder(project: Path) -> None:
    pyproject(project, 'ignore = ["FU012"]\n')
    ours = project / "followup-stats.toml"
    ours.write_text('ignore = ["FU005"]\n', encoding="utf-8")
    assert find_config_file([project / "sub" / "log.csv"]) == ours
    assert codes_reported(project / "sub" / "log.csv") == {"FU012"}


def test_an_explicit_config_is_used_instead_of_the_discovered_one(
    project: Path, tmp_path: Path
) -> None:
    pyproject(project, 'ignore = ["FU012"]\n')
    explicit = tmp_path / "mine.toml"
    explicit.write_text('ignore = ["FU005"]\n', encoding="utf-8")
    assert codes_reported(project / "sub" / "log.csv", "--config", explicit) == {"FU012"}


def test_the_working_directory_and_above_when_the_log_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "logs").mkdir()
    log = tmp_path / "logs" / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    (tmp_path / "work" / "deep").mkdir(parents=True)
    path = pyproject(tmp_path / "work", 'ignore = ["FU012"]\n')
    monkeypatch.chdir(tmp_path / "work" / "deep")
    assert find_config_file([log]) == path
    assert codes_reported(log) == {"FU005"}


def other_client(
    tmp_path: Path, log: str = LOG, name: str = "log.csv", settings: str = 'ignore = ["FU005"]\n'
) -> Path:
    """``other/``: a client's folder holding ``log`` and settings of its own."""
    other = tmp_path / "other"
    other.mkdir()
    (other / name).write_text(log, encoding="utf-8")
    (other / "followup-stats.toml").write_text(settings, encoding="utf-8")
    return other


def applied_client(tmp_path: Path, name: str, wait: int) -> Path:
    """A client's folder: one application sent on 1 Oct 2026, and their own default wait."""
    folder = tmp_path / name.lower()
    folder.mkdir()
    (folder / "log.csv").write_text(
        "date,candidate,application_id,company,role,event\n"
        f"2026-10-01,{name},A1,Hooli,Analyst,applied\n",
        encoding="utf-8",
    )
    (folder / "followup-stats.toml").write_text(f"default_wait_days = {wait}\n", "utf-8")
    return folder


def file_codes(csv_text: str) -> set[tuple[str, str]]:
    """``(file, code)`` of each finding of ``check --format csv``."""
    return {(row["file"], row["code"]) for row in csv.DictReader(io.StringIO(csv_text))}


def test_check_judges_each_log_by_its_closest_file(project: Path, tmp_path: Path) -> None:
    """As ruff lints each file with its closest settings: one run over two clients' folders
    reports what two runs would, and the summary counts both files."""
    pyproject(project, 'ignore = ["FU012"]\n')
    other = other_client(tmp_path)
    ours, theirs = project / "sub" / "log.csv", other / "log.csv"
    code, out, err = run("check", ours, theirs, "--as-of", AS_OF, "--format", "csv")
    assert (code, err) == (1, "")  # ours still has its FU005, an error
    assert file_codes(out) == {(str(ours), "FU005"), (str(theirs), "FU012")}
    assert codes_reported(ours) == {"FU005"} and codes_reported(theirs) == {"FU012"}
    code, out, _ = run("check", ours, theirs, "--as-of", AS_OF)
    assert out.rstrip().endswith("in 2 files.")


def test_a_log_without_a_file_gets_the_defaults_beside_one_with_a_file(
    project: Path, tmp_path: Path
) -> None:
    """One client's settings judged every log checked with it, without a word, before runs
    over several files were refused: ``bare/log.csv`` is now judged as when checked alone."""
    pyproject(project, 'ignore = ["FU005"]\n')
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "log.csv").write_text(LOG, encoding="utf-8")
    for logs in ([bare / "log.csv", project / "sub" / "log.csv"],
                 [project / "sub" / "log.csv", bare / "log.csv"]):  # fmt: skip
        _, out, err = run("check", *logs, "--as-of", AS_OF, "--format", "csv")
        assert file_codes(out) == {
            (str(bare / "log.csv"), "FU005"),
            (str(bare / "log.csv"), "FU012"),
            (str(project / "sub" / "log.csv"), "FU012"),
        }, err
    assert codes_reported(bare / "log.csv") == {"FU005", "FU012"}


def test_one_candidate_under_two_files_is_an_error(project: Path, tmp_path: Path) -> None:
    """A candidate's applications cannot be split between two sets of settings."""
    named = "candidate," + LOG.replace("\n2026", "\nSam Mensah,2026")
    (project / "sub" / "log.csv").write_text(named, encoding="utf-8")
    pyproject(project, 'ignore = ["FU012"]\n')
    other = other_client(tmp_path, named)
    result = run("check", project / "sub" / "log.csv", other / "log.csv", "--as-of", AS_OF)
    assert_usage_error(result, "candidate 'Sam Mensah' has logs under two configuration files")
    assert "--config" in result[2]
    # Named with --config, one file judges both, and the second file's rows are the
    # first's again (DQ005), which two runs apart could not have seen.
    explicit = other / "followup-stats.toml"
    code, out, _ = run(
        "check", project / "sub" / "log.csv", other / "log.csv", "--as-of", AS_OF,
        "--config", explicit, "--format", "csv",
    )  # fmt: skip
    assert code == 0 and {code for _, code in file_codes(out)} == {"DQ005", "FU012"}


def test_a_candidate_named_in_a_file_of_their_name_is_still_theirs(
    project: Path, tmp_path: Path
) -> None:
    """``Sam.csv`` whose cells name Sam, beside another client's log naming Sam: one person.

    Only a name taken from a file's name, for want of a ``candidate`` cell, is the file's own.
    """
    named = "candidate," + LOG.replace("\n2026", "\nSam,2026")
    (project / "sub" / "Sam.csv").write_text(named, encoding="utf-8")
    pyproject(project, 'ignore = ["FU012"]\n')
    other = other_client(tmp_path, named)
    for logs in ([project / "sub" / "Sam.csv", other / "log.csv"],
                 [other / "log.csv", project / "sub" / "Sam.csv"]):  # fmt: skip
        result = run("check", *logs, "--as-of", AS_OF)
        assert_usage_error(result, "candidate 'Sam' has logs under two configuration files")


def test_a_files_candidate_settings_reach_only_its_own_logs(project: Path, tmp_path: Path) -> None:
    """Amara's file dropping FU005 for "Zed" does not reach Zed's log, judged by its own file."""
    pyproject(project, '[tool.followup_stats.per-candidate-ignores]\n"Zed" = ["FU005"]\n')
    zed = (
        other_client(
            tmp_path,
            "candidate," + LOG.replace("\n2026", "\nZed,2026"),
            settings='ignore = ["FU012"]\n',
        )
        / "log.csv"
    )
    code, out, err = run(
        "check", project / "sub" / "log.csv", zed, "--as-of", AS_OF, "--format", "csv"
    )
    assert code == 1
    assert (str(zed), "FU005") in file_codes(out)
    assert err == (
        "followup-stats: per-candidate-ignores names 'Zed', who is not in the logs checked "
        "with the settings that give it, so nothing is dropped for them (names are matched "
        "exactly, as the log writes them)\n"
    )
    # Given on the command line, the name is every group's: Zed's own settings drop FU005.
    code, out, err = run(
        "check", project / "sub" / "log.csv", zed, "--as-of", AS_OF, "--format", "csv",
        "--config", 'per-candidate-ignores = {"Zed" = ["FU005"]}',
    )  # fmt: skip
    assert (code, err) == (1, "")  # the other log's own FU005 is still an error
    assert (str(zed), "FU005") not in file_codes(out)


def test_todo_plans_each_client_by_their_own_wait(tmp_path: Path) -> None:
    """Ann's settings wait 3 days, Ben's 10: one ``todo`` over both plans as two would."""
    plans = {}
    for name, wait in (("Ann", 3), ("Ben", 10)):
        folder = applied_client(tmp_path, name, wait)
        code, out, err = run("todo", folder, "--as-of", "2026-10-02", "--format", "json")
        assert code == 0, err
        plans[name] = json.loads(out)
    code, out, err = run(
        "todo", tmp_path / "ann", tmp_path / "ben", "--as-of", "2026-10-02", "--format", "json"
    )
    assert (code, err) == (0, "")
    both = json.loads(out)
    assert both == [*plans["Ann"], *plans["Ben"]]
    assert [row["not_before"] for row in both] == ["2026-10-04", "2026-10-11"]
    code, out, _ = run(
        "todo", tmp_path / "ann", tmp_path / "ben", "--as-of", "2026-10-02",
        "--format", "json", "--candidate", "Ben",
    )  # fmt: skip
    assert (code, json.loads(out)) == (0, plans["Ben"])


def test_todo_tells_apart_two_clients_known_by_the_same_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two clients' ``log.csv`` with no candidate cells are two people, not two copies of
    "log": their plans say whose each is, and their reminders are not one calendar event."""
    monkeypatch.chdir(tmp_path)
    for name, wait in (("ann", 3), ("ben", 10)):
        Path(name).mkdir()
        Path(name, "log.csv").write_text(
            "date,application_id,company,role,event\n2026-10-01,A1,Hooli,Analyst,applied\n",
            encoding="utf-8",
        )
        Path(name, "followup-stats.toml").write_text(f"default_wait_days = {wait}\n")
    ann, ben = "ann", "ben"
    code, out, err = run("todo", ann, ben, "--as-of", "2026-10-02", "--format", "json")
    assert (code, err) == (0, "")
    plans = {row["candidate"]: row["not_before"] for row in json.loads(out)}
    assert plans == {f"log ({ann})": "2026-10-04", f"log ({ben})": "2026-10-11"}
    code, out, _ = run("todo", ann, ben, "--as-of", "2026-10-02")
    assert code == 0 and f"log ({ann})" in out and f"log ({ben})" in out
    ics = Path("todo.ics")
    assert run("todo", ann, ben, "--as-of", "2026-10-02", "--ics", ics)[0] == 0
    uids = [line for line in ics.read_text().splitlines() if line.startswith("UID:")]
    assert len(set(uids)) == len(uids) == 2
    code, out, _ = run(
        "todo", ann, ben, "--as-of", "2026-10-02", "--format", "json", "--candidate", f"log ({ben})"
    )
    assert (code, [row["not_before"] for row in json.loads(out)]) == (0, ["2026-10-11"])
    code, _, err = run("todo", ann, ben, "--as-of", "2026-10-02", "--candidate", "log")
    assert code == 2 and f"log ({ann})" in err and len(err.splitlines()) == 1
    # One client alone is "log", as before.
    code, out, _ = run("todo", ann, "--as-of", "2026-10-02", "--format", "json")
    assert [row["candidate"] for row in json.loads(out)] == ["log"]


def test_two_clients_known_by_the_same_file_name_are_two_people_under_one_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no settings of their own, two clients' ``log.csv`` were one candidate "log":
    Ann's application and Ben's at the same company were one application (Ben's interview
    answered Ann's), counted once in the rates and planned once."""
    monkeypatch.chdir(tmp_path)
    rows = {
        "ann": "2026-09-01,Hooli,Analyst,applied\n2026-09-20,Hooli,Analyst,follow_up\n",
        "ben": "2026-09-03,Hooli,Analyst,applied\n2026-09-10,Hooli,Analyst,interview\n",
    }
    for name, body in rows.items():
        Path(name).mkdir()
        Path(name, "log.csv").write_text("date,company,role,event\n" + body, encoding="utf-8")
    logs = ["ann/log.csv", "ben/log.csv"]
    options = ["--as-of", "2026-10-30", "--format", "json"]
    code, out, err = run("check", *logs, *options, "--select", "FU001")
    assert (code, err) == (1, "")
    assert [(row["candidate"], row["line"]) for row in json.loads(out)] == [("log (ben)", 3)]
    code, out, err = run("stats", *logs, *options, "--by", "candidate")
    assert (code, err) == (0, "")
    response = [r for r in json.loads(out)["rates"] if r["metric"] == "response"]
    assert {(r["group"], r["k"], r["n"]) for r in response} == {
        ("log (ann)", 0, 1),
        ("log (ben)", 1, 1),
    }
    code, out, err = run("todo", *logs, "--as-of", "2026-10-30", "--format", "json")
    assert (code, err) == (0, "")
    assert sorted(row["candidate"] for row in json.loads(out)) == ["log (ann)", "log (ben)"]
    # One of them alone is "log", as before.
    code, out, _ = run("check", "ben/log.csv", *options, "--select", "FU001")
    assert [row["candidate"] for row in json.loads(out)] == ["log"]
    # Split by candidate over two processes, each part is named as the whole log names it.
    assert len(partitioned.split_by_candidate(partitioned.read_logs(logs, None), 2)) == 2
    whole = pandas_engine.stats_log(logs, None, "2026-10-30", by="candidate")
    split = pandas_engine.stats_log(
        logs, None, "2026-10-30", by="candidate", jobs=2, rows_per_process=1
    )
    assert set(whole["rates"]["group"]) == {"log (ann)", "log (ben)"}
    pd.testing.assert_frame_equal(split["rates"], whole["rates"])
    # A blank candidate cell beside named ones is counted under that name too, said so.
    Path("ann", "log.csv").write_text(
        "date,candidate,company,role,event\n2026-09-01,Ann,Hooli,Analyst,applied\n"
        "2026-09-02,,Initech,Analyst,applied\n",
        encoding="utf-8",
    )
    code, out, _ = run("check", *logs, *options, "--select", "DQ004")
    assert [row["message"] for row in json.loads(out)] == [
        "candidate is blank in a file that names candidates (Ann); "
        "counted as 'log (ann)', the file's name and folder"
    ]


def test_todo_without_as_of_plans_each_client_on_their_own_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pago Pago (UTC-11) and Kiritimati (UTC+14) are always on different days: each
    client's plan and reminders count from their own today, as a run of their own does."""
    monkeypatch.chdir(tmp_path)
    ben_today = pd.Timestamp.now(tz="Pacific/Kiritimati").date()
    applied = (ben_today - dt.timedelta(days=7)).isoformat()  # a follow-up is due on Ben's today
    for name, zone in (("ann", "Pacific/Pago_Pago"), ("ben", "Pacific/Kiritimati")):
        Path(name).mkdir()
        Path(name, "log.csv").write_text(
            "date,application_id,company,role,event\n"
            f"{applied},A1,Hooli,Analyst,applied\n2026-09-01,A2,Initech,Analyst,applied\n",
            encoding="utf-8",
        )
        Path(name, "followup-stats.toml").write_text(f'timezone = "{zone}"\n', "utf-8")

    def reminders(*logs: str) -> list[str]:
        assert run("todo", *logs, "--ics", "todo.ics")[0] == 0
        text = Path("todo.ics").read_text(encoding="utf-8")
        return sorted(line for line in text.splitlines() if line.startswith("DTSTART"))

    assert reminders("ann", "ben") == sorted([*reminders("ann"), *reminders("ben")])
    code, out, _ = run("todo", "ann", "ben")
    due, coming = out.split("Coming up")
    assert code == 0 and "log (ben)" in due and "log (ann)" in coming
    ann_today = pd.Timestamp.now(tz="Pacific/Pago_Pago").date()
    assert f"(as of {ann_today} to {ben_today}, each client's today" in due


def test_another_clients_unreadable_log_keeps_no_calendar_back(tmp_path: Path) -> None:
    """``todo --candidate Ann --ics`` over clients' folders: Ben's unreadable ``bad.csv`` cannot
    hold Ann's rows (a name in a cell under two files is refused), so her calendar is written;
    the run still exits 2 for Ben's file."""
    for name in ("Ann", "Ben"):
        applied_client(tmp_path, name, len(name))
    (tmp_path / "ben" / "bad.csv").write_text("date,company,event\nsoon,X,applied\n", "utf-8")
    ics = tmp_path / "ann.ics"
    code, _, err = run(
        "todo", tmp_path / "ann", tmp_path / "ben", "--as-of", "2026-10-02",
        "--candidate", "Ann", "--ics", ics,
    )  # fmt: skip
    assert code == 2
    assert f"wrote 1 reminder to {ics}" in err
    assert f"{tmp_path / 'ben' / 'bad.csv'}: no row could be loaded" in err


def test_a_header_only_log_under_its_own_file_is_named(project: Path, tmp_path: Path) -> None:
    pyproject(project, 'ignore = ["FU012"]\n')
    other = other_client(tmp_path, "date,company,event\n", name="new.csv")
    code, out, _ = run("check", project / "sub" / "log.csv", other / "new.csv", "--as-of", AS_OF)
    assert code == 1
    assert out.splitlines()[-1].endswith(f"in 1 file; {other / 'new.csv'} holds no events.")


def test_jobs_not_used_over_several_files_is_said(project: Path, tmp_path: Path) -> None:
    pyproject(project, 'ignore = ["FU012"]\n')
    other = other_client(tmp_path)
    logs = [project / "sub" / "log.csv", other / "log.csv"]
    code, out, err = run("check", *logs, "--as-of", AS_OF, "--jobs", "2")
    assert (code, out) == run("check", *logs, "--as-of", AS_OF)[:2]
    assert err == (
        "followup-stats: the logs fall under 2 configuration files, checked one after another "
        "in this process: --jobs is not used (name one file with --config to use it)\n"
    )


@pytest.mark.parametrize("command", ["stats"])
def test_commands_that_pool_the_logs_still_want_one_file(
    project: Path, tmp_path: Path, command: str
) -> None:
    pyproject(project, 'ignore = ["FU012"]\n')
    other = other_client(tmp_path)
    result = run(command, project / "sub" / "log.csv", other / "log.csv", "--as-of", AS_OF)
    assert_usage_error(result, "different configuration files", "--config")


def test_show_settings_of_logs_with_different_files_is_refused(
    project: Path, tmp_path: Path
) -> None:
    pyproject(project, 'ignore = ["FU012"]\n')
    other = other_client(tmp_path)
    result = run("check", project / "sub" / "log.csv", other / "log.csv", "--show-settings")
    assert_usage_error(result, "different configuration files", "one log's at a time")


# -- 3. A broken candidate pyproject.toml is an error; one that is not a candidate is not ----


def test_a_broken_pyproject_found_above_the_log_is_one_line(project: Path) -> None:
    path = project / "pyproject.toml"
    path.write_text("[project]\nname = 'x'\n[tool.followup_stats\n", encoding="utf-8")
    err = assert_usage_error(run("check", project / "sub" / "log.csv"), "not valid TOML")
    assert f"{path}:3:" in err


def test_a_pyproject_that_is_not_utf8_is_one_line(project: Path) -> None:
    (project / "pyproject.toml").write_bytes(b"[tool.followup_stats]\nname = '\xff'\n")
    assert_usage_error(run("check", project / "sub" / "log.csv"), "pyproject.toml", "not UTF-8")


def test_a_broken_pyproject_beyond_the_closest_file_is_not_read(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.followup_stats\n", encoding="utf-8")
    closer = pyproject(project / "sub", 'ignore = ["FU012"]\n')
    assert find_config_file([project / "sub" / "log.csv"]) == closer
    assert codes_reported(project / "sub" / "log.csv") == {"FU005"}


def test_a_broken_pyproject_beside_followup_stats_toml_is_not_read(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.followup_stats\n", encoding="utf-8")
    (project / "followup-stats.toml").write_text('ignore = ["FU012"]\n', encoding="utf-8")
    assert codes_reported(project / "sub" / "log.csv") == {"FU005"}


def test_a_broken_followup_stats_toml_names_line_and_column(project: Path) -> None:
    path = project / "followup-stats.toml"
    path.write_text('ignore = ["FU012"\n', encoding="utf-8")
    assert_usage_error(run("check", project / "sub" / "log.csv"), f"{path}:", "not valid TOML")


def test_a_followup_stats_toml_cut_short_names_where_it_ends(project: Path) -> None:
    """tomllib says "at end of document" without a line; the line and column are worked out."""
    path = project / "followup-stats.toml"
    path.write_text("idle_days = 7\nignore = [\n", encoding="utf-8")
    err = assert_usage_error(run("check", project / "sub" / "log.csv"))
    assert err == f"followup-stats: error: {path}:3:1: not valid TOML: Invalid value\n"


@pytest.mark.parametrize(
    ("cwd", "shown"),
    [
        ("proj/sub", "followup-stats.toml"),
        ("proj", "sub/followup-stats.toml"),
        (".", "proj/sub/followup-stats.toml"),
        ("elsewhere", None),  # outside the working folder: the absolute path
    ],
)
@pytest.mark.parametrize("command", ["check", "stats", "report"])
def test_a_found_file_is_named_as_ruff_names_paths(
    project: Path, monkeypatch: pytest.MonkeyPatch, cwd: str, shown: str | None, command: str
) -> None:
    """The file found from the log up is named from the working folder when inside it."""
    path = project / "sub" / "followup-stats.toml"
    path.write_text("idle_days = 7\nfoo = 1\n", encoding="utf-8")
    monkeypatch.chdir(project.parent / cwd)
    err = assert_usage_error(run(command, project / "sub" / "log.csv"), "unknown setting 'foo'")
    assert err.startswith(f"followup-stats: error: {shown or path}:2:1: "), err


@pytest.mark.parametrize(
    ("text", "said"),
    [("[tool.followup_stats\n", ":1:21: not valid TOML"), ("tool = 3\n", ": 'tool' must be")],
)
def test_a_found_pyproject_that_cannot_be_read_is_named_from_the_working_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch, text: str, said: str
) -> None:
    (project / "sub" / "pyproject.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(project)
    assert_usage_error(
        run("check", project / "sub" / "log.csv"), f"error: sub/pyproject.toml{said}"
    )


def test_a_found_name_that_is_no_file_is_named_from_the_working_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "followup-stats.toml").mkdir()
    monkeypatch.chdir(project)
    assert_usage_error(
        run("check", project / "sub" / "log.csv"), "error: followup-stats.toml: cannot be read"
    )


@pytest.mark.parametrize(
    "typed", ["{abs}", "sub/followup-stats.toml", "../proj/sub/followup-stats.toml"]
)
def test_a_config_option_is_named_as_typed(
    project: Path, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    path = project / "sub" / "followup-stats.toml"
    path.write_text("foo = 1\n", encoding="utf-8")
    monkeypatch.chdir(project)
    given = typed.format(abs=path)
    err = assert_usage_error(run("check", "sub/log.csv", "--config", given))
    assert err.startswith(f"followup-stats: error: {given}:1:1: unknown setting 'foo'"), err


@pytest.mark.parametrize(
    "text", ["tool = 3\n", "[tool]\nfollowup_stats = 3\n", "tool.followup_stats = 'x'\n"]
)
def test_a_misshapen_tool_table_is_one_line(project: Path, text: str) -> None:
    (project / "sub" / "pyproject.toml").write_text(text, encoding="utf-8")
    assert_usage_error(run("check", project / "sub" / "log.csv"), "must be a table")


# -- 6. The discovered configuration file is an input: never written over -------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "{log}", "--output", "{config}"),
        ("stats", "{log}", "--format", "csv", "--output", "{config}"),
        ("todo", "{log}", "--ics", "{config}"),
    ],
    ids=["check", "stats", "todo-ics"],
)
@pytest.mark.parametrize("where", ["beside", "above"])
def test_output_over_the_discovered_config_is_refused(
    project: Path, argv: tuple[str, ...], where: str
) -> None:
    folder = project / "sub" if where == "beside" else project
    config = pyproject(folder, 'ignore = ["FU012"]\n')
    before = digest(config)
    log = project / "sub" / "log.csv"
    filled = [a.format(log=log, config=config) for a in argv]
    assert_usage_error(run(*filled, "--as-of", AS_OF), "refusing to write over it")
    assert digest(config) == before


def test_output_beside_a_config_that_is_not_used_is_allowed(project: Path, tmp_path: Path) -> None:
    """An explicit --config means the discovered pyproject.toml is not an input."""
    discovered = pyproject(project, 'ignore = ["FU012"]\n')
    explicit = tmp_path / "mine.toml"
    explicit.write_text('ignore = ["FU005"]\n', encoding="utf-8")
    report = project / "report.txt"
    result = run(
        "check",
        project / "sub" / "log.csv",
        "--as-of",
        AS_OF,
        "--config",
        explicit,
        "--output",
        report,
    )
    assert result[0] == 0, result[2]
    assert report.is_file() and "FU012" in report.read_text(encoding="utf-8")
    assert discovered.is_file()


# -- 6. select and ignore kept as written; --config replaces one key ---------------------------

DQ_CODES = [code for code in ALL_CODES if code.startswith("DQ")]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"ignore": ("ALL",)}, []),
        ({"ignore": ("F",)}, DQ_CODES),
        ({"ignore": ("FU",)}, DQ_CODES),
        # In one layer the longer prefix wins, whichever list it is in.
        ({"select": ("FU", "DQ"), "ignore": ("F",)}, list(ALL_CODES)),
        ({"select": ("ALL",), "ignore": ("F",)}, DQ_CODES),
        ({"select": ("FU005",), "ignore": ("ALL",)}, ["FU005"]),
    ],
)
def test_an_ignore_without_a_select_ignores_from_the_default(
    settings: dict[str, tuple[str, ...]], expected: list[str]
) -> None:
    config = Config(**settings)  # type: ignore[arg-type]
    assert config.enabled_codes() == expected
    assert config.select == settings.get("select") and config.ignore == settings["ignore"]


@pytest.mark.parametrize(
    ("body", "override", "expected"),
    [
        # --config replaces the file's key; the file's other key stays, as written.
        ('ignore = ["F"]\n', {"select": ["ALL"]}, DQ_CODES),
        ('ignore = ["FU"]\n', {"select": ["ALL"]}, DQ_CODES),
        ('ignore = ["ALL"]\n', {"ignore": ["FU"]}, DQ_CODES),
        ('ignore = ["F"]\n', {"ignore": ["DQ001"]}, [c for c in ALL_CODES if c != "DQ001"]),
        ('select = ["FU"]\nignore = ["FU01"]\n', {"select": ["FU01"]}, []),
    ],
)
def test_inline_config_replaces_one_key_of_the_file(
    tmp_path: Path, body: str, override: dict[str, list[str]], expected: list[str]
) -> None:
    path = tmp_path / "followup-stats.toml"
    path.write_text(body, encoding="utf-8")
    if not expected:
        with pytest.raises(ConfigError, match="no rule is selected"):
            resolve_config(path, overrides=override)
        return
    assert resolve_config(path, overrides=override).enabled_codes() == expected


def test_inline_config_on_a_file_that_ignores_a_one_letter_prefix(project: Path) -> None:
    (project / "followup-stats.toml").write_text('ignore = ["F"]\n', encoding="utf-8")
    log = project / "sub" / "log.csv"
    assert codes_reported(log) == set()  # FU codes ignored; the log has no DQ finding
    assert codes_reported(log, "--config", 'select=["ALL"]') == set()
    assert codes_reported(log, "--config", 'ignore=["DQ001"]') == {"FU005", "FU012"}


def test_inline_config_ignore_on_a_file_that_ignores_all(project: Path) -> None:
    (project / "followup-stats.toml").write_text('ignore = ["ALL"]\n', encoding="utf-8")
    log = project / "sub" / "log.csv"
    assert_usage_error(run("check", log, "--as-of", AS_OF), "no rule is selected")
    assert codes_reported(log, "--config", 'ignore=["FU"]') == set()  # DQ selected, none found
    assert codes_reported(log, "--config", 'ignore=["DQ"]') == {"FU005", "FU012"}


def test_a_setting_given_twice_on_the_command_line_takes_the_later(project: Path) -> None:
    log = project / "sub" / "log.csv"
    twice = ("--config", 'ignore=["FU005"]', "--config", 'ignore=["FU012"]')
    assert codes_reported(log, *twice) == {"FU005"}
    # The follow-up comes 3 days after the interview: early for a wait of 10, not of 2.
    aliases = ("--config", "default-wait-days=2", "--config", "default_wait_days=10")
    assert codes_reported(log, *aliases) == {"FU005", "FU012"}
    aliases = ("--config", "default_wait_days=10", "--config", "default-wait-days=2")
    assert codes_reported(log, *aliases) == {"FU012"}


# -- 7. extend-select and extend-ignore ----------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"select": ("FU01",), "extend_select": ("FU005",)}, ["FU005", "FU010", "FU011", "FU012"]),
        ({"select": ("DQ",), "extend_ignore": ("DQ00",)}, ["DQ010"]),
        ({"extend_ignore": ("FU",)}, DQ_CODES),
        # In one layer the most specific wins: FU005 extends past the ignore of FU.
        ({"ignore": ("FU",), "extend_select": ("FU005",)}, ["FU005", *DQ_CODES]),
        ({"extend_select": ("FU",), "ignore": ("FU00",)}, ["FU010", "FU011", "FU012", *DQ_CODES]),
    ],
)
def test_extend_settings_as_in_ruff(
    settings: dict[str, tuple[str, ...]], expected: list[str]
) -> None:
    assert Config(**settings).enabled_codes() == expected  # type: ignore[arg-type]


def test_extend_settings_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "followup-stats.toml"
    path.write_text(
        'select = ["FU01"]\nextend-select = ["FU005"]\nextend-ignore = ["FU012"]\n',
        encoding="utf-8",
    )
    config = read_config_file(path)
    assert (config.select, config.extend_select, config.extend_ignore) == (
        ("FU01",),
        ("FU005",),
        ("FU012",),
    )
    assert config.enabled_codes() == ["FU005", "FU010", "FU011"]
    path.write_text('extend-select = ["FU099"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown rule code 'FU099'"):
        read_config_file(path)


@pytest.mark.parametrize(
    ("file", "options", "expected"),
    [
        # --extend-select adds to the file's selection, its ignore kept.
        ('select = ["FU012"]\n', ("--extend-select", "FU005"), {"FU005", "FU012"}),
        ('ignore = ["FU"]\n', ("--extend-select", "FU005"), {"FU005"}),
        # With --select it is part of the same layer.
        ('ignore = ["FU012"]\n', ("--select", "DQ", "--extend-select", "FU012"), {"FU012"}),
        # --extend-ignore is an --ignore.
        ("", ("--extend-ignore", "FU005"), {"FU012"}),
        ("", ("--extend-ignore", "FU005", "--ignore", "FU012"), set()),
    ],
)
def test_extend_options_on_the_command_line(
    project: Path, file: str, options: tuple[str, ...], expected: set[str]
) -> None:
    (project / "followup-stats.toml").write_text(file, encoding="utf-8")
    assert codes_reported(project / "sub" / "log.csv", *options) == expected


def test_extend_options_are_checked(project: Path) -> None:
    log = project / "sub" / "log.csv"
    assert_usage_error(
        run("check", log, "--extend-select", "XX9"), "--extend-select XX9: unknown rule code"
    )
    assert_usage_error(run("check", log, "--extend-ignore", " , "), "--extend-ignore")


def test_an_unknown_sub_table_is_named_with_its_line(project: Path) -> None:
    """``[tool.followup_stats.lint]`` (brought from ruff) is placed like a key."""
    path = pyproject(project, 'idle_days = 3\n\n[tool.followup_stats.lint]\nselect = ["FU"]\n')
    err = assert_usage_error(run("check", project / "sub" / "log.csv"), "unknown setting 'lint'")
    assert f"{path}:7:1: " in err
