# Two commands do all the set-up on a fresh machine: `make extract` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CORPUS ?= corpus
OUTPUT ?= output
STAMP := $(VENV)/.installed

.PHONY: extract test rules-test diff review bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

extract: $(STAMP)
	$(PY) -m pipeline extract $(CORPUS) -o $(OUTPUT)

test: $(STAMP)
	$(PY) -m pytest

rules-test: $(STAMP)
	$(PY) -m pipeline rules test

clean:
	rm -rf $(OUTPUT) .pytest_cache
