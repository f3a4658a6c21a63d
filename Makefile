# Two commands do all set-up: `make run` and `make test` create .venv when it
# is missing and install the project into it (editable, with test extras).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast bench reference sketch clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: the main job on the built-in model (the default scenario through the CLI)
run: $(STAMP)
	$(BIN)/entropy run bau --engine pysd

## test: the whole test suite, slow tests included
test: $(STAMP)
	$(BIN)/python -m pytest

## test-fast: skip the slow tests
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

## bench: benchmarks (prints figures measured in one run)
bench: $(STAMP)
	$(BIN)/python bench/bench_engines.py

## reference: regenerate the golden reference outputs after a deliberate model change
reference: $(STAMP)
	$(BIN)/python -m entropy.reference

## sketch: re-lay out the Vensim diagram of the cluster model (equations untouched)
sketch: $(STAMP)
	$(BIN)/python -m entropy.sketch sd_models/cluster/cluster.mdl

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
