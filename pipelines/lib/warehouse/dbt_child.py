#!/usr/bin/env python3
"""Runs dbt as a child that dies with the refresh: a refresh killed with kill -9 never leaves dbt
writing to its build file. Linux's PR_SET_PDEATHSIG sends SIGKILL to this process when its parent
dies; the setting survives the exec into dbt. The refresh names itself in THADS_DBT_PARENT_PID: a
parent killed while this interpreter was still starting would otherwise go unnoticed (the child would
take its adopter for its parent).

dbt opens the build file by its name from the file's own folder: the path is part of what dbt compares
to decide whether the saved parse of the project still holds, and a path that changed with every
refresh made it parse the whole project again (about 2 s an invocation). Standard library only (any
Python 3 can start it)."""

import ctypes
import json
import os
import signal
import socket
import struct
import sys

PR_SET_PDEATHSIG = 1
SERVER_VARIABLE = "THADS_DBT_SERVER"  # the socket of the refresh's started dbt (dbt_server.py), if any


def run_on_server(path: str, argv: list[str]) -> int | None:
    """Have the refresh's started dbt run `dbt build` with this process's folder, environment and
    stdin/stdout/stderr; its exit code. None when it cannot take the command (not started, stopped, its
    parse failed): then this process runs dbt itself. A SIGINT or SIGTERM for this process goes to it."""
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(path)
        env = {k: v for k, v in os.environ.items() if k != SERVER_VARIABLE}
        request = json.dumps({"argv": argv, "env": env, "cwd": os.getcwd()}).encode()
        socket.send_fds(conn, [struct.pack("!Q", len(request))], [0, 1, 2])
        conn.sendall(request)
        replies = conn.makefile("rb")
        started = replies.readline()
    except OSError:
        return None
    if not started:  # closed before running anything: the server gave up
        return None
    pid = json.loads(started)["pid"]
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, _frame: os.kill(pid, signum))
    done = replies.readline()
    if not done:
        print("dbt_child: the started dbt went away before it finished", file=sys.stderr)
        return 2
    code = json.loads(done)["exit"]
    return code if code >= 0 else 128 - code  # killed by a signal: as a shell says it


if __name__ == "__main__":
    parent = int(os.environ.get("THADS_DBT_PARENT_PID") or os.getppid())
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: dbt then runs as a plain child
        pass
    if os.getppid() != parent:  # the parent died before the setting took hold
        sys.exit(1)
    build_db = os.environ.get("THADS_BUILD_DB", "")
    if os.path.isabs(build_db):
        os.chdir(os.path.dirname(build_db))
        os.environ["THADS_BUILD_DB"] = os.path.basename(build_db)
    server = os.environ.get(SERVER_VARIABLE)
    if server and "build" in sys.argv[1:2]:  # the started dbt runs builds only (dagster-dbt's steps)
        code = run_on_server(server, sys.argv[1:])
        if code is not None:
            sys.exit(code)
    dbt = os.environ.get("THADS_DBT_EXECUTABLE", "dbt")
    os.execvp(dbt, [dbt, *sys.argv[1:]])
