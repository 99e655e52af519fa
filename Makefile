# Two commands do all the set-up on a fresh machine: `make extract` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CORPUS ?= corpus
OUTPUT ?= output
# FORMATS=csv,parquet,xlsx adds facts.xlsx (it doubles the time of a large run).
FORMATS ?= csv,parquet
# `make extract` installs what a run needs; `make test` adds the test extras (pytest, hypothesis, Dask, and the
# generators' pinned dictionaries).
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
DOCS_STAMP := $(VENV)/.installed-docs

.PHONY: extract test test-fast lint docs rules-test diff review bench clean

$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@# numba compiles the names model's tagger once (about 5 s) and caches it in the user's cache folder
	$(PY) -m zh_facts rules explain "禤志杰说" >/dev/null
	touch $(RUN_STAMP)

$(TEST_STAMP): $(RUN_STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

# The previous facts and records tables are kept in $(OUTPUT).previous/ so that `make diff` shows what changed;
# the run itself moves them there, under its output lock, and only once it has written new tables (exit 0, or
# 1: some articles failed): a refused, failed or concurrent run leaves them as they were.
extract: $(RUN_STAMP)
	@$(PY) -m zh_facts extract $(CORPUS) -o $(OUTPUT) --format $(FORMATS) --keep-previous $(OUTPUT).previous

# Everything, on every core (the suite runs as two processes on a 2-core machine; it passes so, checked).
test: $(TEST_STAMP)
	$(PY) -m pytest -n auto

# The inner loop: everything but the tests marked slow (system tests: wheel, Dask, Chromium, signals, large
# inputs, retraining, public NER sets), on every core: under a minute.
test-fast: $(TEST_STAMP)
	$(PY) -m pytest -m "not slow" -n auto

# The paths ruff reads; pre-commit (.pre-commit-config.yaml) runs the same checks on the files a commit changes.
LINTED := pipeline tests tools bench
lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

$(DOCS_STAMP): $(RUN_STAMP)
	$(PY) -m pip install --quiet -e '.[docs]'
	touch $(DOCS_STAMP)

# The user guide and API reference into site/ (open site/index.html). Material for MkDocs prints a notice about
# MkDocs 2.0 on every build: it is about the tool, and --strict fails on every warning about these pages.
docs: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

rules-test: $(RUN_STAMP)
	$(PY) -m zh_facts rules test

# What a rule change does to the whole corpus: the last two `make extract` runs, or `make diff OLD=folder`.
OLD ?= $(OUTPUT).previous
diff: $(RUN_STAMP)
	$(PY) -m zh_facts diff $(OLD) $(OUTPUT)

# The peer (JioNLP) lives in its own environment: it is never a dependency of the pipeline.
PEER := bench/.venv-peer
$(PEER)/.installed:
	$(PYTHON) -m venv $(PEER)
	$(PEER)/bin/pip install --quiet jionlp
	touch $@

bench: $(TEST_STAMP) $(PEER)/.installed
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/run.py --peer-python $(PEER)/bin/python

clean:
	rm -rf $(OUTPUT) .pytest_cache site
