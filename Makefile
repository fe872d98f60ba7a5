# make test   — install into .venv (first time) and run the test suite
# make lint   — ruff + mypy
# make fix    — ruff autofix and format
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: install test lint fix schema clean

$(BIN)/checker: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,model]"
	@touch $@

install: $(BIN)/checker

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check checker tests
	$(BIN)/mypy

fix: install
	$(BIN)/ruff check --fix checker tests
	$(BIN)/ruff format checker tests

schema: install
	$(BIN)/checker schema

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
