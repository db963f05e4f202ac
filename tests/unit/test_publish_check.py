"""last_check.json against last_refresh.json (pipelines/lib/warehouse/publish.py): `thads status` shows a
check that found nothing new only when it came after the current publication."""

import json

from pipelines.lib.warehouse.publish import check_after_publication, write_check, write_record


def test_a_check_in_the_second_of_the_publication_is_shown(tmp_path):
    """Both times are in whole seconds; a check that names the publication it found is after it."""
    write_record(tmp_path, {"run_id": "r1", "published_at": "2026-12-04T00:18:38+00:00"})
    check = write_check(tmp_path, "nothing_new")
    data = json.loads(check.read_text(encoding="utf-8"))
    assert data["published_run_id"] == "r1"
    record = {"run_id": "r1", "published_at": data["checked_at"]}
    assert check_after_publication(data, record)


def test_a_check_before_the_publication_is_not_shown():
    check = {"checked_at": "2026-12-04T00:18:38+00:00", "outcome": "nothing_new", "published_run_id": "r1"}
    assert not check_after_publication(check, {"run_id": "r2", "published_at": "2026-12-04T00:18:38+00:00"})
    assert not check_after_publication(None, {"run_id": "r2"})
    assert check_after_publication(check, None)


def test_a_check_written_before_it_named_the_publication_compares_times():
    old = {"checked_at": "2026-12-04T00:18:39+00:00", "outcome": "nothing_new"}
    assert check_after_publication(old, {"run_id": "r1", "published_at": "2026-12-04T00:18:38+00:00"})
    assert not check_after_publication(old, {"run_id": "r1", "published_at": "2026-12-04T00:18:40+00:00"})
