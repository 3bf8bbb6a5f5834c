# Two commands set everything up on a fresh machine:
#   make run    - install into .venv and ingest the bundled samples (data/raw) into SQLite (data/processed)
#   make test   - install into .venv and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

# Debian packages, installed here when missing: Tesseract (OCR of scanned plans) and LibreOffice with
# its fonts (the plan generator's test converts Word and Excel files to PDF); for the tests also
# PostgreSQL (the store's tests start their own server in a temp dir on 127.0.0.1) and Chromium (the
# report is rendered headless).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

.PHONY: run test accuracy benchmark system-deps test-deps clean

run: $(VENV)/.installed system-deps
	$(BIN)/actionplans ingest data/raw

test: $(VENV)/.installed system-deps test-deps
	$(BIN)/python -m pytest

system-deps:
	@command -v tesseract >/dev/null || { echo "installing tesseract-ocr"; $(APT_INSTALL) tesseract-ocr >/dev/null; }
	@command -v soffice >/dev/null || { echo "installing LibreOffice Writer and Calc, fonts, poppler"; \
		$(APT_INSTALL) libreoffice-writer-nogui libreoffice-calc-nogui fonts-dejavu fonts-liberation \
		poppler-utils >/dev/null; }

test-deps:
	@{ command -v initdb || ls /usr/lib/postgresql/*/bin/initdb; } >/dev/null 2>&1 || { \
		echo "installing postgresql"; $(APT_INSTALL) postgresql >/dev/null; }
	@command -v chromium >/dev/null || { echo "installing chromium"; $(APT_INSTALL) chromium >/dev/null; }

accuracy: $(VENV)/.installed
	$(BIN)/python -m bench.accuracy --title "bundled seeds"
	$(BIN)/python -m bench.accuracy --title "held-out batch 1" --gold-dir tests/heldout --raw-dir tests/heldout
	$(BIN)/python -m bench.accuracy --title "unseen batch 2" --gold-dir tests/unseen --raw-dir tests/unseen
	$(BIN)/python -m bench.accuracy --title "unseen batch 3" --gold-dir tests/unseen3 --raw-dir tests/unseen3
	$(BIN)/python -m bench.accuracy --title "unseen batch 4" --gold-dir tests/unseen4 --raw-dir tests/unseen4
	$(BIN)/python -m bench.accuracy --title "unseen batch 5" --gold-dir tests/unseen5 --raw-dir tests/unseen5
	$(BIN)/python -m bench.accuracy --title "unseen batch 6" --gold-dir tests/unseen6 --raw-dir tests/unseen6
	$(BIN)/python -m bench.accuracy --title "unseen batch 7" --gold-dir tests/unseen7 --raw-dir tests/unseen7
	$(BIN)/python -m bench.accuracy --title "generated PDF/Word corpus" --seeds 1 2 3 4 5 6 7
	$(BIN)/python -m bench.report_accuracy
	$(BIN)/python -m bench.theme_accuracy

benchmark: $(VENV)/.installed system-deps
	$(BIN)/python -m bench.benchmark

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) data/processed/*.db
