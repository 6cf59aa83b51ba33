"""Run 5: lesson 04 with build_topo left wrong (appends before its children) and then
unwritten, while backward() is written right: which piece does backward's check blame?"""
import plans

F = lambda label, body: ("fill", label, body)
p04 = dict(plans.PLANS["04"])
p04["build_topo"] = [F("appends before children (left wrong)", "topo, seen = [], set()\ndef go(v):\n    if v not in seen:\n        seen.add(v)\n        topo.append(v)\n        for c in v._prev:\n            go(c)\ngo(root)\nreturn topo")]
p04["backward"] = [F("right", "self.grad = 1.0\nfor v in reversed(build_topo(self)):\n    v._backward()")]
p04.pop("build_topo_stack")
PLANS = {"04": p04}
EXTRA = {"04": [("piece.backward.check(Value)", [
    "def build_topo(root):\n    raise NotImplementedError('write this piece, run the cell, then its check below')",
    "piece.backward.check(Value)"])]}

# Run 5b (python kernel_run.py DIR plans5b 04): the same without the unwritten build_topo.
