# make run / make test create .venv on first use, and again when pyproject.toml changes.
# One stamp per extra: `make run` installs only what running the PDV needs, `make test` adds
# the test extra; each reinstalls when pyproject.toml is newer than its stamp.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test bench soak snapshots-update clean postgres chromium venv

# Says what is happening (the first time takes about a minute and needs the package index),
# checks the Python version and makes the venv, telling the Debian/Ubuntu package it needs.
venv:
	@if [ -x $(BIN)/python ]; then \
		echo "Atualizando o ambiente em $(VENV) (pyproject.toml mudou)..."; \
	else \
		echo "Preparando o ambiente (primeira execução, cerca de 1 minuto; baixa os pacotes da internet)..."; \
	fi
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "pdv-sim precisa do Python 3.11 ou mais novo: '$(PYTHON)' não serve (use make PYTHON=python3.11 ...)."; exit 1; }
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Não foi possível criar $(VENV). No Debian/Ubuntu instale o pacote python3-venv (sudo apt install python3-venv)."; exit 1; }
	@$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml
	@$(MAKE) --no-print-directory venv
	$(BIN)/python -m pip install --quiet -e .
	@touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml
	@$(MAKE) --no-print-directory venv
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(TEST_STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/pdv

# The storage suites also run on a PostgreSQL server the tests start themselves; here they
# must (PDV_REQUIRE_POSTGRES=1): a server that cannot start fails them instead of skipping them.
postgres:
	@sh tools/ensure_postgres.sh

# `pdv web` is tested in a headless Chromium (tests/cli/test_web.py); here it must be there.
chromium:
	@sh tools/ensure_chromium.sh

test: $(TEST_STAMP) postgres chromium
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# three workers on two cores: the suite waits on child processes (terminals, services,
	# databases) more than it computes; 7.5 min here against 9.2 min with two
	PDV_REQUIRE_POSTGRES=1 PDV_REQUIRE_CHROMIUM=1 $(BIN)/python -m pytest -n 3 -q

# Rewrites snapshot SVGs; never deletes one (tests/support/snapshot_plugin.py). Without a selection, all
# of them; `make snapshots-update K='aviso'` (a pytest -k expression, among the snapshot tests)
# and/or `FILE=tests/billing/test_snapshots_billing.py` (a file, folder or test id) only the selected ones.
snapshots-update: $(TEST_STAMP)
ifeq ($(strip $(K)$(FILE)),)
	$(BIN)/python -m pytest -n 2 -q tests --snapshot-update -k snapshot
else ifeq ($(strip $(FILE)),)
	$(BIN)/python -m pytest -q tests --snapshot-update -k 'snapshot and ($(K))'
else
	$(BIN)/python -m pytest -q $(FILE) --snapshot-update $(if $(strip $(K)),-k '$(K)')
endif

bench: $(TEST_STAMP) postgres
	PDV_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest -q -s tests/bench --override-ini addopts=-p\ no:cacheprovider

soak: $(TEST_STAMP) postgres
	PDV_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest -q -m slow --override-ini addopts=-p\ no:cacheprovider tests

clean:
	rm -rf $(VENV) build *.egg-info
