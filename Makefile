PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := $(CURDIR)/.demo/custlog.db
DEMO_TODAY ?= 2026-11-24

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# custlog is installed into .venv as a regular (non-editable) package, reinstalled whenever a
# source file changes. Measured `custlog where`, fastest of 25 runs on 2 shared cores:
# non-editable 57 ms, editable strict mode 62 ms, the compat mode setuptools deprecates 70 ms
# (the default editable mode adds an import hook, ~10 ms). Strict mode also warns at every
# install. In-process tests import the working tree itself (pytest runs from it); tests that
# run the `custlog` program use the installed copy, which these targets keep current.
PIP := $(BIN)/python -m pip install -q
SOURCES := pyproject.toml $(shell find custlog -name '*.py')

$(VENV)/.deps: $(BIN)/python pyproject.toml
	$(PIP) .
	touch $@

$(VENV)/.deps-test: $(BIN)/python pyproject.toml
	$(PIP) '.[test]'
	touch $@ $(VENV)/.deps

# compileall writes the bytecode up front, so commands start fast even where
# PYTHONDONTWRITEBYTECODE is set.
$(VENV)/.installed: $(VENV)/.deps $(SOURCES)
	$(PIP) --no-deps --force-reinstall .
	$(BIN)/python -m compileall -q custlog
	touch $@

$(VENV)/.installed-test: $(VENV)/.deps-test $(VENV)/.installed
	touch $@

demo: $(VENV)/.installed
	@rm -rf .demo && mkdir -p .demo
	@CUSTLOG_DB=$(DEMO_DB) CUSTLOG_TODAY=$(DEMO_TODAY) $(BIN)/custlog import examples/shop.jsonl
	@echo
	@echo "\$$ custlog due        (a throw-away log in .demo/, today pinned to $(DEMO_TODAY))"
	@CUSTLOG_DB=$(DEMO_DB) CUSTLOG_TODAY=$(DEMO_TODAY) $(BIN)/custlog due
	@echo
	@echo "\$$ custlog brief ann"
	@CUSTLOG_DB=$(DEMO_DB) CUSTLOG_TODAY=$(DEMO_TODAY) $(BIN)/custlog brief ann
	@echo
	@echo "\$$ custlog recap ann --prices     (what Main Street Auto sends Ann; also --format md or html)"
	@CUSTLOG_DB=$(DEMO_DB) CUSTLOG_TODAY=$(DEMO_TODAY) $(BIN)/custlog recap ann --prices

lint: $(VENV)/.installed-test
	$(BIN)/ruff check custlog tests benchmarks
	$(BIN)/ruff format --check custlog tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -n auto --cov=custlog --cov-report=term-missing:skip-covered

bench: $(VENV)/.installed
	$(BIN)/python -m compileall -q custlog
	$(BIN)/python benchmarks/run.py $(ARGS)

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache .coverage
