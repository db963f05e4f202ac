"""Pages are rewritten only when what they say changed: a refresh that touched one province leaves the
other pages' files as they were (their time stamp included: it says when that page last changed), and a
reader never finds a page missing or half written (each file is replaced in one step)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..files import write_text_atomically

# the generation time in the page header (templates/base.html.j2), which alone changes every refresh
STAMP = re.compile(r'<span class="generated">[^<]*</span>')


def write_if_changed(path: Path, text: str) -> bool:
    """Write text to path unless the file there already says the same, its time stamp aside. True if written."""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if STAMP.sub("", old) == STAMP.sub("", text):
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, text)
    return True


def remove_others(kept: Iterable[Path], candidates: Iterable[Path]) -> list[Path]:
    """Remove the candidates that are not kept (pages of a unit or period that no longer has one)."""
    keep = {p.resolve() for p in kept}
    removed = [p for p in candidates if p.is_file() and p.resolve() not in keep]
    for p in removed:
        p.unlink()
    return removed
