# THADS statistics warehouse. The two set-up commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := False

.PHONY: run test dev sample manifest install bench clean browser

install: $(STAMP)

# Reinstall only when the declared dependencies change.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

# dbt's manifest must exist before Dagster can load the definitions.
manifest: $(STAMP)
	@$(BIN)/python -c "from pipelines.lib.dbt_project import ensure_manifest; ensure_manifest()"

# Sample reports into data/raw, only when it holds no files yet.
sample: $(STAMP)
	@$(BIN)/thads sample --if-empty

run: manifest sample
	$(BIN)/thads refresh

# Debian's chromium for the screen test (skipped with its reason when it cannot be installed).
browser:
	@bash scripts/ensure_chromium.sh

test: manifest browser
	$(BIN)/python -m pytest

dev: manifest
	@mkdir -p .dagster_home && cp deploy/dagster.yaml .dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster_home $(BIN)/dagster dev -m pipelines.definitions

bench: manifest
	$(BIN)/python benchmarks/bench_refresh.py

clean:
	rm -rf data/marts/* dbt_project/target dbt_project/logs .dagster_home
