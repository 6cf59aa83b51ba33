"""Shared set-up for the unit tests."""

import os
import sys
from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
for path in (ROOT, NOTEBOOKS):  # autograd_helpers and the exercises_NN modules
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

# Derandomized: the same examples every run, so a red run reproduces.  Set
# HYPOTHESIS_PROFILE=explore to search with fresh random examples instead
# (hypothesis then prints the seed of a failure).
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
