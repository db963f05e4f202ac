# THADS statistics warehouse. The two set-up commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := False

.PHONY: run test test-unit lint lint-seeds fmt docs dev sample manifest install bench clean browser

install: $(STAMP)

# Reinstall only when the declared dependencies change.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

# dbt's manifest, ahead of time (Dagster also prepares it when it loads the definitions).
manifest: $(STAMP)
	@$(BIN)/python -c "from pipelines.lib.warehouse.dbt_project import ensure_manifest; ensure_manifest()"

# Sample reports into data/raw, only when it holds no files yet.
sample: $(STAMP)
	@$(BIN)/thads sample --if-empty

run: sample
	$(BIN)/thads refresh

# Debian's chromium for the screen test (skipped with its reason when it cannot be installed).
browser:
	@bash scripts/ensure_chromium.sh

# Habits: lint and types (Python), lint (dbt SQL, through dbt's own templater; the validation models
# read the rule registry while they compile, so the seeds are loaded into a scratch file first).
LINT_DB := $(CURDIR)/dbt_project/target/lint.duckdb
DBT := $(BIN)/dbt --quiet
DBT_DIRS := --project-dir dbt_project --profiles-dir dbt_project

lint-seeds: $(LINT_DB)

# loaded again only when a seed or the project file changed
$(LINT_DB): $(STAMP) $(wildcard dbt_project/seeds/*.csv) dbt_project/dbt_project.yml
	@THADS_BUILD_DB=$(LINT_DB) $(DBT) seed $(DBT_DIRS) --target-path target/lint > /dev/null
	@$(BIN)/python scripts/trim_lint_rules.py $(LINT_DB)

lint: $(STAMP) lint-seeds
	$(BIN)/ruff check pipelines tests scripts benchmarks
	$(BIN)/ruff format --check pipelines tests scripts benchmarks
	$(BIN)/mypy
	THADS_BUILD_DB=$(LINT_DB) $(BIN)/sqlfluff lint dbt_project/models \
		--disable-progress-bar --nocolor --processes 2

fmt: $(STAMP) lint-seeds
	$(BIN)/ruff check --fix pipelines tests scripts benchmarks
	$(BIN)/ruff format pipelines tests scripts benchmarks
	THADS_BUILD_DB=$(LINT_DB) $(BIN)/sqlfluff fix dbt_project/models \
		--disable-progress-bar --nocolor

# Generated documentation (mart YAML, reason codes, rules) from the glossary and the registries.
docs: $(STAMP)
	$(BIN)/python scripts/write_marts_yaml.py
	$(BIN)/python scripts/write_reason_docs.py
	$(BIN)/python scripts/write_rule_docs.py
	$(BIN)/python scripts/write_holidays_seed.py

# The unit tests alone: seconds, no dbt, no Dagster run.
test-unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit -q

# Both cores: one worker per core; a test file, and the files that share a sample warehouse, stay on one
# worker (tests/conftest.py): their fixtures are built once.
test: lint browser
	$(BIN)/python -m pytest -n 2 --dist loadfile

dev: manifest
	@mkdir -p .dagster_home && cp deploy/dagster.yaml .dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster_home $(BIN)/dagster dev -m pipelines.definitions

# make bench: the full sample, cold and warm; make bench SCALE=small|national: the scale benchmark
bench: $(STAMP)
ifdef SCALE
	$(BIN)/python benchmarks/bench_scale.py --scale $(SCALE)
else
	$(BIN)/python benchmarks/bench_refresh.py
endif

clean:
	rm -rf data/marts/* dbt_project/target dbt_project/logs .dagster_home
