"""Writes docs/reason-codes.md from pipelines/lib/reasons.yaml (the test suite checks it is current)."""

from pathlib import Path

from pipelines.lib.ingest.reasons import reason_catalogue

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "reason-codes.md"


def render() -> str:
    lines = [
        "# Mã lý do cách ly / Quarantine reason codes",
        "",
        "Generated from `pipelines/lib/ingest/reasons.yaml` by `scripts/write_reason_docs.py`. Each message is",
        "prefixed with the file, sheet and cell (`Tệp …, trang …, ô …:`); `L<n>` is line n of a CSV file.",
        "",
        "| code | tiếng Việt | English | retried |",
        "|---|---|---|---|",
    ]
    for code, msg in reason_catalogue().items():
        retried = "yes — depends on a limit, a time-out or the file still arriving" if msg.get("transient") else ""
        lines.append(f"| `{code}` | {msg['vi']} | {msg['en']} | {retried} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
