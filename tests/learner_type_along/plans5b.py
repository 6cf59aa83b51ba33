"""Run 5b: lesson 04 with build_topo left wrong (appends before its children) and
backward() written right (run 5 without the unwritten build_topo)."""
from plans5 import PLANS  # noqa: F401
EXTRA = {}
