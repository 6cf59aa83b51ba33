"""Run 2: other realistic attempts, solution() before any check, the stand-in cell run
twice, a wrong piece whose consequences show up in later cells."""

F = lambda label, body: ("fill", label, body)

PLANS = {
    "02": {
        "add": ["solution",
                F("op as a word", 'return Value(self.data + other.data, (self, other), "add")'),
                F("list of children", 'return Value(self.data + other.data, [self, other], "+")'),
                F("mutates self", 'self.data += other.data\nreturn self')],
        "mul": [F("right", 'return Value(self.data * other.data, (self, other), "*")')],
    },
    "04": {
        "add_backward": [F("doubled", "self.grad += 2 * out.grad\nother.grad += 2 * out.grad"),
                         F("right", "self.grad += 1.0 * out.grad\nother.grad += 1.0 * out.grad")],
        "mul_backward": [F("= for +=", "self.grad = other.data * out.grad\nother.grad = self.data * out.grad"),
                         F("right", "self.grad += other.data * out.grad\nother.grad += self.data * out.grad")],
        "tanh_backward": [F("forgot out.grad", "self.grad += 1 - t**2"),
                          F("right", "self.grad += (1 - out.data ** 2) * out.grad")],
        "build_topo": [F("returns reversed", "topo, seen = [], set()\ndef go(v):\n    if v not in seen:\n        seen.add(v)\n        for c in v._prev:\n            go(c)\n        topo.append(v)\ngo(root)\nreturn topo[::-1]"),
                       F("returns a generator", "topo, seen = [], set()\ndef go(v):\n    if v not in seen:\n        seen.add(v)\n        for c in v._prev:\n            go(c)\n        topo.append(v)\ngo(root)\nreturn reversed(topo)"),
                       F("right", "topo, seen = [], set()\ndef go(v):\n    if v not in seen:\n        seen.add(v)\n        for c in v._prev:\n            go(c)\n        topo.append(v)\ngo(root)\nreturn topo")],
        "backward": [F("forgot to call", "self.grad = 1.0\nfor v in reversed(build_topo(self)):\n    v._backward"),
                     F("calls only self", "self.grad = 1.0\nself._backward()"),
                     F("right", "self.grad = 1.0\nfor v in build_topo(self)[::-1]:\n    v._backward()")],
        "build_topo_stack": [F("right, iterators", "topo, seen, stack = [], {root}, [(root, iter(root._prev))]\nwhile stack:\n    v, kids = stack[-1]\n    for c in kids:\n        if c not in seen:\n            seen.add(c)\n            stack.append((c, iter(c._prev)))\n            break\n    else:\n        stack.pop()\n        topo.append(v)\nreturn topo")],
    },
    "05": {
        "add": [F("always wraps", 'other = Value(other)\nout = Value(self.data + other.data, (self, other), "+")\ndef _backward():\n    self.grad += out.grad\n    other.grad += out.grad\nout._backward = _backward\nreturn out'),
                F("right", 'other = other if isinstance(other, Value) else Value(other)\nout = Value(self.data + other.data, (self, other), "+")\ndef _backward():\n    self.grad += out.grad\n    other.grad += out.grad\nout._backward = _backward\nreturn out')],
        "mul": [F("forgot to wrap", 'out = Value(self.data * other.data, (self, other), "*")\ndef _backward():\n    self.grad += other.data * out.grad\n    other.grad += self.data * out.grad\nout._backward = _backward\nreturn out'),
                F("right", 'other = other if isinstance(other, Value) else Value(other)\nout = Value(self.data * other.data, (self, other), "*")\ndef _backward():\n    self.grad += other.data * out.grad\n    other.grad += self.data * out.grad\nout._backward = _backward\nreturn out')],
        "tanh": [F("right via exp formula", 'x = self.data\nt = (math.exp(2*x) - 1) / (math.exp(2*x) + 1)\nout = Value(t, (self,), "tanh")\ndef _backward():\n    self.grad += (1 - t**2) * out.grad\nout._backward = _backward\nreturn out'),
                 F("right", 't = math.tanh(self.data)\nout = Value(t, (self,), "tanh")\ndef _backward():\n    self.grad += (1 - t**2) * out.grad\nout._backward = _backward\nreturn out')],
        "backward": [F("forgot seed", "topo, seen, stack = [], set(), [(self, False)]\nwhile stack:\n    v, done = stack.pop()\n    if done:\n        topo.append(v)\n    elif v not in seen:\n        seen.add(v)\n        stack.append((v, True))\n        stack.extend((c, False) for c in v._prev)\nfor v in reversed(topo):\n    v._backward()"),
                     F("right", "topo, seen, stack = [], set(), [(self, False)]\nwhile stack:\n    v, done = stack.pop()\n    if done:\n        topo.append(v)\n    elif v not in seen:\n        seen.add(v)\n        stack.append((v, True))\n        stack.extend((c, False) for c in v._prev)\nself.grad = 1.0\nfor v in reversed(topo):\n    v._backward()")],
        "radd": [F("right", "return self.__add__(other)")],
        "rmul": [F("right", "return self * other")],
        "power": [F("exponent kept", 'out = Value(self.data ** k, (self,), f"**{k}")\ndef _backward():\n    self.grad += k * self.data ** k * out.grad\nout._backward = _backward\nreturn out'),
                  F("right", 'assert isinstance(k, (int, float))\nout = Value(self.data ** k, (self,), f"**{k}")\ndef _backward():\n    self.grad += k * self.data ** (k - 1) * out.grad\nout._backward = _backward\nreturn out')],
        "exp": [F("slope is input", 'out = Value(math.exp(self.data), (self,), "exp")\ndef _backward():\n    self.grad += self.data * out.grad\nout._backward = _backward\nreturn out'),
                F("right", 'e = math.exp(self.data)\nout = Value(e, (self,), "exp")\ndef _backward():\n    self.grad += e * out.grad\nout._backward = _backward\nreturn out')],
        "neg": [F("right, -1 * self", "return -1 * self")],
        "sub": [F("right", "return self + other * -1")],
        "truediv": [F("via 1 / other", "return self * (1 / other)"),
                    F("own backward, right", 'other = other if isinstance(other, Value) else Value(other)\nout = Value(self.data / other.data, (self, other), "/")\ndef _backward():\n    self.grad += out.grad / other.data\n    other.grad += -self.data / other.data ** 2 * out.grad\nout._backward = _backward\nreturn out')],
        "rsub": [F("right", "return Value(other) - self")],
        "rtruediv": [F("reversed", "return self / other"),
                     F("right", "return other * self ** -1")],
        "relu": [F("sets grad 0 on the left", 'out = Value(self.data if self.data > 0 else 0.0, (self,), "ReLU")\ndef _backward():\n    if self.data > 0:\n        self.grad += out.grad\n    else:\n        self.grad = 0.0\nout._backward = _backward\nreturn out'),
                 F("slope from out.data, right", 'out = Value(max(self.data, 0), (self,), "ReLU")\ndef _backward():\n    self.grad += (out.data > 0) * out.grad\nout._backward = _backward\nreturn out')],
    },
}

EXTRA = {
    "02": [("from type_along import Pieces", ["piece", "piece.add.solution()", "piece.add.hint()"])],
}
