"""The wheel ships every subpackage and the rule catalogue."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "followup_stats").rglob("__init__.py")
    }
    assert found | {"followup_stats.seeds", "followup_stats.notebooks"} == listed


def test_catalogue_is_package_data() -> None:
    assert files("followup_stats.seeds").joinpath("catalogue.toml").is_file()
    assert files("followup_stats.notebooks").joinpath("candidate_report.ipynb").is_file()
    assert (ROOT / "followup_stats" / "py.typed").is_file()
