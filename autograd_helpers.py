"""Shared helpers for the Backprop from Scratch lessons.

What lives here (in this order):

1. The finished reference engine: ``Value`` and the small neural-network
   classes ``Module``, ``Neuron``, ``Layer``, ``MLP``.  The lessons build the
   same engine step by step; if you get stuck, ``from autograd_helpers import
   Value`` gives you a working one so you can carry on.
2. Graph drawing: ``trace`` and ``draw_dot``.  They work on *any* object that
   looks like a Value (``data``, ``grad``, ``_prev``, ``_op``, optional
   ``label``), so the class you write in a lesson can be drawn too.
3. Gradient checks: ``numerical_grad`` (central differences) and
   ``gradcheck``.
4. Data sets: ``make_moons``.
5. Plots and widgets, one group per lesson (slope explorer, nudge explorer,
   backward player, learning-rate explorer, live training view).
6. The exercise checker: ``Exercise``.

Everything is deterministic: children are kept in order (tuples), graph node
names come from the traversal order, and every random source takes a seed.
"""

import contextlib
import gc
import inspect
import math
import numbers
import operator
import random

__all__ = [
    "Value", "Module", "Neuron", "Layer", "MLP", "gc_paused",
    "trace", "draw_dot", "DrawnGraph", "GraphTooLarge", "graph_text",
    "numerical_grad", "gradcheck", "GradcheckReport",
    "make_moons", "topological_order", "relative_error",
    "Exercise", "Wrong", "NotAttempted", "CheckResult", "returned",
]


# ---------------------------------------------------------------------------
# 1. The reference engine
# ---------------------------------------------------------------------------

def _check_number(x, what="Value()"):
    """Return x as a float, or raise a TypeError that says what to do."""
    if isinstance(x, numbers.Real) and not isinstance(x, Value):
        return float(x)
    if isinstance(x, Value):
        raise TypeError(f"{what} got a Value, but it needs a plain number. "
                        "Use the Value itself, or its number with x.data.")
    if isinstance(x, str):
        raise TypeError(f"{what} takes a number (int or float), not str {x!r}. "
                        f"Convert it first, for example Value(float({x!r})).")
    raise TypeError(f"{what} takes a number (int or float), not "
                    f"{type(x).__name__}.")


def _leaf_backward(grad):
    """A leaf has no children to pass its gradient on to."""


class Value:
    """A number that remembers how it was computed, so it can backpropagate.

    ``data`` is the number, ``grad`` is d(output)/d(this value), filled in by
    ``backward()``.  ``_prev`` holds the children (the inputs of the operation
    that made this value) as a tuple, in order, and ``_op`` names that
    operation.

    Two details differ from the engine you write in lessons 2-5, both for
    speed (lesson 8 measures them):

    * ``__slots__``: each Value stores exactly these six fields and no
      per-object dictionary, so creating one is cheaper and it uses less
      memory.
    * ``_backward(grad)`` receives the output's gradient as an argument
      instead of reading ``out.grad``.  The closure therefore never refers to
      its own output, so there is no reference cycle (out -> closure -> out),
      and Python frees a finished graph at once instead of leaving it for the
      slow cyclic garbage collector.
    """

    __slots__ = ("data", "grad", "label", "_prev", "_op", "_backward")

    def __init__(self, data, _children=(), _op="", label=""):
        if type(data) is not float:  # fast path: ops always pass a float
            data = _check_number(data)
        self.data = data
        self.grad = 0.0
        self.label = label
        self._prev = tuple(_children)
        self._op = _op
        self._backward = _leaf_backward

    def __repr__(self):
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    # -- the operations, each with its local derivative ----------------------

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward(grad):  # d(a+b)/da = 1, d(a+b)/db = 1
            self.grad += grad
            other.grad += grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward(grad):  # d(a*b)/da = b, d(a*b)/db = a
            self.grad += other.data * grad
            other.grad += self.data * grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        if isinstance(k, Value):
            raise TypeError(
                "Value ** Value is not supported: only numbers (int or float) "
                "are supported as exponents. For a learnable exponent b, "
                "write (b * a.log()).exp() instead of a ** b.")
        k = _check_number(k, "The exponent in Value ** k")
        x = self.data
        if x == 0 and k < 0:
            raise ZeroDivisionError(
                f"{x!r} ** {k!r}: zero cannot be raised to a negative power "
                "(this is also what dividing by a Value equal to 0 does).")
        if x < 0 and not k.is_integer():
            raise ValueError(
                f"{x!r} ** {k!r} is not a real number: a negative base needs "
                "a whole-number exponent.")
        try:
            y = x ** k
        except OverflowError:
            raise OverflowError(f"{x!r} ** {k!r} is too large for a float; "
                                "scale your numbers down.") from None
        out = Value(y, (self,), f"**{k:g}")

        def _backward(grad):  # d(x**k)/dx = k * x**(k-1)
            try:
                slope = k * x ** (k - 1)
            except (ZeroDivisionError, OverflowError):
                raise ZeroDivisionError(
                    f"the slope of x**{k:g} at x = {x!r} is infinite (or too "
                    "large for a float), so its gradient cannot be computed. "
                    "Keep x away from 0, e.g. (x + 1e-9)**k.") from None
            self.grad += slope * grad
        out._backward = _backward
        return out

    def exp(self):
        x = self.data
        try:
            y = math.exp(x)
        except OverflowError:
            raise OverflowError(
                f"exp({x!r}) is too large for a float (the limit is about "
                "exp(709.78)). Scale the input down, or use tanh or sigmoid, "
                "which level off instead of growing.") from None
        out = Value(y, (self,), "exp")

        def _backward(grad):  # d(e**x)/dx = e**x, the output itself
            self.grad += y * grad
        out._backward = _backward
        return out

    def log(self):
        x = self.data
        if x <= 0:
            raise ValueError(
                f"log({x!r}) is undefined: log needs a positive number. If the "
                "input can reach 0, add a small epsilon, e.g. (v + 1e-9).log().")
        out = Value(math.log(x), (self,), "log")

        def _backward(grad):  # d(log x)/dx = 1/x
            self.grad += grad / x
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)  # math.tanh never overflows: tanh(1000) == 1.0
        out = Value(t, (self,), "tanh")

        def _backward(grad):  # d(tanh x)/dx = 1 - tanh(x)**2, from the output
            self.grad += (1.0 - t * t) * grad
        out._backward = _backward
        return out

    def sigmoid(self):
        x = self.data
        if x >= 0:  # two forms, so that exp never sees a large positive number
            s = 1.0 / (1.0 + math.exp(-x))
        else:
            z = math.exp(x)
            s = z / (1.0 + z)
        out = Value(s, (self,), "sigmoid")

        def _backward(grad):  # d(sigmoid x)/dx = s * (1 - s)
            self.grad += s * (1.0 - s) * grad
        out._backward = _backward
        return out

    def relu(self):
        x = self.data
        out = Value(x if x > 0 else 0.0, (self,), "ReLU")

        def _backward(grad):  # slope 1 where x > 0, else 0 (and 0 at the kink)
            if x > 0:
                self.grad += grad
        out._backward = _backward
        return out

    @staticmethod
    def weighted_sum(ws, xs, b):
        """b + w1*x1 + w2*x2 + ... as ONE value instead of 2n of them.

        ``sum((wi * xi for wi, xi in zip(ws, xs)), b)`` gives exactly the same
        number (the additions happen in the same order) and the same
        gradients, but builds a multiply and an add value per input.  In a
        network those bookkeeping values are most of the graph; fusing them
        makes the moons classifier of lesson 8 several times faster.
        """
        xs = [x if isinstance(x, Value) else Value(x) for x in xs]
        if len(xs) != len(ws):
            raise ValueError(f"weighted_sum got {len(ws)} weights but "
                             f"{len(xs)} inputs")
        total = b.data
        for w, x in zip(ws, xs):
            total += w.data * x.data
        out = Value(total, (b, *ws, *xs), "w·x+b")

        def _backward(grad):  # d/dwi = xi, d/dxi = wi, d/db = 1
            b.grad += grad
            for w, x in zip(ws, xs):
                w.grad += x.data * grad
                x.grad += w.data * grad
        out._backward = _backward
        return out

    # -- operations built from the ones above --------------------------------

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self * other ** -1

    # Reflected versions: Python calls these for `2 + v`, `2 - v`, and so on,
    # after int.__add__(2, v) has said it does not know what a Value is.
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):  # other - self (note the order)
        return other + (-self)

    def __rtruediv__(self, other):  # other / self
        return other * self ** -1

    def __rpow__(self, base):  # base ** self, for a positive number base
        base = _check_number(base, "The base in number ** Value")
        if base <= 0:
            raise ValueError(f"{base!r} ** Value needs a positive base.")
        return (self * math.log(base)).exp()

    # -- backpropagation ------------------------------------------------------

    def backward(self):
        """Fill in ``grad`` of every value this one depends on.

        The grads of the leaves (inputs and parameters) accumulate with
        ``+=`` across calls, as in PyTorch: call ``zero_grad()`` between
        training steps.  The grads of the values in between are reset to 0
        first, so calling backward() twice on the same graph adds exactly the
        same gradient to the leaves twice (micrograd would add more).
        """
        order = topological_order(self)
        for v in order:
            if v._prev:
                v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):
            v._backward(v.grad)


_get_prev = operator.attrgetter("_prev")  # v -> v._prev, fast (in C)


def topological_order(root, children=None):
    """Every value that ``root`` depends on, each after all of its children.

    The same depth-first walk as in lesson 4 ("visit your children, then add
    yourself"), but with an explicit stack of (value, children still to
    visit) instead of recursion, so a chain of a million values does not hit
    Python's recursion limit.  ``children(v)`` gives a value's children; by
    default its ``_prev`` tuple.
    """
    kids = _get_prev if children is None else children
    order, seen = [], {root}
    stack = [(root, iter(kids(root)))]
    while stack:
        v, todo = stack[-1]
        for c in todo:
            if c not in seen:  # go down to the first unvisited child
                seen.add(c)
                stack.append((c, iter(kids(c))))
                break
        else:  # all children are in `order`: now v can follow them
            stack.pop()
            order.append(v)
    return order


@contextlib.contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector inside a ``with`` block.

    Safe with this engine, and only with an engine like it: its graphs hold
    no reference cycles, so reference counting frees each graph the moment
    it is dropped.  The collector would find nothing to free; it would only
    walk every live object again and again while a big graph is being built
    (lesson 8 measures this).  An engine whose closures refer to their own
    output (lesson 4's, micrograd's) makes cycles: pausing the collector
    there would let every old graph pile up in memory.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Module:
    """Anything with parameters: Neuron, Layer and MLP build on this."""

    def parameters(self):
        return []

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


_ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")


class Neuron(Module):
    """out = activation(w . x + b), with weights and bias drawn from U(-1, 1)."""

    def __init__(self, nin, activation="tanh", rng=random):
        if activation not in _ACTIVATIONS:
            raise ValueError(f"activation must be one of {_ACTIVATIONS}, "
                             f"not {activation!r}")
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(rng.uniform(-1, 1))
        self.activation = activation

    def __call__(self, x):
        # The same as sum((wi * xi for wi, xi in zip(self.w, x)), self.b),
        # built as one value instead of 2n (see Value.weighted_sum).
        act = Value.weighted_sum(self.w, x, self.b)
        if self.activation == "linear":
            return act
        return getattr(act, self.activation)()

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"Neuron({len(self.w)}, activation={self.activation!r})"


class Layer(Module):
    """nout neurons, each looking at the same nin inputs."""

    def __init__(self, nin, nout, activation="tanh", rng=random):
        self.neurons = [Neuron(nin, activation, rng) for _ in range(nout)]

    def __call__(self, x):
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self):
        return f"Layer([{', '.join(map(repr, self.neurons))}])"


class MLP(Module):
    """Layers in a row: MLP(3, [4, 4, 1]) maps 3 inputs to 1 output.

    ``activation`` is used in the hidden layers; ``final_activation`` in the
    last one (by default the same, as in lesson 6; the moons classifier of
    lesson 8 uses ``activation="relu", final_activation="linear"``).
    """

    def __init__(self, nin, nouts, activation="tanh", final_activation=None,
                 rng=random):
        sizes = [nin] + list(nouts)
        last = len(nouts) - 1
        self.layers = [
            Layer(sizes[i], sizes[i + 1],
                  activation if i < last or final_activation is None
                  else final_activation, rng)
            for i in range(len(nouts))
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        return f"MLP([{', '.join(map(repr, self.layers))}])"


# ---------------------------------------------------------------------------
# 2. Graph drawing
# ---------------------------------------------------------------------------

class GraphTooLarge(ValueError):
    """Raised by draw_dot for a graph with more values than max_nodes."""


def _children(v):
    """The children of v in a fixed order.

    A tuple or list keeps its order.  A set (as in the original blog post's
    engine) has no stable order, so we sort it by what the values show.
    """
    prev = getattr(v, "_prev", ())
    if isinstance(prev, (tuple, list)):
        return tuple(prev)
    return tuple(sorted(prev, key=lambda c: (str(getattr(c, "label", "")),
                                             str(getattr(c, "_op", "")),
                                             float(c.data))))


def trace(root):
    """All values and edges of the graph that ends in ``root``.

    Returns ``(nodes, edges)``: ``nodes`` is a list of values in the order a
    depth-first walk from the root first meets them (so it is the same every
    run), and ``edges`` a list of ``(child, parent)`` pairs.  A child used
    twice by the same parent (as in ``a + a``) gives two edges.
    """
    nodes, edges = [], []
    seen = set()  # ids, so that even a class that redefines == can be traced
    stack = [root]
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        nodes.append(v)
        kids = _children(v)
        edges.extend((c, v) for c in kids)
        stack.extend(c for c in reversed(kids) if id(c) not in seen)
    return nodes, edges


_NOT_INSTALLED_SAID = False
INSTALL_GRAPHVIZ = (
    "graphviz's `dot` program is not installed, so graphs are shown as text. "
    "Install it with `sudo apt-get install graphviz` (Debian/Ubuntu), "
    "`brew install graphviz` (macOS) or `conda install -c conda-forge "
    "graphviz`, then restart the kernel.")


def _say_install_once():
    global _NOT_INSTALLED_SAID
    if not _NOT_INSTALLED_SAID:
        _NOT_INSTALLED_SAID = True
        print(INSTALL_GRAPHVIZ)


def _fmt(x):
    return f"{x:.4f}"


def _names(nodes):
    """A readable name per value: its label, or v0, v1, ... by position."""
    return {id(v): (getattr(v, "label", "") or f"v{i}") for i, v in enumerate(nodes)}


def _formula(v, names):
    """How v was made, in words: 'd = a * b', 'y = x**2', 'o = tanh(n)', or
    just 'a' for a leaf.  ``names`` maps id(value) to its display name."""
    name, op = names[id(v)], getattr(v, "_op", "")
    kids = [names[id(c)] for c in _children(v)]
    if not op:
        return name
    if op in ("+", "*") and len(kids) == 2:
        return f"{name} = {kids[0]} {op} {kids[1]}"
    if op.startswith("**") and len(kids) == 1:
        return f"{name} = {kids[0]}{op}"
    return f"{name} = {op}({', '.join(kids)})"


def graph_text(root, show_grad=True):
    """The graph as plain text, one line per value, children before parents."""
    nodes = trace(root)[0]
    names = _names(nodes)
    # Sort positions, not the values: a class that redefines == is unhashable.
    pos = {id(v): i for i, v in enumerate(nodes)}

    def kids_of(i):
        return [pos[id(c)] for c in _children(nodes[i])]
    lines, rows, width = [], [], 0
    for v in (nodes[i] for i in topological_order(0, kids_of)):
        formula = _formula(v, names)
        rows.append((formula, v))
        width = max(width, len(formula))
    for formula, v in rows:
        line = f"{formula:<{width}}  data {_fmt(v.data):>10}"
        if show_grad:
            line += f"  grad {_fmt(v.grad):>10}"
        lines.append(line.rstrip())
    return "\n".join(lines)


def _record_field(text):
    """Escape the characters that graphviz's record labels treat specially."""
    for ch in "\\{}|<>\"":
        text = text.replace(ch, "\\" + ch)
    return text


class DrawnGraph:
    """What draw_dot returns: shows as a picture in Jupyter, as text elsewhere.

    ``.dot`` is the graphviz.Digraph and ``.source`` its DOT text.  In a
    notebook the graph is rendered with graphviz's ``dot`` program; where that
    program is missing, one line says how to install it and the graph is shown
    as text instead (``graph_text``), so the lesson goes on.
    """

    def __init__(self, dot, text, fmt):
        self.dot = dot
        self.text = text
        self.format = fmt

    @property
    def source(self):
        return self.dot.source

    def __repr__(self):
        return self.text

    def pipe(self, fmt=None):
        """The rendered picture as bytes (needs graphviz's dot program)."""
        return self.dot.pipe(format=fmt or self.format)

    def _repr_mimebundle_(self, include=None, exclude=None):
        import graphviz
        try:
            picture = self.pipe()
        except graphviz.ExecutableNotFound:
            _say_install_once()
            return {"text/plain": self.text}
        if self.format == "svg":
            return {"image/svg+xml": picture.decode("utf-8"), "text/plain": self.text}
        import base64
        return {f"image/{self.format}": base64.b64encode(picture).decode("ascii"),
                "text/plain": self.text}


def draw_dot(root, rankdir="LR", format="svg", max_nodes=500, show_grad=True,
             highlight=None):
    """Draw the computation graph that ends in ``root``.

    Each value is a box with its label, data and grad; each operation is a
    small oval between its inputs and its output.

    rankdir:   "LR" (left to right, the default) or "TB" (top to bottom).
    format:    "svg" (sharp at any zoom) or "png".
    max_nodes: bigger graphs are refused, since graphviz would take long and
               the picture would be unreadable; pass None to draw anyway.
    show_grad: False leaves the grad row out (useful before backward()).
    highlight: a dict {value: colour} (or a list of values, coloured yellow)
               to pick out some boxes, as the backward player does.
    """
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"rankdir must be 'LR', 'TB', 'RL' or 'BT', not {rankdir!r}")
    if format not in ("svg", "png"):
        raise ValueError(f"format must be 'svg' or 'png', not {format!r}")
    nodes, edges = trace(root)
    if max_nodes is not None and len(nodes) > max_nodes:
        raise GraphTooLarge(
            f"This graph has {len(nodes):,} values, more than max_nodes={max_nodes}: "
            "graphviz would be slow and the picture unreadable. Draw a smaller "
            "part of it (for example one neuron's output), or call "
            "draw_dot(root, max_nodes=None) to draw it anyway.")
    import graphviz
    if highlight is None:
        highlight = {}
    elif not isinstance(highlight, dict):
        highlight = {id(v): "yellow" for v in highlight}
    else:
        highlight = {id(v): colour for v, colour in highlight.items()}
    index = {id(v): i for i, v in enumerate(nodes)}
    dot = graphviz.Digraph(format=format, graph_attr={"rankdir": rankdir},
                           node_attr={"fontname": "Helvetica", "fontsize": "11"})
    for i, v in enumerate(nodes):
        fields = [_record_field(str(getattr(v, "label", "") or ""))]
        fields.append(f"data {_fmt(v.data)}")
        if show_grad:
            fields.append(f"grad {_fmt(v.grad)}")
        attrs = {"shape": "record"}
        if id(v) in highlight:
            attrs.update(style="filled", fillcolor=highlight[id(v)])
        label = "{ " + " | ".join(fields) + " }"
        if rankdir in ("TB", "BT"):
            label = " | ".join(fields)
        dot.node(f"n{i}", label=label, **attrs)
        op = getattr(v, "_op", "")
        if op:
            dot.node(f"n{i}op", label=str(op), shape="ellipse")
            dot.edge(f"n{i}op", f"n{i}")
    for child, parent in edges:
        dot.edge(f"n{index[id(child)]}", f"n{index[id(parent)]}op")
    return DrawnGraph(dot, graph_text(root, show_grad), format)


# ---------------------------------------------------------------------------
# 3. Gradient checks
# ---------------------------------------------------------------------------

def numerical_grad(f, inputs, h=1e-6):
    """Slopes of f at ``inputs`` by central differences, one per input.

    ``f`` takes the inputs as separate numbers and returns a number (or a
    Value, whose ``data`` is used).  The slope for input i is
    (f(..., x_i + h, ...) - f(..., x_i - h, ...)) / 2h: the error shrinks
    like h**2, until h is so small that rounding in f takes over.
    """
    def call(xs):
        y = f(*xs)
        return y.data if hasattr(y, "data") else float(y)
    xs = [float(x) for x in inputs]
    slopes = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        slopes.append((call(up) - call(down)) / (2 * h))
    return slopes


def relative_error(a, b):
    """|a - b| scaled by the larger size, but never by less than 1.

    Scaling makes big gradients comparable; the floor of 1 stops a tiny
    gradient (say 1e-12 against 0) from looking like a 100% error.
    """
    return abs(a - b) / max(1.0, abs(a), abs(b))


class GradcheckReport:
    """The result of gradcheck: one row per input, and ``ok`` for all of them."""

    def __init__(self, names, analytic, numeric, tol):
        self.names = names
        self.analytic = analytic
        self.numeric = numeric
        self.errors = [relative_error(a, n) for a, n in zip(analytic, numeric)]
        self.tol = tol
        self.worst = max(self.errors, default=0.0)
        self.ok = self.worst <= tol

    def __bool__(self):
        return self.ok

    def __repr__(self):
        width = max([len(n) for n in self.names] + [5])
        lines = [f"{'input':<{width}}  {'backward':>12}  {'numerical':>12}  {'rel. error':>10}"]
        for name, a, n, e in zip(self.names, self.analytic, self.numeric, self.errors):
            flag = "" if e <= self.tol else "  <-- differs"
            lines.append(f"{name:<{width}}  {a:>12.6f}  {n:>12.6f}  {e:>10.1e}{flag}")
        verdict = "OK" if self.ok else "MISMATCH"
        lines.append(f"{verdict}: worst relative error {self.worst:.1e} (tolerance {self.tol:.0e})")
        return "\n".join(lines)


def gradcheck(f, inputs, h=1e-6, tol=1e-5, value_class=None, names=None):
    """Compare backward() with central differences for f at ``inputs``.

    ``f`` takes Values (one per input) and returns a Value.  ``value_class``
    is the Value class to use (the reference one by default; pass your own to
    check the engine you wrote).  Returns a GradcheckReport, which shows a
    table and is truthy when every input agrees within ``tol``.
    """
    V = value_class or Value
    xs = [V(float(x)) for x in inputs]
    out = f(*xs)
    out.backward()
    analytic = [float(x.grad) for x in xs]
    numeric = numerical_grad(lambda *a: f(*[V(v) for v in a]), inputs, h)
    if names is None:
        names = [f"x{i}" for i in range(len(xs))]
    return GradcheckReport(list(names), analytic, numeric, tol)


# ---------------------------------------------------------------------------
# 4. Data sets
# ---------------------------------------------------------------------------

def make_moons(n_samples=100, noise=0.1, seed=1337):
    """Two interleaving half circles, labelled -1 and +1.

    The same shape as scikit-learn's ``make_moons`` (upper moon centred at
    (0, 0), lower moon at (1, 0.5)), made with our own seeded random numbers
    so that no extra package is needed.  Returns ``(X, y)``: a list of
    ``[x1, x2]`` points and a list of labels, shuffled, half of each class
    (the upper moon gets the extra point when n_samples is odd).
    """
    if n_samples < 2:
        raise ValueError("make_moons needs at least 2 samples")
    rng = random.Random(seed)
    n_upper = n_samples - n_samples // 2
    n_lower = n_samples // 2
    points = []
    for i in range(n_upper):
        t = math.pi * i / (n_upper - 1) if n_upper > 1 else 0.0
        points.append(([math.cos(t), math.sin(t)], -1))
    for i in range(n_lower):
        t = math.pi * i / (n_lower - 1) if n_lower > 1 else 0.0
        points.append(([1 - math.cos(t), 0.5 - math.sin(t)], 1))
    rng.shuffle(points)
    X = [[x + rng.gauss(0, noise), y + rng.gauss(0, noise)] for (x, y), _ in points]
    y = [label for _, label in points]
    return X, y


# ---------------------------------------------------------------------------
# 5. Plots and widgets
#
# Widgets show their pictures through widgets.HTML / widgets.Image values,
# never through an Output widget: what an Output widget captures while a cell
# runs is stored differently by Jupyter and by nbval, so strict nbval would
# fail.  Each panel's text form (what GitHub and nbval see) is one fixed line.
# ---------------------------------------------------------------------------

def _widgets():
    import ipywidgets
    return ipywidgets


def panel(children, text):
    """A vertical box of widgets whose plain-text form is the fixed ``text``."""
    w = _widgets()

    class Panel(w.VBox):
        def __repr__(self):
            return text
    return Panel(children=list(children))


def graph_html(root, **draw_options):
    """The drawn graph as HTML: inline SVG, or the text form without `dot`."""
    import html
    import graphviz
    drawn = draw_dot(root, **draw_options)
    try:
        return drawn.pipe("svg").decode("utf-8")
    except graphviz.ExecutableNotFound:
        _say_install_once()
        return f"<pre>{html.escape(drawn.text)}</pre>"


def figure_png(fig):
    """A matplotlib figure as PNG bytes (for a widgets.Image), then closed."""
    import io
    import matplotlib.pyplot as plt
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()

# [lesson 01: plots and widgets]

def nudge_slope(f, x, h):
    """The slope of f at x measured by nudging x up by h: (f(x+h) - f(x)) / h."""
    return (f(x + h) - f(x)) / h


def slope_error_figure(f, x, exact, h):
    """Left: f near x with the line through x and x+h.  Right: the error of
    the nudged slope for every h from 1 down to 1e-16, with h marked."""
    import matplotlib.pyplot as plt
    import numpy as np
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    xs = np.linspace(x - 2, x + 2, 200)
    left.plot(xs, f(xs), color="tab:blue", label="f(x)")
    slope = nudge_slope(f, x, h)
    left.plot(xs, f(x) + slope * (xs - x), "--", color="tab:orange",
              label=f"line through x and x+h (slope {slope:.4g})")
    left.plot([x], [f(x)], "o", color="black")
    left.set_title(f"f near x = {x:g}")
    left.legend(loc="upper left", fontsize=8)
    hs = np.logspace(-16, 0, 161)
    errors = [abs(nudge_slope(f, x, float(step)) - exact) for step in hs]
    right.loglog(hs, np.maximum(errors, 1e-17), color="tab:blue")
    right.loglog([h], [max(abs(slope - exact), 1e-17)], "o", color="tab:red",
                 label=f"h = {h:.0e}")
    right.set_xlabel("h")
    right.set_ylabel("|nudged slope - true slope|")
    right.set_title("error of the nudged slope")
    right.legend(loc="upper center", fontsize=8)
    fig.tight_layout()
    return fig


def slope_explorer(f, x, exact, h=1e-3):
    """A slider over h (log scale): the nudged slope of f at x, its error
    against the true slope ``exact``, and a picture of both."""
    w = _widgets()
    slider = w.FloatLogSlider(value=h, base=10, min=-16, max=0, step=0.25,
                              description="h", readout_format=".0e",
                              continuous_update=False)
    text = w.HTML()
    image = w.Image(format="png")

    def show(_=None):
        h = slider.value
        slope = nudge_slope(f, x, h)
        text.value = (f"<code>h = {h:.0e}</code>: nudged slope "
                      f"<b>{slope:.10f}</b>, true slope {exact:g}, "
                      f"error {abs(slope - exact):.1e}")
        image.value = figure_png(slope_error_figure(f, x, exact, h))
    slider.observe(show, names="value")
    show()
    return panel([slider, text, image],
                  "Slope explorer: move the h slider (run the notebook in JupyterLab)")

# [lessons 02-03: plots and widgets]

def l_example(a, b, c, f):
    """The running example of lessons 2-4: L = (a*b + c) * f, with labels."""
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return L


L_START = {"a": 2.0, "b": -3.0, "c": 10.0, "f": -2.0}


def _signed(x):
    x = round(x, 4) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{x:+.4f}"


class NudgeReport:
    """Nudge the leaves of a graph and compare the output's actual change
    with the gradient's prediction, the sum of grad * nudge over the leaves.

    ``build(**leaves)`` makes the graph from Values named like the keys of
    ``start``; the gradients come from one backward() at ``start``.
    """

    def __init__(self, build, start, nudges):
        self.names = list(start)
        self.start = dict(start)
        self.nudges = {n: float(nudges.get(n, 0.0)) for n in self.names}
        leaves = {n: Value(x, label=n) for n, x in self.start.items()}
        out = build(**leaves)
        out.backward()
        self.label = out.label or "output"
        self.before = out.data
        self.grads = {n: leaves[n].grad for n in self.names}
        self.after = self.output_at(build, self.nudges)
        self.actual = self.after - self.before
        self.predicted = sum(self.grads[n] * self.nudges[n] for n in self.names)
        self.error = self.actual - self.predicted

    def output_at(self, build, nudges):
        """The output when each leaf is moved by its nudge."""
        return build(**{n: Value(self.start[n] + nudges.get(n, 0.0), label=n)
                        for n in self.names}).data

    def __repr__(self):
        rows = [f"{'leaf':<6}{'value':>10}{'nudge':>10}{'grad':>10}{'grad*nudge':>12}"]
        for n in self.names:
            g, dx = self.grads[n], self.nudges[n]
            rows.append(f"{n:<6}{self.start[n]:>10.4f}{_signed(dx):>10}"
                        f"{g:>10.4f}{_signed(g * dx):>12}")
        share = ""
        if abs(self.actual) > 1e-12:
            share = f"  ({abs(self.error) / abs(self.actual):.1%} of the actual change)"
        rows += ["",
                 f"{self.label}: {self.before:.4f} -> {self.after:.4f}",
                 f"actual change        {_signed(self.actual)}",
                 f"predicted change     {_signed(self.predicted)}   (sum of grad*nudge)",
                 f"prediction error     {_signed(self.error)}{share}"]
        return "\n".join(rows)


def nudge_figure(build, start, nudges, along, span=1.0):
    """The output as leaf ``along`` moves (the other leaves keep their
    nudges): the true output next to the straight line the gradients predict."""
    import matplotlib.pyplot as plt
    import numpy as np
    report = NudgeReport(build, start, nudges)
    steps = np.linspace(-span, span, 81)
    actual = [report.output_at(build, {**nudges, along: float(s)}) for s in steps]
    others = sum(report.grads[n] * report.nudges[n] for n in report.names if n != along)
    predicted = report.before + others + report.grads[along] * steps
    fig, ax = plt.subplots(figsize=(4.8, 3.2))
    ax.plot(steps, actual, color="tab:blue", label=f"actual {report.label}")
    ax.plot(steps, predicted, "--", color="tab:orange", label="predicted by the gradients")
    here = report.nudges[along]
    ax.plot([here, here], [report.after, report.before + report.predicted],
            color="tab:red", linewidth=3, label="error at your nudges")
    ax.plot([here], [report.after], "o", color="tab:blue")
    ax.axvline(0.0, color="grey", linewidth=0.5)
    ax.set_xlabel(f"nudge of {along}")
    ax.set_ylabel(report.label)
    ax.set_title(f"{report.label} as {along} moves (other nudges kept)", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def nudge_explorer(build=l_example, start=None, span=1.0, step=0.05, along=None,
                   show_graph=True):
    """Sliders that nudge the leaves of a small graph (L = (a*b + c) * f by
    default).  Shows the actual change of the output next to the gradient's
    prediction and its error (a table), a plot of both along one leaf, and
    the nudged graph with the moved leaves in yellow."""
    import html
    w = _widgets()
    start = dict(L_START if start is None else start)
    names = list(start)
    sliders = {n: w.FloatSlider(value=0.0, min=-span, max=span, step=step,
                                description=f"nudge {n}", readout_format="+.2f",
                                continuous_update=False)
               for n in names}
    chooser = w.Dropdown(options=names, value=along or names[0], description="plot along")
    reset = w.Button(description="all nudges to 0")
    numbers = w.HTML()
    plot = w.Image(format="png", layout=w.Layout(width="450px"))
    graph = w.HTML()

    def nudges():
        return {n: s.value for n, s in sliders.items()}

    def show(_=None):
        report = NudgeReport(build, start, nudges())
        numbers.value = f"<pre>{html.escape(repr(report))}</pre>"
        plot.value = figure_png(nudge_figure(build, start, nudges(), chooser.value, span))
        if show_graph:
            leaves = {n: Value(start[n] + report.nudges[n], label=n) for n in names}
            moved = [leaves[n] for n in names if report.nudges[n] != 0.0]
            svg = graph_html(build(**leaves), show_grad=False, highlight=moved)
            graph.value = f'<div style="overflow-x: auto">{svg}</div>'

    def zero(_=None):
        for s in sliders.values():
            s.unobserve(show, names="value")
            s.value = 0.0
            s.observe(show, names="value")
        show()

    for control in [*sliders.values(), chooser]:
        control.observe(show, names="value")
    reset.on_click(zero)
    show()
    controls = w.VBox([*sliders.values(), chooser, reset])
    box = panel([w.HBox([controls, numbers]), plot, graph],
                f"Nudge explorer: sliders nudge {', '.join(names)}; the output's "
                "actual change is shown next to the gradient's prediction "
                "(run the notebook to use it)")
    box.sliders, box.along, box.reset = sliders, chooser, reset
    box.numbers, box.plot, box.graph = numbers, plot, graph
    box.report = lambda: NudgeReport(build, start, nudges())
    return box

# [lessons 04-05: plots and widgets]

def _run_backward(v):
    """Call v._backward in either form: the lessons' _backward() or the
    reference engine's _backward(grad)."""
    try:
        wants_grad = len(inspect.signature(v._backward).parameters) > 0
    except (TypeError, ValueError):
        wants_grad = False
    if wants_grad:
        v._backward(v.grad)
    else:
        v._backward()


def _short(x):
    """A number for the player's arithmetic: 3.0, -2.0, 0.7071."""
    text = f"{x:.4f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return "0.0" if text == "-0.0" else text


class BackwardStep:
    """One moment of a backward pass: the value whose _backward just ran
    (``node``, None before the pass), every grad after it (``grads``, in
    trace order) and the arithmetic it did (``lines``)."""

    def __init__(self, node, grads, lines):
        self.node = node
        self.grads = grads
        self.lines = lines

    def __repr__(self):
        return "\n".join(self.lines)


def backward_steps(root):
    """Replay ``root.backward()`` one value at a time and record every grad.

    Returns ``(nodes, steps)``: the values as ``trace`` lists them, and a
    BackwardStep for "before the pass", for "the output's grad is set to 1",
    and for each value with children, in the order backward() visits them.
    Each step's text shows the arithmetic, e.g. ``a.grad += -3.0 × 0.5  →
    -1.5``: the local derivative (found by running that _backward once with
    grad 1) times the output's grad.  If a _backward overwrites a gradient
    instead of adding to it, the text says so.  The graph's own grads are
    left as they were.
    """
    import math as _math
    nodes = trace(root)[0]
    names = _names(nodes)
    saved = [v.grad for v in nodes]

    def snapshot():
        return [v.grad for v in nodes]
    try:
        for v in nodes:
            v.grad = 0.0
        steps = [BackwardStep(None, snapshot(), [
            "Before backward(): every grad is 0.",
            "Press ▶ (or move the slider) to run it one value at a time."])]
        root.grad = 1.0
        steps.append(BackwardStep(root, snapshot(), [
            f"Start at the output: {names[id(root)]}.grad = 1.0 "
            "(a value changes exactly as fast as itself)."]))
        order = [v for v in reversed(topological_order(root, _children))
                 if _children(v)]
        for k, v in enumerate(order, 1):
            kids = list({id(c): c for c in _children(v)}.values())  # reused once
            before = [c.grad for c in kids]
            g = v.grad
            for c in kids:  # probe: the local derivatives, with grad 1
                c.grad = 0.0
            v.grad = 1.0
            _run_backward(v)
            local = [c.grad for c in kids]
            for c, b in zip(kids, before):
                c.grad = b
            v.grad = g
            _run_backward(v)  # the real step
            lines = [f"Step {k} of {len(order)}: {_formula(v, names)} passes "
                     f"back its grad {_short(g)}"]
            for c, b, d in zip(kids, before, local):
                name, after = names[id(c)], c.grad
                try:
                    added = _math.isclose(after, b + d * g, rel_tol=1e-9, abs_tol=1e-12)
                    assigned = _math.isclose(after, d * g, rel_tol=1e-9, abs_tol=1e-12)
                except TypeError:  # a grad that is not a number
                    added = assigned = False
                if added:
                    lines.append(f"{name}.grad += {_short(d)} × {_short(g)}"
                                 f"  →  {_short(after)}")
                elif assigned:
                    lines.append(f"{name}.grad = {_short(d)} × {_short(g)}  →  "
                                 f"{_short(after)}   (overwrote {_short(b)}!)")
                else:
                    lines.append(f"{name}.grad: {b!r} → {after!r}")
            steps.append(BackwardStep(v, snapshot(), lines))
    finally:
        for v, g in zip(nodes, saved):
            v.grad = g
    return nodes, steps


def backward_player(root, rankdir="LR", interval=1500):
    """A ▶ button and a slider that step through backward() on the drawn graph.

    The value whose _backward runs is orange, the children it passes its
    gradient to are blue, and the text above the graph shows the arithmetic.
    Moving the slider back and forth shows the grads as they were at that
    step (they were recorded by ``backward_steps``); the graph's own grads
    are not changed.  The returned panel has ``.play``, ``.slider``,
    ``.text`` and ``.picture`` for code that drives it.
    """
    import html
    w = _widgets()
    nodes, steps = backward_steps(root)
    last = len(steps) - 1
    play = w.Play(value=0, min=0, max=last, step=1, interval=interval)
    slider = w.IntSlider(value=0, min=0, max=last, description="step")
    w.jslink((play, "value"), (slider, "value"))
    text = w.HTML()
    picture = w.HTML()
    pictures = {}

    def draw(k):
        step = steps[k]
        colours = {}
        if step.node is not None:
            colours = {c: "lightblue" for c in _children(step.node)}
            colours[step.node] = "orange"
        saved = [v.grad for v in nodes]
        try:
            for v, g in zip(nodes, step.grads):
                v.grad = g
            return graph_html(root, rankdir=rankdir, highlight=colours)
        finally:
            for v, g in zip(nodes, saved):
                v.grad = g

    def show(change=None):
        k = slider.value
        text.value = "<br>".join(
            f"<code>{html.escape(line)}</code>" if i else f"<b>{html.escape(line)}</b>"
            for i, line in enumerate(steps[k].lines))
        if k not in pictures:
            pictures[k] = draw(k)
        picture.value = pictures[k]
    slider.observe(show, names="value")
    show()
    box = panel([w.HBox([play, slider]), text, picture],
                f"Backward player: {len(steps) - 2} steps of backward() over "
                f"{len(nodes)} values (run the notebook to use ▶ and the slider)")
    box.play, box.slider, box.text, box.picture, box.steps = play, slider, text, picture, steps
    return box

# [lessons 06-08: plots and widgets]

# Lesson 6: a picture of an MLP's neurons and weights.
def draw_network(sizes, ax=None):
    """Draw an MLP as circles and lines: sizes = [inputs, layer 1, ...].

    Each layer is labelled with its parameter count, (inputs + 1) * neurons.
    """
    import matplotlib.pyplot as plt
    if ax is None:
        ax = plt.subplots(figsize=(1.8 * len(sizes) + 1, 3.2))[1]
    top = max(sizes)
    pos = [[(i, (n - 1) / 2 - j) for j in range(n)] for i, n in enumerate(sizes)]
    for i in range(1, len(sizes)):
        for x0, y0 in pos[i - 1]:
            for x1, y1 in pos[i]:
                ax.plot([x0, x1], [y0, y1], color="0.6", linewidth=0.8, zorder=1)
        count = (sizes[i - 1] + 1) * sizes[i]
        ax.text(i, -(top + 1) / 2, f"{sizes[i]} × ({sizes[i - 1]} + 1)\n= {count}",
                ha="center", va="top", fontsize=9)
    for i, layer in enumerate(pos):
        colour = "#9ecae1" if i == 0 else "#fdae6b"
        ax.scatter([p[0] for p in layer], [p[1] for p in layer], s=300, color=colour,
                   edgecolors="black", zorder=2)
    ax.text(0, -(top + 1) / 2, "inputs", ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-(top + 1) / 2 - 0.9, (top - 1) / 2 + 0.6)
    ax.axis("off")
    return ax


# Lesson 7: four training examples (three inputs each) and their targets.
TOY_XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
TOY_YS = [1.0, -1.0, -1.0, 1.0]


def toy_losses(lr, steps=40, seed=3, zero_grad=True):
    """Train a fresh tanh MLP(3, [4, 4, 1]) on TOY_XS with gradient descent.

    Returns the loss (sum of squared errors) measured at each of the
    ``steps`` steps, before that step's update.  The same ``seed`` gives the
    same starting weights, so runs with different learning rates are a fair
    comparison.  ``zero_grad=False`` reproduces the forgotten-zero_grad bug.
    """
    model = MLP(3, [4, 4, 1], rng=random.Random(seed))
    losses = []
    for _ in range(steps):
        loss = sum((model(x) - y) ** 2 for x, y in zip(TOY_XS, TOY_YS))
        if zero_grad:
            model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= lr * p.grad
        losses.append(loss.data)
    return losses


def lr_verdict(losses):
    """'good', 'too small' or 'divergent' for a loss curve from toy_losses.

    good: the loss ends below a tenth of where it started.  Otherwise the
    rate was too big if the loss ever rose above its start (the steps
    overshoot), and too small if it only crept down.
    """
    first, last = losses[0], losses[-1]
    if last < 0.1 * first:
        return "good"
    if max(losses) > first:
        return "divergent"
    return "too small"


_VERDICTS = {
    "too small": ("#1f77b4", "the loss only creeps down: the steps are tiny"),
    "good": ("#2ca02c", "the loss drops fast and settles near 0"),
    "divergent": ("#d62728", "the steps overshoot: the loss jumps up and gets stuck"),
}


def lr_explorer(lr=0.05, steps=40, seed=3):
    """A learning-rate slider; each value trains a fresh network (same start).

    Shows the loss curve and a verdict: too small / good / divergent.
    """
    import matplotlib.pyplot as plt
    w = _widgets()
    slider = w.FloatLogSlider(value=lr, base=10, min=-3.5, max=0.5, step=0.125,
                              description="learning rate", readout_format=".4f",
                              continuous_update=False,
                              style={"description_width": "initial"},
                              layout=w.Layout(width="480px"))
    verdict = w.HTML()
    image = w.Image(format="png")

    def show(change=None):
        rate = slider.value
        losses = toy_losses(rate, steps, seed)
        kind = lr_verdict(losses)
        colour, why = _VERDICTS[kind]
        fig, ax = plt.subplots(figsize=(5.5, 3))
        ax.plot(range(steps), losses, color=colour, marker=".")
        ax.set_ylim(0, max(9.0, 1.05 * max(losses)))
        ax.set_xlabel("step")
        ax.set_ylabel("loss")
        ax.set_title(f"learning rate {rate:.4g}: {kind}", color=colour)
        ax.grid(alpha=0.3)
        image.value = figure_png(fig)
        verdict.value = (f"<b style='color:{colour}'>{kind}</b>: {why}. "
                         f"Loss {losses[0]:.3f} at the start, {losses[-1]:.4f} "
                         f"after {steps} steps.")

    slider.observe(show, names="value")
    show()
    view = panel([slider, verdict, image],
                 "Learning-rate explorer: move the slider to train a fresh "
                 "MLP(3, [4, 4, 1]) and see its loss curve (too small / good / divergent).")
    view.slider, view.verdict, view.image = slider, verdict, image
    return view


# Lesson 8: the moons classifier.

def max_margin_loss(scores, ys, params, alpha=1e-4):
    """mean over samples of relu(1 - y*score), plus alpha * sum of p**2.

    Uses only +, *, relu and sum, so it works with any Value class
    (the benchmark runs it on micrograd's too).
    """
    losses = [(1 + -y * s).relu() for y, s in zip(ys, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    return data_loss + alpha * sum(p * p for p in params)


def accuracy(scores, ys):
    """The fraction of samples whose score has the sign of their label."""
    return sum((s.data > 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys)


def train_moons(model, inputs, ys, steps=100, lr=1.0, alpha=1e-4, callback=None):
    """Full-batch gradient descent with max_margin_loss.

    The learning rate falls linearly from ``lr`` towards ``lr/10``
    (lr * (1 - 0.9*k/steps) at step k: 1.0 ... 0.109 for the demo).
    ``callback(k, loss, accuracy)`` is called after each step.  Returns the
    list of (loss, accuracy) pairs, measured before each update.
    """
    params = model.parameters()
    history = []
    for k in range(steps):
        scores = [model(x) for x in inputs]
        loss = max_margin_loss(scores, ys, params, alpha)
        acc = accuracy(scores, ys)
        model.zero_grad()
        loss.backward()
        rate = lr * (1.0 - 0.9 * k / steps)
        for p in params:
            p.data -= rate * p.grad
        history.append((loss.data, acc))
        if callback is not None:
            callback(k, loss.data, acc)
    return history


def mlp_scores(model, points):
    """The reference MLP's outputs at many points at once, with numpy.

    The same arithmetic as model(x), done on arrays (no graph is built), so
    a decision-boundary picture needs milliseconds instead of seconds.
    """
    import numpy as np
    act = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0),
           "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)), "linear": lambda z: z}
    a = np.asarray(points, dtype=float)
    for layer in model.layers:
        W = np.array([[w.data for w in n.w] for n in layer.neurons])
        b = np.array([n.b.data for n in layer.neurons])
        a = act[layer.neurons[0].activation](a @ W.T + b)
    return a[:, 0]


MOON_COLOURS = ("#1f77b4", "#ff7f0e")  # label -1, label +1


def plot_decision_boundary(model, X, y, ax=None, title=None, resolution=150):
    """Colour the plane by the sign of the model's score; draw the points."""
    import numpy as np
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    if ax is None:
        ax = plt.subplots(figsize=(5, 4))[1]
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    (x0, y0), (x1, y1) = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    Z = mlp_scores(model, np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape)
    cmap = ListedColormap(MOON_COLOURS)
    ax.contourf(gx, gy, (Z > 0).astype(float), levels=[-0.5, 0.5, 1.5], cmap=cmap, alpha=0.25)
    if Z.min() < 0 < Z.max():
        ax.contour(gx, gy, Z, levels=[0.0], colors="black", linewidths=1)
    ax.scatter(X[:, 0], X[:, 1], c=(y > 0).astype(float), cmap=cmap, vmin=0, vmax=1,
               edgecolors="black", linewidths=0.5, s=25)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if title:
        ax.set_title(title)
    return ax


def live_training_view(X, y, width=16, lr=1.0, steps=100, seed=1337, every=10):
    """Train MLP(2, [width, width, 1]) on (X, y) when Start is pressed.

    Shows progress, loss and accuracy at every step and redraws the decision
    boundary every ``every`` steps.  Creating the view only draws the
    untrained network; the same ``seed`` gives the same start every time.
    """
    import matplotlib.pyplot as plt
    w = _widgets()
    style = {"description_width": "initial"}
    width_w = w.IntSlider(value=width, min=2, max=32, step=2, style=style,
                          description="neurons per hidden layer")
    lr_w = w.FloatSlider(value=lr, min=0.05, max=3.0, step=0.05, style=style,
                         description="learning rate (start)")
    steps_w = w.IntSlider(value=steps, min=5, max=300, step=5, style=style,
                          description="steps")
    start = w.Button(description="Start training", button_style="primary",
                     icon="play")
    progress = w.IntProgress(value=0, min=0, max=steps, description="progress")
    status = w.HTML()
    image = w.Image(format="png")
    inputs = [[Value(a), Value(b)] for a, b in X]

    def new_model():
        n = width_w.value
        return MLP(2, [n, n, 1], activation="relu", final_activation="linear",
                   rng=random.Random(seed))

    def draw(model, title):
        fig, ax = plt.subplots(figsize=(5, 4))
        plot_decision_boundary(model, X, y, ax=ax, title=title, resolution=100)
        image.value = figure_png(fig)

    def run(button=None):
        model, n = new_model(), steps_w.value
        progress.max, progress.value = n, 0
        start.disabled = True

        def report(k, loss, acc):
            progress.value = k + 1
            status.value = (f"step {k + 1} of {n}: loss {loss:.4f}, "
                            f"training accuracy {acc:.0%}")
            if (k + 1) % every == 0 or k + 1 == n:
                draw(model, f"after {k + 1} steps")
        try:
            with gc_paused():  # no cycles in our graphs: see gc_paused
                train_moons(model, inputs, y, n, lr_w.value, callback=report)
        finally:
            start.disabled = False
        view.network = model

    start.on_click(run)
    view = panel([w.HBox([width_w, lr_w]), w.HBox([steps_w, start]), progress, status, image],
                 "Live training view: press Start to train a fresh MLP on the moons "
                 "(width, learning rate and steps are adjustable).")
    view.network = new_model()
    draw(view.network, "before training")
    status.value = "Press <b>Start training</b>: a fresh network trains while you watch."
    view.width_slider, view.lr_slider, view.steps_slider = width_w, lr_w, steps_w
    view.start = start
    view.progress, view.status, view.image, view.run = progress, status, image, run
    return view


# ---------------------------------------------------------------------------
# 6. Exercises
# ---------------------------------------------------------------------------

class NotAttempted(Exception):
    """Raised by a check when the learner's stub is still untouched."""


class Wrong(Exception):
    """Raised by a check: the answer is not right yet.

    ``mistake`` names a common mistake the check recognised (for example
    "assign-instead-of-accumulate"); None when the answer is just wrong.
    """

    def __init__(self, message, mistake=None):
        super().__init__(message)
        self.message = message
        self.mistake = mistake


def returned(got, tip="Finish with `return`.", what="your function"):
    """Pass ``got`` through, or name the commonest slip: no ``return``.

    Checkers call it on whatever the learner's code gave back, e.g.
    ``out = returned(answer(a, b), "Finish with `return out`.")``.
    """
    if got is None:
        raise Wrong(f"{what} returned None. {tip}", "returned-none")
    return got


class CheckResult:
    """The outcome of one check: status is "not attempted", "correct" or "wrong"."""

    def __init__(self, status, message, mistake=None):
        self.status = status
        self.message = message
        self.mistake = mistake

    @property
    def correct(self):
        return self.status == "correct"

    def __repr__(self):
        return f"CheckResult({self.status!r}, mistake={self.mistake!r})"


class Exercise:
    """One checked exercise: ``check(answer)``, ``hint()`` and ``solution()``.

    ``checker(answer)`` tests the learner's answer by what it does (it calls
    it on seeded inputs and compares with the reference or with central
    differences).  It returns quietly when the answer is right, and raises
    ``Wrong(message, mistake)`` when not, or ``NotAttempted`` for an untouched
    stub.  A stub that raises NotImplementedError counts as not attempted too.

    ``reference`` is the model answer (shown by solution(), and used by the
    tests, which also feed every answer in ``mistakes`` -- {name: answer} --
    to the checker and expect that name back).
    """

    def __init__(self, title, checker, hints=(), reference=None, mistakes=None,
                 success="", solution_text=None):
        self.title = title
        self.checker = checker
        self.hints = list(hints)
        self.reference = reference
        self.mistakes = dict(mistakes or {})
        self.success = success
        self.solution_text = solution_text
        self.checks = 0
        self.hints_given = 0
        self.last = None

    def evaluate(self, answer):
        """Run the checker and return a CheckResult, printing nothing."""
        try:
            self.checker(answer)
        except (NotAttempted, NotImplementedError):
            return CheckResult(
                "not attempted",
                f"Not attempted yet: {self.title}. Replace the stub above "
                "with your code, run that cell, then run this check again.")
        except Wrong as w:
            return CheckResult("wrong", f"Not yet: {w.message}", w.mistake)
        except Exception as e:  # the learner's code itself failed
            return CheckResult(
                "wrong", "Not yet: your code raised "
                f"{type(e).__name__}: {e}. Read that message, fix the code "
                "and run the check again.", "raised")
        message = "Correct!"
        if self.success:
            message += " " + self.success
        return CheckResult("correct", message)

    def check(self, answer):
        """Check an answer and say in plain words how it went."""
        self.last = self.evaluate(answer)
        if self.last.status != "not attempted":
            self.checks += 1
        print(self.last.message)

    def hint(self):
        """Print the next hint; each call goes one step further."""
        if not self.hints:
            print("There are no hints for this one; solution() shows the answer.")
            return
        if self.hints_given >= len(self.hints):
            print("That was the last hint. solution() shows a reference answer.")
            return
        self.hints_given += 1
        print(f"Hint {self.hints_given} of {len(self.hints)}: "
              f"{self.hints[self.hints_given - 1]}")

    def solution(self, force=False):
        """Show the reference answer, once you have checked an attempt."""
        if self.checks == 0 and not force:
            print("Give it a try and run the check first (hint() helps). "
                  "To see the answer anyway, call solution(force=True).")
            return
        if self.solution_text is not None:
            text = self.solution_text
        else:
            text = inspect.getsource(self.reference)
        print(inspect.cleandoc(text) if self.solution_text else text.rstrip())
