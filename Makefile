PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := $(CURDIR)/.demo/custlog.db
DEMO_TODAY ?= 2026-11-24

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# editable_mode=compat puts the project on sys.path with a plain .pth line: the default
# import-hook finder costs ~10 ms at every start. compileall writes the bytecode up front,
# so commands start fast even where PYTHONDONTWRITEBYTECODE is set.
INSTALL := $(BIN)/python -m pip install -q --config-settings editable_mode=compat -e

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(INSTALL) .
	$(BIN)/python -m compileall -q custlog
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(INSTALL) '.[test]'
	$(BIN)/python -m compileall -q custlog
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
