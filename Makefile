# The two quick-start commands are `make demo` and `make test`; everything else is a helper.
# Each target sets itself up from scratch on a fresh machine: Python 3.11+ with venv, and for
# the explorer's assets and browser tests Node.js/npm and Debian's chromium (installed here
# with apt-get when missing and running as root).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= sample.db

.PHONY: setup assets browser demo test lint serve clean-demo

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## Front-end libraries for the explorer (map, timeline), from npm; never committed.
assets: web/node_modules/.installed

web/node_modules/.installed: web/package.json web/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix web --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the explorer will run without its map and timeline assets"; fi

## Debian's chromium for the end-to-end browser tests (Playwright drives it; no browser download).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

## Quick start 1: ingest the bundled sample corpus into an SQLite file and show what was found.
demo: setup assets
	$(BIN)/eventwire ingest samples/corpus --db $(DB)
	$(BIN)/eventwire stats --db $(DB)
	@echo
	@echo "Explore it: $(BIN)/eventwire serve --db $(DB)   (then open http://127.0.0.1:8000/)"

## Quick start 2: lint, type-check and run the whole test suite (browser tests included).
test: setup assets browser lint
	$(BIN)/pytest -q -ra

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

serve: setup assets
	$(BIN)/eventwire serve --db $(DB)

clean-demo:
	rm -f $(DB) $(DB)-wal $(DB)-shm
