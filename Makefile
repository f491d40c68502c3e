# make run / make test create .venv on first use, and again when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench soak snapshots-update clean postgres chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pdv

# The storage suites also run on a PostgreSQL server the tests start themselves; here they
# must (PDV_REQUIRE_POSTGRES=1): a server that cannot start fails them instead of skipping them.
postgres:
	@sh tools/ensure_postgres.sh

# `pdv web` is tested in a headless Chromium (tests/test_web.py); here it must be there.
chromium:
	@sh tools/ensure_chromium.sh

test: $(STAMP) postgres chromium
	$(BIN)/lint-imports
	PDV_REQUIRE_POSTGRES=1 PDV_REQUIRE_CHROMIUM=1 $(BIN)/python -m pytest -n 2 -q

snapshots-update: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q tests --snapshot-update -k snapshot

bench: $(STAMP) postgres
	PDV_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest -q -s tests/bench --override-ini addopts=-p\ no:cacheprovider

soak: $(STAMP) postgres
	PDV_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest -q -m slow --override-ini addopts=-p\ no:cacheprovider tests

clean:
	rm -rf $(VENV) build *.egg-info
