"""How to run dbt from here: its executable, its environment, and its manifest (made by `dbt parse`
only when asked — by Dagster loading the definitions or by `make manifest` — never at import)."""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from ...settings import BUILD_FILE_NAME, DBT_PROJECT_DIR, load_settings
from .dbt_child import SERVER_VARIABLE  # where the started dbt listens, read by dbt_child.py
from .dbt_server import READY

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"


def real_dbt() -> str:
    """The dbt next to this Python, so it works without an activated virtual environment."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_executable() -> str:
    """What the refresh starts: dbt behind a wrapper that makes it die with the refresh (dbt_child.py)."""
    os.environ.setdefault("THADS_DBT_EXECUTABLE", real_dbt())
    return str(Path(__file__).with_name("dbt_child.py"))


PARENT_PID_VARIABLE = "THADS_DBT_PARENT_PID"  # read by dbt_child.py


def name_dbt_parent() -> None:
    """Tell dbt_child.py which process it must die with: this one, which is about to start it."""
    os.environ[PARENT_PID_VARIABLE] = str(os.getpid())


def dbt_env() -> dict[str, str]:
    """This environment, with the build file dbt writes (profiles.yml reads THADS_BUILD_DB) and this
    process as the one dbt_child.py must die with."""
    env = {**os.environ, PARENT_PID_VARIABLE: str(os.getpid())}
    env.setdefault("THADS_BUILD_DB", str(load_settings().build_db))
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


def _sources_newer_than_manifest() -> bool:
    if not MANIFEST.exists():
        return True
    built = MANIFEST.stat().st_mtime
    for folder in ("models", "macros", "seeds", "tests"):
        for p in (DBT_PROJECT_DIR / folder).rglob("*"):
            if p.is_file() and p.stat().st_mtime > built:
                return True
    return (DBT_PROJECT_DIR / "dbt_project.yml").stat().st_mtime > built


def ensure_manifest() -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project files. One process
    parses at a time (two test workers or a refresh and `make manifest` would write the same files)."""
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    with (MANIFEST.parent / ".parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when the process dies
        return _parse_if_stale()


def _parse_if_stale() -> Path:
    if _sources_newer_than_manifest():
        # through the wrapper, with a build file in target/: the same profile as a refresh's, so the saved
        # parse (partial_parse.msgpack, which dagster-dbt gives each invocation) is used by every refresh
        wrapper = dbt_executable()  # first: it names the real dbt in the environment the wrapper execs
        env = {**dbt_env(), "THADS_BUILD_DB": str(MANIFEST.parent / "parse" / BUILD_FILE_NAME)}
        (MANIFEST.parent / "parse").mkdir(exist_ok=True)
        proc = subprocess.run(
            [wrapper, "parse", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)],
            env=env,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"dbt parse failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}")
    return MANIFEST


SERVER_FOLDER_PREFIX = "thads-dbt-"  # in the temporary folder: thads-dbt-<pid of the refresh>-<random>


def remove_folders_of_dead_refreshes() -> list[Path]:
    """The started dbt's folder (socket, log, parse: ~1,6 MB) of a refresh that was killed: removed by the
    next refresh when the process that made it is gone."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{SERVER_FOLDER_PREFIX}*-*"):
        pid = folder.name[len(SERVER_FOLDER_PREFIX) :].split("-", 1)[0]
        try:
            if not pid.isdigit() or folder.stat().st_uid != os.getuid():
                continue
            os.kill(int(pid), 0)  # raises when no such process
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except OSError:  # alive under another user, or gone meanwhile
            continue
    return removed


class _StartedDbt:
    """The dbt started for this process's refresh (dbt_server.py), if any."""

    process: subprocess.Popen | None = None
    work_dir: Path | None = None
    build_db: str | None = None


def start_dbt_server(settings) -> None:
    """Start a dbt for this refresh's build file that imports dbt and parses the project while the refresh
    reads its files; the refresh's `dbt build`s then run there without dbt's start-up (dbt_server.py).
    Nothing to do when one runs for this build file already (`thads refresh` starts it before Dagster's
    definitions are loaded; the ingest step starts it when Dagster runs the job itself)."""
    running = _StartedDbt.process
    if running is not None and running.poll() is None and _StartedDbt.build_db == str(settings.build_db):
        return
    stop_dbt_server()
    ensure_manifest()  # the saved parse the started dbt begins from
    remove_folders_of_dead_refreshes()
    # this user's only: the socket runs dbt for whoever opens it; named by this process, which removes it
    work = Path(tempfile.mkdtemp(prefix=f"{SERVER_FOLDER_PREFIX}{os.getpid()}-"))
    socket_path = work / "dbt.sock"
    env = {**dbt_env(), "THADS_BUILD_DB": str(settings.build_db)}
    env.pop(SERVER_VARIABLE, None)
    # bound here, so that a dbt step never finds no socket while the started dbt is still starting
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener, (work / "server.log").open("wb") as log:
        listener.bind(str(socket_path))
        listener.listen(8)
        _StartedDbt.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("dbt_server.py")), str(listener.fileno()), str(work)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
        )
    _StartedDbt.work_dir, _StartedDbt.build_db = work, str(settings.build_db)
    os.environ[SERVER_VARIABLE] = str(socket_path)


def stop_dbt_server() -> str | None:
    """Stop the started dbt (the refresh's builds are done). Returns its log when it never served —
    it could not import dbt or parse the project: the builds then started dbt themselves — else None."""
    os.environ.pop(SERVER_VARIABLE, None)
    process, work = _StartedDbt.process, _StartedDbt.work_dir
    _StartedDbt.process = _StartedDbt.work_dir = _StartedDbt.build_db = None
    if process is None:
        return None
    if process.poll() is None:
        process.kill()
    process.wait()
    log = None
    if work is not None:
        text = (work / "server.log").read_text(encoding="utf-8", errors="replace")
        if READY not in text:  # it gave up: import or parse failed
            log = text[-3000:]
        shutil.rmtree(work, ignore_errors=True)
    return log


DOCS_CODE_FILE = ".code_digest"  # beside the documentation: the code it was written from (inputs.code_digest)


def docs_are_current(docs_dir: Path, code: str) -> bool:
    stamp = docs_dir / DOCS_CODE_FILE
    return (docs_dir / "index.html").exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == code


def generate_docs(settings, out_dir: Path) -> Path:
    """dbt's documentation of the warehouse (lineage, every column with its Vietnamese description) as
    one static page that opens from disk with no network (`dbt docs generate --static`), from the
    build file before it is published (dbt opens its database for writing: never the published file)."""
    from .retention import dbt_target_dir

    target = dbt_target_dir(settings.marts_dir, settings.build_id, "docs")
    executable = dbt_executable()
    env = {
        **dbt_env(),
        "THADS_DBT_EXECUTABLE": real_dbt(),
        "THADS_BUILD_DB": str(settings.build_db),
        "DBT_LOG_PATH": str(target),
    }
    proc = subprocess.run(
        [
            executable,
            "docs",
            "generate",
            "--static",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(target),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    page = target / "static_index.html"
    if proc.returncode != 0 or not page.exists():
        raise RuntimeError(f"dbt docs generate failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}")
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(page, out_dir / "index.html")
    return out_dir / "index.html"
