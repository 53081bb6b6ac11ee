# Noticeboard developer commands. `make run` and `make test` do all the set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots package clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/noticeboard

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check editor tests
	$(BIN)/ruff format --check editor tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m tests.bench

# Needs Xvfb: apt-get install -y xvfb (see .ci/run for the Qt libraries).
screenshots: $(STAMP)
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python -m editor.ui.screenshots screenshots

# Linux: the PyInstaller folder and a .deb in build/dist (packaging/README.md has the rest).
package: $(STAMP)
	$(BIN)/python packaging/build.py all

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
