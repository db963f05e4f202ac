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
import os
import signal
import sys

PR_SET_PDEATHSIG = 1

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
    dbt = os.environ.get("THADS_DBT_EXECUTABLE", "dbt")
    os.execvp(dbt, [dbt, *sys.argv[1:]])
