# jointdesk developer targets. `make help` lists them; README's two set-up commands are
# `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
export JOINTDESK_VAR_DIR ?= ./var
PYTEST_WORKERS ?= 2

.PHONY: help install install-dev run serve migrate demo worker test lint fmt typecheck imports pg-up \
        test-sqlite test-pg e2e browser-deps i18n-extract i18n-update bench bench-audit bench-dna \
        bench-intel bench-typology bench-screening bench-intake lock clean

help: ## List every target with its description
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | sort | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) requirements.lock pyproject.toml
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(PY) -m pip install --quiet -r requirements-dev.lock
	@touch $@

install: $(STAMP) ## Create .venv and install jointdesk with its pinned dependencies

install-dev: $(DEV_STAMP) ## Also install the pinned development tools

migrate: install ## Apply database migrations (SQLite under ./var unless JOINTDESK_DATABASE_URL is set)
	$(BIN)/jointdesk db upgrade

demo: migrate ## Load the demo world if the database is empty and print the demo logins
	$(BIN)/jointdesk demo load --if-empty

run: demo ## README command 1: install, migrate, load the demo world, serve on http://127.0.0.1:8000
	$(BIN)/jointdesk serve

serve: install ## Serve without touching the database
	$(BIN)/jointdesk serve

worker: install ## Run the background job worker
	$(BIN)/jointdesk worker

browser-deps: ## Install Debian's chromium for the browser tests when it is missing
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing Debian's chromium for browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  (echo "could not install chromium (run as root?)"; exit 1); \
	fi

pg-up: ## Start the local PostgreSQL 15 cluster if it is down
	@pg_isready -h 127.0.0.1 -p 5432 -q || \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start || true

fmt: install-dev ## Format the code
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

lint: install-dev ## ruff, format check and the project's own AST lints
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(PY) scripts/lint_conventions.py

typecheck: install-dev ## mypy --strict
	$(BIN)/mypy

imports: install-dev ## Import contracts (layers, pure modules, configuration)
	$(BIN)/lint-imports

test: install-dev browser-deps pg-up lint typecheck imports ## README command 2: lint, type checks and the whole suite on SQLite and PostgreSQL
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

test-sqlite: install-dev ## The suite on SQLite only (quick local run)
	$(BIN)/pytest -n $(PYTEST_WORKERS) -k "not postgresql and not browser"

test-pg: install-dev pg-up ## The suite on PostgreSQL only
	$(BIN)/pytest -n $(PYTEST_WORKERS) -k "postgresql"

e2e: install-dev browser-deps ## Browser tests in headless Chromium
	$(BIN)/pytest -m browser

i18n-extract: install-dev ## Extract translatable strings into src/jointdesk/locale/messages.pot
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k gettext_ -o src/jointdesk/locale/messages.pot src/jointdesk

i18n-update: i18n-extract ## Merge new strings into every catalog
	$(BIN)/pybabel update -i src/jointdesk/locale/messages.pot -d src/jointdesk/locale

bench: bench-audit bench-dna bench-intel bench-typology bench-screening bench-intake ## Run every benchmark

bench-audit: install-dev ## Oversight log: append and verify throughput against a naive baseline
	$(PY) bench/bench_audit.py

bench-dna: install-dev ## DNA index on 1,000,000 synthetic profiles against a NumPy full scan
	$(PY) bench/bench_dna.py

bench-intel: install-dev pg-up ## Fraud intelligence: ingest, lookup, 2-hop expansion vs a pairwise-correlation baseline
	$(PY) bench/bench_intel.py $(BENCH_INTEL_ARGS)

bench-typology: install-dev ## Typology classifier throughput, load time and size vs a scikit-learn baseline
	$(PY) bench/bench_typology.py

bench-screening: install-dev ## Safeguards screening throughput vs a naive engine
	$(PY) bench/bench_screening.py

bench-intake: install-dev pg-up ## Raid intake of 2,500 persons on SQLite and PostgreSQL vs one transaction per row
	$(PY) bench/bench_intake.py

lock: install ## Re-pin dependencies into requirements*.lock
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml -o requirements.lock -q
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements-dev.lock -q

clean: ## Remove the virtualenv, caches and the local database
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
