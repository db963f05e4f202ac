"""The GX import moved ahead of the suites (pipelines/lib/validation/expectations.py)."""

import subprocess
import sys

from pipelines.settings import PROJECT_ROOT

WARM = """
import sys, threading
from pipelines.lib.validation.expectations import import_gx_in_background
assert "great_expectations" not in sys.modules  # the module does not import GX itself
import_gx_in_background()
for thread in threading.enumerate():
    if thread.name == "import-great-expectations":
        thread.join()
assert "great_expectations" in sys.modules
"""


def test_gx_is_imported_in_a_background_thread():
    subprocess.run([sys.executable, "-c", WARM], check=True, cwd=PROJECT_ROOT, timeout=120)
