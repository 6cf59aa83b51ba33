"""Round 2, run E: lesson 07 and 08 in run B's folder, whose my_network.py has the
lesson's code standing in for the Neuron's two pieces (and no my_engine.py).

    cd tests/learner_type_along && ../../.venv/bin/python kernel_run.py /tmp/r2b round2.r2e 07 08
"""
from round2.r2a import PLANS as A

PLANS = {"07": A["07"]}
EXTRA = {}
