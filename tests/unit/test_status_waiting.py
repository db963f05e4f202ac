"""What `thads status` says is waiting in data/raw (pipelines/lib/warehouse/status.py)."""

import os
import time
from datetime import date

from pipelines.lib.warehouse.status import _waiting
from pipelines.settings import Settings


def test_files_not_loaded_yet_and_files_still_arriving(tmp_path):
    raw = tmp_path / "raw"
    (raw / "2026-09").mkdir(parents=True)
    old, fresh = raw / "2026-09" / "P08-KV01_lan1.csv", raw / "2026-09" / "P08-KV02_lan1.csv"
    old.write_text("x", encoding="utf-8")
    fresh.write_text("x", encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    (raw / "linked.csv").symlink_to(old)  # a link: its target's time says whether it is still arriving
    settings = Settings(raw_dir=raw, marts_dir=tmp_path / "marts", today=date(2026, 11, 22), settle_seconds=60)
    waiting = _waiting(settings)  # no published warehouse: nothing is loaded
    assert waiting["settling"] == ["2026-09/P08-KV02_lan1.csv"]
    assert waiting["not_seen"] == ["linked.csv", "2026-09/P08-KV01_lan1.csv"]
