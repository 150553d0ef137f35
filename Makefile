# Every command of the project is a target here; `make` alone lists them.

PYTHON     ?= python3
# The Pythons the series is tested with (make test-matrix, the workflow): older ones are refused,
# newer ones get a warning.
MIN_PYTHON := 3.11
MAX_PYTHON := 3.13
VENV       := .venv
BIN        := $(VENV)/bin
# The tools never replace a cell typed by hand (a learner's answers) unless told: OVERWRITE=1.
OVERWRITE_FLAG := $(if $(filter 1,$(OVERWRITE)),--overwrite)

.DEFAULT_GOAL := help
.PHONY: help install install-dev lab progress test site bench test-browser test-site test-reproducible test-mutants test-matrix test-newest binder-check test-colab execute navigation exercises lint lock clean

# Using the series ------------------------------------------------------------------------------

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-17s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: $(VENV)/.installed ## Create .venv with what a learner needs (requirements.txt)

install-dev: $(VENV)/.installed-dev ## Add the tools and tests (requirements-dev.txt) to .venv

# A fresh venv each time requirements.txt changes, so no package of an earlier lock survives.
# Importing pyplot builds matplotlib's font cache now, not in a notebook's first output.
$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: '$(PYTHON)' not found; install Python $(MIN_PYTHON)+ or run: make PYTHON=/path/to/python3 ..." >&2; exit 1; }
	@$(PYTHON) tools/check_python.py $(MIN_PYTHON) $(MAX_PYTHON)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(call install_lock,requirements.txt)
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $@

# The maintainer's environment: the learner's, plus what requirements-dev.txt adds.
$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(call install_lock,requirements-dev.txt)
	touch $@

# Makes .venv hold exactly the packages of lock file $(1). uv does it in 1-2 s where pip takes
# 30-100 s; pip installs it into the venv at the version below, or replaces another version
# (uv pip sync keeps pip and uv themselves). If uv cannot be installed or fails, pip installs
# the lock instead. uv does not read pip's settings: with a package index other than PyPI set
# for pip, set it for uv too (UV_INDEX_URL, UV_FIND_LINKS), else uv uses PyPI or fails.
UV_VERSION := 0.13.9
# Both take the bin folder of a venv as last argument; install_lock's is .venv's if not given.
bootstrap_uv = [ "$$($(1)/uv --version 2>/dev/null | cut -d ' ' -f 2)" = $(UV_VERSION) ] || \
	$(1)/python -m pip install --quiet uv==$(UV_VERSION)
define install_lock
	@{ $(call bootstrap_uv,$(or $(2),$(BIN))); } && \
	$(or $(2),$(BIN))/uv pip sync --quiet --compile-bytecode --python $(or $(2),$(BIN))/python $(1) || { \
	echo "uv could not install $(1) (see above); installing it with pip instead" >&2; \
	$(or $(2),$(BIN))/python -m pip install --quiet --requirement $(1); }
endef

# JupyterLab's settings for the series (tools/jupyterlab-settings.json), as defaults of this
# environment's JupyterLab: no news pop-up, and sliders saved with a notebook, so that a reopened
# notebook shows its last sliders and figure instead of "Error displaying widget".
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_SETTINGS): tools/jupyterlab-settings.json $(VENV)/.installed
	mkdir -p $(dir $@)
	cp $< $@

# It first copies the series into my-notebooks/ (tools/my_notebooks.py), the learner's own folder,
# which git ignores: what JupyterLab saves there (answers, outputs, the sliders' state) never
# changes notebooks/, so git status stays clean and make test compares the series as published.
# A copy in which the learner changed a cell is never replaced.
# JupyterLab's root is the repository, as on Binder, so that the lessons' links to the helpers'
# source (../src/neuron_to_backprop/) open from my-notebooks/ as from notebooks/; it opens on
# my-notebooks/contents.ipynb, which links every lesson and its exercise copy.
# Its kernels get one BLAS thread, as make test's: more would compete with the browser for the
# same cores.
# Jupyter refuses to run as root without --allow-root; containers and CI often are root.
# The notebooks are trusted in a signature database of this environment (not in your home), so
# that JupyterLab does not log "Notebook ... is not trusted" for each; `jupyter trust` does not
# change the files.
LAB_DATA := $(abspath $(VENV))/share/jupyter-data
MY_NOTEBOOKS := my-notebooks
lab: install $(LAB_SETTINGS) ## Copy the series into my-notebooks/ (your own files) and open JupyterLab there (localhost only, with a login token)
	$(BIN)/python tools/my_notebooks.py
	JUPYTER_DATA_DIR=$(LAB_DATA) $(BIN)/jupyter trust $(MY_NOTEBOOKS)/*.ipynb $(MY_NOTEBOOKS)/exercises/*.ipynb >/dev/null
	JUPYTER_DATA_DIR=$(LAB_DATA) $(ONE_BLAS_THREAD) $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 \
		--ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(MY_NOTEBOOKS)/contents.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root)

progress: install ## Which checks of your exercise copies in my-notebooks/ show ✓ (read from their saved outputs; nothing is run)
	@$(BIN)/python tools/progress.py

# make test is two pytest runs side by side, with one BLAS thread in each process (more would
# compete for the same CPUs):
# - the lessons (nbval, notebooks/): one worker per CPU, each notebook in one worker with its
#   cells in order (--dist loadscope);
# - the repository's checks (tests/): one more process beside them.
# On 2 cores this takes 8.7 s, against 10.0 s for one run of both on 2 workers: there, each
# worker imports every test file to collect it (0.9 s each), and while a kernel starts and stops
# (0.3 s a notebook) its worker has nothing to do; here the checks' process runs meanwhile.
# The checks' report waits in a file and follows the lessons'; the last line names the run that
# failed, and make test fails with its pytest exit status. Interrupted (Ctrl-C) or stopped, the
# recipe stops the checks too (a shell without job control starts them deaf to Ctrl-C). Each run
# keeps its own pytest cache folder, so that the two never write the same file at once.
# The CPUs are those this process may run on (nproc, which would answer OMP_NUM_THREADS instead
# if it were set); where there is no nproc (macOS), pytest-xdist's own count ("auto").
CPUS = $(shell env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc 2>/dev/null || echo auto)
ONE_BLAS_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# $(1): the venv's Python that runs pytest; $(2): more options for both runs.
define run_tests
	@cpus=$(CPUS); checks=$$(mktemp) || exit 1; \
	echo "pytest: notebooks/ in $$cpus worker(s), and meanwhile tests/ (its report follows)"; \
	$(ONE_BLAS_THREAD) $(1) -m pytest tests -o cache_dir=.pytest_cache/tests $(2) \
		>"$$checks" 2>&1 & \
	checking=$$!; \
	trap 'kill $$checking 2>/dev/null; rm -f "$$checks"' EXIT; trap 'exit 130' INT TERM; \
	$(ONE_BLAS_THREAD) $(1) -m pytest notebooks --numprocesses $$cpus --dist loadscope \
		-o cache_dir=.pytest_cache/notebooks $(2); lessons=$$?; \
	wait $$checking; checked=$$?; checking=; cat "$$checks"; \
	if [ $$lessons -ne 0 ]; then echo "make test: notebooks/ failed (the first report)" >&2; fi; \
	if [ $$checked -ne 0 ]; then echo "make test: tests/ failed (the second report)" >&2; fi; \
	if [ $$lessons -ne 0 ]; then exit $$lessons; else exit $$checked; fi
endef
test: install-dev ## Re-run every notebook against its stored outputs, and the repository's checks
	$(call run_tests,$(BIN)/python)

# Changing the series ---------------------------------------------------------------------------

# These targets keep every cell typed by hand: a lesson's cells stay (only outputs and links
# change), and an exercise copy changed since it was written (a learner's answers) is left
# alone and named, unless OVERWRITE=1. The copies are made last: they carry the executed
# lessons' metadata.
execute: navigation ## Re-run every notebook and store its outputs, then rewrite the exercise copies
	$(BIN)/python tools/execute.py $(OVERWRITE_FLAG)
	$(BIN)/python tools/exercises.py $(OVERWRITE_FLAG)

navigation: install-dev ## Rewrite the previous/contents/next links of every notebook, and contents.ipynb
	$(BIN)/python tools/navigation.py $(OVERWRITE_FLAG)

exercises: navigation ## Rewrite the exercise copies not changed by hand (OVERWRITE=1: all of them)
	$(BIN)/python tools/exercises.py $(OVERWRITE_FLAG)

lint: install-dev ## Check notebooks and Python files with ruff (lint and format)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# uv resolves: both files name `make lock` as their source; --upgrade takes the newest releases
# the .in files allow, not the versions already pinned. --universal: one lock for every Python
# from $(MIN_PYTHON).0 up and every OS, whatever Python runs `make lock` (a package that needs a
# newer Python, or one OS, gets a marker: soupsieve 4.1.3 needs 3.11.5, and Debian 12 has 3.11.2).
LOCK := $(BIN)/uv pip compile --quiet --upgrade --universal --python-version $(MIN_PYTHON) \
	--custom-compile-command "make lock"
lock: install ## Resolve requirements.in, requirements-dev.in and requirements-site.in into their lock files, every package pinned
	@$(call bootstrap_uv,$(BIN))
	$(LOCK) requirements.in --output-file requirements.txt
	@# uv takes no `-e .` (the helpers) as a constraint: the learner's pins without it, named as
	@# requirements.txt in the lock's comments
	grep -v '^-e ' requirements.txt > $(VENV)/learner-pins.txt
	$(LOCK) requirements.in requirements-dev.in --constraint $(VENV)/learner-pins.txt \
		--output-file requirements-dev.txt
	sed -i.bak 's|-c $(VENV)/learner-pins.txt|-c requirements.txt|' requirements-dev.txt
	rm requirements-dev.txt.bak
	$(LOCK) requirements-site.in --output-file requirements-site.txt
	$(BIN)/uv pip compile --quiet --upgrade --python-version $(COLAB_PYTHON) \
		--custom-compile-command "make lock" $(COLAB_LOCK:.txt=.in) --output-file $(COLAB_LOCK)
	@echo "Locks updated: update binder/requirements.txt to the same pins, then run" \
		"'make execute test' and commit the files with the notebooks."

# The web pages of the series (site/conf.py says how and why), from the notebooks as stored:
# nothing is executed. Their own environment, .venv-site, from their own lock; made afresh when
# requirements-site.txt changes. The pages are built anew each time (2-3 s), so that no page of
# a renamed notebook is left behind. _site/html is the site; myst-nb and Sphinx keep their
# working files beside it. A warning (a link to a missing page, say) fails the build.
SITE_VENV  := .venv-site
SITE_BUILD := _site
$(SITE_VENV)/.installed: requirements-site.txt
	@$(PYTHON) tools/check_python.py $(MIN_PYTHON) $(MAX_PYTHON)
	rm -rf $(SITE_VENV)
	$(PYTHON) -m venv $(SITE_VENV)
	$(call install_lock,requirements-site.txt,$(SITE_VENV)/bin)
	touch $@

site: $(SITE_VENV)/.installed ## Build the series' web pages from the stored outputs into _site/html (nothing is executed)
	rm -rf $(SITE_BUILD)
	$(SITE_VENV)/bin/sphinx-build --quiet --fail-on-warning --keep-going --conf-dir site \
		--doctree-dir $(SITE_BUILD)/doctrees notebooks $(SITE_BUILD)/html
	@echo "The pages are in $(SITE_BUILD)/html; open $(SITE_BUILD)/html/index.html"

clean: ## Remove .venv, .venv-site, the built site and caches (notebooks and their outputs are kept)
	rm -rf $(VENV) .venv-* .pytest_cache .ruff_cache .hypothesis figure-diffs browser-screenshots bench-results.json \
		$(SITE_BUILD) site-screenshots
	find . \( -name __pycache__ -o -name .ipynb_checkpoints \) -prune -exec rm -rf {} +

# Slower checks and measurements (.ci/run runs them after make test) -------------------------------

test-browser: install-dev ## Run and play every lesson in JupyterLab in headless Chromium, in make lab's folder (git sees no change); check make lab's server
	@command -v $${CHROMIUM:-chromium} >/dev/null || { echo "error: Chromium is missing. Install Debian's" \
		"package: sudo apt-get install chromium (or set CHROMIUM to the command of another build)" >&2; exit 1; }
	$(BIN)/python -m pytest -m browser tests/test_browser.py

test-site: site install-dev ## Open every page of the site in headless Chromium, offline: math typeset, figures, links (screenshots in site-screenshots/)
	@command -v $${CHROMIUM:-chromium} >/dev/null || { echo "error: Chromium is missing (see make test-browser)" >&2; exit 1; }
	$(BIN)/python -m pytest -m site tests/test_site.py

# Like Binder: the Python of binder/runtime.txt, binder/requirements.txt, and only the kernel
# and nbclient (at our pins) to run the notebooks; Binder's image has those, and JupyterLab.
BINDER_PYTHON := $(patsubst python-%,%,$(strip $(shell cat binder/runtime.txt)))
binder-check: ## Run every notebook in a Binder-like environment (Python 3.12, binder/ pins only)
	rm -rf .venv-binder
	$(call need_python,$(BINDER_PYTHON)) -m venv .venv-binder
	.venv-binder/bin/python -m pip install --quiet --requirement binder/requirements.txt \
		$$(grep -E '^(ipykernel|nbclient)==' requirements.txt)
	.venv-binder/bin/python tools/binder_check.py

# Like Colab: Python 3.13 with Colab's numpy, matplotlib, ipywidgets, ipykernel and IPython
# (tests/colab/requirements.in), each lesson alone in an empty folder, its first cell active
# (a stand-in google.colab) and installing the helpers from this checkout's git with pip, which
# must be on PATH: the cell runs `!pip`, as Colab's own.
COLAB_PYTHON := 3.13
COLAB_LOCK := tests/colab/requirements.txt
test-colab: install ## Run every lesson alone as in Colab (Python 3.13, Colab's versions, install cell active)
	@$(call bootstrap_uv,$(BIN))
	rm -rf .venv-colab
	$(call need_python,$(COLAB_PYTHON)) -m venv .venv-colab
	$(BIN)/uv pip install --quiet --python .venv-colab/bin/python --requirement $(COLAB_LOCK)
	PATH="$(abspath .venv-colab/bin):$$PATH" .venv-colab/bin/python tools/colab_check.py

test-reproducible: install-dev ## The slow tests: every notebook re-executed byte-identical, the same with 1 BLAS thread, every cell safe to re-run; make execute keeps a learner's answers; the exercise copies run as a learner runs them; the lessons finish under nbconvert's defaults; no legend keyed by colour alone; notebooks 5 and 6's claims about longer runs and other seeds
	$(BIN)/python -m pytest -m slow tests

test-mutants: install-dev ## Break the lessons on purpose (tools/mutants.py): the suite must catch every one
	$(BIN)/python tools/mutants.py

# The newest releases of the direct dependencies (the names in the .in files, unpinned) instead
# of the locks: CI runs it weekly, so that an upstream release that breaks the series is found
# before a learner installs it. The one test that compares the environment with the lock is
# left out: it fails by design here.
NEWEST := .venv-newest
test-newest: ## Run make test's checks with the newest releases of the direct dependencies, not the pins
	rm -rf $(NEWEST)
	$(PYTHON) -m venv $(NEWEST)
	$(call bootstrap_uv,$(NEWEST)/bin)
	@# each name without its pin; `-e .` (the helpers, from this checkout) as it is
	sed -E -e 's/#.*//' -e '/^-e /!s/[=<>!~;[ ].*//' -e '/^$$/d' requirements.in requirements-dev.in \
		> $(NEWEST)/direct-dependencies.txt
	$(NEWEST)/bin/uv pip install --quiet --python $(NEWEST)/bin/python \
		--requirement $(NEWEST)/direct-dependencies.txt
	@sed 's/ *;.*//' requirements-dev.txt > $(NEWEST)/locked.txt  # without the markers
	@echo "Installed versions that differ from requirements-dev.txt:"
	@$(NEWEST)/bin/uv pip freeze --quiet --python $(NEWEST)/bin/python --exclude-editable \
		| grep -vxF -f $(NEWEST)/locked.txt | grep -vE "^(pip|setuptools|uv)==" || echo "  none"
	$(call run_tests,$(NEWEST)/bin/python,\
		--deselect tests/test_repository.py::test_the_environment_is_the_locked_one)

# The interpreter of Python version $(1): python$(1) on PATH if it runs, else pyenv's.
find_python = $(shell p=python$(1); $$p -c "" 2>/dev/null && echo $$p || \
	ls -d "$$(pyenv root 2>/dev/null)"/versions/$(1).*/bin/python 2>/dev/null | tail -n 1)
need_python = $(or $(call find_python,$(1)),$(error no Python $(1): not python$(1) on PATH, not in pyenv))

# Each Python gets its own environment, .venv-3.12 and so on, next to the default .venv.
MATRIX ?= 3.11 3.12 3.13
test-matrix: ## Run make test on Python 3.11, 3.12 and 3.13 (set MATRIX to change the list)
	$(foreach version,$(MATRIX),$(MAKE) --no-print-directory test \
		PYTHON=$(call need_python,$(version)) VENV=.venv-$(version) && ) true

bench: install-dev ## Time every lesson, make test and the training loop (bench-results.json); fails when a size is past budget (times are reported)
	$(BIN)/python tools/bench.py
