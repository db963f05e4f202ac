"""`thads` — the command line: sample data and the refresh job (the same Dagster job
the nightly schedule runs, executed in this process)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from datetime import datetime
from pathlib import Path

from .lib.normalise import format_vi_number


def _cmd_sample(args: argparse.Namespace) -> int:
    from .lib.sample import DEFAULT_SEED, generate_sample

    out = Path(args.out or os.environ.get("THADS_RAW_DIR", "data/raw")).resolve()
    if args.if_empty and out.exists() and any(p.is_file() and not p.name.startswith(".") for p in out.rglob("*")):
        print(f"{out} đã có dữ liệu, không tạo mẫu / already holds files, no sample written")
        return 0
    first, _, last = args.years.partition("-")
    until = None
    if args.until:
        y, m = (int(x) for x in args.until.split("-"))
        from .lib.sample import month_end

        until = month_end(y, m)
    counts = generate_sample(
        out,
        seed=args.seed if args.seed is not None else DEFAULT_SEED,
        provinces=tuple(p.strip().zfill(2) for p in args.provinces.split(",")),
        first_year=int(first),
        last_year=int(last or first),
        until=until,
        defects=not args.no_defects,
    )
    print(f"Dữ liệu mẫu / sample data: {counts['reports']} báo cáo / reports "
          f"({counts.get('xlsx', 0)} .xlsx, {counts.get('csv', 0)} .csv) -> {out}")
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
        lines += [f"  Báo cáo kiểm tra / validation report: {reports['index']}",
                  f"    Excel: {reports['workbook']}",
                  f"    Data Docs: {reports['data_docs']}"]
    return lines


def _cmd_refresh(args: argparse.Namespace) -> int:
    if args.raw:
        os.environ["THADS_RAW_DIR"] = str(Path(args.raw).resolve())
    if args.marts:
        os.environ["THADS_MARTS_DIR"] = str(Path(args.marts).resolve())
    if args.rebuild:
        os.environ["THADS_REBUILD"] = "1"
        try:
            return _refresh(args)
        finally:
            os.environ.pop("THADS_REBUILD", None)  # this run only, not the next one in this process
    return _refresh(args)


def _refresh(args: argparse.Namespace) -> int:
    from .settings import load_settings

    settings = load_settings()
    if not settings.raw_dir.is_dir():
        print(f"Lỗi / error: thư mục dữ liệu vào không tồn tại / raw folder does not exist: {settings.raw_dir}",
              file=sys.stderr)
        return 2
    settings.marts_dir.mkdir(parents=True, exist_ok=True)

    import dagster as dg

    from .definitions import defs

    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    job = defs.resolve_job_def("refresh")
    log_dir = settings.marts_dir / "logs"
    log_dir.mkdir(exist_ok=True)
    log_file = log_dir / f"refresh-{datetime.now():%Y%m%d-%H%M%S}.log"
    run_config = {"loggers": {"console": {"config": {"log_level": "DEBUG" if args.verbose else "WARNING"}}}}
    with open(log_file, "w", encoding="utf-8") as log, contextlib.ExitStack() as stack:
        if not args.verbose:  # dbt's own output goes to the log file; the summary goes to the terminal
            stack.enter_context(contextlib.redirect_stdout(log))
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=run_config)
    if not result.success:
        print("THADS — làm mới kho dữ liệu THẤT BẠI / warehouse refresh FAILED", file=sys.stderr)
        for event in result.get_step_failure_events():
            err = event.event_specific_data.error
            while err is not None and err.cause is not None:  # the wrapped exception says what went wrong
                err = err.cause
            message = err.message.strip() if err else "(no message)"
            print(f"  bước / step {event.step_key}: {message[:2000]}", file=sys.stderr)
        failed_checks = [e for e in result.get_asset_check_evaluations() if not e.passed]
        for e in failed_checks[:20]:
            print(f"  kiểm tra không đạt / failed check: {e.asset_key.to_user_string()} · {e.check_name}",
                  file=sys.stderr)
        if _published(result):
            print(f"  Kho đã được công bố; một bước sau đó lỗi / the warehouse was published, a later step failed: "
                  f"{settings.published_db}", file=sys.stderr)
        else:
            print(f"  Kho đã công bố không thay đổi / the published warehouse is unchanged: {settings.published_db}",
                  file=sys.stderr)
        print(f"  Nhật ký / log: {log_file}", file=sys.stderr)
        return 1
    for line in _summary_lines(result, settings.marts_dir):
        print(line)
    print(f"  Nhật ký / log: {log_file}")
    return 0


def _published(result) -> bool:
    return any(e.asset_key is not None and e.asset_key.path == ["published_warehouse"]
               for e in result.get_asset_materialization_events())


def _cmd_bulletin(args: argparse.Namespace) -> int:
    import duckdb

    from .lib.bulletin import bulletin
    from .lib.sample import month_end

    marts = Path(args.marts or os.environ.get("THADS_MARTS_DIR", "data/marts")).resolve()
    db = marts / "warehouse.duckdb"
    if not db.exists():
        print(f"Lỗi / error: chưa có kho đã công bố / no published warehouse at {db}", file=sys.stderr)
        return 2
    unit = args.unit.upper()
    unit = f"P{unit}" if unit.isdigit() else unit
    year, month = (int(x) for x in args.period.split("-"))
    con = duckdb.connect(str(db), read_only=True)
    try:
        lines = bulletin(con, unit, month_end(year, month), args.lang)
    except LookupError as exc:
        print(f"Lỗi / error: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    print("\n".join(lines))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .lib.report import write_validation_report
    from .lib.sample import month_end

    marts = Path(args.marts or os.environ.get("THADS_MARTS_DIR", "data/marts")).resolve()
    db = marts / "warehouse.duckdb"
    if not db.exists():
        print(f"Lỗi / error: chưa có kho đã công bố / no published warehouse at {db}", file=sys.stderr)
        return 2
    province = period = None
    if args.province:
        province = args.province.upper()
        province = f"P{province.zfill(2)}" if province.isdigit() else province
    if args.period:
        try:
            year, month = (int(x) for x in args.period.split("-"))
            period = month_end(year, month)
        except ValueError:
            print(f"Lỗi / error: kỳ phải có dạng YYYY-MM / the period must be YYYY-MM, found {args.period!r}",
                  file=sys.stderr)
            return 2
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thads",
        description="Kho dữ liệu thống kê thi hành án dân sự / THADS statistics warehouse.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    s = sub.add_parser("sample", help="tạo dữ liệu mẫu / write the sample reports into data/raw")
    s.add_argument("--out", help="thư mục / folder (default: $THADS_RAW_DIR or data/raw)")
    s.add_argument("--seed", type=int, help="hạt giống ngẫu nhiên / random seed (default 2026)")
    s.add_argument("--provinces", default="02,08,10,15", help="mã tỉnh trước 2025 / pre-2025 province codes")
    s.add_argument("--years", default="2022-2026", help="năm thống kê / statistical years, e.g. 2022-2026")
    s.add_argument("--until", help="kỳ cuối / last period YYYY-MM (default: latest complete month)")
    s.add_argument("--no-defects", action="store_true", help="không cài lỗi mẫu / no planted defects")
    s.add_argument("--if-empty", action="store_true", help="chỉ tạo khi thư mục trống / only into an empty folder")
    s.set_defaults(func=_cmd_sample)

    r = sub.add_parser("refresh", help="chạy làm mới kho / run the refresh job (ingest, dbt, checks, publish)")
    r.add_argument("--raw", help="thư mục dữ liệu vào / drop zone (default: $THADS_RAW_DIR or data/raw)")
    r.add_argument("--marts", help="thư mục kho / output folder (default: $THADS_MARTS_DIR or data/marts)")
    r.add_argument("--verbose", action="store_true", help="in toàn bộ nhật ký / print the full dbt and Dagster log")
    r.add_argument("--rebuild", action="store_true",
                   help="đọc lại mọi tệp, giữ lịch sử phát hiện / read every file again, keep the finding history")
    r.set_defaults(func=_cmd_refresh)
    b = sub.add_parser("bulletin", help="bản tin kết quả / the headline figures of a unit and period")
    b.add_argument("--unit", required=True, help="mã đơn vị / unit code, e.g. P08 (or 08)")
    b.add_argument("--period", required=True, help="kỳ / period end YYYY-MM, e.g. 2023-08")
    b.add_argument("--marts", help="thư mục kho / warehouse folder (default: $THADS_MARTS_DIR or data/marts)")
    b.add_argument("--lang", choices=["vi", "en"], default="vi")
    b.set_defaults(func=_cmd_bulletin)
    v = sub.add_parser("report", help="báo cáo kiểm tra HTML + Excel / the validation report, HTML and Excel")
    v.add_argument("--province", help="mã tỉnh / province code, e.g. 08 or P08 (with --period)")
    v.add_argument("--period", help="kỳ / period end YYYY-MM, e.g. 2023-08 (with --province)")
    v.add_argument("--marts", help="thư mục kho / warehouse folder (default: $THADS_MARTS_DIR or data/marts)")
    v.set_defaults(func=_cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["main", "build_parser"]
