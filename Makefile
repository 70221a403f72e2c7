# SKN hair-loss intake assistant. The two commands: `make run` and `make test`; `make check` while working.
# `make help` lists every target: a target is listed by the `## what it does` comment on its rule line.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.10 || command -v python)
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMP := $(VENV)/.installed
REQUIREMENTS := requirements.txt $(wildcard requirements/*.txt)
# The model is named after what it is trained from, so a changed file means a new model.
MODEL_HASH = $(shell cat config.yml domain.yml $$(find data -name '*.yml' | sort) | sha256sum | cut -c1-16)
MODEL = models/intake-$(MODEL_HASH).tar.gz
export TF_CPP_MIN_LOG_LEVEL ?= 3
export RASA_TELEMETRY_ENABLED ?= false
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1

# What `make check` lints and type-checks (the tests are run, not linted).
CHECKED := bot actions

.PHONY: help setup train validate run shell test test-patients check lint format types test-fast bench clean

help: ## list every target
	@awk 'BEGIN {FS = ":[^#]*## "} /^[a-zA-Z0-9_-]+:[^=]*## / {printf "  make %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): $(REQUIREMENTS) .python-version
	@test -n "$(PYTHON)" || { echo "Python 3.10 is needed (pyenv: .python-version says 3.10)"; exit 1; }
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 10), "Rasa 3.6 needs Python 3.10, got " + sys.version' 
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# pip freeze leaves out the installers themselves; Rasa needs setuptools 70.3 and wheel
	$(PY) -m pip install --quiet --disable-pip-version-check pip==24.0 setuptools==70.3.0 wheel==0.45.1
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
	$(PY) -m pip check
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the pinned dependencies

$(MODEL): $(STAMP) config.yml domain.yml $(shell find data -name '*.yml')
	@mkdir -p models
	@start=$$(date +%s); \
	$(RASA) train --fixed-model-name intake-$(MODEL_HASH) --out models --quiet || exit 1; \
	echo "Training took $$(( $$(date +%s) - start )) seconds."
	@ls -t models/intake-*.tar.gz | tail -n +4 | xargs -r rm -f  # keep the last three models

train: $(MODEL) ## train the model if the data changed (prints the time)

validate: $(STAMP) ## check the training data and the domain
	$(RASA) data validate --fail-on-warnings

run: $(MODEL) ## set up, train if needed, start everything (SQLite); Ctrl-C stops it
	$(PY) -m bot.serve --model $(MODEL)

shell: $(MODEL) ## talk to the assistant in the terminal
	$(PY) -m bot.serve --model $(MODEL) --shell

test: $(MODEL) ## set up, train if needed, run every test (needs PostgreSQL, chromium)
	RASA_MODEL=$(MODEL) $(PY) -m pytest

test-patients: $(MODEL) ## only the simulated patients in their own words + conversation fuzz (part of make test)
	RASA_MODEL=$(MODEL) $(PY) -m pytest -m patients tests/patients

# The fast tier: no trained model, no database server (SQLite in temporary folders, an in-memory booking desk),
# no browser. Tests that need one of those are marked `slow`; SKIP_PG=1 skips the PostgreSQL variants.
check: $(STAMP) ## lint, format check and types of bot/ and actions/, then the fast tests (< 3 min)
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lint types test-fast || exit 1; \
	echo "make check passed in $$(( $$(date +%s) - start )) seconds."

lint: $(STAMP) ## ruff: lint and format check of bot/ and actions/
	$(VENV)/bin/ruff check $(CHECKED)
	$(VENV)/bin/ruff format --check $(CHECKED)

format: $(STAMP) ## ruff: format bot/ and actions/ and apply the safe lint fixes
	$(VENV)/bin/ruff check --fix $(CHECKED)
	$(VENV)/bin/ruff format $(CHECKED)

types: $(STAMP) ## mypy on bot/ and actions/ (settings in pyproject.toml)
	$(VENV)/bin/mypy

test-fast: $(STAMP) ## the fast tests only (what `make check` runs after lint and types)
	SKIP_PG=1 $(PY) -m pytest -q -m "not slow" -p no:cacheprovider

bench: $(STAMP) ## every speed target: clinical classification (< 20 ms), staff list of 10,000 intakes (< 1 s)
	$(MAKE) --no-print-directory bench-clinical
	$(MAKE) --no-print-directory bench-staff

clean: ## remove test results and everything under var/ (databases, logs, secrets)
	rm -rf results var tests/output .pytest_cache

-include mk/*.mk
