# Two commands do all set-up: `make run` and `make test` create .venv when it
# is missing and install the project into it (editable, with test extras).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run cli browser cf-checker test test-fast bench reference sketch clean

## cli: the default scenario through the command line, printing its indicator table
cli: $(STAMP)
	$(BIN)/entropy run bau --engine pysd

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

PORT ?= 8501

## run: the web app on the built-in model, on this machine only (http://127.0.0.1:$(PORT))
run: $(STAMP)
	@echo "entropy-sim: open http://127.0.0.1:$(PORT) in a browser (Ctrl-C stops it)"
	$(BIN)/streamlit run ui/app.py --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false --global.minCachedMessageSize 1e15

# The browser tests drive Debian's Chromium (Playwright's own browser download is
# not used); a CJK font lets it draw the Chinese labels. Only what is missing is
# installed: an existing chromium is left as it is.
browser:
	@need=""; [ -x /usr/bin/chromium ] || need="chromium"; \
	fc-list 2>/dev/null | grep -qi wqy || need="$$need fonts-wqy-microhei"; \
	[ -n "$$need" ] || exit 0; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo -n"; \
	else echo "make: browser tests need the Debian packages:$$need"; exit 0; fi; \
	$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-upgrade $$need

# The CF checker (tests/test_provenance.py) reads units with the UDUNITS-2 C
# library; installed only when missing, as for the browser tests.
cf-checker:
	@$(PYTHON) -c "import ctypes.util, sys; sys.exit(ctypes.util.find_library('udunits2') is None)" && exit 0; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo -n"; \
	else echo "make: the CF checker test needs the Debian package libudunits2-0"; exit 0; fi; \
	$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-upgrade libudunits2-0

## test: the whole test suite, slow and browser tests included
test: $(STAMP) browser cf-checker
	$(BIN)/python -m pytest

## test-fast: skip the slow tests
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

## bench: benchmarks (prints figures measured in one run)
bench: $(STAMP)
	$(BIN)/python bench/bench_engines.py
	$(BIN)/python bench/bench_numpy.py
	$(BIN)/python bench/bench_ui.py
	$(BIN)/python bench/bench_ensemble.py
	$(BIN)/python bench/bench_regional.py
	$(BIN)/python bench/bench_decide.py
	$(BIN)/python bench/bench_inputs.py

## reference: regenerate the golden reference outputs after a deliberate model change
reference: $(STAMP)
	$(BIN)/python -m entropy.analysis.reference

## sketch: re-lay out the Vensim diagram of the cluster model (equations untouched)
sketch: $(STAMP)
	$(BIN)/python -m entropy.output.sketch sd_models/cluster/cluster.mdl

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
