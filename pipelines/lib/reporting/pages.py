"""Pages are rewritten only when what they say changed: a refresh that touched one province leaves the
other pages' files as they were (their time stamp included: it says when that page last changed), and a
reader never finds a page missing or half written (each file is replaced in one step).

Nor are they rendered again to find that out: PageMemo keeps, next to the pages, a fingerprint of what
each page was given (its rows, its charts, its template and the code that draws it) and the HTML of the
parts that many pages repeat (the rows of a root cause). A night that touched one province renders that
province's pages, the index and the causes that changed; every other page is left alone unread.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import pickle
import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

from ..files import write_text_atomically

MEMO_FILE = ".trang_da_viet.json"  # "pages written": fingerprints and kept fragments, beside the pages

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


def fingerprint(*parts) -> str:
    """A digest of what a page or fragment is given. Pickled without its memo ("fast"), so equal values
    give equal bytes whether or not they are the same objects."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=5)
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.blake2b(buf.getvalue(), digest_size=20).hexdigest()


@functools.cache
def code_version(reporting_dir: Path) -> str:
    """The digest of the code that turns rows into HTML (templates, static files, Python, the number
    format): another version renders every page again."""
    digest = hashlib.blake2b(digest_size=20)
    sources = sorted(p for p in reporting_dir.rglob("*") if p.suffix in (".py", ".j2", ".css", ".js"))
    for path in [*sources, reporting_dir.parent / "vietnamese.py"]:
        digest.update(str(path.relative_to(reporting_dir.parent)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


_ACTIVE: ContextVar[PageMemo | None] = ContextVar("active_page_memo", default=None)


class PageMemo:
    """What the pages of one report folder were rendered from, kept between refreshes."""

    def __init__(self, path: Path, version: str, pages: dict[str, list], fragments: dict[str, str]):
        self.path, self.version = path, version
        self._pages, self._fragments = pages, fragments
        self._kept_pages: dict[str, list] = {}
        self._used_fragments: dict[str, str] = {}

    @classmethod
    def load(cls, out_dir: Path, version: str) -> PageMemo:
        path = out_dir / MEMO_FILE
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            body = {}
        except ValueError:  # not what save() writes (edited by hand?): a cache, so render every page again
            body = {}
        if body.get("version") != version:  # other code: nothing kept is trusted
            body = {}
        return cls(path, version, body.get("pages", {}), body.get("fragments", {}))

    def unchanged(self, rel: str, key: str, page: Path) -> bool:
        """The page's file is the one written from what the page is given now: same fingerprint, and the
        file's size and modification time those it had then (a page edited or replaced by hand is
        rendered and written again)."""
        return self._pages.get(rel) == [key, *_listing(page)]

    def remember(self, rel: str, key: str | None, page: Path) -> None:
        if key is not None:
            self._kept_pages[rel] = [key, *_listing(page)]

    def fragment(self, key: str, render: Callable[[], str]) -> str:
        html = self._fragments.get(key)
        if html is None:
            html = render()
        self._used_fragments[key] = html
        return html

    @contextlib.contextmanager
    def fragments_in_use(self) -> Iterator[None]:
        token = _ACTIVE.set(self)
        try:
            yield
        finally:
            _ACTIVE.reset(token)

    def save(self) -> None:
        """Keep what this refresh rendered or left alone (a page or fragment no longer shown is dropped).
        Written after the pages: killed before, the next refresh renders again what it cannot vouch for."""
        body = {"version": self.version, "pages": self._kept_pages, "fragments": self._used_fragments}
        write_text_atomically(self.path, json.dumps(body, ensure_ascii=False))


def _listing(page: Path) -> list[int]:
    try:
        stat = page.stat()
    except FileNotFoundError:
        return [-1, -1]
    return [stat.st_size, stat.st_mtime_ns]


def active_memo() -> PageMemo | None:
    """The memo of the report being written, if any (for fragments rendered inside a template)."""
    return _ACTIVE.get()
