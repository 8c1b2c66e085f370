# Two commands: `make run` (the portal with demo data) and `make test` (the whole suite).
# Both work on a fresh machine: they create .venv, install the project and, when
# DATABASE_URL is not set, start a project-local PostgreSQL under .local/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run dev test db db-stop lint format bench bench-smoke load messages clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

db: install
	@if [ -z "$$DATABASE_URL" ]; then $(PY) scripts/localdb.py start; else echo "using DATABASE_URL from the environment"; fi

db-stop: install
	$(PY) scripts/localdb.py stop

run: install
	$(PY) scripts/run.py

# Development: runserver (autoreload) with DEBUG=true, plus the Celery worker with embedded beat.
dev: install
	$(PY) scripts/run.py --dev

test: install db
	$(PY) scripts/system_deps.py
	$(PY) -m pytest
	$(VENV)/bin/ruff check .

# The guard rails (CI runs them): style, the import contracts of the layers (pyproject.toml
# [tool.importlinter]), types of the core and of every service and selector, no model change
# without its migration, Django's system checks (including "every write through a service").
lint: install db
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

format: install
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=.local --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

bench: install db
	$(PY) bench/run_all.py

bench-smoke: install db
	$(PY) bench/run_all.py --smoke

# Locust against gunicorn with the demo data, 50 users for 60 s, then a count-back of every write
# (bench/README.md). CI runs its 10-s smoke within bench-smoke.
load: install db
	$(PY) bench/load_test.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
