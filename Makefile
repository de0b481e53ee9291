# The two quick-start commands are `make demo` and `make test`; everything else is a helper.
# Each target sets itself up from scratch on a fresh machine (Python 3.11+, network to PyPI).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= sample.db

.PHONY: setup demo test lint clean-demo

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## Quick start 1: ingest the bundled sample corpus into an SQLite file and show what was found.
demo: setup
	$(BIN)/eventwire ingest samples/ --db $(DB)
	$(BIN)/eventwire stats --db $(DB)

## Quick start 2: lint, type-check and run the whole test suite.
test: setup lint
	$(BIN)/pytest -q -ra

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

clean-demo:
	rm -f $(DB) $(DB)-wal $(DB)-shm
