#!/usr/bin/env python3
"""Runs dbt as a child that dies with the refresh: a refresh killed with kill -9 never leaves dbt
writing to its build file. Linux's PR_SET_PDEATHSIG sends SIGKILL to this process when its parent
dies; the setting survives the exec into dbt. Standard library only (any Python 3 can start it)."""

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1

if __name__ == "__main__":
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: dbt then runs as a plain child
        pass
    if os.getppid() != parent:  # the parent died before the setting took hold
        sys.exit(1)
    dbt = os.environ.get("THADS_DBT_EXECUTABLE", "dbt")
    os.execvp(dbt, [dbt, *sys.argv[1:]])
