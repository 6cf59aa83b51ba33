"""Round 2, run B (own folder): problems 2 and 3 (a piece blamed for another piece).
Lesson 04: build_topo left wrong (appends before its children) while backward() is right,
then build_topo run as the stub again and backward's check once more.  Lesson 06 (no
my_engine.py in this folder): the Neuron's two pieces left as stubs while the pieces that
call them are written (mlp_call first "not chained"), stand-in run twice.

    cd tests/learner_type_along && ../../.venv/bin/python kernel_run.py /tmp/r2b round2.r2b 04 06
"""
import plans

F = lambda label, body: ("fill", label, body)
STUB = "def build_topo(root):\n    raise NotImplementedError('write this piece, run the cell, then its check below')"

P04 = dict(plans.PLANS["04"])
P04["build_topo"] = [F("appends before children (left wrong)", "topo, seen = [], set()\ndef go(v):\n    if v not in seen:\n        seen.add(v)\n        topo.append(v)\n        for c in v._prev:\n            go(c)\ngo(root)\nreturn topo")]
P04["backward"] = [F("right", "self.grad = 1.0\nfor v in reversed(build_topo(self)):\n    v._backward()")]
P04.pop("build_topo_stack")

PLANS = {
    "04": P04,
    "06": {
        "zero_grad": [F("right", "for p in self.parameters():\n    p.grad = 0")],
        "layer_call": [F("right", "outs = [n(x) for n in self.neurons]\nreturn outs[0] if len(outs) == 1 else outs")],
        "layer_parameters": [F("right", "return [p for n in self.neurons for p in n.parameters()]")],
        "mlp_call": [F("not chained", "for layer in self.layers:\n    out = layer(x)\nreturn out"),
                     F("right", "for layer in self.layers:\n    x = layer(x)\nreturn x")],
        "mlp_parameters": [F("right", "return [p for l in self.layers for p in l.parameters()]")],
    },
}
EXTRA = {
    "04": [("piece.backward.check(Value)", [STUB, "piece.backward.check(Value)"])],
    "06": [("piece.stand_in(Module", ["piece.stand_in(Module, Neuron, Layer, MLP)  # run again"])],
}
