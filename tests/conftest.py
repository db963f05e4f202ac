import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
# dbt's documentation costs ~6 s a refresh; the tests that look at it ask for it (test_operations)
os.environ.setdefault("THADS_DBT_DOCS", "0")
# no progress bar on the terminal of the person running the tests (the log lines are tested)
os.environ.setdefault("THADS_PROGRESS", "0")


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


@pytest.fixture(scope="session")
def full_sample(tmp_path_factory) -> dict:
    """The whole sample (four provinces, 2022–2026, planted defects D1–D8) through the real
    Dagster refresh job. Returns the published warehouse, the marts folder and the job result."""
    import dagster as dg

    from pipelines.lib.sample import generate_sample

    raw = tmp_path_factory.mktemp("full_raw")
    marts = tmp_path_factory.mktemp("full_marts")
    generate_sample(raw, until=date(2026, 9, 30))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THADS_RAW_DIR", str(raw))
        mp.setenv("THADS_MARTS_DIR", str(marts))
        from pipelines.definitions import build_definitions

        result = (
            build_definitions().resolve_job_def("refresh").execute_in_process(instance=dg.DagsterInstance.ephemeral())
        )
    assert result.success
    return {"db": marts / "warehouse.duckdb", "marts": marts, "result": result}


# session fixtures that refresh a whole sample: the files that use one run on the same worker
SHARED_WAREHOUSES = ("full_sample", "merger_warehouse")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`make test` runs with --dist loadfile: a test file stays on one worker (its module fixtures are
    built once); here the files that read the same shared warehouse also go to one worker, which builds
    it once (without this, each worker refreshed the full sample for itself: a minute of the suite).
    A scheduler, not xdist_group marks: pytest 9.2 no longer lets xdist group by marks
    (pytest-dev/pytest-xdist#1386, loadgroup then silently spreads the tests)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    root = Path(config.rootpath)

    class SharedWarehouseScheduling(LoadFileScheduling):
        groups: dict[str, str] = {}

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            if module not in self.groups:
                try:
                    text = (root / module).read_text(encoding="utf-8")
                except OSError:
                    text = ""
                self.groups[module] = next((f"<{n}>" for n in SHARED_WAREHOUSES if f"({n}" in text), module)
            return self.groups[module]

    return SharedWarehouseScheduling(config, log)
