PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := $(CURDIR)/.demo/custlog.db
DEMO_TODAY ?= 2026-11-24

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	@rm -rf .demo && mkdir -p .demo
	@CUSTLOG_DB=$(DEMO_DB) CUSTLOG_TODAY=$(DEMO_TODAY) $(BIN)/custlog import examples/shop.jsonl
	@echo
	@echo "\$$ custlog due        (a throw-away log in .demo/, today pinned to $(DEMO_TODAY))"
	@CUSTLOG_DB=$(DEMO_DB) CUSTLOG_TODAY=$(DEMO_TODAY) $(BIN)/custlog due
	@echo
	@echo "\$$ custlog brief ann"
	@CUSTLOG_DB=$(DEMO_DB) CUSTLOG_TODAY=$(DEMO_TODAY) $(BIN)/custlog brief ann

lint: $(VENV)/.installed-test
	$(BIN)/ruff check custlog tests benchmarks
	$(BIN)/ruff format --check custlog tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest --cov=custlog --cov-report=term-missing:skip-covered

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache .coverage
