"""Great Expectations value contracts on frames pulled from the build DuckDB, and offline Data Docs.

The suites are versioned JSON files in expectations/ (GX 1.x format). Each suite's meta names
its registry rule (V-01…), the SQL that pulls the frame and the key columns reported for failing
rows. GX's SQL path does not work with DuckDB here, so every suite runs on a pandas frame.

Each expectation becomes one item of its rule in marts.fct_validation_result: pass / fail /
na (the frame is empty: nothing to validate) / error (GX raised), with the number of unexpected
rows as the imbalance and the first failing keys in the note. GX's own validation results are
kept per run in its store (marts/gx_project) and rendered as Data Docs; the pages are rewritten
to load the CSS/JS that GX takes from CDNs from a vendored copy, so they open with no network.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from ...settings import PROJECT_ROOT

SUITES_DIR = PROJECT_ROOT / "expectations"
VENDOR_DIR = SUITES_DIR / "data_docs_vendor"
SITE_NAME = "thads"
KEEP_RUNS = 30  # validation results kept in GX's store; outcomes are kept for good in fct_validation_history
MAX_KEYS_IN_NOTE = 20

# Every resource GX's page templates load from the network -> the vendored file (data_docs_vendor/).
CDN_FILES = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap.min.js",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js": "bootstrap-table-filter-control.min.js",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css": "bootstrap-table-filter-control.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css": "bootstrap-table-filter-control.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": "bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": "bootstrap-datepicker.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": "bootstrap-prefers-dark.css",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "css/fontawesome-all.min.css",
    "https://cdn.jsdelivr.net/npm/vega@5": "vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed.min.js",
}
# GX's navbar logo comes from S3 with a tracking query string; the same image ships in static/images.
_S3_IMAGES = re.compile(r"https://great-expectations-web-assets\.s3\.[a-z0-9-]+\.amazonaws\.com/([\w.-]+)(\?[^\"']*)?")
_RESOURCE = re.compile(r"""(<(?:script|link|img)\b[^>]*?\b(?:src|href)=")(https?://[^"]+)("[^>]*>)""", re.I)
# GX writes some relative links to static/ with the wrong depth (the favicon of validation pages).
_STATIC = re.compile(r"""((?:src|href)=")(?:\.\./)*static/""")
_SRI = re.compile(r"""\s+(?:integrity="[^"]*"|crossorigin="[^"]*")""", re.I)


@dataclass(frozen=True)
class Suite:
    name: str
    rule_id: str
    version: int
    query: str
    index_columns: list[str]
    title_vi: str
    title_en: str
    body: dict


def load_suites(suites_dir: Path = SUITES_DIR) -> list[Suite]:
    suites = []
    for path in sorted(suites_dir.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        meta = body.get("meta", {}).get("thads")
        if not meta or not {"rule_id", "query", "version"} <= meta.keys():
            raise ValueError(f"{path}: meta.thads must give rule_id, version and query")
        suites.append(
            Suite(
                body["name"],
                meta["rule_id"],
                int(meta["version"]),
                meta["query"],
                list(meta.get("index_columns", [])),
                meta.get("title_vi", ""),
                meta.get("title_en", ""),
                body,
            )
        )
    return suites


def pull_frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """The query's rows as pandas. Integer columns stay integers: numpy int64 without NULLs,
    Python ints (object) with NULLs, because GX's type checks do not know pandas' Int64 and a
    float column would hide a non-integer. Decimals (rates) become floats for range checks."""
    table = con.sql(sql).to_arrow_table()
    for i, field in enumerate(table.schema):
        if pa.types.is_decimal(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.float64()))
    frame = table.to_pandas()
    for field in table.schema:
        if pa.types.is_integer(field.type) and table.column(field.name).null_count:
            frame[field.name] = pd.Series(table.column(field.name).to_pylist(), dtype=object)
    return frame


def _column_label(kwargs: dict) -> str:
    if "column" in kwargs:
        return kwargs["column"]
    if "column_list" in kwargs:
        return ", ".join(kwargs["column_list"])
    if "column_A" in kwargs:
        return f"{kwargs['column_A']}, {kwargs['column_B']}"
    return ""


def _failing_keys(result: dict, index_columns: list[str]) -> list[str]:
    keys = []
    for row in result.get("unexpected_index_list") or []:
        if isinstance(row, dict):
            keys.append(" ".join(str(row.get(c))[:10] if c == "period_end" else str(row.get(c)) for c in index_columns))
    return keys


def _import_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations  # noqa: F401


def import_gx_in_background() -> None:
    """Import GX (~3 s on these machines) in a daemon thread while the caller waits on a subprocess (the
    dbt step before the suites): the suites then find it imported. Nothing is lost if it fails or has not
    finished: the suites import it themselves, and a failing import raises there, with its error."""

    def warm() -> None:
        try:
            _import_gx()
        except Exception:  # noqa: BLE001 - imported again, and raised, by the suites (_context)
            logging.getLogger(__name__).debug("GX import ahead of the suites failed", exc_info=True)

    threading.Thread(target=warm, name="import-great-expectations", daemon=True).start()


def _context(project_dir: Path, docs_dir: Path):
    _import_gx()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # GX reports its progress and housekeeping at INFO; the refresh log keeps warnings only
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    project_dir.mkdir(parents=True, exist_ok=True)
    ctx = gx.get_context(mode="file", project_root_dir=str(project_dir))
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    site: Any = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    sites = ctx.list_data_docs_sites()
    for name in list(sites):
        if name != SITE_NAME:
            ctx.delete_data_docs_site(name)
    if SITE_NAME in sites:
        ctx.update_data_docs_site(SITE_NAME, site)
    else:
        ctx.add_data_docs_site(SITE_NAME, site)
    ctx.variables.save()
    return gx, ctx


def run_suites(
    con: duckdb.DuckDBPyConnection,
    project_dir: Path,
    docs_dir: Path,
    run_id: str,
    suites: list[Suite] | None = None,
    previous_docs: Path | None = None,
) -> list[dict]:
    """Run every suite on its frame; return one result row per expectation (raw.gx_results). The Data Docs
    go to docs_dir: from the previous site (the published one), with the pages of this run added, when it
    has a page for every result GX keeps; otherwise every page is rendered (_start_docs)."""
    suites = load_suites() if suites is None else suites
    gx, ctx = _context(project_dir, docs_dir)
    source = ctx.data_sources.add_or_update_pandas("thads_frames")
    now = datetime.now(tz=UTC).replace(tzinfo=None)
    rows: list[dict] = []
    rendered: list[Any] = []  # this run's validation results and the suites: the pages a site needs anew
    for suite in suites:
        frame = pull_frame(con, suite.query)
        asset = (
            source.get_asset(suite.name)
            if suite.name in source.get_asset_names()
            else source.add_dataframe_asset(suite.name)
        )
        batch_def = (
            asset.get_batch_definition("whole")
            if "whole" in [b.name for b in asset.batch_definitions]
            else asset.add_batch_definition_whole_dataframe("whole")
        )
        body = {k: v for k, v in suite.body.items() if k != "id"}
        gx_suite = ctx.suites.add_or_update(gx.ExpectationSuite(**body))
        definition = ctx.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=suite.name, data=batch_def, suite=gx_suite)
        )
        result_format = {
            "result_format": "COMPLETE",
            "include_unexpected_rows": False,
            "unexpected_index_column_names": [c for c in suite.index_columns if c in frame.columns],
        }
        checkpoint = ctx.checkpoints.add_or_update(
            gx.Checkpoint(name=suite.name, validation_definitions=[definition], result_format=result_format, actions=[])
        )
        outcome = checkpoint.run(
            batch_parameters={"dataframe": frame},
            run_id=gx.RunIdentifier(run_name=run_id, run_time=now.replace(tzinfo=UTC)),
        )
        ((result_id, validation),) = outcome.run_results.items()
        rendered += [result_id, gx_suite_identifier(suite.name)]
        # numbered by place in the suite file (GX reorders its results): the number is part of the
        # finding key, so it must not move between runs
        place = {(e["type"], _column_label(e["kwargs"])): i for i, e in enumerate(suite.body["expectations"], 1)}
        for res in validation.results:
            config = res.expectation_config
            n = place[(config.type, _column_label(config.kwargs))]
            meta = config.meta or {}
            raised = bool(res.exception_info and res.exception_info.get("raised_exception"))
            result = res.result or {}
            unexpected = result.get("unexpected_count")
            keys = _failing_keys(result, suite.index_columns)
            if raised:
                status, note = "error", str(res.exception_info.get("exception_message"))[:500]
            elif len(frame) == 0:
                status, note = "na", "không có dòng nào để kiểm tra / no rows to validate"
            else:
                status = "pass" if res.success else "fail"
                note = None
                if not res.success:
                    shown = "; ".join(keys[:MAX_KEYS_IN_NOTE]) or json.dumps(
                        result.get("partial_unexpected_list", [])[:MAX_KEYS_IN_NOTE], ensure_ascii=False, default=str
                    )
                    more = f" (+{len(keys) - MAX_KEYS_IN_NOTE})" if len(keys) > MAX_KEYS_IN_NOTE else ""
                    note = f"{unexpected} dòng không đạt / rows failing: {shown}{more}"
            rows.append(
                {  # one row per expectation, in raw.gx_results
                    "run_id": run_id,
                    "suite_name": suite.name,
                    "suite_version": suite.version,
                    "rule_id": suite.rule_id,
                    "expectation_no": n,
                    "expectation_type": config.type,
                    "column_name": _column_label(config.kwargs),
                    "description_vi": meta.get("vi"),
                    "description_en": meta.get("en"),
                    "outcome": status,
                    "element_count": result.get("element_count", len(frame)),
                    "unexpected_count": unexpected,
                    "failing_keys": "; ".join(keys) or None,
                    "note": note,
                    "data_docs_page": None,
                    "evaluated_at": now,
                }
            )
    _prune_store(project_dir)
    incremental = _start_docs(previous_docs, docs_dir, project_dir, run_id, gx.__version__)
    _render(gx, ctx, docs_dir, rendered if incremental else None)
    pages = _docs_pages(docs_dir, run_id)
    for r in rows:
        r["data_docs_page"] = pages.get(r["suite_name"])
    return rows


def render_docs(project_dir: Path, docs_dir: Path) -> None:
    """Render every page of the Data Docs from the results GX keeps into docs_dir (emptied first)."""
    gx, ctx = _context(project_dir, docs_dir)
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    _render(gx, ctx, docs_dir, None)


def _render(gx: Any, ctx: Any, docs_dir: Path, only: list[Any] | None) -> None:
    """GX renders the pages of `only` (every page when None) and the index; then they are made to work
    offline and the site is stamped with what rendered it."""
    ctx.build_data_docs(site_names=[SITE_NAME], resource_identifiers=only)
    make_offline(docs_dir)
    _write_docs_stamp(docs_dir, gx.__version__)


def gx_suite_identifier(name: str) -> Any:
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    return ExpectationSuiteIdentifier(name=name)


DOCS_STAMP = ".thads_docs.json"  # what rendered the site's pages: another GX, or other code here, renders them all


def _docs_stamp(gx_version: str) -> dict:
    return {"great_expectations": gx_version, "code": hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}


def _write_docs_stamp(docs_dir: Path, gx_version: str) -> None:
    (docs_dir / DOCS_STAMP).write_text(json.dumps(_docs_stamp(gx_version)), encoding="utf-8")


def _stored_results(project_dir: Path) -> set[Path]:
    """The validation results GX keeps, as the path of their page under validations/ without suffix."""
    store = project_dir / "gx" / "uncommitted" / "validations"
    return {p.relative_to(store).with_suffix("") for p in store.glob("*/*/*/*.json")}


def _start_docs(previous_docs: Path | None, docs_dir: Path, project_dir: Path, run_id: str, gx_version: str) -> bool:
    """Start this run's Data Docs from the previous site, so that only this run's pages (and the index) are
    rendered: every other page is a function of a validation result that has not changed. Pages of results
    GX no longer keeps are removed, so the site holds what a site rendered from nothing holds. Returns False
    (render every page into an empty folder) when there is no previous site, another GX or other code of
    this module (make_offline) rendered it, or a result GX keeps has no page in it (a refresh that failed
    after its suites ran, a site edited by hand)."""
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    if previous_docs is None or not (previous_docs / "index.html").is_file():
        return False
    try:
        stamp = json.loads((previous_docs / DOCS_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if stamp != _docs_stamp(gx_version):
        return False
    shutil.copytree(previous_docs, docs_dir)  # copied, not linked: GX and make_offline write pages in place
    pages = docs_dir / "validations"
    present = {p.relative_to(pages).with_suffix("") for p in pages.glob("*/*/*/*.html")}
    kept = _stored_results(project_dir)
    if any(p.parts[1] != run_id for p in kept - present):  # a result of another run has no page
        shutil.rmtree(docs_dir)
        return False
    for gone in present - kept:
        (pages / gone).with_suffix(".html").unlink()
    for folder in sorted(pages.glob("*/*/*"), reverse=True) + sorted(pages.glob("*/*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return True


def _docs_pages(docs_dir: Path, run_id: str) -> dict[str, str]:
    """suite name -> its Data Docs page of this run, relative to the docs folder."""
    pages = {}
    for page in sorted((docs_dir / "validations").glob(f"*/{run_id}/*/*.html")):
        pages[page.relative_to(docs_dir / "validations").parts[0]] = str(page.relative_to(docs_dir))
    return pages


def _prune_store(project_dir: Path) -> None:
    """Keep the validation results of the last KEEP_RUNS runs in GX's store (per suite)."""
    store = project_dir / "gx" / "uncommitted" / "validations"
    if not store.exists():
        return
    for suite_dir in (p for p in store.iterdir() if p.is_dir()):
        runs = sorted((p for p in suite_dir.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
        for old in runs[:-KEEP_RUNS]:
            shutil.rmtree(old)


def make_offline(docs_dir: Path) -> int:
    """Rewrite every page to load vendored CSS/JS instead of CDNs; return the number of pages rewritten.

    A resource URL not in CDN_FILES raises, so a GX upgrade that adds one fails the tests loudly
    instead of shipping a page that needs the network.
    """
    vendor_target = docs_dir / "static" / "vendor"
    if vendor_target.exists():
        shutil.rmtree(vendor_target)
    shutil.copytree(VENDOR_DIR, vendor_target, ignore=shutil.ignore_patterns("README.md"))
    pages = 0
    for page in docs_dir.rglob("*.html"):
        depth = len(page.relative_to(docs_dir).parts) - 1
        prefix = "../" * depth
        html = page.read_text(encoding="utf-8")

        def local(match: re.Match) -> str:
            url = match.group(2)
            image = _S3_IMAGES.fullmatch(url)
            if image:
                path = f"static/images/{image.group(1)}"
            elif url in CDN_FILES:
                path = f"static/vendor/{CDN_FILES[url]}"
            else:
                raise ValueError(f"{page}: Data Docs load {url}, which has no vendored copy in {VENDOR_DIR}")
            return _SRI.sub("", match.group(1)) + prefix + path + _SRI.sub("", match.group(3))

        new = _STATIC.sub(lambda m: m.group(1) + prefix + "static/", _RESOURCE.sub(local, html))
        if new != html:
            page.write_text(new, encoding="utf-8")
            pages += 1
    return pages


def summarise(rows: list[dict]) -> dict[str, dict]:
    """Per suite: expectation outcome counts and unexpected rows, for the Dagster asset checks."""
    out: dict[str, dict] = {}
    for r in rows:
        s = out.setdefault(
            r["suite_name"],
            {
                "rule_id": r["rule_id"],
                "expectations": 0,
                "pass": 0,
                "fail": 0,
                "na": 0,
                "error": 0,
                "unexpected_rows": 0,
                "failing": [],
            },
        )
        s["expectations"] += 1
        s[r["outcome"]] += 1
        s["unexpected_rows"] += r["unexpected_count"] or 0
        if r["outcome"] in ("fail", "error"):
            s["failing"].append(f"{r['expectation_type']}({r['column_name']})")
    return out


def store_results(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Add this run's outcomes to raw.gx_results, which keeps every run's (69 rows a run; the build
    starts from the published file, so the table carries over). Running a run again replaces its rows."""
    from ..ingest.load import ensure_raw_schema

    ensure_raw_schema(con)
    for run_id in {r["run_id"] for r in rows}:
        con.execute("delete from raw.gx_results where run_id = ?", [run_id])
    if rows:
        frame = pd.DataFrame(rows)
        con.register("gx_rows", frame)
        try:
            con.execute("insert into raw.gx_results by name select * from gx_rows")
        finally:
            con.unregister("gx_rows")
