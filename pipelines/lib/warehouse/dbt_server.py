#!/usr/bin/env python3
"""A dbt that is already started: one per refresh, so that its dbt steps do not pay dbt's start-up.

A dbt command started cold spends ~4 s before its first model on a national night: importing dbt
(~1,5–2,5 s), reading the saved parse of the project and writing manifest.json twice. A refresh runs two
`dbt build`s. This process is started with the refresh (dbt_project.start_dbt_server), imports dbt and
parses the project once while the refresh reads its files, then waits on a Unix socket in a folder only
this user can open. `dbt_child.py` — what dagster-dbt starts for each dbt step — hands it the step's
command line, environment, folder and its own stdin/stdout/stderr; this process forks, and the fork runs
the command with the parsed project (dbtRunner(manifest=…), dbt's documented way to reuse a parse), writing
dbt's JSON log lines to the pipe dagster-dbt reads, as a dbt process would. Each command runs in a fresh
fork of the parsed state: nothing one build does to the manifest reaches the next.

Dies with the refresh (PR_SET_PDEATHSIG, as dbt_child.py); a fork dies with this process, and is killed
when the dbt_child.py that asked for it goes away (a step cancelled or killed). If this process cannot
start, import or parse, it closes the socket: dbt_child.py then starts dbt as before.

    python dbt_server.py LISTENING_FD WORK_DIR     (environment: the refresh's, THADS_BUILD_DB absolute)
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import select
import shutil
import signal
import socket
import struct
import sys
import traceback
from pathlib import Path

PR_SET_PDEATHSIG = 1
PROJECT_DIR = Path(__file__).resolve().parents[3] / "dbt_project"
READY = "dbt ready"  # written to this process's log once it serves (dbt_project.stop_dbt_server reads it)
HEADER = struct.Struct("!Q")  # the length of the JSON request that follows


def die_with_parent(parent: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def recv_exactly(conn: socket.socket, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = conn.recv(left)
        if not chunk:
            raise ConnectionError("the request was cut short")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def parse_project(work_dir: Path):
    """dbt's manifest of the project, from the saved parse beside the project's manifest (dbt_project.py
    keeps it current): the parse a cold dbt command would do."""
    from dbt.cli.main import dbtRunner

    target = work_dir / "target"
    target.mkdir(parents=True, exist_ok=True)
    saved = PROJECT_DIR / "target" / "partial_parse.msgpack"
    if saved.exists():
        shutil.copyfile(saved, target / saved.name)
    os.environ["DBT_LOG_PATH"] = str(work_dir)
    args = ["parse", "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)]
    result = dbtRunner().invoke([*args, "--target-path", str(target), "--no-write-json", "--quiet"])
    if not result.success or result.result is None:
        raise RuntimeError(f"dbt parse failed: {result.exception}")
    os.environ.pop("DBT_LOG_PATH")
    return result.result


def run_fork(manifest, request: dict, fds: list[int]) -> int:
    """In the fork: become the dbt process dbt_child.py would have started, run its command, exit."""
    from dbt.cli.main import dbtRunner

    code = 2
    try:
        for target_fd, fd in zip((0, 1, 2), fds, strict=True):
            os.dup2(fd, target_fd)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        result = dbtRunner(manifest=manifest).invoke(request["argv"])
        if result.exception is not None:
            print(f"dbt: {result.exception!r}", file=sys.stderr)
        code = 0 if result.success else (2 if result.exception is not None else 1)  # as the dbt command's
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return code


def serve_one(listener: socket.socket, conn: socket.socket, manifest) -> None:
    uid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))[1]
    if uid != os.getuid():  # the folder is the user's own; this says it again
        conn.close()
        return
    head, fds, _, _ = socket.recv_fds(conn, HEADER.size, 3)
    if len(fds) != 3:
        for fd in fds:
            os.close(fd)
        conn.close()
        return
    head += recv_exactly(conn, HEADER.size - len(head))
    request = json.loads(recv_exactly(conn, HEADER.unpack(head)[0]))
    sys.stdout.flush()
    sys.stderr.flush()
    server = os.getpid()
    pid = os.fork()
    if pid == 0:
        listener.close()
        conn.close()
        die_with_parent(server)
        os._exit(run_fork(manifest, request, fds))
    for fd in fds:
        os.close(fd)
    finished = False
    try:
        fork_done = os.pidfd_open(pid)
        try:
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
            while True:
                ready, _, _ = select.select([conn, fork_done], [], [])
                if fork_done in ready:
                    _, status = os.waitpid(pid, 0)
                    finished = True
                    conn.sendall(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
                    return
                if not conn.recv(1):  # dbt_child.py went away: its dbt goes too
                    return
        finally:
            os.close(fork_done)
    finally:
        conn.close()
        if not finished:  # no one waits for this build any more (or this process failed): it stops here
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def main(listening_fd: int, work_dir: str) -> None:
    die_with_parent(int(os.environ.get("THADS_DBT_PARENT_PID") or os.getppid()))
    build_db = os.environ["THADS_BUILD_DB"]
    # as dbt_child.py: dbt opens the build file by its name from the file's folder
    Path(build_db).parent.mkdir(parents=True, exist_ok=True)
    os.chdir(os.path.dirname(build_db))
    os.environ["THADS_BUILD_DB"] = os.path.basename(build_db)
    # bound and listening by the refresh before this process started: a step that comes early waits
    listener = socket.socket(fileno=listening_fd)
    try:
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()  # started here, not by a fork writing to a step's pipe
        os.close(os.pidfd_open(os.getpid()))  # Linux 5.3 and later: else no serving, the steps start dbt
        manifest = parse_project(Path(work_dir))
    except BaseException:
        traceback.print_exc()
        listener.close()  # waiting and later steps start dbt themselves
        raise SystemExit(1) from None
    # the parsed project never changes here: out of the garbage collector's sight, so that a fork's
    # collections do not walk it (and do not copy its pages by touching them)
    gc.freeze()
    print(READY, flush=True)
    while True:
        conn, _ = listener.accept()
        try:
            serve_one(listener, conn, manifest)
        except (OSError, ValueError, ConnectionError):
            traceback.print_exc()
            conn.close()


if __name__ == "__main__":
    # this file's folder is not a place to import from: dbt imports every module named dbt_* it can find
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]
    main(int(sys.argv[1]), sys.argv[2])
