"""The finished engine of Backprop from Scratch, and the tools to see and check it.

Read it beside the lessons, top to bottom:

1. The engine (lessons 02-06): ``Value``, ``topological_order``, ``gc_paused``
   and the network classes ``Module``, ``Neuron``, ``Layer``, ``MLP``.  Stuck
   on your own engine?  ``from autograd_helpers import Value`` and go on.
2. Drawing (lesson 02 on): ``trace``, ``draw_dot`` and ``graph_text``.  They
   draw *any* object that looks like a Value (``data``, ``grad``, ``_prev``,
   ``_op``, optional ``label``), so your own class draws too.
3. Checking (lesson 05 on): ``numerical_grad`` (central differences) and
   ``gradcheck``.

Everything is deterministic: children are kept in order (tuples), and every
random source takes a seed.  The lessons' plots, widgets, data sets and
exercise checks live beside the lessons, in ``notebooks/``.
"""

import contextlib
import gc
import math
import numbers
import operator
import random

__all__ = ["Value", "Module", "Neuron", "Layer", "MLP", "gc_paused", "topological_order", "trace",
           "draw_dot", "DrawnGraph", "GraphTooLarge", "graph_text", "numerical_grad", "gradcheck",
           "GradcheckReport", "relative_error", "Tensor"]


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
    speed (lesson 8 measures them): ``__slots__`` (six fields and no
    per-object dictionary: cheaper to create, smaller), and ``_backward(grad)``
    takes the output's gradient as an argument instead of reading
    ``out.grad``, so the closure never refers to its own output: no reference
    cycle (out -> closure -> out), and Python frees a finished graph at once
    instead of leaving it for the slow cyclic garbage collector.
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

    Lesson 4's depth-first walk ("visit your children, then add yourself"),
    with an explicit stack of (value, children still to visit) instead of
    recursion, so a chain of a million values never hits Python's recursion
    limit.  ``children(v)`` gives a value's children (default: ``_prev``).
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

    Safe with this engine only: its graphs hold no reference cycles, so each
    graph is freed the moment it is dropped, and the collector would only
    walk every live object again and again (lesson 8 measures it).  With
    closures that refer to their own output (lesson 4's engine, micrograd's),
    pausing it would let every old graph pile up in memory.
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
        for i, j, n in ((i, j, n) for i, l in enumerate(self.layers, 1) for j, n in enumerate(l.neurons, 1)):
            for k, p in enumerate(n.parameters(), 1):  # names by place, for draw_dot
                p.label = f"L{i}.N{j}." + (f"w{k}" if k <= len(n.w) else "b")

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
    """v's children in a fixed order: a tuple or list as it is, a set sorted by what they show."""
    prev = getattr(v, "_prev", ())
    return tuple(prev) if isinstance(prev, (tuple, list)) else tuple(sorted(prev, key=lambda c: (
        str(getattr(c, "label", "")), str(getattr(c, "_op", "")), float(c.data))))


def trace(root):
    """``(nodes, edges)`` of root's graph: values in the order a depth-first walk from the root meets
    them (the same every run), and ``(child, parent)`` pairs, two for ``a + a``."""
    nodes, edges, seen, stack = [], [], set(), [root]  # ids: == may be redefined
    while stack:
        v = stack.pop()
        if id(v) not in seen:
            seen.add(id(v))
            nodes.append(v)
            kids = _children(v)
            edges.extend((c, v) for c in kids)
            stack.extend(c for c in reversed(kids) if id(c) not in seen)
    return nodes, edges


_NOT_INSTALLED_SAID = False
INSTALL_GRAPHVIZ = (
    "graphviz's `dot` program is not installed, so graphs are shown as text. Install it with "
    "`sudo apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS) or "
    "`conda install -c conda-forge graphviz`, then restart the kernel.")


def _say_install_once():
    global _NOT_INSTALLED_SAID
    if not _NOT_INSTALLED_SAID:
        _NOT_INSTALLED_SAID = True
        print(INSTALL_GRAPHVIZ)


def _names(nodes):
    """A readable name per value: its label, or v0, v1, ... by position."""
    return {id(v): (getattr(v, "label", "") or f"v{i}") for i, v in enumerate(nodes)}


def _formula(v, names):
    """How v was made: 'd = a * b', 'y = x**2', 'o = tanh(n)', or 'a' for a leaf."""
    name, op = names[id(v)], getattr(v, "_op", "")
    kids = [names[id(c)] for c in _children(v)]
    if op in ("+", "*", "@") and len(kids) == 2:
        return f"{name} = {kids[0]} {op} {kids[1]}"
    if op and op.startswith("**") and len(kids) == 1:
        return f"{name} = {kids[0]}{op}"
    return f"{name} = {op}({', '.join(kids)})" if op else name


def _show(x):
    """A number with 4 decimals; an array (a Tensor's data or grad) by its shape."""
    return "shape " + "×".join(map(str, x.shape)) if getattr(x, "ndim", 0) else f"{x:.4f}" if (
        x is not None) else "None"


def graph_text(root, show_grad=True):
    """The graph as plain text, one line per value, children before parents."""
    nodes = trace(root)[0]
    names, pos = _names(nodes), {id(v): i for i, v in enumerate(nodes)}
    # Sort positions, not the values: a class that redefines == is unhashable.
    rows = [(_formula(nodes[i], names), nodes[i]) for i in
            topological_order(0, lambda i: [pos[id(c)] for c in _children(nodes[i])])]
    width = max(len(formula) for formula, _ in rows)
    return "\n".join(f"{formula:<{width}}  data {_show(v.data):>10}"
                     + (f"  grad {_show(v.grad):>10}" if show_grad else "") for formula, v in rows)


class DrawnGraph:
    """What draw_dot returns: a picture in Jupyter (``.dot`` is the graphviz.Digraph,
    ``.source`` its DOT text), text elsewhere.  Without graphviz's ``dot`` program, one
    line says how to install it and the graph shows as text, so the lesson goes on."""

    def __init__(self, dot, text, fmt):
        self.dot, self.text, self.format = dot, text, fmt

    source = property(lambda self: self.dot.source, doc="The DOT text.")

    def __repr__(self):
        return self.text

    def pipe(self, fmt=None):  # the picture as bytes (needs graphviz's dot program)
        return self.dot.pipe(format=fmt or self.format)

    def _repr_mimebundle_(self, include=None, exclude=None):
        import base64
        import graphviz
        try:
            picture = self.pipe()
        except graphviz.ExecutableNotFound:
            _say_install_once()
            return {"text/plain": self.text}
        if self.format == "svg":
            return {"image/svg+xml": picture.decode("utf-8"), "text/plain": self.text}
        return {"image/png": base64.b64encode(picture).decode("ascii"), "text/plain": self.text}


def _neurons(nodes):
    """{position in nodes: "L1.N2"}: the neuron (ending in an activation, or a weighted sum
    no activation takes) of every value whose users all belong to it, for two neurons or more."""
    acts, pos = ("tanh", "relu", "ReLU", "sigmoid"), {id(v): i for i, v in enumerate(nodes)}
    ops, owner = [str(getattr(v, "_op", "")) for v in nodes], {}
    kids = [[pos[id(c)] for c in _children(v)] for v in nodes]
    users = [[u for u, cs in enumerate(kids) if i in cs] for i in range(len(nodes))]
    order = topological_order(0, kids.__getitem__)  # children first
    for i in reversed(order):  # users first
        up = {owner.get(u) for u in users[i]}
        if ops[i] in acts or ops[i] == "w·x+b" and [ops[u] in acts for u in users[i]] != [True]:
            owner[i] = i
        elif len(up) == 1 and None not in up:
            owner[i] = up.pop()
    neurons, layer, names = sorted({a for i, a in owner.items() if not ops[i]}), [0] * len(nodes), {}
    for i in order:  # a neuron is one layer above the neurons it takes (with a leaf)
        layer[i] = max((layer[c] for c in kids[i]), default=0) + (i in neurons)
    for a in neurons:  # numbered in the order the walk from the root meets them
        names[a] = f"L{layer[a]}.N{sum(layer[b] == layer[a] for b in names) + 1}"
    return {i: names[a] for i, a in owner.items() if a in names} if len(names) > 1 else {}


def _digraph(nodes, edges, rankdir, merge, fmt, show_grad, highlight, width):
    """draw_dot's graphviz.Digraph; ``merge`` writes operations in their output's box."""
    import graphviz
    size = {"size": f"{width / 96:.2f},1000"} if width else {}  # wider: shrunk to fit (96 px/in)
    dot = graphviz.Digraph(format=fmt, edge_attr={"arrowsize": "0.6"}, graph_attr=dict(
                               rankdir=rankdir, nodesep="0.12", ranksep="0.16", **size),
                           node_attr={"fontname": "Helvetica", "fontsize": "11", "width": "0.3",
                                      "height": "0.25", "margin": "0.04,0.02"})
    home, index, groups = _neurons(nodes), {id(v): i for i, v in enumerate(nodes)}, {}
    for i, v in enumerate(nodes):
        where, label, op = home.get(i), str(getattr(v, "label", "") or ""), getattr(v, "_op", "")
        if where and where not in groups:  # a frame per neuron, named by place
            groups[where] = graphviz.Digraph(f"cluster_{where.replace('.', '_')}", graph_attr=dict(
                label=where, fontname="Helvetica", fontsize="11", labeljust="l", style="rounded"))
        label = label[len(where) + 1:] if where and label.startswith(where + ".") else label  # framed
        label = (f"{label} = {op}" if label else str(op)) if merge and op else label
        label = "".join("\\" + ch if ch in "\\{}|<>\"" else ch for ch in label)  # record syntax
        fields = [label] * bool(label) + [f"data {_show(v.data)}"] + [f"grad {_show(v.grad)}"] * show_grad
        # "a | b" puts b below a in a left-to-right graph, "{ a | b }" in a top-down one.
        text = " | ".join(fields) if rankdir in ("LR", "RL") else "{ " + " | ".join(fields) + " }"
        groups.get(where, dot).node(f"n{i}", label=text, shape="record", **(
            {"style": "filled", "fillcolor": highlight[id(v)]} if id(v) in highlight else {}))
        if op and not merge:
            groups.get(where, dot).node(f"n{i}op", label=str(op), shape="ellipse")
            groups.get(where, dot).edge(f"n{i}op", f"n{i}")
    for g in groups.values():
        dot.subgraph(g)
    for child, parent in edges:
        dot.edge(f"n{index[id(child)]}", f"n{index[id(parent)]}{'' if merge else 'op'}")
    return dot


def draw_dot(root, rankdir="auto", format="svg", max_nodes=500, show_grad=True,
             highlight=None, width=900):
    """Draw the computation graph that ends in ``root``.

    Each value is a box with its label, data and grad; each operation is a
    small oval between its inputs and its output.  In a network, a frame
    names each neuron by place: L1.N2 is neuron 2 of layer 1.

    rankdir:   "auto": left to right ("LR") unless that shrinks the text below 11 px;
               then top to bottom ("TB") or operations inside the boxes.  format: "svg" or "png".
    max_nodes: bigger graphs are refused (slow, and unreadable); None draws anyway.
    show_grad: False leaves the grad row out.  highlight: {value: colour} (a list: yellow).
    width:     a wider picture is shrunk to this many pixels (900 fits a notebook column)."""
    if rankdir not in ("auto", "LR", "TB", "RL", "BT"):
        raise ValueError(f"rankdir must be 'auto', 'LR', 'TB', 'RL' or 'BT', not {rankdir!r}")
    if format not in ("svg", "png"):
        raise ValueError(f"format must be 'svg' or 'png', not {format!r}")
    nodes, edges = trace(root)
    if max_nodes is not None and len(nodes) > max_nodes:
        raise GraphTooLarge(
            f"This graph has {len(nodes):,} values, more than max_nodes={max_nodes}: graphviz would "
            "be slow and the picture unreadable. Draw a smaller part of it (for example one "
            "neuron's output), or call draw_dot(root, max_nodes=None) to draw it anyway.")
    pairs = highlight.items() if isinstance(highlight, dict) else [(v, "yellow") for v in highlight or ()]
    rest, best = (format, show_grad, {id(v): c for v, c in pairs}, width), (-1, None)
    for way in [("LR", 0), ("TB", 0), ("LR", 1), ("TB", 1)] if rankdir == "auto" else [(rankdir, 0)]:
        dot = _digraph(nodes, edges, *way, *rest)
        try:  # how far graphviz shrinks the layout to fit `width`: 1.0 is not at all
            scale = float(dot.pipe(format="plain").split()[1]) if rankdir == "auto" and width else 1
        except Exception:  # no dot program (or it failed): the first layout will do
            scale = 1
        best = max(best, (scale, dot), key=lambda pair: pair[0])
        if scale >= 0.75:  # text of 11 px or more
            break
    return DrawnGraph(best[1], graph_text(root, show_grad), format)


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
        self.names, self.analytic, self.numeric = names, analytic, numeric
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
    names = [f"x{i}" for i in range(len(xs))] if names is None else list(names)
    return GradcheckReport(names, analytic, numeric, tol)


def __getattr__(name):  # `from autograd_helpers import Tensor`, importing numpy only then
    if name == "Tensor":
        from autograd_tensor import Tensor
        return Tensor
    raise AttributeError(f"module 'autograd_helpers' has no attribute {name!r}")
