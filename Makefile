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

# The previous facts and records tables are kept in $(OUTPUT).previous/ so that `make diff` shows what changed.
extract: $(STAMP)
	@if [ -f $(OUTPUT)/facts.csv ]; then mkdir -p $(OUTPUT).previous && cp $(OUTPUT)/facts.csv $(OUTPUT).previous/; fi
	@if [ -f $(OUTPUT)/records.csv ]; then cp $(OUTPUT)/records.csv $(OUTPUT).previous/; fi
	$(PY) -m pipeline extract $(CORPUS) -o $(OUTPUT)

test: $(STAMP)
	$(PY) -m pytest

rules-test: $(STAMP)
	$(PY) -m pipeline rules test

# What a rule change does to the whole corpus: the last two `make extract` runs, or `make diff OLD=folder`.
OLD ?= $(OUTPUT).previous
diff: $(STAMP)
	$(PY) -m pipeline diff $(OLD) $(OUTPUT)

# The peer (JioNLP) lives in its own environment: it is never a dependency of the pipeline.
PEER := bench/.venv-peer
$(PEER)/.installed:
	$(PYTHON) -m venv $(PEER)
	$(PEER)/bin/pip install --quiet jionlp
	touch $@

bench: $(STAMP) $(PEER)/.installed
	$(PY) bench/run.py --peer-python $(PEER)/bin/python

clean:
	rm -rf $(OUTPUT) .pytest_cache
