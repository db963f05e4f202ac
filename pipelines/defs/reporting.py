"""The reporting stage: what auditors and units open, written from the published warehouse."""

import dagster as dg

from ..lib.reporting.build import write_reports
from ..lib.warehouse.lock import release
from ..settings import load_settings
from .warehouse import PUBLISHED


@dg.asset(deps=[PUBLISHED], kinds={"html", "excel"}, group_name="publish")
def validation_report(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """What auditors and units open: the validation report (HTML + Excel), the quarantine list and
    the bulletins, from the warehouse just published (reads it read-only)."""
    settings = load_settings()
    written = write_reports(settings)
    report, exports, data_docs = written["report"], written["exports"], written["data_docs"]
    bulletins = written["bulletins"]
    release(settings.marts_dir)  # the refresh is over: the lock taken by raw_reports
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
