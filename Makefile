# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The demo council is built only at the default path; any other store that does not exist yet
# starts empty (the first page says how to load data), so no council's file fills with the demo.
DEFAULT_DB := data/pmf.duckdb
DB := $(if $(PMF_DB),$(PMF_DB),$(DEFAULT_DB))
SAMPLE := $(if $(filter $(abspath $(DEFAULT_DB)),$(abspath $(DB))),--sample)
PORT ?= 8501
# Test processes: one per core (a file's tests stay in one process, sharing its fixtures).
TEST_WORKERS ?= auto

.PHONY: run test bench store clean-store sample

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

$(DB): | $(STAMP)
	$(PY) -m pmf_core --db $(DB) init $(SAMPLE)

store: $(DB)

run: $(STAMP) $(DB)
	PMF_DB=$(DB) $(VENV)/bin/streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile --durations=10

bench: $(STAMP)
	$(PY) -m bench

sample: $(STAMP)
	$(PY) -m pmf_core.demo.council

clean-store:
	rm -f $(DB) $(DB).wal $(DB).lock $(DB).queue
