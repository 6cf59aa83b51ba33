"""Round 2, run C (own folder): problem 3's last case. Lesson 04 with build_topo left
wrong (root first, every value before its children) and backward() written right: which
piece does backward's check blame?

    cd tests/learner_type_along && ../../.venv/bin/python kernel_run.py /tmp/r2c round2.r2c 04
"""
from round2.r2b import PLANS  # noqa: F401

EXTRA = {}
