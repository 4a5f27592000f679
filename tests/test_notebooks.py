"""The notebooks: no outputs committed, a plain parameters cell, only library calls; they run."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import papermill
import pytest

from followup_stats.report import NOTEBOOK_ONLY_TAG, kernel_name

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PARAMETERS = {
    "candidate_report.ipynb": ["log_path", "as_of", "candidate", "config_path", "anonymize"],
    "coach_review.ipynb": ["log_path", "as_of", "config_path", "anonymize", "not_read"],
    "explore.ipynb": ["log_path", "as_of", "config_path"],
}
# Statements and expressions that would be logic rather than calls into the library.
LOGIC = (
    ast.If,
    ast.For,
    ast.While,
    ast.With,
    ast.Try,
    ast.FunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.ListComp,
    ast.DictComp,
    ast.SetComp,
    ast.GeneratorExp,
    ast.IfExp,
    ast.BoolOp,
    ast.Compare,
    ast.BinOp,
)


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def test_every_notebook_is_listed() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(PARAMETERS)


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_committed_without_outputs(name: str) -> None:
    nb = _read(name)
    nbformat.validate(nb)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{name} cell {index} has outputs; clear them"
            assert cell.execution_count is None, f"{name} cell {index} has an execution count"
    assert "papermill" not in nb.metadata and "widgets" not in nb.metadata
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_every_cell_has_its_own_id(name: str) -> None:
    """nbformat 4.5 cells carry an id (without one, every run warns, and later fails)."""
    cells = (NOTEBOOKS / name).read_text(encoding="utf-8")

    ids = [cell.get("id") for cell in json.loads(cells)["cells"]]
    assert None not in ids, f"{name}: a cell without an id"
    assert len(set(ids)) == len(ids), f"{name}: two cells share an id"


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_parameters_cell_holds_plain_literals(name: str) -> None:
    cells = [c for c in _read(name).cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{name}: expected one cell tagged 'parameters'"
    tree = ast.parse(cells[0].source)
    names = []
    for statement in tree.body:
        assert isinstance(statement, ast.Assign) and len(statement.targets) == 1
        target = statement.targets[0]
        assert isinstance(target, ast.Name)
        ast.literal_eval(statement.value)  # a plain literal, nothing computed
        names.append(target.id)
    assert names == PARAMETERS[name]


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_defaults_point_at_the_samples(name: str) -> None:
    cell = next(c for c in _read(name).cells if "parameters" in c.metadata.get("tags", []))
    values: dict[str, object] = {}
    exec(compile(cell.source, name, "exec"), {}, values)  # plain literals (checked above)
    assert (NOTEBOOKS / str(values["log_path"])).resolve().is_file()


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_code_cells_only_call_the_library(name: str) -> None:
    for cell in _read(name).cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        logic = [type(node).__name__ for node in ast.walk(tree) if isinstance(node, LOGIC)]
        assert not logic, f"{name}: move {logic} into the library:\n{cell.source}"
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert (node.module or "").startswith("followup_stats"), cell.source


@pytest.mark.parametrize("name", ["candidate_report.ipynb", "coach_review.ipynb"])
def test_notes_for_notebook_users_are_left_out_of_reports(name: str) -> None:
    first = _read(name).cells[0]
    assert first.cell_type == "markdown" and NOTEBOOK_ONLY_TAG in first.metadata["tags"]


SMALL_LOG = """date,company,role,event,channel,asked_permission,contact_ok_after_days
2026-09-01,Acme,Analyst,applied,portal,,
2026-09-05,Acme,Analyst,interview,video,yes,7
2026-09-06,Acme,Analyst,thank_you,email,,
2026-09-10,Acme,Analyst,follow_up,email,,
2026-09-20,Beta,Analyst,applied,portal,,
"""


def test_explore_runs_on_a_small_log(tmp_path: Path) -> None:
    log = tmp_path / "small.csv"
    log.write_text(SMALL_LOG, encoding="utf-8")
    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / "explore.ipynb"),
        str(out),
        parameters={"log_path": str(log), "as_of": "2026-10-01", "config_path": None},
        kernel_name=kernel_name(),
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        request_save_on_cell_execute=False,
        shutdown_kernel="immediate",
    )
    executed = nbformat.read(out, as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    text = str(executed)
    assert "FU005" in text  # the follow-up four days after the interview, before day 7


def test_candidate_report_runs_as_is_on_the_sample(tmp_path: Path) -> None:
    """Default parameters, as in JupyterLab: the sample log, from the notebooks folder."""
    out = tmp_path / "report.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / "candidate_report.ipynb"),
        str(out),
        kernel_name=kernel_name(),
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        request_save_on_cell_execute=False,
        shutdown_kernel="immediate",
    )
    executed = nbformat.read(out, as_version=4)
    assert "Alex Rivera" in str(executed.cells[2].outputs)


@pytest.mark.parametrize("name", ["candidate_report.ipynb", "coach_review.ipynb"])
def test_every_figure_is_followed_by_its_text_alternative(name: str) -> None:
    cells = [c.source for c in _read(name).cells if c.cell_type == "code"]
    figures = [i for i, source in enumerate(cells) if "plots." in source]
    assert figures
    for index in figures:
        assert cells[index].splitlines()[-1] == "figure", cells[index]
        assert cells[index + 1] == "views.figure_text(figure)", cells[index]
