"""Round 2, run A: lessons 02 04 05 06 07 08 10 in one folder, replaying run 1's
attempts that showed NOTES.md problems 1-14 (solution() after the untouched stub's check,
op left out or wrong, backward mistakes that end with leaf grads 0, build_topo returning
reversed(topo), 05 add that always wraps, truediv via 1 / other, radd/neg written before
their cell-mates, exp left wrong and rtruediv unwritten with the stand-in cell run twice,
07 zero_grad always, 10 unbroadcast without keepdims, sum that ignores keepdims), then
right answers in other styles.

    cd tests/learner_type_along && ../../.venv/bin/python kernel_run.py /tmp/r2a round2.r2a 02 04 05 06 07 08 10
"""
import plans

F = lambda label, body: ("fill", label, body)

P04 = dict(plans.PLANS["04"])
P04["build_topo"] = [
    F("returns reversed(topo)", "topo, seen = [], set()\ndef go(v):\n    if v not in seen:\n        seen.add(v)\n        for c in v._prev:\n            go(c)\n        topo.append(v)\ngo(root)\nreturn reversed(topo)"),
    F("no visited set", "topo = []\ndef go(v):\n    for c in v._prev:\n        go(c)\n    topo.append(v)\ngo(root)\nreturn topo"),
    F("right, own style", "order, done = [], set()\ndef visit(node):\n    if node in done:\n        return\n    done.add(node)\n    for child in node._prev:\n        visit(child)\n    order.append(node)\nvisit(root)\nreturn order")]
P04["backward"] = [
    F("not reversed", "self.grad = 1.0\nfor v in build_topo(self):\n    v._backward()"),
    F("seed after the loop", "for v in reversed(build_topo(self)):\n    v._backward()\nself.grad = 1.0"),
    F("forgot the ()", "self.grad = 1.0\nfor v in reversed(build_topo(self)):\n    v._backward"),
    F("calls only self", "self.grad = 1.0\nself._backward()"),
    F("no seed", "for v in reversed(build_topo(self)):\n    v._backward()"),
    F("right, [::-1]", "self.grad = 1\nfor node in build_topo(self)[::-1]:\n    node._backward()")]

P05 = dict(plans.PLANS["05"])
P05["add"] = [
    F("always wraps", 'other = Value(other)\nout = Value(self.data + other.data, (self, other), "+")\ndef _backward():\n    self.grad += out.grad\n    other.grad += out.grad\nout._backward = _backward\nreturn out'),
    F("forgot out._backward =", 'other = other if isinstance(other, Value) else Value(other)\nout = Value(self.data + other.data, (self, other), "+")\ndef _backward():\n    self.grad += out.grad\n    other.grad += out.grad\nreturn out'),
    F("right", 'if not isinstance(other, Value):\n    other = Value(other)\nout = Value(self.data + other.data, (self, other), "+")\ndef _backward():\n    self.grad += out.grad\n    other.grad += out.grad\nout._backward = _backward\nreturn out')]
P05["truediv"] = [F("via 1 / other", "return self * (1 / other)"),
                  F("right", "return self * other ** -1")]
P05["exp"] = [F("= for += (left wrong)", 'out = Value(math.exp(self.data), (self,), "exp")\ndef _backward():\n    self.grad = out.data * out.grad\nout._backward = _backward\nreturn out'),
              "hint"]

P06 = dict(plans.PLANS["06"])
P06["mlp_parameters"] = [F("nested", "return [layer.parameters() for layer in self.layers]"),
                         F("right", "params = []\nfor layer in self.layers:\n    params.extend(layer.parameters())\nreturn params")]

PLANS = {
    "02": {
        "add": ["solution", "hint",
                F("returned a number", "return self.data + other.data"),
                F("forgot the op", "return Value(self.data + other.data, (self, other))"),
                F("op as a word", 'return Value(self.data + other.data, (self, other), "add")'),
                "solution",
                F("right, keywords", 'return Value(self.data + other.data, _children=(self, other), _op="+")')],
        "mul": [F("copied add, op kept", 'return Value(self.data * other.data, (self, other), "+")'),
                F("right", 'out = Value(self.data * other.data, (self, other), "*")\nreturn out')],
    },
    "04": P04,
    "05": P05,
    "06": P06,
    "07": plans.PLANS["07"],
    "10": {
        "unbroadcast": [F("left axes only, no keepdims", "while grad.ndim > len(shape):\n    grad = grad.sum(axis=0)\nreturn grad"),
                        "hint", "hint", "hint",
                        F("right, own style", "extra = grad.ndim - len(shape)\ngrad = grad.sum(axis=tuple(range(extra))) if extra else grad\nfor i, n in enumerate(shape):\n    if n == 1 and grad.shape[i] != 1:\n        grad = grad.sum(axis=i, keepdims=True)\nreturn grad.reshape(shape)")],
        "mul": plans.PLANS["10"]["mul"],
        "sum": [F("keepdims ignored, always expand", "self._add_grad(np.broadcast_to(np.expand_dims(grad, axis), x.shape) if axis is not None else np.broadcast_to(grad, x.shape))"),
                F("right", "g = grad if (axis is None or keepdims) else np.expand_dims(grad, axis)\nself._add_grad(np.ones_like(x) * g)")],
        "matmul": [F("no transpose", "self._add_grad(grad @ b)\nother._add_grad(a @ grad)"),
                   "hint", "hint",
                   F("right", "self._add_grad(grad @ b.T)\nother._add_grad(a.T @ grad)")],
    },
}

SHOW_ENGINE = "print('\\n'.join(l for l in open('my_engine.py').read().splitlines() if 'lesson' in l or 'def ' in l))"
EXTRA = {
    "05": [("piece.stand_in(Value)", ["piece.stand_in(Value)  # run again, nothing fixed"]),
           ("from your_engine import save_engine", [SHOW_ENGINE])],
    "06": [("piece.stand_in(Module", ["piece.stand_in(Module, Neuron, Layer, MLP)  # run again"])],
}
