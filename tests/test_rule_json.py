"""``rule CODE --format json`` and ``rule --all --format json``, as ``ruff rule
--output-format json``: the catalogue entry as an object, with the configuration's values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_stats import cli
from followup_stats.config import ALL_CODES, THRESHOLDS
from followup_stats.rules.catalogue import load_catalogue, render_rule


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FOLLOWUP_STATS_DEBUG", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_rule_json_has_the_fields_of_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rule", "fu005", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    rule = load_catalogue()["FU005"]
    text = render_rule("FU005")
    assert data["code"] == "FU005" and data["title"] == rule.title == "early-follow-up"
    assert data["severity"] == "error" and data["seed"] == "P3"
    assert f"{data['code']} ({data['title']}) [{data['severity']}]" in text
    assert data["rationale"] == rule.rationale
    assert set(data["seed_parts"]) == {"P3"}
    assert data["thresholds"] == {"default_wait_days": {"value": 7, "default": 7}}
    assert "7 days (`default_wait_days`)" in data["summary"]
    assert data["example_fail"] == rule.example_fail
    assert data["example_as_of"] == rule.example_as_of.isoformat()
    assert data["selected"] is True


def test_rule_json_uses_the_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "followup-stats.toml").write_text(
        'default_wait_days = 10\nignore = ["FU005"]\n', encoding="utf-8"
    )
    data = json.loads(run(capsys, "rule", "FU005", "--format", "json")[1])
    assert data["thresholds"]["default_wait_days"] == {"value": 10, "default": 7}
    assert "10 days (`default_wait_days`)" in data["summary"]
    assert data["selected"] is False
    code, out, _ = run(
        capsys, "rule", "FU005", "--format", "json", "--config", "default_wait_days=3"
    )
    assert code == 0 and json.loads(out)["thresholds"]["default_wait_days"]["value"] == 3


def test_rule_all_json_is_a_list_of_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rule", "--all", "--format", "json", "--config", "ignore=['DQ']")
    assert code == 0
    data = json.loads(out)
    assert [r["code"] for r in data] == list(ALL_CODES)
    assert [r["selected"] for r in data] == [c.startswith("FU") for c in ALL_CODES]
    dq = data[-1]
    assert dq["seed"] is None and dq["seed_parts"] == {} and dq["kind"] == "data quality"
    used = {key for r in data for key in r["thresholds"]}
    assert used <= set(THRESHOLDS)


def test_rule_text_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "rule", "FU005")[1] == render_rule("FU005")
    code, out, _ = run(capsys, "rule", "--all")
    assert code == 0 and out.startswith("code ") and "{" not in out


def test_rule_json_unknown_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rule", "FU099", "--format", "json")
    assert (code, out) == (2, "") and "unknown rule code 'FU099'" in err
