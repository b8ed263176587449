# Two commands on a fresh machine: `make run` and `make test`.
# Both create the virtual environment and install the project when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501
# Test processes: the browser journeys and PostgreSQL spend much of their time waiting, so more
# processes than cores pay (every test has its own database, port and files). `make test JOBS=0`
# runs them in this process.
JOBS   ?= 4

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(STAMP)
	$(BIN)/streamlit run server.py --server.port $(PORT)

# loadgroup: the tests of one group share a worker (the replica tests share one installation).
test: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/answer_latency.py
	$(BIN)/python bench/results_latency.py
	$(BIN)/python bench/dashboard_build.py
	$(BIN)/python bench/pdf_engines.py
	$(BIN)/python bench/pdf_reports.py
	$(BIN)/python bench/import_export.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
