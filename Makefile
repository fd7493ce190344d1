# `make run` and `make test` are all a newcomer needs; both start with `make setup`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Django 6.1 needs Python >= 3.12. Use $(PYTHON) if given, else the first
# suitable interpreter on PATH or under pyenv.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 \
	  $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	  && { command -v $$p; break; }; done)

export DJANGO_DEBUG ?= 1

.PHONY: help setup run test test-postgres lint bench clean

help:
	@echo "make run    set up, load the samples and demo accounts, serve on http://127.0.0.1:8000"
	@echo "make test   set up and run every test"
	@echo "make lint   ruff, ruff format, mypy, migrations check, import-linter contracts"
	@echo "make bench  run the benchmarks under bench/"

$(STAMP): requirements.txt
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: newsreader needs Python >= 3.12 (Django 6.1). Install one, or run: make PYTHON=/path/to/python3.12 $(MAKECMDGOALS)" >&2; \
	  exit 1; fi
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  echo "Creating $(VENV) with $(PYTHON)"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

setup: $(STAMP)
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py import_articles samples/
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py create_demo_annotations
	$(PY) manage.py create_demo_newsroom
	$(PY) manage.py suggest_annotations --all

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest $(PYTEST_ARGS)

# What CI checks before the tests (and .pre-commit-config.yaml locally).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	$(PY) -m bench $(BENCH)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
