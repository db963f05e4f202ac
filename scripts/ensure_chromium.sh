#!/usr/bin/env bash
# The screen test (tests/integration/test_validation_report.py) drives Debian's Chromium through
# Playwright. Install it when missing and we may; otherwise say so: that one test then skips with
# the reason, and every other test runs.
set -u
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    if apt-get install -y -q chromium >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; }; then
        echo "chromium installed ($(chromium --version 2>/dev/null))"
        exit 0
    fi
fi
echo "chromium is missing and could not be installed: the screen test will be skipped" >&2
exit 0
