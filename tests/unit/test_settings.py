"""Settings from the environment: a sensible value is taken, a nonsense one refused with the variable named."""

from __future__ import annotations

import pytest

from pipelines.settings import SettingsError, load_settings


@pytest.mark.parametrize("value", ["1GB", "1536MiB", "50%", "2.5 GB"])
def test_the_duckdb_memory_limit_takes_an_amount(monkeypatch, value):
    monkeypatch.setenv("THADS_DUCKDB_MEMORY_LIMIT", value)
    assert load_settings().duckdb_memory_limit == value


def test_the_duckdb_memory_limit_defaults_to_duckdbs_own(monkeypatch):
    monkeypatch.delenv("THADS_DUCKDB_MEMORY_LIMIT", raising=False)
    assert load_settings().duckdb_memory_limit == "80%"


@pytest.mark.parametrize("value", ["lots", "1", "-1GB", "1 parsec"])
def test_a_nonsense_memory_limit_is_refused_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("THADS_DUCKDB_MEMORY_LIMIT", value)
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert "THADS_DUCKDB_MEMORY_LIMIT" in str(refused.value)


def test_ingest_workers_must_not_be_negative(monkeypatch):
    monkeypatch.setenv("THADS_INGEST_WORKERS", "-1")
    with pytest.raises(SettingsError):
        load_settings()
