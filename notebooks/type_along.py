"""The type-along edition: the pieces of the engine a learner writes, one source for two editions.

The published lessons mark each piece once, in the metadata of the code cell
that holds it (JupyterLab and GitHub do not show it)::

    "metadata": {"type_along": ["add_backward", "mul_backward"]}

``PIECES`` below says, for each marked piece, which ``def`` of that cell it is
(``Value.__add__._backward``), what it must do (the stub's comment), a ladder
of hints, and its check (``type_along_checks``).  The reference answer is the
published cell's own code, read back from the notebook: nothing is written
twice.  ``tools/make_type_along.py`` turns the published lessons into the
type-along edition (``type_along_edition``): each piece becomes a stub, and a
check cell follows it.

In a type-along lesson::

    piece = Pieces("04")            # the lesson's pieces
    piece.add_backward.check(Value) # after the cell you filled in
    piece.add_backward.hint()       # one more hint each time
    piece.add_backward.solution()   # the lesson's own code, after a check
    piece.stand_in(Value)           # lessons 05 and 06, before saving: the
                                    # lesson's code for any piece not passing yet
"""

import ast
import contextlib
import copy
import io
import json
import linecache
import textwrap
from pathlib import Path

import type_along_checks as tc
from exercise_kit import Exercise, Wrong

HERE = Path(__file__).resolve().parent          # notebooks/: the published lessons
KEY = "type_along"                              # the cell metadata that marks pieces
CHECK_KEY = "type_along_check"                  # marks a check cell of the edition
STUB_MARK = "TYPE ALONG"


class Piece:
    """One piece a learner writes: where it is, what it must do, how it is checked."""

    def __init__(self, lesson, name, path, title, does, check, hints, arg="Value",
                 attr=None, mistakes=None, styles=()):
        self.lesson, self.name, self.path, self.title = lesson, name, path, title
        self.does, self.check, self.hints, self.arg = does, check, list(hints), arg
        self.attr = attr                         # the class attribute it becomes
        self.mistakes = dict(mistakes or {})     # {mistake: body}: tests fill these in
        self.styles = list(styles)               # right bodies written another way

    @property
    def success(self):
        return f"Correct! Your code for {self.title} is right in every case the check tried."

    @property
    def qualname(self):
        """The __qualname__ of the piece's function (a def inside a function shows <locals>)."""
        parts = self.path.split(".")
        if len(parts) > 1 and (len(parts) > 2 or parts[0][0].islower()):
            return ".".join(parts[:-1]) + ".<locals>." + parts[-1]
        return self.path

    def check_source(self):
        return (f"piece.{self.name}.check({self.arg})  # hint: piece.{self.name}.hint(); "
                f"after an attempt: piece.{self.name}.solution()")


def _p(lesson, name, path, title, does, check, hints, **kw):
    return Piece(lesson, name, path, title, does, check, hints, **kw)


PIECES = [
    # -- lesson 02: the forward of + and *, with children -------------------
    _p("02", "add", "Value.__add__", "the forward of +",
       "return a new Value holding self.data + other.data that remembers its two "
       "inputs (self, other), in that order, as its children, and the op \"+\".",
       tc.value_op("add", backward=False, symbol="+"),
       ["The new Value's number is self.data + other.data.",
        "Value(number, children, op) takes the children as a tuple: (self, other).",
        "return Value(self.data + other.data, (self, other), \"+\")"],
       mistakes={"children-reversed": 'return Value(self.data + other.data, (other, self), "+")',
                 "missing-child": 'return Value(self.data + other.data, (self,), "+")',
                 "returned-a-number": "return self.data + other.data",
                 "children-in-a-set": 'return Value(self.data + other.data, {self, other}, "+")'},
       styles=['out = Value(self.data + other.data, _children=(self, other), _op="+")\nreturn out']),
    _p("02", "mul", "Value.__mul__", "the forward of *",
       "the same for a product: a new Value holding self.data * other.data, with the "
       "children (self, other) and the op \"*\".",
       tc.value_op("mul", backward=False, symbol="*"),
       ["Copy the shape of __add__: only the number and the op change.",
        "return Value(self.data * other.data, (self, other), \"*\")"],
       mistakes={"returned-none": 'Value(self.data * other.data, (self, other), "*")',
                 "missing-child": 'return Value(self.data * other.data, (), "*")',
                 "wrong-op": 'return Value(self.data * other.data, (self, other), "+")'},
       styles=['data = self.data * other.data\nreturn Value(data, (self, other), "*")']),

    # -- lesson 04: every backward, the sort, backward() --------------------
    _p("04", "add_backward", "Value.__add__._backward", "the backward of +",
       "add to self.grad and to other.grad their share of out.grad: the local "
       "derivative of + for each input, times out.grad.",
       tc.value_op("add", forward=False),
       ["The local derivative of a + b is 1 for a and 1 for b.",
        "Chain rule: each input gets (local derivative) * out.grad.",
        "Use += , not =: a value used twice must collect both shares.",
        "self.grad += 1.0 * out.grad, and the same for other."],
       mistakes={"assign-instead-of-accumulate": "self.grad = 1.0 * out.grad\nother.grad = 1.0 * out.grad",
                 "backward-did-nothing": "pass",
                 "forgot-chain-rule": "self.grad += 1.0\nother.grad += 1.0",
                 "used-data-not-grad": "self.grad += out.data\nother.grad += out.data"},
       styles=["for child in (self, other):\n    child.grad += out.grad"]),
    _p("04", "mul_backward", "Value.__mul__._backward", "the backward of *",
       "add to self.grad and to other.grad their share of out.grad: the local "
       "derivative of * for each input, times out.grad.",
       tc.value_op("mul", forward=False),
       ["The local derivative of a * b with respect to a is b, and with respect to b it is a.",
        "Chain rule: multiply each by out.grad, and add it (+=).",
        "self.grad += other.data * out.grad; other.grad += self.data * out.grad."],
       mistakes={"swapped-inputs": "self.grad += self.data * out.grad\nother.grad += other.data * out.grad",
                 "assign-instead-of-accumulate": "self.grad = other.data * out.grad\nother.grad = self.data * out.grad",
                 "forgot-chain-rule": "self.grad += other.data\nother.grad += self.data"},
       styles=["g = out.grad\nself.grad = self.grad + other.data * g\nother.grad = other.grad + self.data * g"]),
    _p("04", "tanh_backward", "Value.tanh._backward", "the backward of tanh",
       "add to self.grad the slope of tanh at this point times out.grad.",
       tc.value_op("tanh", forward=False),
       ["The slope of tanh is 1 - tanh(x)**2, and t already holds tanh(x).",
        "self.grad += (1 - t**2) * out.grad"],
       mistakes={"tanh-slope-from-input": "self.grad += (1 - self.data**2) * out.grad",
                 "assign-instead-of-accumulate": "self.grad = (1 - t**2) * out.grad",
                 "forgot-chain-rule": "self.grad += 1 - t**2"},
       styles=["self.grad += (1 - out.data * out.data) * out.grad"]),
    _p("04", "build_topo", "build_topo", "the topological sort",
       "return a list of every value that root depends on (root too), each one after "
       "all of its children, each once.",
       tc.topological(), ["Visit a value's children first, then append the value.",
                          "Keep a set of visited values so that a reused value is added once.",
                          "A nested function visit(v) that calls itself on each child does it."],
       arg="build_topo",
       mistakes={"visited-twice": "order = []\n\ndef visit(v):\n    for child in v._prev:\n        visit(child)\n    order.append(v)\n\nvisit(root)\nreturn order",
                 "not-topological": "order, visited = [], set()\n\ndef visit(v):\n    if v not in visited:\n        visited.add(v)\n        order.append(v)\n        for child in v._prev:\n            visit(child)\n\nvisit(root)\nreturn order"},
       styles=["order, seen = [], set()\n\ndef visit(v):\n    if id(v) in seen:\n        return\n    seen.add(id(v))\n    for c in v._prev:\n        visit(c)\n    order.append(v)\n\nvisit(root)\nreturn order"]),
    _p("04", "backward", "backward", "backward()",
       "set this value's own grad to 1, then call every value's _backward, from the "
       "output down: the reverse of build_topo's order.",
       tc.backward_method(),
       ["d(out)/d(out) = 1: start with self.grad = 1.0.",
        "build_topo(self) lists children before parents; backward needs parents first.",
        "for v in reversed(build_topo(self)): v._backward()"],
       mistakes={"forgot-seed": "for v in reversed(build_topo(self)):\n    v._backward()",
                 "nothing-reached-the-inputs": "self.grad = 1.0\nfor v in reversed(build_topo(self)):\n    v._backward",
                 "not-reversed": "self.grad = 1.0\nfor v in build_topo(self):\n    v._backward()"},
       styles=["self.grad = 1.0\norder = build_topo(self)\nfor v in order[::-1]:\n    v._backward()"]),
    _p("04", "build_topo_stack", "build_topo", "the topological sort without recursion",
       "the same list as before (every value after its children, each once), but "
       "with a stack of your own instead of recursion, so that 100,000 nested values work.",
       tc.topological(deep=True),
       ["Keep a stack of (value, children_done) pairs.",
        "Pop one; if children_done, append the value; if not and it is new, mark it "
        "visited, push (value, True), then push (child, False) for each child.",
        "Push the children in reversed order to get the same order as the recursive version."],
       arg="build_topo",
       mistakes={"recursion-limit": "order, visited = [], set()\n\ndef visit(v):\n    if v not in visited:\n        visited.add(v)\n        for child in v._prev:\n            visit(child)\n        order.append(v)\n\nvisit(root)\nreturn order"},
       styles=["order, seen, todo = [], set(), [(root, False)]\nwhile todo:\n    v, ready = todo.pop()\n    if ready:\n        order.append(v)\n        continue\n    if v in seen:\n        continue\n    seen.add(v)\n    todo.append((v, True))\n    todo.extend((c, False) for c in reversed(v._prev))\nreturn order"]),

    # -- lesson 05: the whole engine, in your own hands ---------------------
    _p("05", "add", "Value.__add__", "+ (forward and backward)",
       "as in lesson 04: wrap a plain number in a Value, make out = self + other with "
       "its children, and give it a _backward that adds each input's share.",
       tc.value_op("add", number_right=True),
       ["other = other if isinstance(other, Value) else Value(other) lets a + 1 work.",
        "Then lesson 04's __add__: out, its _backward with +=, out._backward = _backward, return out."],
       attr="__add__",
       styles=["if not isinstance(other, Value):\n    other = Value(other)\nout = Value(self.data + other.data, (self, other), '+')\n\ndef _backward():\n    for v in (self, other):\n        v.grad += out.grad\nout._backward = _backward\nreturn out"],
       mistakes={"wrapped-a-value": 'other = Value(other)\nout = Value(self.data + other.data, (self, other), "+")\n\ndef _backward():\n    self.grad += out.grad\n    other.grad += out.grad\nout._backward = _backward\nreturn out',
                 "number-on-the-right": 'out = Value(self.data + other.data, (self, other), "+")\n\ndef _backward():\n    self.grad += out.grad\n    other.grad += out.grad\nout._backward = _backward\nreturn out',
                 "assign-instead-of-accumulate": 'other = other if isinstance(other, Value) else Value(other)\nout = Value(self.data + other.data, (self, other), "+")\n\ndef _backward():\n    self.grad = out.grad\n    other.grad = out.grad\nout._backward = _backward\nreturn out'}),
    _p("05", "mul", "Value.__mul__", "* (forward and backward)",
       "as in lesson 04, with a plain number on the right wrapped in a Value.",
       tc.value_op("mul", number_right=True),
       ["Like __add__, with the product's number and local derivatives (b for a, a for b)."],
       attr="__mul__",
       styles=["other = other if isinstance(other, Value) else Value(other)\nout = Value(self.data * other.data, (self, other), '*')\n\ndef _backward():\n    for v, slope in ((self, other.data), (other, self.data)):\n        v.grad += slope * out.grad\nout._backward = _backward\nreturn out"],
       mistakes={"swapped-inputs": 'other = other if isinstance(other, Value) else Value(other)\nout = Value(self.data * other.data, (self, other), "*")\n\ndef _backward():\n    self.grad += self.data * out.grad\n    other.grad += other.data * out.grad\nout._backward = _backward\nreturn out'}),
    _p("05", "tanh", "Value.tanh", "tanh (forward and backward)",
       "as in lesson 04: out holds tanh(self.data), and its _backward adds the slope "
       "of tanh times out.grad to self.grad.",
       tc.value_op("tanh"),
       ["t = math.tanh(self.data); out = Value(t, (self,), \"tanh\").",
        "The slope is 1 - t**2, from the output."],
       attr="tanh",
       styles=["e2 = math.exp(2 * self.data)\nt = (e2 - 1) / (e2 + 1) if self.data < 20 else 1.0\nout = Value(t, (self,), 'tanh')\n\ndef _backward():\n    self.grad += (1 - out.data ** 2) * out.grad\nout._backward = _backward\nreturn out"],
       mistakes={"tanh-slope-from-input": 't = math.tanh(self.data)\nout = Value(t, (self,), "tanh")\n\ndef _backward():\n    self.grad += (1 - self.data**2) * out.grad\nout._backward = _backward\nreturn out'}),
    _p("05", "backward", "Value.backward", "backward() without recursion",
       "put self and every value below it in topological order with a stack of your own "
       "(lesson 04), set self.grad to 1, and call each _backward from the output down.",
       tc.backward_method(deep=True),
       ["Lesson 04's stack version of build_topo, written inside backward.",
        "Then self.grad = 1.0 and for v in reversed(order): v._backward()."],
       attr="backward",
       styles=["order, visited = [], {self}\nstack = [(self, iter(self._prev))]\nwhile stack:\n    v, children = stack[-1]\n    for child in children:\n        if child not in visited:\n            visited.add(child)\n            stack.append((child, iter(child._prev)))\n            break\n    else:\n        stack.pop()\n        order.append(v)\nself.grad = 1.0\nfor v in reversed(order):\n    v._backward()"],
       mistakes={"not-reversed": "order, visited, stack = [], set(), [(self, False)]\nwhile stack:\n    v, done = stack.pop()\n    if done:\n        order.append(v)\n    elif v not in visited:\n        visited.add(v)\n        stack.append((v, True))\n        for child in reversed(v._prev):\n            stack.append((child, False))\nself.grad = 1.0\nfor v in order:\n    v._backward()",
                 "recursion-limit": "order, visited = [], set()\n\ndef visit(v):\n    if v not in visited:\n        visited.add(v)\n        for child in v._prev:\n            visit(child)\n        order.append(v)\n\nvisit(self)\nself.grad = 1.0\nfor v in reversed(order):\n    v._backward()"}),
    _p("05", "radd", "radd", "a number on the left of +",
       "other + self, where other is a plain number: build it from an operation a "
       "Value already has.", tc.value_op("radd", depends=("add",)),
       ["Addition does not care about order, and self + other already works."],
       attr="__radd__",
       styles=['return self.__add__(other)'], mistakes={"reflected-recursion": "return other + self"}),
    _p("05", "rmul", "rmul", "a number on the left of *",
       "other * self, where other is a plain number.", tc.value_op("rmul", depends=("mul",)),
       ["Multiplication does not care about order either."], attr="__rmul__",
       styles=['return self.__mul__(other)'],
       mistakes={"reflected-recursion": "return other * self"}),
    _p("05", "power", "power", "x ** k for a number k",
       "a new Value holding self.data ** k, whose _backward adds the power rule's "
       "slope times out.grad to self.grad.", tc.value_op("pow"),
       ["The power rule: d(x**k)/dx = k * x**(k - 1).",
        "Start with the lesson's check of k: assert isinstance(k, (int, float)) (only a "
        "plain number can be an exponent here).",
        "self.grad += k * self.data ** (k - 1) * out.grad"],
       attr="__pow__",
       styles=["assert isinstance(k, (int, float)), 'only a number can be an exponent'\nx = self.data\nout = Value(x ** k, (self,), f'**{k}')\n\ndef _backward():\n    self.grad += k * (x ** (k - 1)) * out.grad\nout._backward = _backward\nreturn out"],
       mistakes={"power-rule-exponent-kept": 'assert isinstance(k, (int, float))\nout = Value(self.data ** k, (self,), f"**{k}")\n\ndef _backward():\n    self.grad += k * self.data ** k * out.grad\nout._backward = _backward\nreturn out',
                 "power-rule-forgot-k": 'out = Value(self.data ** k, (self,), f"**{k}")\n\ndef _backward():\n    self.grad += self.data ** (k - 1) * out.grad\nout._backward = _backward\nreturn out'}),
    _p("05", "exp", "exp", "exp",
       "a new Value holding e**self.data, whose _backward adds its slope times "
       "out.grad to self.grad.", tc.value_op("exp"),
       ["math.exp(self.data) is e**x.", "The slope of e**x is e**x itself: out.data."],
       attr="exp",
       styles=["e = math.e ** self.data\nout = Value(e, (self,), 'exp')\n\ndef _backward():\n    self.grad += e * out.grad\nout._backward = _backward\nreturn out"],
       mistakes={"exp-of-2x": 'out = Value(math.exp(2 * self.data), (self,), "exp")\n\ndef _backward():\n    self.grad += out.data * out.grad\nout._backward = _backward\nreturn out',
                 "exp-slope-from-input": 'out = Value(math.exp(self.data), (self,), "exp")\n\ndef _backward():\n    self.grad += self.data * out.grad\nout._backward = _backward\nreturn out',
                 "assign-instead-of-accumulate": 'out = Value(math.exp(self.data), (self,), "exp")\n\ndef _backward():\n    self.grad = out.data * out.grad\nout._backward = _backward\nreturn out'}),
    _p("05", "neg", "neg", "-a", "-self, built from an operation that already has a backward.",
       tc.value_op("neg", depends=("mul",)), ["-a is a * -1."], attr="__neg__",
       styles=["return -1 * self if hasattr(Value, '__rmul__') else self * -1"],
       mistakes={"missing-child": "return Value(-self.data)"}),
    _p("05", "sub", "sub", "a - b", "self - other, built from operations that already have a backward.",
       tc.value_op("sub", depends=("add", "neg")), ["a - b is a + (-b)."], attr="__sub__",
       styles=['return self + other * -1'],
       mistakes={"reversed-operands": "return other + (-self)"}),
    _p("05", "truediv", "truediv", "a / b",
       "self / other, built from operations that already have a backward.",
       tc.value_op("truediv", depends=("mul", "pow")), ["a / b is a * b**-1."],
       attr="__truediv__",
       styles=['return self * (other ** -1)'], mistakes={"reversed-operands": "return other * self ** -1"}),
    _p("05", "rsub", "rsub", "a number on the left of -",
       "other - self, where other is a plain number that comes FIRST.",
       tc.value_op("rsub", depends=("add", "neg")),
       ["In __rsub__(self, other) the number is other, and other - self is other + (-self)."],
       attr="__rsub__",
       styles=['return Value(other) - self'], mistakes={"reversed-operands": "return self - other"}),
    _p("05", "rtruediv", "rtruediv", "a number on the left of /",
       "other / self, where other is a plain number that comes FIRST.",
       tc.value_op("rtruediv", depends=("mul", "pow")),
       ["other / self is other * self ** -1."],
       attr="__rtruediv__",
       styles=['return Value(other) / self'], mistakes={"reversed-operands": "return self / other"}),
    _p("05", "relu", "relu", "relu",
       "a new Value holding self.data where it is positive and 0 elsewhere, whose "
       "_backward ADDS slope * out.grad (slope 1 where the input was positive, else 0).",
       tc.value_op("relu"),
       ["Return out at the end (the blog post's relu forgot to).",
        "On the left the slope is 0: add nothing, never set self.grad = 0."],
       attr="relu",
       mistakes={"returned-none": 'out = Value(self.data if self.data > 0 else 0.0, (self,), "ReLU")\n\ndef _backward():\n    self.grad += (1.0 if self.data > 0 else 0.0) * out.grad\nout._backward = _backward',
                 "assign-instead-of-accumulate": 'out = Value(self.data if self.data > 0 else 0.0, (self,), "ReLU")\n\ndef _backward():\n    if self.data > 0:\n        self.grad += out.grad\n    else:\n        self.grad = 0.0\nout._backward = _backward\nreturn out'},
       styles=['out = Value(max(self.data, 0.0), (self,), "ReLU")\n\ndef _backward():\n    if out.data > 0:\n        self.grad += out.grad\nout._backward = _backward\nreturn out']),

    # -- lesson 06: the network ---------------------------------------------
    _p("06", "zero_grad", "Module.zero_grad", "zero_grad()",
       "set the grad of every parameter of this module to 0.", tc.zero_grad_check,
       ["self.parameters() lists them; set each one's grad (not data) to 0.0."],
       arg="Module", attr="zero_grad",
       mistakes={"zeroed-data": "for p in self.parameters():\n    p.data = 0.0"}),
    _p("06", "neuron_call", "Neuron.__call__", "a neuron's output",
       "w · x + b (start the sum from the bias), then the neuron's activation: tanh, "
       "relu, or none for \"linear\".", tc.neuron_call_check,
       ["sum((wi * xi for wi, xi in zip(self.w, x)), self.b) is w · x + b.",
        "Then return act.tanh(), act.relu() or act, by self.activation."],
       arg="Neuron", attr="__call__",
       mistakes={"forgot-bias": "act = sum(wi * xi for wi, xi in zip(self.w, x))\nif self.activation == \"tanh\":\n    return act.tanh()\nif self.activation == \"relu\":\n    return act.relu()\nreturn act",
                 "always-tanh": "return sum((wi * xi for wi, xi in zip(self.w, x)), self.b).tanh()"}),
    _p("06", "neuron_parameters", "Neuron.parameters", "a neuron's parameters",
       "the list of its weights followed by its bias (the Values themselves).",
       tc.neuron_parameters_check, ["self.w is a list; add [self.b] to it."],
       arg="Neuron", attr="parameters",
       mistakes={"forgot-bias": "return self.w", "took-data": "return [p.data for p in self.w + [self.b]]"},
       styles=["return [*self.w, self.b]"]),
    _p("06", "layer_call", "Layer.__call__", "a layer's output",
       "every neuron's output on the same x, as a list; a layer of one neuron gives its "
       "single output.", tc.layer_call_check,
       ["outs = [n(x) for n in self.neurons].", "Return outs[0] when there is only one."],
       arg="Layer", attr="__call__",
       mistakes={"list-of-one": "return [n(x) for n in self.neurons]",
                 "only-first-neuron": "return self.neurons[0](x)"}),
    _p("06", "layer_parameters", "Layer.parameters", "a layer's parameters",
       "every neuron's parameters, in one flat list, neuron by neuron.",
       tc.layer_parameters_check,
       ["A list comprehension with two for clauses flattens: [p for n in ... for p in ...]."],
       arg="Layer", attr="parameters",
       mistakes={"nested": "return [n.parameters() for n in self.neurons]"},
       styles=["params = []\nfor n in self.neurons:\n    params.extend(n.parameters())\nreturn params"]),
    _p("06", "mlp_call", "MLP.__call__", "the network's output",
       "feed x through every layer in turn, each layer getting the previous one's output.",
       tc.mlp_call_check, ["for layer in self.layers: x = layer(x); then return x."],
       arg="MLP", attr="__call__",
       mistakes={"not-chained": "for layer in self.layers:\n    out = layer(x)\nreturn out"}),
    _p("06", "mlp_parameters", "MLP.parameters", "the network's parameters",
       "every layer's parameters, in one flat list, layer by layer.",
       tc.mlp_parameters_check, ["The same as Layer.parameters, one level up."],
       arg="MLP", attr="parameters",
       mistakes={"nested": "return [layer.parameters() for layer in self.layers]"}),

    # -- lesson 07: the training loop ---------------------------------------
    _p("07", "train", "train", "the training loop",
       "for each step: the forward pass on every example of xs, the loss (the sum of "
       "squared errors against ys), zero_grad (only when zero_grad is True), backward, "
       "and a step of every parameter against its gradient; return the list of losses "
       "(loss.data, one per step).", None,
       ["Four steps per round: forward and loss, zero_grad, backward, update.",
        "The update is p.data -= lr * p.grad, for p in model.parameters().",
        "Append loss.data (a number) to the list you return."],
       arg="train",
       mistakes={"forgot-zero-grad": "losses = []\nfor k in range(steps):\n    loss = sum((model(x) - yt) ** 2 for x, yt in zip(xs, ys))\n    loss.backward()\n    for p in model.parameters():\n        p.data -= lr * p.grad\n    losses.append(loss.data)\nreturn losses",
                 "ignores-flag": "losses = []\nfor k in range(steps):\n    loss = sum((model(x) - yt) ** 2 for x, yt in zip(xs, ys))\n    model.zero_grad()\n    loss.backward()\n    for p in model.parameters():\n        p.data -= lr * p.grad\n    losses.append(loss.data)\nreturn losses",
                 "losses-are-values": "losses = []\nfor k in range(steps):\n    loss = sum((model(x) - yt) ** 2 for x, yt in zip(xs, ys))\n    if zero_grad:\n        model.zero_grad()\n    loss.backward()\n    for p in model.parameters():\n        p.data -= lr * p.grad\n    losses.append(loss)\nreturn losses",
                 "wrong-sign": "losses = []\nfor k in range(steps):\n    loss = sum((model(x) - yt) ** 2 for x, yt in zip(xs, ys))\n    if zero_grad:\n        model.zero_grad()\n    loss.backward()\n    for p in model.parameters():\n        p.data += lr * p.grad\n    losses.append(loss.data)\nreturn losses"}),

    # -- lesson 10: Tensor ----------------------------------------------------
    _p("10", "unbroadcast", "unbroadcast", "unbroadcast",
       "sum grad over the axes that broadcasting added on the left and over the axes "
       "where shape has a 1 and grad does not, and return it with exactly the shape `shape`.",
       tc.unbroadcast_check,
       ["extra = grad.ndim - len(shape) axes were added on the left: sum them away.",
        "Then sum (keepdims=True) over each axis i where shape[i] == 1 but grad's is not.",
        "Finish with .reshape(shape)."],
       arg="unbroadcast",
       mistakes={"summed-everything": "import numpy as np\nreturn np.full(shape, grad.sum())",
                 "kept-stretched-axes": "extra = grad.ndim - len(shape)\nreturn grad.sum(axis=tuple(range(extra))) if extra else grad"}),
    _p("10", "mul", "mul._backward", "the backward of * for tensors",
       "add to self's and other's grad (with _add_grad) the local derivative times "
       "grad, each brought back to its own shape with unbroadcast.",
       tc.tensor_mul_check,
       ["d(a*b)/da = b and d(a*b)/db = a, number by number: grad * b and grad * a.",
        "unbroadcast(grad * b, a.shape) for self; the same for other with b.shape."],
       arg="Tensor",
       mistakes={"forgot-unbroadcast": "self._add_grad(grad * b)\nother._add_grad(grad * a)",
                 "swapped-inputs": "self._add_grad(unbroadcast(grad * a, a.shape))\nother._add_grad(unbroadcast(grad * b, b.shape))"}),
    _p("10", "sum", "tensor_sum._backward", "the backward of sum",
       "give every number of x the gradient of the sum it went into: grad spread back "
       "to x's shape (put a summed axis back first when keepdims was False).",
       tc.tensor_sum_check,
       ["np.broadcast_to(grad, x.shape) spreads grad over x.",
        "With an axis and keepdims=False, np.expand_dims(grad, axis) first."],
       arg="Tensor",
       mistakes={"wrong-shape": "self._add_grad(grad)",
                 "wrong-axis": "self._add_grad(np.broadcast_to(np.expand_dims(grad, axis), x.shape))"}),
    _p("10", "matmul", "matmul._backward", "the backward of @",
       "add to self's grad the gradient of a @ b with respect to a, and to other's "
       "with respect to b (shapes (k, n) and (n, m)).",
       tc.tensor_matmul_check,
       ["Work out one entry: out[i, j] = sum over t of a[i, t] * b[t, j].",
        "Then check the shapes: grad @ b.T is (k, m) @ (m, n), which is (k, n) like a; "
        "a.T @ grad is (n, k) @ (k, m), which is (n, m) like b."],
       arg="Tensor",
       mistakes={"no-transpose": "self._add_grad(grad @ b)\nother._add_grad(a @ grad)",
                 "swapped": "self._add_grad(a.T @ grad)\nother._add_grad(grad @ b.T)"}),
]


def _train_reference(space):
    """The lesson's train, compiled from the published cell, with the learner's names."""
    source = reference("07", "train")
    namespace = dict(space)
    exec(compile(source, "<lesson 07: train>", "exec"), namespace)
    return namespace["train"]


for _piece in PIECES:
    if _piece.name == "train":
        _piece.check = lambda answer: tc.train_check(answer, _train_reference)

STAND_INS = {"05": ("save_engine(Value)", "piece.stand_in(Value)"),
             "06": ("save_network(MLP)", "piece.stand_in(Module, Neuron, Layer, MLP)")}


def pieces_of(lesson):
    return [p for p in PIECES if p.lesson == lesson]


def piece_named(lesson, name):
    for p in PIECES:
        if p.lesson == lesson and p.name == name:
            return p
    raise KeyError(f"lesson {lesson} has no piece {name!r}")


# ---------------------------------------------------------------------------
# Reading a piece in a cell's source: its def, its body, a stub, a filling
# ---------------------------------------------------------------------------

def _find(tree, path):
    """The def (or class) at ``path`` ("Value.__add__._backward") in ``tree``."""
    node = tree
    for part in path.split("."):
        found = [n for n in getattr(node, "body", [])
                 if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == part]
        if not found:
            raise KeyError(f"no def {path} in this cell")
        node = found[-1]
    return node


def _body_span(node):
    """(first line, last line, indent) of a def's body after its docstring, 1-based.
    The body starts on the line after the def's header (so comments above its first
    statement belong to it)."""
    body = node.body
    header = max([node.lineno] + [getattr(n, "end_lineno", 0) or 0
                                  for n in ast.walk(node.args)])
    if node.returns is not None:
        header = max(header, node.returns.end_lineno)
    if (len(body) > 1 and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
        header = body[0].end_lineno
        body = body[1:]
    return header + 1, node.end_lineno, body[0].col_offset


def body_of(source, path):
    """The body of the def at ``path`` in ``source``, dedented."""
    lines = source.splitlines(keepends=True)
    first, last, _ = _body_span(_find(ast.parse(source), path))
    return textwrap.dedent("".join(lines[first - 1:last])).rstrip("\n")


def def_of(source, path):
    """The whole def at ``path`` in ``source``, dedented: what solution() shows."""
    lines = source.splitlines(keepends=True)
    node = _find(ast.parse(source), path)
    return textwrap.dedent("".join(lines[node.lineno - 1:node.end_lineno])).rstrip("\n")


def fill(source, path, body):
    """``source`` with the body of the def at ``path`` replaced by ``body``."""
    lines = source.splitlines(keepends=True)
    first, last, indent = _body_span(_find(ast.parse(source), path))
    text = textwrap.indent(body.rstrip("\n") + "\n", " " * indent,
                           lambda line: line.strip() != "")
    tail = "".join(lines[last:])
    if last == len(lines) and not source.endswith("\n"):
        text = text.rstrip("\n")
    return "".join(lines[:first - 1]) + text + tail


def stub_body(piece):
    """What a stub holds: what the piece must do (not how), then a raise."""
    said = textwrap.wrap(f"{STUB_MARK}: {piece.does}", 84)
    comment = "\n".join("# " + line for line in said)
    return (f"{comment}\nraise NotImplementedError(\"write this piece, run the cell, "
            f"then its check below\")")


def stub(source, piece):
    return fill(source, piece.path, stub_body(piece))


def solution_region(source, piece):
    """``source`` with the piece's body as an nbgrader solution region: the stub's
    comment, then the lesson's code between BEGIN and END SOLUTION (nbgrader puts
    a stub in its place in the released notebook)."""
    body = body_of(source, piece.path)
    comment = stub_body(piece).rsplit("\n", 1)[0]
    return fill(source, piece.path,
                f"{comment}\n### BEGIN SOLUTION\n{body}\n### END SOLUTION")


# ---------------------------------------------------------------------------
# The published lessons: where each piece's reference code lives
# ---------------------------------------------------------------------------

def lesson_file(lesson, folder=HERE):
    found = sorted(Path(folder).glob(f"{lesson}_*.ipynb"))
    if len(found) != 1:
        raise FileNotFoundError(f"no single lesson {lesson} in {folder}")
    return found[0]


_CELLS = {}


def marked_cells(lesson, folder=HERE):
    """{piece name: source of the published cell that marks it}."""
    key = (lesson, str(folder))
    if key not in _CELLS:
        nb = json.loads(lesson_file(lesson, folder).read_text(encoding="utf-8"))
        found = {}
        for cell in nb["cells"]:
            for name in cell.get("metadata", {}).get(KEY, []):
                found[name] = "".join(cell["source"])
        _CELLS[key] = found
    return _CELLS[key]


def reference(lesson, name, folder=HERE):
    """The lesson's own def of a piece, as published."""
    return def_of(marked_cells(lesson, folder)[name], piece_named(lesson, name).path)


def reference_body(lesson, name, folder=HERE):
    return body_of(marked_cells(lesson, folder)[name], piece_named(lesson, name).path)


# ---------------------------------------------------------------------------
# In a lesson: the checks, and the lesson's code standing in
# ---------------------------------------------------------------------------

class Pieces:
    """The pieces of one lesson, by name: ``piece.add_backward.check(Value)``."""

    def __init__(self, lesson):
        self.lesson = f"{int(lesson):02d}"
        self._pieces = pieces_of(self.lesson)
        for p in self._pieces:
            try:
                solution = reference(self.lesson, p.name)
            except (OSError, KeyError, ValueError):
                solution = "(the published lesson, which holds the solution, is not here)"
            exercise = Exercise(p.title, _own_piece(p), hints=p.hints, solution_text=solution,
                                name=f"piece.{p.name}", answer_name=p.arg,
                                success=p.success[len("Correct! "):])
            exercise.piece = p
            setattr(self, p.name, exercise)

    def __repr__(self):
        return (f"the pieces you write in lesson {self.lesson}: "
                + ", ".join(p.name for p in self._pieces))

    def _owned(self, classes):
        """(piece, its class) for the pieces that become attributes of these classes."""
        by_name = {c.__name__: c for c in classes}
        for p in self._pieces:
            owner = p.path.split(".")[0] if "." in p.path else classes[0].__name__
            if p.attr and owner in by_name:
                yield p, by_name[owner]

    def stand_in(self, *classes):
        """For each piece of these classes that does not pass its check yet, put the
        lesson's own code in its place (and say which); yours stay as they are."""
        owned = list(self._owned(classes))
        failing = []
        for p, cls in owned:
            if getattr(cls.__dict__.get(p.attr), "_lesson_stand_in", False):
                failing.append((p, None))  # stood in at an earlier run of this cell
                continue
            exercise = getattr(self, p.name)
            with contextlib.redirect_stdout(io.StringIO()):
                result = exercise.evaluate(cls)
            if result.correct:
                continue
            failing.append((p, result))
            code = _marked_reference(self.lesson, p, result.status == "not attempted")
            filename = f"<the lesson's {p.name}>"
            linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
            namespace = dict(_globals_of(cls))
            exec(compile(code, filename, "exec"), namespace)
            function = namespace[p.path.split(".")[-1]]
            function._lesson_stand_in = True
            setattr(cls, p.attr, function)
        if not failing:
            print(f"All {len(owned)} pieces you wrote pass their checks: what is saved below "
                  "is your code only.")
            return
        names = ", ".join(f"{p.name} ({_short_status(r)})" for p, r in failing)
        one = len(failing) == 1
        print(f"{len(failing)} of your {len(owned)} pieces {'does' if one else 'do'} not pass "
              f"{'its check' if one else 'their checks'} yet, so the lesson's own code stands "
              f"in for {'it' if one else 'them'} (and is saved so, marked): {names}. Fix "
              f"{'it' if one else 'them'} above, run the cells from there again, then this "
              "one, to use yours.")


def _own_piece(piece):
    """The piece's check, where a stub of ANOTHER piece that this one calls is named
    as such (not as "not attempted")."""

    def check(answer):
        try:
            return piece.check(answer)
        except NotImplementedError as e:
            raiser = _raised_in(e)
            if raiser and raiser != piece.qualname and _is_stub_of_a_piece(raiser):
                shown = raiser.replace(".<locals>.", "'s ")
                raise Wrong(f"your code for {piece.title} calls {shown}, which is still a stub: "
                            "write that piece (and run its cell) first, then run this "
                            "check again.", "depends-on-failing") from None
            raise
    return check


def _raised_in(exc):
    tb = exc.__traceback__
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    return getattr(tb.tb_frame.f_code, "co_qualname", tb.tb_frame.f_code.co_name)


def _is_stub_of_a_piece(qualname):
    return any(p.qualname == qualname for p in PIECES)


def _short_status(result):
    if result is None:
        return "still the lesson's code"
    return "not written yet" if result.status == "not attempted" else (
        result.mistake or result.status)


def _globals_of(cls):
    for attr in vars(cls).values():
        glb = getattr(attr, "__globals__", None)
        if glb is not None:
            return glb
    import __main__
    return vars(__main__)


def _marked_reference(lesson, piece, unwritten=False):
    """The lesson's def, with a first line saying it is the lesson's."""
    code = reference(lesson, piece.name)
    lines = code.splitlines()
    body_indent = len(lines[1]) - len(lines[1].lstrip()) if len(lines) > 1 else 4
    why = "yours is not written yet" if unwritten else "yours did not pass its check yet"
    mark = " " * body_indent + f"# the lesson's code: {why}"
    return "\n".join([lines[0], mark] + lines[1:]) + "\n"


# ---------------------------------------------------------------------------
# The edition
# ---------------------------------------------------------------------------

INTRO = ("**Type-along edition.** In this edition you write the engine yourself: each "
         "cell marked `# TYPE ALONG` is a stub with a comment that says what the piece "
         "must do. Replace the stub's `raise NotImplementedError(...)` with your code, "
         "run the cell, then run the check cell right after it: it runs your piece on "
         "its own and names the mistake if there is one. `piece.NAME.hint()` gives a "
         "hint (call it again for the next), and `piece.NAME.solution()` shows the "
         "lesson's own code once a check has seen your attempt. The cells after a stub need "
         "it: fill it in before you go on.")
COURSE_INTRO = ("**Course edition.** In this edition you write the engine and the exercises "
                "yourself: each stub (`raise NotImplementedError()`) is yours to replace, and "
                "the check cell after it says whether your code is right and names the "
                "mistake if not. When your teacher grades the lesson, each check cell is a "
                "test worth its points: a check that fails, or a stub left as it is, scores "
                "0 for that check only. `piece.NAME.hint()` and `exN.hint()` give hints.")
STAND_IN_NOTE = ("Before saving, `piece.stand_in` runs the check of every piece you wrote "
                 "once more. Yours are saved as you wrote them; a piece that does not pass "
                 "yet is named, and the lesson's own code stands in for that piece alone "
                 "(marked so in the saved file), so that the next lessons can run. Fix it "
                 "and run the cells again to save yours.")
IMPORT = ("from type_along import Pieces\n"
          "piece = Pieces(\"{lesson}\")  # the checks of the pieces you write in this lesson")


def _your_turn(marked):
    titles = [p.title for p in marked]
    listed = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    if len(marked) == 1:
        return (f"**Your turn:** in the next cell, write {listed} where it says "
                f"`# {STUB_MARK}`, run the cell, then run the check below it.")
    return (f"**Your turn:** the next cell has {len(marked)} pieces to write: {listed}, each "
            f"where it says `# {STUB_MARK}`. Write them all, then run the cell (until "
            "then, it stops at the first stub it calls); each has its own check below it.")


def _code(source, cell_id, metadata=None, outputs=None):
    return {"cell_type": "code", "execution_count": 1 if outputs else None, "id": cell_id,
            "metadata": metadata or {}, "outputs": outputs or [], "source": source}


def _stream(text):
    return [{"name": "stdout", "output_type": "stream", "text": text + "\n"}]


def edition(nb, lesson, filled=False, course=False):
    """The type-along edition of one published lesson (a notebook as a dict).

    ``filled`` gives the edition as a learner who wrote the lesson's own code
    would have it after running it: every piece filled in with the lesson's
    code, the published outputs, and each check cell's verdict (for the tests).
    ``course`` gives the source of the course edition (tools/make_course.py):
    each piece an nbgrader solution region, no outputs."""
    nb = copy.deepcopy(nb)
    pieces = {p.name: p for p in pieces_of(lesson)}
    if not pieces and not course:  # nothing to write: as published, to be run afresh
        if not filled:
            nb.get("metadata", {}).pop("widgets", None)
            for cell in nb["cells"]:
                if cell["cell_type"] == "code":
                    cell["outputs"], cell["execution_count"] = [], None
        return nb
    if not filled:
        nb.get("metadata", {}).pop("widgets", None)
    cells = []
    first_code = True
    for index, cell in enumerate(nb["cells"]):
        marked = cell.get("metadata", {}).get(KEY, [])
        if cell["cell_type"] == "code" and not filled:
            cell["outputs"], cell["execution_count"] = [], None
        source = "".join(cell["source"])
        stand = STAND_INS.get(lesson)
        if stand and cell["cell_type"] == "code" and source.strip().endswith(stand[0]):
            line = (f"All {sum(1 for p in pieces.values() if p.attr)} pieces you wrote pass "
                    "their checks: what is saved below is your code only.")
            cells.append({"cell_type": "markdown", "id": f"ta-stand-in-note-{lesson}",
                          "metadata": {}, "source": STAND_IN_NOTE})
            cells.append(_code(stand[1], f"ta-stand-in-{lesson}",
                               outputs=_stream(line) if filled else None))
        if marked:
            cells.append({"cell_type": "markdown", "id": f"ta-turn-{lesson}-{marked[0]}",
                          "metadata": {}, "source": _your_turn([pieces[n] for n in marked])})
        if marked and not filled:
            for name in marked:
                make = solution_region if course else stub
                source = make(source, pieces[name])
        cell["source"] = source
        cells.append(cell)
        if index == 0 and cell["cell_type"] == "markdown":
            cells.append({"cell_type": "markdown", "id": f"ta-intro-{lesson}",
                          "metadata": {}, "source": COURSE_INTRO if course else INTRO})
        if cell["cell_type"] == "code" and first_code and pieces:
            first_code = False
            cells.append(_code(IMPORT.format(lesson=lesson), f"ta-import-{lesson}"))
            if filled:
                cells[-1]["execution_count"] = 1
        for name in marked:
            p = pieces[name]
            cells.append(_code(p.check_source(), f"ta-check-{lesson}-{name}",
                               metadata={CHECK_KEY: name},
                               outputs=_stream(p.success) if filled else None))
    nb["cells"] = cells
    return nb

