"""Compare the marts of two published warehouses row by row (behaviour-preserving changes).

    python scripts/compare_marts.py OLD.duckdb NEW.duckdb

Run-specific columns (run ids, evaluation and file times) are left out (pipelines/lib/warehouse/compare.py).
Exit code 1 when a mart differs, with the first rows that do.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.lib.warehouse.compare import compare_marts  # noqa: E402

if __name__ == "__main__":
    found = compare_marts(sys.argv[1], sys.argv[2])
    print("\n".join(found) or "every mart is identical (run-specific columns aside)")
    sys.exit(1 if found else 0)
