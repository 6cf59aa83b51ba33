"""Round 2, run F (own folder): right answers in other styles in 05 and 06, and in 05 a
learner who saves BEFORE the stand-in cell with exp still wrong (skipping the stand-in),
then loads the engine as lesson 06 would.

    cd tests/learner_type_along && ../../.venv/bin/python kernel_run.py /tmp/r2f round2.r2f 05 06
"""
F = lambda label, body: ("fill", label, body)

PLANS = {
    "05": {
        "add": [F("right, isinstance on a number", 'if isinstance(other, (int, float)):\n    other = Value(other)\nout = Value(self.data + other.data, (self, other), "+")\ndef _backward():\n    self.grad += 1.0 * out.grad\n    other.grad += 1.0 * out.grad\nout._backward = _backward\nreturn out')],
        "mul": [F("right, own names", 'o = other if isinstance(other, Value) else Value(other)\nres = Value(self.data * o.data, (self, o), "*")\ndef back():\n    self.grad += o.data * res.grad\n    o.grad += self.data * res.grad\nres._backward = back\nreturn res')],
        "tanh": [F("right, lambda", 't = math.tanh(self.data)\nout = Value(t, (self,), "tanh")\nout._backward = lambda: setattr(self, "grad", self.grad + (1 - t * t) * out.grad)\nreturn out')],
        "backward": [F("right, iterative post-order with iterators", "topo, seen, stack = [], {self}, [(self, iter(self._prev))]\nwhile stack:\n    v, kids = stack[-1]\n    for c in kids:\n        if c not in seen:\n            seen.add(c)\n            stack.append((c, iter(c._prev)))\n            break\n    else:\n        stack.pop()\n        topo.append(v)\nself.grad = 1.0\nfor v in topo[::-1]:\n    v._backward()")],
        "radd": [F("right", "return self + other")],
        "rmul": [F("right, __mul__", "return self.__mul__(other)")],
        "power": [F("right, pow()", 'out = Value(pow(self.data, k), (self,), f"**{k}")\ndef _backward():\n    self.grad += k * pow(self.data, k - 1) * out.grad\nout._backward = _backward\nreturn out')],
        "exp": [F("slope from the input (left wrong)", 'out = Value(math.exp(self.data), (self,), "exp")\ndef _backward():\n    self.grad += self.data * out.grad\nout._backward = _backward\nreturn out')],
        "neg": [F("right, own backward", 'out = Value(-self.data, (self,), "neg")\ndef _backward():\n    self.grad -= out.grad\nout._backward = _backward\nreturn out')],
        "sub": [F("right, own backward", 'other = other if isinstance(other, Value) else Value(other)\nout = Value(self.data - other.data, (self, other), "-")\ndef _backward():\n    self.grad += out.grad\n    other.grad -= out.grad\nout._backward = _backward\nreturn out')],
        "truediv": [F("right, __mul__ and __pow__", "return self.__mul__(other.__pow__(-1) if isinstance(other, Value) else 1.0 / other)")],
        "rsub": [F("right", "return (-self) + other")],
        "rtruediv": [F("right", "return self ** -1 * other")],
        "relu": [F("right, ternary", 'out = Value(self.data if self.data > 0 else 0, (self,), "ReLU")\ndef _backward():\n    self.grad += (1.0 if self.data > 0 else 0.0) * out.grad\nout._backward = _backward\nreturn out')],
    },
    "06": {
        "zero_grad": [F("right", "for p in self.parameters():\n    p.grad = 0.0")],
        "neuron_call": [F("right, sum with start and dict", "act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)\nreturn {'tanh': act.tanh, 'relu': act.relu}.get(self.activation, lambda: act)()")],
        "neuron_parameters": [F("right, list()", "return list(self.w) + [self.b]")],
        "layer_call": [F("right, ternary", "outs = [n(x) for n in self.neurons]\nreturn outs if len(outs) != 1 else outs[0]")],
        "layer_parameters": [F("right, extend", "ps = []\nfor n in self.neurons:\n    ps.extend(n.parameters())\nreturn ps")],
        "mlp_call": [F("right, reduce-like", "out = x\nfor layer in self.layers:\n    out = layer(out)\nreturn out")],
        "mlp_parameters": [F("right, sum of lists", "return sum((l.parameters() for l in self.layers), [])")],
    },
}
EXTRA = {"05": [("attempts = {", [
    "# LEARNER skips the stand-in cell\nfrom your_engine import save_engine, load_engine\nsave_engine(Value)",
    "load_engine()"])]}
