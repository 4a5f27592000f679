# Two commands for a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := data/sample_log.csv
# The sample logs end on this date (data/README.md); reports are made as of it.
SAMPLE_AS_OF := 2026-10-30

.PHONY: report test lint lab bench sample clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Bytecode is compiled once, as pip does for an installed package: an editable install
# leaves it to the first run, and where PYTHONDONTWRITEBYTECODE is set every run would
# compile the package again (0.05 to 0.18 s of each command's start-up).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q followup_stats
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/followup-stats report $(SAMPLE) --as-of $(SAMPLE_AS_OF) --out reports

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python -m compileall -q followup_stats
	$(BIN)/python bench/run.py

sample: $(STAMP)
	$(BIN)/python -m followup_stats.simulate --write-samples data

clean:
	rm -rf $(VENV) reports build *.egg-info
