# SKN hair-loss intake assistant. The two commands: `make run` and `make test`.
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

.PHONY: help setup train validate run shell test bench clean

help:
	@echo "make run       set up, train if needed, start the assistant (SQLite)"
	@echo "make test      set up, train if needed, run every test"
	@echo "make setup     create $(VENV) and install the pinned dependencies"
	@echo "make train     train the model if the data changed (prints the time)"
	@echo "make validate  check the training data and domain"
	@echo "make shell     talk to the assistant in the terminal"
	@echo "make bench     speed benchmarks (clinical, staff list)"
	@echo "make eval      clinical case set: per-type precision/recall, confusion matrix"
	@echo "make staff-user USERNAME=name   create a staff account"
	@echo "make staff-unlock USERNAME=name end an account's login throttle"
	@echo "make purge [DRY_RUN=1]          erase what is past retention (counts only are printed)"

$(STAMP): $(REQUIREMENTS) .python-version
	@test -n "$(PYTHON)" || { echo "Python 3.10 is needed (pyenv: .python-version says 3.10)"; exit 1; }
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 10), "Rasa 3.6 needs Python 3.10, got " + sys.version' 
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# pip freeze leaves out the installers themselves; Rasa needs setuptools 70.3 and wheel
	$(PY) -m pip install --quiet --disable-pip-version-check pip==24.0 setuptools==70.3.0 wheel==0.45.1
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
	$(PY) -m pip check
	touch $(STAMP)

setup: $(STAMP)

$(MODEL): $(STAMP) config.yml domain.yml $(shell find data -name '*.yml')
	@mkdir -p models
	@start=$$(date +%s); \
	$(RASA) train --fixed-model-name intake-$(MODEL_HASH) --out models --quiet || exit 1; \
	echo "Training took $$(( $$(date +%s) - start )) seconds."
	@ls -t models/intake-*.tar.gz | tail -n +4 | xargs -r rm -f  # keep the last three models

train: $(MODEL)

validate: $(STAMP)
	$(RASA) data validate --fail-on-warnings

run: $(MODEL)
	$(PY) -m bot.serve --model $(MODEL)

shell: $(MODEL)
	$(PY) -m bot.serve --model $(MODEL) --shell

test: $(MODEL)
	RASA_MODEL=$(MODEL) $(PY) -m pytest

bench: $(STAMP)  ## every speed target: clinical classification (< 20 ms), staff list of 10,000 intakes (< 1 s)
	$(MAKE) --no-print-directory bench-clinical
	$(MAKE) --no-print-directory bench-staff

clean:
	rm -rf results var tests/output .pytest_cache

-include mk/*.mk
