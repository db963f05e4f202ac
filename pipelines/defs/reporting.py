"""The reporting stage: what auditors and units open, written from the published warehouse."""

import json

import dagster as dg

from ..lib.reporting.build import write_validation_report
from ..lib.reporting.bulletin import write_province_bulletins
from ..lib.reporting.exports import write_quarantine_exports
from ..settings import load_settings
from .warehouse import PUBLISHED


@dg.asset(deps=[PUBLISHED], kinds={"html", "excel"}, group_name="publish")
def validation_report(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """What auditors and units open: the validation report (HTML + Excel), the quarantine list and
    the bulletins, from the warehouse just published (reads it read-only)."""
    settings = load_settings()
    exports = write_quarantine_exports(settings.published_db, settings.reports_dir)
    bulletins = write_province_bulletins(settings.published_db, settings.reports_dir)
    report = write_validation_report(settings.published_db, settings.reports_dir)
    data_docs = settings.reports_dir / "data_docs" / "index.html"
    record_file = settings.marts_dir / "last_refresh.json"
    record = json.loads(record_file.read_text(encoding="utf-8"))
    record["reports"] = {
        "index": str(report["index"]),
        "workbook": str(report["workbook"]),
        "data_docs": str(data_docs),
        "pages": report["pages"],
    }
    record_file.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return dg.MaterializeResult(
        metadata={
            "validation_report": dg.MetadataValue.path(str(report["index"])),
            "validation_workbook": dg.MetadataValue.path(str(report["workbook"])),
            "pages": report["pages"],
            "data_docs": dg.MetadataValue.path(str(data_docs)),
            "quarantine_export": dg.MetadataValue.path(str(exports[1])),
            "bulletins": len(bulletins),
        }
    )
