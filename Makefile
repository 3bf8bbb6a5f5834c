# Two commands set everything up on a fresh machine:
#   make run    - install into .venv and ingest the bundled samples (data/raw) into SQLite (data/processed)
#   make test   - install into .venv and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test accuracy clean

run: $(VENV)/.installed
	$(BIN)/actionplans ingest data/raw

test: $(VENV)/.installed
	$(BIN)/python -m pytest

accuracy: $(VENV)/.installed
	$(BIN)/python -m bench.accuracy --title "bundled seeds"
	$(BIN)/python -m bench.accuracy --title "held-out batch 1" --gold-dir tests/heldout --raw-dir tests/heldout
	$(BIN)/python -m bench.accuracy --title "unseen batch 2" --gold-dir tests/unseen --raw-dir tests/unseen

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) data/processed/*.db
