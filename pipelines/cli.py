"""`thads` — the command line: sample data and the refresh job (the same Dagster job
the nightly schedule runs, executed in this process)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import time
from datetime import date, datetime
from pathlib import Path

from .lib.periods import month_end
from .lib.vietnamese import format_vi_number
from .lib.warehouse.dbt_project import start_dbt_server, stop_dbt_server
from .lib.warehouse.inputs import nothing_new
from .lib.warehouse.lock import RefreshBusy, refresh_lock
from .lib.warehouse.publish import (
    check_after_publication,
    discard_build,
    read_check,
    read_record,
    write_check,
    write_record,
)
from .lib.warehouse.retention import KEEP_RUNS, prune
from .settings import SEEDS_DIR, SettingsError, load_settings

# ---------------------------------------------------------------- argument converters (one message each)

_UNIT = re.compile(r"^P\d{2}(-[A-Z]{1,3}\d{0,4})?$")


def period_arg(text: str) -> date:
    """'2023-08' -> 31/08/2023 (the end of the period)."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise argparse.ArgumentTypeError(
            f"kỳ phải có dạng YYYY-MM, ví dụ 2023-08 / the period must be YYYY-MM, e.g. 2023-08; found {text!r}"
        )
    return month_end(int(m.group(1)), int(m.group(2)))


def unit_arg(text: str) -> str:
    """'08' / 'p08' -> 'P08'; 'p08-d070' -> 'P08-D070'."""
    code = (text or "").strip().upper()
    code = f"P{code.zfill(2)}" if code.isdigit() else code
    if not _UNIT.match(code):
        raise argparse.ArgumentTypeError(
            f"mã đơn vị có dạng P08, 08 hoặc P08-D070 / a unit code looks like P08, 08 or P08-D070; found {text!r}"
        )
    return code


def province_arg(text: str) -> str:
    """'08' / 'P08' -> 'P08' (a province, not one of its units)."""
    code = unit_arg(text)
    if "-" in code:
        raise argparse.ArgumentTypeError(
            f"mã tỉnh có dạng 08 hoặc P08 / a province code looks like 08 or P08; found {text!r}"
        )
    return code


def years_arg(text: str) -> tuple[int, int]:
    """'2022-2026' -> (2022, 2026); '2024' -> (2024, 2024)."""
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{4}))?\s*", text or "")
    if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
        raise argparse.ArgumentTypeError(
            f"năm thống kê có dạng 2022-2026 / statistical years look like 2022-2026; found {text!r}"
        )
    return int(m.group(1)), int(m.group(2) or m.group(1))


def provinces_arg(text: str) -> tuple[str, ...]:
    """'02,08' -> ('02', '08'): pre-2025 province codes for the sample; 'all' -> the 63 of the register."""
    if (text or "").strip().lower() in ("all", "tat-ca"):
        from .lib.sample import all_provinces

        return all_provinces()
    codes = tuple(province_arg(p)[1:] for p in (text or "").split(",") if p.strip())
    if not codes:
        raise argparse.ArgumentTypeError(f"cần ít nhất một mã tỉnh / give at least one province code; found {text!r}")
    return codes


def _cmd_sample(args: argparse.Namespace) -> int:
    from .lib.sample import DEFAULT_SEED, generate_sample

    out = Path(args.out).resolve() if args.out else load_settings().raw_dir
    if args.if_empty and out.exists() and any(p.is_file() and not p.name.startswith(".") for p in out.rglob("*")):
        print(f"{out} đã có dữ liệu, không tạo mẫu / already holds files, no sample written")
        return 0
    first, last = args.years
    provinces = args.provinces
    if args.scale:
        from .lib.sample import scaled_provinces

        provinces = scaled_provinces(args.scale)
    counts = generate_sample(
        out,
        seed=args.seed if args.seed is not None else DEFAULT_SEED,
        provinces=provinces,
        workers=args.workers,
        first_year=first,
        last_year=last,
        until=args.until,
        defects=not args.no_defects,
    )
    print(
        f"Dữ liệu mẫu / sample data: {counts['reports']} báo cáo / reports "
        f"({counts.get('xlsx', 0)} .xlsx, {counts.get('csv', 0)} .csv) -> {out}"
    )
    return 0


def _cmd_units_check(args: argparse.Namespace) -> int:
    from .lib.register import check_register, register_counts

    units = Path(args.units) if args.units else SEEDS_DIR / "ref_units.csv"
    succession = Path(args.succession) if args.succession else SEEDS_DIR / "ref_unit_succession.csv"
    for path in (units, succession):
        if not path.is_file():
            print(f"không thấy tệp / no such file: {path}", file=sys.stderr)
            return 2
    problems = check_register(units, succession)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} lỗi / problems in the register", file=sys.stderr)
        return 1
    c = register_counts(units)
    print(
        f"Danh mục đơn vị hợp lệ / the register is consistent: trước 1/7/2025 / before: "
        f"{c[('before', 'province')]} tỉnh, {c[('before', 'district')]} chi cục; "
        f"từ 1/7/2025 / after: {c[('after', 'province')]} tỉnh, {c[('after', 'region')]} phòng khu vực"
    )
    return 0


def _cmd_units_default(args: argparse.Namespace) -> int:
    from .lib.register import write_national_register

    n_units, n_succession = write_national_register(Path(args.old_json))
    print(f"ghi / wrote {SEEDS_DIR / 'ref_units.csv'} ({n_units}) và / and ref_unit_succession.csv ({n_succession})")
    return 0


def _summary_lines(result, marts_dir: Path) -> list[str]:
    import duckdb

    record = json.loads((marts_dir / "last_refresh.json").read_text(encoding="utf-8"))
    ing = record.get("ingest", {})
    evaluations = [e for e in result.get_asset_check_evaluations() if not e.check_name.startswith(("rules_", "gx_"))]
    passed = sum(1 for e in evaluations if e.passed)
    failed = len(evaluations) - passed
    gx = [e for e in result.get_asset_check_evaluations() if e.check_name.startswith("gx_")]
    gx_pass = sum(e.metadata["pass"].value for e in gx)
    gx_fail = sum(e.metadata["fail"].value + e.metadata["error"].value for e in gx)
    gx_na = sum(e.metadata["na"].value for e in gx)
    con = duckdb.connect(record["warehouse"], read_only=True)
    try:
        units, periods, first, last = con.execute(
            "select count(distinct unit_code), count(distinct period_end), min(period_end), max(period_end) "
            "from marts.fct_case_results"
        ).fetchall()[0]
        n_quarantined_files = con.execute("select count(distinct file_sha256) from marts.quarantine").fetchall()[0][0]
        findings = con.execute(
            "select family, severity, count(*) from marts.fct_finding "
            "where status in ('open', 'explained', 'accepted') group by all order by 1, 2"
        ).fetchall()
    finally:
        con.close()

    def n(x: int) -> str:
        return format_vi_number(x)

    span = f"{first:%m/%Y} – {last:%m/%Y}" if first else "—"
    lines = [
        "THADS — làm mới kho dữ liệu / warehouse refresh: hoàn tất / completed",
        f"  Tệp đã đọc / files read:       {n(ing.get('files_seen', 0))} "
        f"(đã có từ trước / already known {n(ing.get('already_known', 0))}, "
        f"trùng nội dung / duplicates {n(ing.get('duplicates_skipped', 0))})",
        f"  Nạp mới / newly loaded:         {n(ing.get('files_loaded', 0))}",
        f"  Cách ly mới / newly quarantined: {n(ing.get('files_quarantined', 0))} "
        f"(tổng / total {n(n_quarantined_files)}: marts.quarantine)",
    ]
    for q in ing.get("quarantined", [])[:10]:
        lines.append(f"      - {q}")
    lines += [
        f"  Đơn vị / units: {n(units)}; kỳ báo cáo / periods: {n(periods)} ({span})",
        "  Số dòng / rows: " + " ; ".join(f"{k} {n(v)}" for k, v in record["rows_per_mart"].items()),
        f"  Kiểm tra dbt / dbt tests: {n(passed)} đạt / passed, {n(failed)} không đạt / failed",
        "  Phát hiện đối chiếu còn mở / open reconciliation findings (marts.fct_finding): "
        + (" ; ".join(f"{fam} {sev} {n(k)}" for fam, sev, k in findings) or "0"),
        f"  Great Expectations: {n(len(gx))} bộ / suites, {n(gx_pass)} kỳ vọng đạt / expectations passed, "
        f"{n(gx_fail)} không đạt / failed, {n(gx_na)} không áp dụng / NA",
        f"  Kho đã công bố / published: {record['warehouse']}",
        f"    duckdb {record['warehouse']} -readonly",
    ]
    reports = record.get("reports", {})
    if reports:
        lines += [
            f"  Báo cáo kiểm tra / validation report: {reports['index']}",
            f"    Excel: {reports['workbook']}",
            f"    Data Docs: {reports['data_docs']}",
        ]
    return lines


def _cmd_refresh(args: argparse.Namespace) -> int:
    if args.raw:
        os.environ["THADS_RAW_DIR"] = str(Path(args.raw).resolve())
    if args.marts:
        os.environ["THADS_MARTS_DIR"] = str(Path(args.marts).resolve())
    once = {"THADS_REBUILD": args.rebuild, "THADS_ALLOW_SHRINK": args.allow_shrink}
    for name, asked in once.items():
        if asked:
            os.environ[name] = "1"
    try:
        return _refresh(args)
    finally:
        for name, asked in once.items():  # this run only, not the next one in this process
            if asked:
                os.environ.pop(name, None)


def _refresh(args: argparse.Namespace) -> int:

    settings = load_settings()
    if not settings.raw_dir.is_dir():
        print(
            f"Lỗi / error: thư mục dữ liệu vào không tồn tại / raw folder does not exist: {settings.raw_dir}",
            file=sys.stderr,
        )
        return 2
    settings.marts_dir.mkdir(parents=True, exist_ok=True)
    build_id = f"{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
    try:
        lock = refresh_lock(settings.marts_dir, run_id=build_id, wait_seconds=args.wait)
        lock.__enter__()
    except RefreshBusy as exc:
        print(f"THADS — không làm mới / refresh not started: {exc}", file=sys.stderr)
        return 3
    started = time.monotonic()
    if not args.force:
        try:
            unchanged = nothing_new(settings)
        except BaseException:
            lock.__exit__(None, None, None)
            raise
        if unchanged:  # no copy, no dbt, no report: the published warehouse already holds all of it
            lock.__exit__(None, None, None)
            write_check(settings.marts_dir, "nothing_new")
            print(
                "THADS — không có gì mới / nothing new: kho đã công bố đã có mọi tệp của "
                f"{settings.raw_dir}, cùng mã và dữ liệu tham chiếu / the published warehouse already holds every "
                f"file, with the same code and reference data ({_seconds_vi(time.monotonic() - started)}). "
                "Làm mới dù vậy / refresh anyway: --force"
            )
            return 0

    os.environ["THADS_BUILD_ID"] = build_id  # this run's own build file
    try:
        # dbt imports and parses the project while Dagster loads and the refresh reads its files
        start_dbt_server(load_settings())
        import dagster as dg

        from .definitions import build_definitions

        instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
        job = build_definitions().resolve_job_def("refresh")
    except BaseException:
        stop_dbt_server()
        os.environ.pop("THADS_BUILD_ID", None)
        lock.__exit__(None, None, None)
        raise
    log_dir = settings.marts_dir / "logs"
    log_dir.mkdir(exist_ok=True)
    log_file = log_dir / f"refresh-{build_id}.log"
    prune(log_dir, keep=KEEP_RUNS - 1, pattern="refresh-*.log")  # with this one: the last KEEP_RUNS refreshes
    run_config = {"loggers": {"console": {"config": {"log_level": "DEBUG" if args.verbose else "WARNING"}}}}
    log_error: OSError | None = None
    try:
        log = open(log_file, "w", encoding="utf-8")
        try:
            with contextlib.ExitStack() as stack:
                if not args.verbose:  # dbt's own output goes to the log file; the summary goes to the terminal
                    stack.enter_context(contextlib.redirect_stdout(log))
                result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=run_config)
        finally:
            try:
                log.close()
            except OSError as exc:  # a full disk: the log cannot be finished; say so, no traceback
                log_error = exc
        if not result.success:
            discard_build(load_settings())  # the failed build gives its space back; the published file stays
    finally:
        stop_dbt_server()
        os.environ.pop("THADS_BUILD_ID", None)
        lock.__exit__(None, None, None)
    if log_error is not None:
        print(f"  Nhật ký chưa ghi hết / the log could not be completed: {log_error}", file=sys.stderr)
    if not result.success:
        print("THADS — làm mới kho dữ liệu THẤT BẠI / warehouse refresh FAILED", file=sys.stderr)
        for event in result.get_step_failure_events():
            err = getattr(event.event_specific_data, "error", None)
            while err is not None and err.cause is not None:  # the wrapped exception says what went wrong
                err = err.cause
            message = err.message.strip() if err else "(no message)"
            print(f"  bước / step {event.step_key}: {message[:2000]}", file=sys.stderr)
        failed_checks = [e for e in result.get_asset_check_evaluations() if not e.passed]
        for e in failed_checks[:20]:
            print(
                f"  kiểm tra không đạt / failed check: {e.asset_key.to_user_string()} · {e.check_name}", file=sys.stderr
            )
        if _published(result):
            print(
                f"  Kho đã được công bố; một bước sau đó lỗi / the warehouse was published, a later step failed: "
                f"{settings.published_db}",
                file=sys.stderr,
            )
        else:
            print(
                f"  Kho đã công bố không thay đổi / the published warehouse is unchanged: {settings.published_db}",
                file=sys.stderr,
            )
        print(f"  Nhật ký / log: {log_file}", file=sys.stderr)
        return 1
    steps = _step_seconds(instance, result.run_id)
    record = read_record(settings.marts_dir)
    if record is not None:  # where the time of this refresh went, for the operator and the benchmark
        write_record(settings.marts_dir, {**record, "step_seconds": steps})
    for line in _summary_lines(result, settings.marts_dir):
        print(line)
    print(
        "  Thời gian / time: "
        + " · ".join(f"{k} {_seconds_vi(v)}" for k, v in steps.items())
        + f" · tổng / total {_seconds_vi(time.monotonic() - started)}"
    )
    print(f"  Nhật ký / log: {log_file}")
    return 0


def _step_seconds(instance, run_id: str) -> dict[str, float]:
    """Seconds each step of a run took, from the run's event log, in the order the steps started."""
    started: dict[str, float] = {}
    out: dict[str, float] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or not event.step_key:
            continue
        if event.event_type_value == "STEP_START":
            started[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in started:
            out[event.step_key] = round(entry.timestamp - started[event.step_key], 1)
    return out


def _seconds_vi(seconds: float) -> str:
    return f"{seconds:.1f} s".replace(".", ",")


def _published(result) -> bool:
    return any(
        e.asset_key is not None and e.asset_key.path == ["published_warehouse"]
        for e in result.get_asset_materialization_events()
    )


def _published_warehouse(args: argparse.Namespace) -> tuple[Path, Path | None]:
    """The marts folder and its published warehouse (None, said on stderr, when there is none yet)."""
    marts = Path(args.marts).resolve() if args.marts else load_settings().marts_dir
    db = marts / "warehouse.duckdb"
    if not db.exists():
        print(f"Lỗi / error: chưa có kho đã công bố / no published warehouse at {db}", file=sys.stderr)
        return marts, None
    return marts, db


def _cmd_bulletin(args: argparse.Namespace) -> int:
    import duckdb

    from .lib.reporting.bulletin import bulletin

    marts, db = _published_warehouse(args)
    if db is None:
        return 2
    con = duckdb.connect(str(db), read_only=True)
    try:
        lines = bulletin(con, args.unit, args.period, args.lang)
    except LookupError as exc:
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    print("\n".join(lines))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .lib.reporting.build import write_validation_report

    marts, db = _published_warehouse(args)
    if db is None:
        return 2
    province, period = args.province, args.period
    if bool(province) != bool(period):
        print("Lỗi / error: cần cả --province và --period / give both --province and --period", file=sys.stderr)
        return 2
    try:
        out = write_validation_report(db, marts / "reports", province, period)
    except LookupError as exc:
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2
    print(f"Báo cáo kiểm tra / validation report: {out['index']} ({out['pages']} trang / pages)")
    print(f"  Excel: {out['workbook']}")
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from .lib.reporting.inspection import write_inspection

    marts, db = _published_warehouse(args)
    if db is None:
        return 2
    try:
        out = write_inspection(db, marts / "reports", args.unit, args.as_of)
    except LookupError as exc:
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2
    print(f"Hồ sơ kiểm tra thi đua / inspection pack: {out['html']}")
    print(f"  Excel: {out['workbook']}")
    print(f"  Tiêu chí chênh lệch / criteria that differ: {out['differences']}")
    return 0


def _mib(n: int) -> str:
    return f"{format_vi_number(round(n / 2**20))} MiB"


def _cmd_status(args: argparse.Namespace) -> int:
    from .lib.warehouse.status import status

    if args.marts:
        os.environ["THADS_MARTS_DIR"] = str(Path(args.marts).resolve())
    if args.raw:
        os.environ["THADS_RAW_DIR"] = str(Path(args.raw).resolve())
    settings = load_settings()
    s = status(settings)
    record = s["record"] or {}
    ing = record.get("ingest", {})
    lines = ["THADS — tình trạng / status"]
    if record:
        lines.append(
            f"  Lần làm mới gần nhất / last refresh: {record.get('published_at', '?')} (run {record.get('run_id', '?')}); "
            f"nạp / loaded {ing.get('files_loaded', 0)}, cách ly / quarantined {ing.get('files_quarantined', 0)}, "
            f"chờ thử lại / deferred {ing.get('files_deferred', 0)}"
        )
        lines.append(f"  Kho đã công bố / published: {record.get('warehouse', settings.published_db)}")
        if not s["record_matches_file"]:
            lines.append(
                "  ! last_refresh.json không khớp tệp đã công bố / does not match the published file: "
                "the next refresh writes it and the reports again"
            )
    else:
        lines.append("  Chưa có lần làm mới nào / no refresh has published yet")
    check = read_check(settings.marts_dir)
    if check is not None and check_after_publication(check, record):
        lines.append(
            f"  Lần kiểm tra gần nhất / last check: {check['checked_at']}: "
            "không có gì mới, không làm mới / nothing new, nothing rebuilt"
        )
    running = s["running"]
    lines.append(
        "  Đang chạy / running: "
        + (
            f"PID {running.get('pid')} on {running.get('host')} since {running.get('started_at')} "
            f"(run {running.get('run_id')})"
            if running is not None
            else "không / none"
        )
    )
    if s["queued"]:
        lines.append("  Hàng đợi Dagster / Dagster queue: " + "; ".join(s["queued"]))
    w = s["waiting"]
    for key, vi, en in (
        ("settling", "đang chép", "still arriving"),
        ("deferred", "chờ thử lại", "retried next run"),
        ("conflicts", "xung đột lần gửi", "submission conflicts"),
        ("not_seen", "chưa nạp", "not yet loaded"),
    ):
        items = w[key]
        lines.append(f"  Tệp {vi} / files {en}: {len(items)}" + (": " + ", ".join(items[:10]) if items else ""))
    usage = s["usage_bytes"]
    lines.append(
        "  Dung lượng / disk use: "
        + " ; ".join(f"{k} {_mib(v)}" for k, v in usage.items() if v)
        + f" ; còn trống / free {_mib(s['disk_free_bytes'])} of {_mib(s['disk_total_bytes'])}"
    )
    print("\n".join(lines))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thads",
        description="Kho dữ liệu thống kê thi hành án dân sự / THADS statistics warehouse.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    s = sub.add_parser("sample", help="tạo dữ liệu mẫu / write the sample reports into data/raw")
    s.add_argument("--out", help="thư mục / folder (default: $THADS_RAW_DIR or data/raw)")
    s.add_argument("--seed", type=int, help="hạt giống ngẫu nhiên / random seed (default 2026)")
    s.add_argument(
        "--provinces",
        type=provinces_arg,
        default="02,08,10,15",
        help="mã tỉnh trước 2025 hoặc all / pre-2025 province codes, or all (the 63)",
    )
    s.add_argument(
        "--scale",
        type=int,
        help="khoảng N tỉnh đầu (trọn nhóm sáp nhập) / about the first N provinces (whole merger groups)",
    )
    s.add_argument("--workers", type=int, help="số tiến trình / worker processes (default: one per core)")
    s.add_argument(
        "--years", type=years_arg, default="2022-2026", help="năm thống kê / statistical years, e.g. 2022-2026"
    )
    s.add_argument("--until", type=period_arg, help="kỳ cuối / last period YYYY-MM (default: latest complete month)")
    s.add_argument("--no-defects", action="store_true", help="không cài lỗi mẫu / no planted defects")
    s.add_argument("--if-empty", action="store_true", help="chỉ tạo khi thư mục trống / only into an empty folder")
    s.set_defaults(func=_cmd_sample)

    u = sub.add_parser("units", help="danh mục đơn vị / the national unit register")
    usub = u.add_subparsers(dest="units_command", required=True)
    uc = usub.add_parser("check", help="kiểm tra danh mục thay thế / check a replacement register")
    uc.add_argument("--units", help="ref_units.csv (default: the seed)")
    uc.add_argument("--succession", help="ref_unit_succession.csv (default: the seed)")
    uc.set_defaults(func=_cmd_units_check)
    ud = usub.add_parser("write-default", help="ghi danh mục mặc định / write the documented default register")
    ud.add_argument("--old-json", required=True, help="nested-divisions.json of vietnam-provinces 0.6.0")
    ud.set_defaults(func=_cmd_units_default)

    r = sub.add_parser("refresh", help="chạy làm mới kho / run the refresh job (ingest, dbt, checks, publish)")
    r.add_argument("--raw", help="thư mục dữ liệu vào / drop zone (default: $THADS_RAW_DIR or data/raw)")
    r.add_argument("--marts", help="thư mục kho / output folder (default: $THADS_MARTS_DIR or data/marts)")
    r.add_argument("--verbose", action="store_true", help="in toàn bộ nhật ký / print the full dbt and Dagster log")
    r.add_argument(
        "--rebuild",
        action="store_true",
        help="đọc lại mọi tệp, giữ lịch sử phát hiện / read every file again, keep the finding history",
    )
    r.add_argument(
        "--force",
        action="store_true",
        help="làm mới dù không có gì mới / run even when nothing changed since the last publication",
    )
    r.add_argument(
        "--allow-shrink",
        action="store_true",
        help="cho phép bản dựng lại có ít báo cáo hơn nhiều so với kho đã công bố / "
        "publish a rebuild that loses most of the published reports",
    )
    r.add_argument(
        "--wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="chờ lần làm mới đang chạy / wait this long for a running refresh (default: exit at once, code 3)",
    )
    r.set_defaults(func=_cmd_refresh)
    b = sub.add_parser("bulletin", help="bản tin kết quả / the headline figures of a unit and period")
    b.add_argument("--unit", type=unit_arg, required=True, help="mã đơn vị / unit code, e.g. P08 (or 08)")
    b.add_argument("--period", type=period_arg, required=True, help="kỳ / period end YYYY-MM, e.g. 2023-08")
    b.add_argument("--marts", help="thư mục kho / warehouse folder (default: $THADS_MARTS_DIR or data/marts)")
    b.add_argument("--lang", choices=["vi", "en"], default="vi")
    b.set_defaults(func=_cmd_bulletin)
    st = sub.add_parser("status", help="tình trạng kho và tệp chờ / last refresh, running, waiting files, disk")
    st.add_argument("--marts", help="thư mục kho / warehouse folder (default: $THADS_MARTS_DIR or data/marts)")
    st.add_argument("--raw", help="thư mục dữ liệu vào / drop zone (default: $THADS_RAW_DIR or data/raw)")
    st.set_defaults(func=_cmd_status)
    v = sub.add_parser("report", help="báo cáo kiểm tra HTML + Excel / the validation report, HTML and Excel")
    v.add_argument("--province", type=province_arg, help="mã tỉnh / province code, e.g. 08 or P08 (with --period)")
    v.add_argument("--period", type=period_arg, help="kỳ / period end YYYY-MM, e.g. 2023-08 (with --province)")
    v.add_argument("--marts", help="thư mục kho / warehouse folder (default: $THADS_MARTS_DIR or data/marts)")
    v.set_defaults(func=_cmd_report)
    i = sub.add_parser(
        "inspect", help="hồ sơ kiểm tra chéo thi đua / the emulation inspection pack of a unit, HTML and Excel"
    )
    i.add_argument("--unit", type=unit_arg, required=True, help="mã đơn vị / unit code, e.g. P08 or P08-D070")
    i.add_argument("--as-of", type=period_arg, required=True, help="số liệu đến / as of YYYY-MM, e.g. 2023-08")
    i.add_argument("--marts", help="thư mục kho / warehouse folder (default: $THADS_MARTS_DIR or data/marts)")
    i.set_defaults(func=_cmd_inspect)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # a bad argument: argparse printed the one-line message; exit code 2
        return int(exc.code or 0)
    try:
        return args.func(args)
    except SettingsError as exc:  # a nonsense setting: one line naming the variable, no traceback
        print(f"Lỗi cấu hình / setting error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["main", "build_parser"]
