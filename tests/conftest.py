import os
from pathlib import Path

import pytest

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest():
    """Dagster's definitions need dbt's manifest; make it once for the session."""
    from pipelines.lib.dbt_project import ensure_manifest

    return ensure_manifest()


@pytest.fixture(scope="session")
def sample_tq(tmp_path_factory) -> Path:
    """The real sample generator's output for Tuyên Quang, statistical years 2022–2023."""
    from pipelines.lib.sample import generate_sample

    out = tmp_path_factory.mktemp("sample_tq")
    generate_sample(out, provinces=("08",), first_year=2022, last_year=2023)
    return out


@pytest.fixture(scope="session")
def merger_warehouse(tmp_path_factory) -> Path:
    """Hà Giang + Tuyên Quang, statistical years 2024–2025: both sides of the 1/7/2025 merger,
    refreshed through the real Dagster job. Returns the published warehouse file."""
    from pipelines.cli import main
    from pipelines.lib.sample import generate_sample

    raw = tmp_path_factory.mktemp("raw_merger")
    marts = tmp_path_factory.mktemp("marts_merger")
    generate_sample(raw, provinces=("02", "08"), first_year=2024, last_year=2025)
    assert main(["refresh", "--raw", str(raw), "--marts", str(marts)]) == 0
    return marts / "warehouse.duckdb"
