# Every command of the project is a target here; `make` alone lists them.

PYTHON     ?= python3
MIN_PYTHON := 3.11
VENV       := .venv
BIN        := $(VENV)/bin
NOTEBOOKS  := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
FIRST      := $(notdir $(firstword $(NOTEBOOKS)))

.DEFAULT_GOAL := help
.PHONY: help install lab test bench test-browser test-reproducible test-mutants test-matrix binder-check execute navigation exercises lint lock clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: $(VENV)/.installed ## Create .venv from requirements.txt (rebuilt whenever it changes)

# A fresh venv each time, so no package left over from an earlier lock survives.
# Importing pyplot builds matplotlib's font cache now, not in a notebook's first output.
$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: '$(PYTHON)' not found; install Python $(MIN_PYTHON)+ or run: make PYTHON=/path/to/python3 ..." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; found = sys.version_info[:2]; need = tuple(int(n) for n in "$(MIN_PYTHON)".split(".")); sys.exit(0 if found >= need else "error: %s is Python %d.%d; the pinned packages need Python $(MIN_PYTHON) or newer (for example: make PYTHON=python3.12 ...)" % ((sys.executable,) + found))'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --requirement requirements.txt
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $@

# Jupyter refuses to run as root without --allow-root; containers and CI often are root.
lab: install ## Open JupyterLab on the series (localhost only, with a login token)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks \
		--LabApp.default_url=/lab/tree/$(FIRST) $(if $(filter 0,$(shell id -u)),--allow-root)

test: install ## Re-run every notebook against its stored outputs, then the repository checks
	$(BIN)/python -m pytest

# The exercise copies are made last: they carry the metadata of the executed lessons.
bench: install ## Time every lesson, make test and the training loop (bench-results.json); fails past budget
	$(BIN)/python tools/bench.py

test-browser: install ## Run every lesson in JupyterLab in headless Chromium; check make lab's server
	@command -v chromium >/dev/null || { echo "error: Chromium is missing. Install Debian's package:" \
		"sudo apt-get install chromium (playwright cannot download a browser here)" >&2; exit 1; }
	$(BIN)/python -m pytest -m browser tests/test_browser.py

test-reproducible: install ## Re-execute every notebook: byte-identical, and the same with 1 BLAS thread
	$(BIN)/python -m pytest -m slow tests/test_reproducible.py

test-mutants: install ## Break the lessons on purpose (tools/mutants.py): the suite must catch every one
	$(BIN)/python tools/mutants.py

# The interpreter of Python version $(1): python$(1) on PATH if it runs, else pyenv's.
find_python = $(shell p=python$(1); $$p -c "" 2>/dev/null && echo $$p || \
	ls -d "$$(pyenv root 2>/dev/null)"/versions/$(1).*/bin/python 2>/dev/null | tail -n 1)
need_python = $(or $(call find_python,$(1)),$(error no Python $(1): not python$(1) on PATH, not in pyenv))

# Each Python gets its own environment, .venv-3.12 and so on, next to the default .venv.
MATRIX ?= 3.11 3.12 3.13
test-matrix: ## Run make test on Python 3.11, 3.12 and 3.13 (set MATRIX to change the list)
	$(foreach version,$(MATRIX),$(MAKE) --no-print-directory test \
		PYTHON=$(call need_python,$(version)) VENV=.venv-$(version) && ) true

# Like Binder: the Python of binder/runtime.txt, binder/requirements.txt, and only the kernel
# and nbclient (at our pins) to run the notebooks; Binder's image has those, and JupyterLab.
BINDER_PYTHON := $(patsubst python-%,%,$(strip $(file < binder/runtime.txt)))
binder-check: ## Run every notebook in a Binder-like environment (Python 3.12, binder/ pins only)
	rm -rf .venv-binder
	$(call need_python,$(BINDER_PYTHON)) -m venv .venv-binder
	.venv-binder/bin/python -m pip install --quiet --requirement binder/requirements.txt \
		$$(grep -E '^(ipykernel|nbclient)==' requirements.txt)
	.venv-binder/bin/python tools/binder_check.py $(NOTEBOOKS)

execute: navigation ## Re-run every notebook and store its outputs, then rewrite the exercise copies
	$(BIN)/python tools/execute.py $(NOTEBOOKS)
	$(BIN)/python tools/exercises.py

navigation: install ## Rewrite the previous/contents/next links of every notebook, and contents.ipynb
	$(BIN)/python tools/navigation.py

exercises: navigation ## Rewrite the exercise copies (notebooks/exercises/) from the solutions
	$(BIN)/python tools/exercises.py

lint: install ## Check notebooks and Python files with ruff (lint and format)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lock: ## Resolve requirements.in into requirements.txt, pinning every package
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp" && \
	"$$tmp/bin/python" -m pip install --quiet --requirement requirements.in && \
	{ echo "# Every package 'make install' installs, pinned. Generated by 'make lock' from"; \
	  echo "# requirements.in; edit that file, not this one."; \
	  "$$tmp/bin/python" -m pip freeze; } > requirements.txt
	@echo "requirements.txt updated: now run 'make execute test' and commit both files."

clean: ## Remove .venv and caches (notebooks and their outputs are kept)
	rm -rf $(VENV) .venv-* .pytest_cache .ruff_cache .hypothesis figure-diffs browser-screenshots bench-results.json
	find . \( -name __pycache__ -o -name .ipynb_checkpoints \) -prune -exec rm -rf {} +
