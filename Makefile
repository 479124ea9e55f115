# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails (invitations, password links) and in the admin follow the address served.
SITE_URL ?= http://$(HOST):$(PORT)
WAGTAILADMIN_BASE_URL ?= $(SITE_URL)

.PHONY: run test bench install install-dev lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## Install, migrate, load reference data and the course, add demo accounts and serve.
run: install
	$(BIN)/python manage.py bootstrap --demo
	@echo ""
	@echo "Plattformen: http://$(HOST):$(PORT)/   Administration: http://$(HOST):$(PORT)/admin/"
	@echo ""
	SITE_URL=$(SITE_URL) WAGTAILADMIN_BASE_URL=$(WAGTAILADMIN_BASE_URL) \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Install what the tests need and run the whole suite (browser tests need Debian's chromium).
test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Benchmarks: print a table of timings and memory.
bench: install-dev
	$(BIN)/python -m bench

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Update the English catalogue from the Swedish source strings, then compile it.
messages: install-dev
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) var db.sqlite3
