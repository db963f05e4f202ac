"""Long work shows progress: a log line at every tenth of the way with done of total and the time
left (Dagster's log), and nothing on the screen when the output is not a terminal."""

from pipelines.lib.progress import Progress


def test_a_line_at_every_tenth_with_done_of_total_and_time_left(capsys):
    lines: list[str] = []
    with Progress(1100, "Đọc tệp / reading files", log=lines.append) as progress:
        for _ in range(1100):
            progress.update()
    assert len(lines) == 10
    assert lines[0].startswith("Đọc tệp / reading files: 110/1.100 (10%), 0:00:00 đã chạy / elapsed")
    assert "còn khoảng / about" in lines[0]
    assert lines[-1].startswith("Đọc tệp / reading files: 1.100/1.100 (100%)")
    assert capsys.readouterr().err == ""  # not a terminal: no bar


def test_a_few_files_still_say_where_they_are():
    lines: list[str] = []
    with Progress(3, "x", log=lines.append) as progress:
        for _ in range(3):
            progress.update()
    assert [line.split(",")[0] for line in lines] == ["x: 1/3 (33%)", "x: 2/3 (66%)", "x: 3/3 (100%)"]


def test_work_announced_later_grows_the_total():
    lines: list[str] = []
    with Progress(0, "x", log=lines.append) as progress:
        progress.grow(4)
        for _ in range(2):
            progress.update()
        progress.grow(2)
        for _ in range(4):
            progress.update()
    assert (progress.done, progress.total) == (6, 6)
    assert lines[-1].startswith("x: 6/6 (100%)")
