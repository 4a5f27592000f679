"""``per-candidate-ignores``: codes dropped for one candidate of a cohort log.

The log holds two candidates with the same early follow-up (FU005); Alex also
has an interview with no thank-you (FU001) and no permission asked (FU004).
"""

from __future__ import annotations

import contextlib
import html
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from usage_errors import assert_usage_error

from followup_stats import cli
from followup_stats import report_views as views
from followup_stats.checker import check
from followup_stats.config import Config, from_mapping, read_config_file
from followup_stats.engines import pandas_engine
from followup_stats.errors import ConfigError
from followup_stats.load import load_log
from followup_stats.report import _prepared

AS_OF = "2026-10-20"
LOG = (
    "date,candidate,application_id,company,role,event,channel,asked_next_steps,asked_permission\n"
    "2026-10-01,Sam Lee,A1,Hooli,Analyst,applied,portal,,\n"
    "2026-10-03,Sam Lee,A1,Hooli,Analyst,follow_up,email,,\n"
    "2026-10-01,Alex Rivera,B1,Initech,QA,applied,portal,,\n"
    "2026-10-03,Alex Rivera,B1,Initech,QA,follow_up,email,,\n"
    "2026-10-10,Alex Rivera,B2,Initech,Dev,applied,portal,,\n"
    "2026-10-12,Alex Rivera,B2,Initech,Dev,interview,video,yes,no\n"
)
#: (line, code) of every finding with no setting.
EVERY = {(3, "FU005"), (5, "FU005"), (7, "FU001"), (7, "FU004"), (7, "FU011")}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FOLLOWUP_STATS_DEBUG", raising=False)
    (tmp_path / "cohort.csv").write_text(LOG, encoding="utf-8")
    return tmp_path


def settings(folder: Path, text: str) -> None:
    (folder / "followup-stats.toml").write_text(text, encoding="utf-8")


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def found(diagnostics: pd.DataFrame) -> set[tuple[int, str]]:
    return set(zip(diagnostics["line"].tolist(), diagnostics["code"].tolist(), strict=True))


def test_without_the_setting_every_candidate_keeps_every_finding(folder: Path) -> None:
    assert found(check(folder / "cohort.csv", as_of=AS_OF)) == EVERY


def test_codes_are_dropped_for_the_named_candidate_only(folder: Path) -> None:
    settings(folder, '[per-candidate-ignores]\n"Alex Rivera" = ["FU005", "FU01"]\n')
    # Alex's FU005 (line 5) and FU011 (line 7, by the prefix FU01) go; Sam's FU005 stays.
    assert found(check(folder / "cohort.csv", as_of=AS_OF)) == {
        (3, "FU005"),
        (7, "FU001"),
        (7, "FU004"),
    }


def test_the_command_line_drops_the_same_and_names_a_misspelt_candidate(folder: Path) -> None:
    settings(folder, '[per-candidate-ignores]\n"Alex Rivera" = ["FU005"]\n"Sam Le" = ["FU005"]\n')
    code, out, err = run("check", "cohort.csv", "--as-of", AS_OF, "--format", "json")
    assert code == 1  # FU001 is an error
    assert {(r["line"], r["code"]) for r in json.loads(out)} == EVERY - {(5, "FU005")}
    assert err == (
        "followup-stats: per-candidate-ignores names 'Sam Le', who is not in the logs checked, "
        "so nothing is dropped for them (did you mean Sam Lee?)\n"
    )


def test_worker_processes_drop_the_same_and_pool_the_unknown_names(folder: Path) -> None:
    # Split by candidate, each part lacks one of the two real names: neither is unknown.
    config = from_mapping(
        {"per-candidate-ignores": {"Alex Rivera": ["FU00"], "Sam Lee": ["FU005"], "Kim": ["FU"]}},
        "test",
    )
    log = folder / "cohort.csv"
    one = pandas_engine.check_log([log], config, AS_OF)
    split = pandas_engine.check_log([log], config, AS_OF, jobs=2, rows_per_process=1)
    assert found(one.diagnostics) == {(7, "FU011")}
    pd.testing.assert_frame_equal(one.diagnostics, split.diagnostics)
    for result in (one, split):
        assert result.unknown_candidates is not None
        assert result.unknown_candidates["name"].tolist() == ["Kim"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[per-candidate-ignores]\n"Sam Lee" = ["FU05"]\n', "unknown rule code 'FU05'"),
        ('[per-candidate-ignores]\n"Sam Lee" = "FU005, XY"\n', "unknown rule code 'XY'"),
        ('[per-candidate-ignores]\n" " = ["FU005"]\n', "expected a table of candidate names"),
        ("per-candidate-ignores = 3\n", "expected a table of candidate names"),
        ('[per-candidate-ignores]\nSam.Lee = ["FU005"]\n', "quote a name that holds a dot"),
        (
            '[per-candidate-ignores]\n"Sam Lee" = ["FU005"]\n" Sam Lee" = ["FU001"]\n',
            "'Sam Lee' is given twice",
        ),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_file(folder: Path, text: str, message: str) -> None:
    settings(folder, text)
    with pytest.raises(ConfigError, match=message):
        read_config_file(folder / "followup-stats.toml")
    assert_usage_error(run("check", "cohort.csv", "--as-of", AS_OF), "followup-stats.toml")


def test_show_settings_lists_the_table(folder: Path) -> None:
    settings(folder, '[per-candidate-ignores]\n"Alex Rivera" = ["FU011"]\n')
    code, out, _ = run("check", "cohort.csv", "--show-settings")
    assert code == 0
    assert 'per_candidate_ignores = {"Alex Rivera" = ["FU011"]}' in out
    code, out, _ = run("check", "cohort.csv", "--show-settings", "--format", "json")
    shown = {s["name"]: s for s in json.loads(out)["settings"]}["per_candidate_ignores"]
    assert shown["value"] == {"Alex Rivera": ["FU011"]}
    assert shown["source"] != "default"


def test_a_report_title_names_only_its_own_candidates_ignores(folder: Path) -> None:
    config = Config(per_candidate_ignores=(("Alex Rivera", ("FU011",)), ("Sam Lee", ("FU005",))))
    loaded = load_log(folder / "cohort.csv", config=config, as_of=AS_OF)

    def title(candidate: str) -> str:
        return html.unescape(str(views.title(views.only_candidate(loaded, candidate)).data))

    assert "not reported for Alex Rivera (per-candidate-ignores): FU011" in title("Alex Rivera")
    assert "Sam Lee" not in title("Alex Rivera") and "FU005" not in title("Alex Rivera")
    assert "not reported for Sam Lee (per-candidate-ignores): FU005" in title("Sam Lee")


def test_a_pseudonymised_run_drops_the_same_codes_under_the_pseudonyms(folder: Path) -> None:
    config = Config(per_candidate_ignores=(("Alex Rivera", ("FU00",)), ("Nobody", ("FU",))))
    plain = found(check(folder / "cohort.csv", config, as_of=AS_OF))
    with _prepared(folder / "cohort.csv", AS_OF, config, anonymize=True) as prepared:
        assert prepared.config_path is not None
        written = Path(prepared.config_path).read_text(encoding="utf-8")
        assert "Alex" not in written and "Nobody" not in written  # no real name in the copy
        pseudonym = prepared.pseudonyms["Alex Rivera"]
        assert prepared.config.per_candidate_ignores == ((pseudonym, ("FU00",)),)
        copy = found(check(prepared.log_path, prepared.config_path, as_of=AS_OF))
    assert copy == plain == {(3, "FU005"), (7, "FU011")}


def test_an_unused_noqa_for_a_code_dropped_for_its_candidate_says_so(folder: Path) -> None:
    settings(folder, '[per-candidate-ignores]\n"Alex Rivera" = ["FU005"]\n')
    log = folder / "cohort.csv"
    log.write_text(LOG.replace("QA,follow_up,email,,", 'QA,follow_up,email,,,"noqa: FU005"'))
    log.write_text(log.read_text().replace("asked_permission\n", "asked_permission,notes\n", 1))
    code, _, err = run("check", "cohort.csv", "--as-of", AS_OF, "--warn-unused-noqa")
    assert code == 1
    assert err == (
        "followup-stats: cohort.csv:5: noqa: FU005 hides nothing: FU005 is not reported for this "
        "row in this run (select, ignore, per-file-ignores or per-candidate-ignores)\n"
    )


def test_a_bare_unused_noqa_on_a_line_whose_findings_were_dropped_says_so(folder: Path) -> None:
    settings(folder, '[per-candidate-ignores]\n"Alex Rivera" = ["FU"]\n')
    log = folder / "cohort.csv"
    text = LOG.replace("asked_permission\n", "asked_permission,notes\n", 1)
    log.write_text(text.replace("Dev,interview,video,yes,no", "Dev,interview,video,yes,no,noqa"))
    code, out, err = run("check", "cohort.csv", "--as-of", AS_OF, "--warn-unused-noqa")
    assert code == 1  # Sam's FU005
    assert err == (
        "followup-stats: cohort.csv:7: noqa hides nothing: the findings on this line are not "
        "reported in this run (per-file-ignores or per-candidate-ignores)\n"
    )
    assert out.splitlines()[-1] == (
        "Found 1 problem (1 error, 0 warnings, 0 info) in 1 file; 1 noqa that hides nothing."
    )


def test_worker_processes_suggest_the_closest_name_over_every_part(folder: Path) -> None:
    """Each part suggested its own closest name; the first part's won, not the closest."""
    names = ["Tom Fisher", "Ann Lee", "Bo Ek", "Tomas Fisherx", "Cy Do", "Di Ro"]
    rows = "".join(
        f"2026-10-0{i + 1},{n},A{i},Acme,Analyst,applied,portal,,\n" for i, n in enumerate(names)
    )
    log = folder / "six.csv"
    log.write_text(LOG.splitlines(keepends=True)[0] + rows, encoding="utf-8")
    config = from_mapping({"per-candidate-ignores": {"Tomas Fisher": ["FU011"]}}, "test")
    one = pandas_engine.check_log([log], config, AS_OF)
    split = pandas_engine.check_log([log], config, AS_OF, jobs=2, rows_per_process=1)
    assert one.unknown_candidates is not None and split.unknown_candidates is not None
    assert one.unknown_candidates["suggestion"].tolist() == ["Tomas Fisherx"]
    pd.testing.assert_frame_equal(one.unknown_candidates, split.unknown_candidates)
