# The Russia–China workbook. `make help` lists the targets.
# A fresh clone needs only `make report` or `make test`: both run `make setup` first when needed.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
KERNEL := sinorussia
# Local mirror of the raw files (<owner>/<repo>/<commit>/<path>); unset = download pinned URLs.
SINORUSSIA_MIRROR ?= $(if $(wildcard ../shared/data/mirror),$(abspath ../shared/data/mirror),)
export SINORUSSIA_MIRROR
PARAMS ?=
GRID ?= notebooks/sweeps/06_scenarios.yaml
SCHEDULER ?=
STAMP := $(VENV)/.setup-done
# make lab: extra JupyterLab options (make lab LAB_ARGS="--port 9999 --no-browser"); Jupyter refuses to
# run as root (containers, CI) unless told, so root gets --allow-root without asking.
LAB_ARGS ?=
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.DEFAULT_GOAL := help
.PHONY: help setup lab data report edition seminar sweep test test-fast lint format typecheck bench clean lock

help: ## list the targets
	@awk 'BEGIN{FS=":.*## "} /^[a-z-]+:.*## /{printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python 3.11 (sinorussia)" >/dev/null
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  $(BIN)/nbstripout --install --attributes .gitattributes \
	    --extra-keys "metadata.papermill cell.metadata.papermill cell.metadata.execution metadata.widgets" ; \
	  $(BIN)/pre-commit install >/dev/null ; fi
	@touch $@
	@echo "setup done: kernel '$(KERNEL)' registered, nbstripout filter and pre-commit hooks installed"

setup: $(STAMP) ## create .venv, install pinned packages, register the Jupyter kernel, install nbstripout, find a browser for the PDF
	@tools/ensure-browser.sh

# The server's root is the repository, so the file browser reaches notebooks/ (where it opens) and the
# seminar copies in build/seminar/ alike.
lab: setup ## JupyterLab on the project's kernel, at notebooks/ (seminar copies: build/seminar/); LAB_ARGS="--port 9999 --no-browser"
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks $(LAB_ROOT_FLAG) $(LAB_ARGS)

data: setup ## fetch raw files (checksummed) and rebuild data/processed/ and data/CATALOG.md
	$(PY) -m sinorussia data

report: setup ## execute every notebook and publish build/report.html and build/report.pdf
	$(PY) -m sinorussia report $(PARAMS)

edition: setup ## record this build's results as data/editions/<date>.json (then commit it)
	$(PY) -m sinorussia edition

seminar: setup ## student and teacher copies of the notebooks in build/seminar/
	$(PY) -m sinorussia seminar

sweep: setup ## run a notebook over a parameter grid on Dask: make sweep GRID=... [SCHEDULER=tcp://host:8786]
	$(PY) -m sinorussia sweep $(GRID) $(if $(SCHEDULER),--scheduler $(SCHEDULER),)

test: setup ## run the whole test suite (lint, types, unit, data, notebooks, pipeline)
	$(BIN)/ruff check lib tests notebooks tools
	$(BIN)/ruff format --check lib tests notebooks tools
	$(BIN)/mypy
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: setup ## the edit-test loop: unit and data-contract tests, no notebook runs, no report (~1 min)
	$(PY) -m pytest -n 2 --dist loadgroup -m "not notebooks and not pipeline" $(PYTEST_ARGS)

lint: setup ## ruff: lint and check formatting (lib, tests, notebooks, tools)
	$(BIN)/ruff check lib tests notebooks tools
	$(BIN)/ruff format --check lib tests notebooks tools

format: setup ## ruff: fix what can be fixed and format the code
	$(BIN)/ruff check --fix lib tests notebooks tools
	$(BIN)/ruff format lib tests notebooks tools

typecheck: setup ## mypy on lib/ (settings in pyproject.toml)
	$(BIN)/mypy

bench: setup ## benchmark the report build against the naive nbconvert loop
	$(PY) -m sinorussia bench

lock: ## re-resolve requirements.in into requirements.lock and environment.yml
	rm -rf /tmp/sinorussia-lock && $(PYTHON) -m venv /tmp/sinorussia-lock
	/tmp/sinorussia-lock/bin/pip install --quiet --upgrade pip
	/tmp/sinorussia-lock/bin/pip install --quiet -r requirements.in
	/tmp/sinorussia-lock/bin/pip freeze --exclude-editable | sort -f > requirements.lock
	$(PYTHON) tools/sync_environment.py

clean: ## remove build products (keeps .venv, data/raw and data/processed)
	rm -rf build .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
