# make run / make test create .venv on first use, and again when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench soak snapshots-update clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pdv

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 -q

snapshots-update: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q tests --snapshot-update -k snapshot

bench: $(STAMP)
	$(BIN)/python -m pytest -q -s tests/bench --override-ini addopts=-p\ no:cacheprovider

soak: $(STAMP)
	$(BIN)/python -m pytest -q -m slow --override-ini addopts=-p\ no:cacheprovider tests

clean:
	rm -rf $(VENV) build *.egg-info
