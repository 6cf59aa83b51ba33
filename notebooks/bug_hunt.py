"""The engine of lesson 09 (the bug hunt), its fixes, its hidden variants, and
the hunt board.

    from bug_hunt import ENGINE_CODE, MLP, board, walk_work, engine_with

* ``ENGINE_CODE`` is the buggy engine, written in the style of the blog post
  the series grew from: a ``Value`` class and a ``trace`` function.  It has
  seven bugs (``BUGS``): the post's four and three classic ones.  Lesson 09
  shows the same code in a cell (a test keeps the two identical).
* ``engine_with(bugs)`` builds a fresh copy of that engine with only the
  named bugs left in (``engine_with(())`` is the fixed engine).  The hunt
  board uses it to tell which bug an example exposes: an example exposes a
  bug when the fixed engine with just that bug put back behaves differently.
* ``VARIANTS`` holds, for the bugs that lesson 09's exercises ask about, other
  ways to get the same thing wrong.  The exercises (``exercises_09.py``) run
  the learner's check on each of them.
* ``walk_work(trace, root)`` counts how many times a graph walk reads a
  value's children: the cost of the walk, measured.
* ``MLP`` is the blog post's network, built with whichever Value class you
  give it.

Everything is deterministic: children are kept in tuples, and every random
source takes a seed.
"""

import html
import math
import random
import types

from autograd_helpers import trace as ref_trace
from exercise_kit import WalkTooLong, counting_walks, is_number
from lesson_data import TOY_XS, TOY_YS

# ---------------------------------------------------------------------------
# 1. The engine under suspicion
# ---------------------------------------------------------------------------

ENGINE_CODE = '''\
class Value:
    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)  # a tuple, so every run is the same
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        assert isinstance(k, (int, float)), "only a number can be an exponent"
        out = Value(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad = k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data >= 0 else 0, (self,), "ReLU")

        def _backward():
            if self.data >= 0:
                self.grad += out.grad
            else:
                self.grad = 0
        out._backward = _backward

    def exp(self):
        e = Value(math.exp(2 * self.data), (self,), "exp")

        def _backward():
            self.grad += e * e.grad
        e._backward = _backward
        return e

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        return self * other ** -1

    # numbers on the left: 2 + a, 2 * a, 2 - a
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return self - other

    def backward(self):
        order, visited = [], set()

        def visit(v):
            if v not in visited:
                visited.add(v)
                order.append(v)
                for child in v._prev:
                    visit(child)
        visit(self)
        self.grad = 1.0
        for v in order:
            v._backward()


def trace(root):
    """All values and edges of the graph that ends in root (for drawing)."""
    nodes, edges = set(), set()

    def walk(v):
        if v not in edges:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                walk(child)
    walk(root)
    return nodes, edges
'''

# The seven bugs, in the order of the hunt board.
BUGS = ("relu", "exp", "rsub", "walk", "pow", "order", "rtruediv")

BUG_NOTES = {
    "relu": ("relu", "relu() has no `return out`, and for a negative input its "
             "backward sets self.grad = 0 instead of leaving it alone"),
    "exp": ("exp", "exp() computes e^(2x), and its backward multiplies by the "
            "output Value, so the gradient becomes a Value"),
    "rsub": ("__rsub__", "__rsub__ computes self - other: 2 - a gives a - 2"),
    "walk": ("trace", "trace() tests `v not in edges` (edges hold pairs, so a "
             "value is never in it): a shared value is walked again for every "
             "path that reaches it"),
    "pow": ("__pow__", "__pow__'s backward uses = where += belongs: a value "
            "used again loses the gradient it already had"),
    "order": ("backward", "backward() puts each value in the order before its "
              "children (not after): a value can pass its gradient on before "
              "all of its gradient has arrived"),
    "rtruediv": ("__rtruediv__", "__rtruediv__ is missing: 2 / a raises "
                 "TypeError"),
}

HINTS = {
    "relu": [
        "It hides in an operation the post's network never uses.",
        "Try an activation function other than tanh, on both sides of 0.",
        "What does a.relu() give back? And for a negative a, what happens to "
        "a gradient that a already had (a.relu() + a)?",
    ],
    "exp": [
        "One operation computes the wrong value AND the wrong gradient.",
        "Compare a.exp() with math.exp: both the value and the type of a.grad.",
        "board.test(lambda a: a.exp(), 0.5)",
    ],
    "rsub": [
        "Put a plain number on the LEFT of an operator.",
        "2 - a, with a = 3: what should it be?",
        "board.test(lambda a: 2 - a, 3.0)",
    ],
    "walk": [
        "This one never changes a number: it costs time. Measure work, not values.",
        "Build a graph where one value is used by two others, many levels "
        "deep, and count the walk's work with walk_work.",
        "board.test(lambda a: doubled(a, 12), 0.5)",
    ],
    "pow": [
        "It only shows when a value is used twice, and one use is an operation "
        "the post's loss uses once per example.",
        "gradcheck a formula with a ** 2 and a second use of a.",
        "board.test(lambda a: a ** 2 + a, 1.5)",
    ],
    "order": [
        "A value used twice, by operations at different depths of the graph.",
        "gradcheck a formula where ONE value b = a * 2 is used both directly "
        "and through b.tanh().",
        "board.test(reused, 0.7), with reused from the lesson's section on "
        "gradient checks.",
    ],
    "rtruediv": [
        "Python asks the right operand when the left one is a plain number.",
        "Which operators does the class define with a number on the left?",
        "board.test(lambda a: 2 / a, 4.0)",
    ],
}


def _new_namespace():
    ns = {"math": math, "__name__": "bug_hunt_engine"}
    exec(ENGINE_CODE, ns)  # noqa: S102 -- our own fixed source text
    return ns


# The fixes.  They are written with type(self) so that they work in any copy
# of the engine.  Lesson 09 shows the same fixes in the post's style.

def _relu_fixed(self):
    out = type(self)(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():
        self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
    out._backward = _backward
    return out


def _exp_fixed(self):
    out = type(self)(math.exp(self.data), (self,), "exp")

    def _backward():
        self.grad += out.data * out.grad
    out._backward = _backward
    return out


def _rsub_fixed(self, other):
    return other + (-self)


def _pow_fixed(self, k):
    assert isinstance(k, (int, float)), "only a number can be an exponent"
    out = type(self)(self.data ** k, (self,), f"**{k}")

    def _backward():
        self.grad += k * self.data ** (k - 1) * out.grad
    out._backward = _backward
    return out


def _backward_fixed(self):
    order, visited = [], set()

    def visit(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                visit(child)
            order.append(v)
    visit(self)
    self.grad = 1.0
    for v in reversed(order):
        v._backward()


def _rtruediv_fixed(self, other):
    return other * self ** -1


def _trace_fixed(root):
    nodes, edges = set(), set()

    def walk(v):
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                walk(child)
    walk(root)
    return nodes, edges


FIXES = {
    "relu": ("relu", _relu_fixed),
    "exp": ("exp", _exp_fixed),
    "rsub": ("__rsub__", _rsub_fixed),
    "pow": ("__pow__", _pow_fixed),
    "order": ("backward", _backward_fixed),
    "rtruediv": ("__rtruediv__", _rtruediv_fixed),
    "walk": ("trace", _trace_fixed),
}

_ENGINES = {}


def engine_with(bugs=BUGS, replace=None):
    """A fresh copy of the engine with only ``bugs`` left in.

    Returns a namespace with ``.Value`` (the class), ``.trace`` and ``.bugs``.
    ``replace`` maps a method name (or "trace") to a function to use instead,
    for the hidden variants.  Copies without ``replace`` are cached.
    """
    bugs = frozenset(bugs)
    unknown = bugs - set(BUGS)
    if unknown:
        raise ValueError(f"unknown bugs {sorted(unknown)}; the bugs are {BUGS}")
    key = bugs
    if replace is None and key in _ENGINES:
        return _ENGINES[key]
    ns = _new_namespace()
    cls = ns["Value"]
    trace_fn = ns["trace"]
    changes = {FIXES[b][0]: FIXES[b][1] for b in BUGS if b not in bugs}
    changes.update(replace or {})
    for name, fn in changes.items():
        if name == "trace":
            trace_fn = fn
        elif fn is None:  # a variant that leaves the method out
            if name in vars(cls):
                delattr(cls, name)
        else:
            setattr(cls, name, fn)
    engine = types.SimpleNamespace(Value=cls, trace=trace_fn, bugs=bugs)
    if replace is None:
        _ENGINES[key] = engine
    return engine


def fixed_engine():
    return engine_with(())


def buggy_engine():
    return engine_with(BUGS)


# ---------------------------------------------------------------------------
# 2. The blog post's network, for any Value class
# ---------------------------------------------------------------------------

class Neuron:
    def __init__(self, nin, Value, rng=random):
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(rng.uniform(-1, 1))

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.tanh()

    def parameters(self):
        return self.w + [self.b]


class Layer:
    def __init__(self, nin, nout, Value, rng=random):
        self.neurons = [Neuron(nin, Value, rng) for _ in range(nout)]

    def __call__(self, x):
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP:
    """MLP(3, [4, 4, 1], Value, rng): tanh layers built with that Value class."""

    def __init__(self, nin, nouts, Value, rng=random):
        sizes = [nin] + list(nouts)
        self.layers = [Layer(sizes[i], sizes[i + 1], Value, rng)
                       for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


XS, YS = TOY_XS, TOY_YS  # the post's four examples (lesson 07's too)


def post_loss(model, xs=XS, ys=YS):
    """The post's loss: the sum of (target - prediction) ** 2, target first."""
    return sum((ygt - model(x)) ** 2 for x, ygt in zip(xs, ys))


def train(Value, steps=100, lr=0.05, seed=3):
    """Train a fresh MLP(3, [4, 4, 1]) the way the post does; return the
    losses (one per step, before that step's update) and the model."""
    model = MLP(3, [4, 4, 1], Value, random.Random(seed))
    losses = []
    for _ in range(steps):
        loss = post_loss(model)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data += -lr * p.grad
        losses.append(loss.data)
    return losses, model


# ---------------------------------------------------------------------------
# 3. Measuring a graph walk
# ---------------------------------------------------------------------------

def count_values(root):
    """How many different values the graph of ``root`` has."""
    return len(ref_trace(root)[0])


def walk_work(trace, root, limit=1_000_000):
    """How many times ``trace(root)`` reads a value's children.

    A walk that visits each value once reads each value's children once, so
    the answer equals count_values(root).  A walk that gets lost in the graph
    reads more; past ``limit`` reads it is stopped, and the answer is
    ``math.inf``.
    """
    with counting_walks(root, limit) as reads:
        try:
            trace(root)
        except (WalkTooLong, RecursionError):
            return math.inf
    return reads[0]


def doubled(a, levels):
    """a + a, then that plus itself, ``levels`` times: one chain, every value
    used twice by the next one."""
    for _ in range(levels):
        a = a + a
    return a


def diamonds(a, levels):
    """``levels`` diamonds in a row: each value feeds two different values,
    which meet again in the next one."""
    for _ in range(levels):
        a = a * 0.5 + a * 0.25
    return a


# ---------------------------------------------------------------------------
# 4. What an example exposes, and the hunt board
# ---------------------------------------------------------------------------

def run_example(engine, f, inputs):
    """What ``f`` does in ``engine``: a tuple (kind, value, grads, work)."""
    V = engine.Value
    try:
        xs = [V(float(x)) for x in inputs]
        out = f(*xs)
        if not isinstance(out, V):
            return ("result", repr(out), None, None)
        value = out.data
        # Only a walk that does far more work than it needs counts as
        # evidence: one extra read of a value used twice is no proof.
        runaway = walk_work(engine.trace, out, limit=200_000) > 2 * count_values(out)
        out.backward()
        grads = tuple(x.grad if is_number(x.grad) else "not a number"
                      for x in xs)
        return ("ok", value, grads, runaway)
    except Exception as e:  # noqa: BLE001 -- any failure is a behaviour
        return ("error", type(e).__name__, None, None)


def _same(a, b):
    if a[0] != b[0]:
        return False
    if a[0] != "ok":
        return a[1] == b[1]

    def close(x, y):
        if is_number(x) and is_number(y):
            return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)
        return x == y
    return (close(a[1], b[1]) and a[3] == b[3]
            and all(close(x, y) for x, y in zip(a[2], b[2])))


def exposed_bugs(f, *inputs):
    """The bugs an example exposes: those that, put back alone into the fixed
    engine, change what the example does (value, gradients, error, or the
    walk's work)."""
    right = run_example(fixed_engine(), f, inputs)
    return [b for b in BUGS
            if not _same(run_example(engine_with([b]), f, inputs), right)]


class HuntBoard:
    """Which of the seven bugs you have found, without naming the others.

    ``board.test(f, *inputs)`` runs your example on the engine and tells you
    whether it exposes a bug (and marks it found); ``board.hint(n)`` gives the
    next hint for bug n; ``board.widget()`` shows the board as a picture that
    updates as you find bugs.
    """

    def __init__(self):
        self.found = []
        self.hints_given = {b: 0 for b in BUGS}
        self._html = None

    def reset(self):
        self.found = []
        self.hints_given = {b: 0 for b in BUGS}
        self._update()

    def _slot(self, bug):
        return BUGS.index(bug) + 1

    def test(self, f, *inputs):
        """Run an example on the buggy engine; say what it exposes."""
        bugs = exposed_bugs(f, *inputs)
        if not bugs:
            print("The buggy engine does exactly what the fixed one does on "
                  "this example: no bug shows here.")
            return
        new = [b for b in bugs if b not in self.found]
        old = [b for b in bugs if b in self.found]
        self.found.extend(new)
        parts = []
        for b in new:
            parts.append(f"found bug {self._slot(b)} of {len(BUGS)}, in "
                         f"{BUG_NOTES[b][0]}!")
        if old:
            parts.append("it also shows " + ", ".join(
                f"bug {self._slot(b)} ({BUG_NOTES[b][0]})" for b in old)
                + ", already on the board")
        print("This example exposes something: " + "; ".join(parts)
              + f" Found {len(self.found)} of {len(BUGS)}.")
        self._update()

    def next_hint(self, n):
        """The text of the next hint for bug number n (1 to 7)."""
        if not (isinstance(n, int) and 1 <= n <= len(BUGS)):
            return f"The bugs are numbered 1 to {len(BUGS)}."
        bug = BUGS[n - 1]
        hints = HINTS[bug]
        if self.hints_given[bug] >= len(hints):
            return f"That was the last hint for bug {n}."
        self.hints_given[bug] += 1
        k = self.hints_given[bug]
        return f"Bug {n}, hint {k} of {len(hints)}: {hints[k - 1]}"

    def hint(self, n):
        """Print the next hint for bug number n (1 to 7)."""
        print(self.next_hint(n))

    def rows(self):
        for bug in BUGS:
            if bug in self.found:
                yield self._slot(bug), BUG_NOTES[bug][0], BUG_NOTES[bug][1]
            else:
                yield self._slot(bug), "?", "not found yet"

    def __repr__(self):
        lines = [f"Hunt board: {len(self.found)} of {len(BUGS)} bugs found"]
        for n, where, what in self.rows():
            lines.append(f"  {n}. {where}" + ("" if where == "?" else f": {what}"))
        return "\n".join(lines)

    def _table_html(self):
        cells = []
        for n, where, what in self.rows():
            colour = "#2ca02c" if where != "?" else "#999999"
            cells.append(
                f"<tr><td style='padding:2px 8px'><b>{n}</b></td>"
                f"<td style='padding:2px 8px;color:{colour}'><b>"
                f"{html.escape(where)}</b></td><td style='padding:2px 8px'>"
                f"{html.escape(what)}</td></tr>")
        found = len(self.found)
        bar = "&#9632;" * found + "&#9633;" * (len(BUGS) - found)
        return (f"<div><b>Hunt board</b>: {found} of {len(BUGS)} found "
                f"<span style='color:#2ca02c;font-size:120%'>{bar}</span>"
                f"<table>{''.join(cells)}</table></div>")

    def _update(self):
        if self._html is not None:
            self._html.value = self._table_html()

    def widget(self):
        """The board as a widget: an HTML table that updates by itself, and a
        hint ladder (choose a bug, press the button for its next hint)."""
        import ipywidgets as w

        class Board(w.VBox):
            def __repr__(self):
                return ("Hunt board: one row per bug, filled in as your "
                        "examples expose them (print(board) shows it as text), "
                        "and a button for the next hint on any bug.")
        self._html = w.HTML(self._table_html())
        which = w.Dropdown(options=[(f"bug {n}", n) for n in range(1, len(BUGS) + 1)],
                           value=1, description="hint for",
                           layout=w.Layout(width="160px"))
        button = w.Button(description="next hint", layout=w.Layout(width="100px"))
        shown = w.HTML("<i>Stuck? Choose a bug and press the button.</i>")

        def give(_=None):
            shown.value = html.escape(self.next_hint(which.value))
        button.on_click(give)
        view = Board(children=[self._html, w.HBox([which, button]), shown])
        view.html, view.which, view.button, view.shown = self._html, which, button, shown
        return view


board = HuntBoard()


# ---------------------------------------------------------------------------
# 5. Hidden variants of the post's four bugs, for the exercises
# ---------------------------------------------------------------------------

# relu

def _relu_post(self):
    out = type(self)(self.data if self.data >= 0 else 0, (self,), "ReLU")

    def _backward():
        if self.data >= 0:
            self.grad += out.grad
        else:
            self.grad = 0
    out._backward = _backward


def _relu_no_return(self):
    out = type(self)(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():
        self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
    out._backward = _backward


def _relu_sets_zero(self):
    out = type(self)(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():
        if self.data > 0:
            self.grad += out.grad
        else:
            self.grad = 0.0
    out._backward = _backward
    return out


def _relu_sets_positive(self):
    out = type(self)(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():
        if self.data > 0:
            self.grad = out.grad
    out._backward = _backward
    return out


def _relu_leaks(self):
    out = type(self)(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():
        self.grad += out.grad
    out._backward = _backward
    return out


def _relu_passes_negatives(self):
    out = type(self)(self.data, (self,), "ReLU")

    def _backward():
        self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
    out._backward = _backward
    return out


def _relu_no_children(self):
    return type(self)(self.data if self.data > 0 else 0.0, (), "ReLU")


# exp

def _exp_post(self):
    e = type(self)(math.exp(2 * self.data), (self,), "exp")

    def _backward():
        self.grad += e * e.grad
    e._backward = _backward
    return e


def _exp_doubled(self):
    out = type(self)(math.exp(2 * self.data), (self,), "exp")

    def _backward():
        self.grad += out.data * out.grad
    out._backward = _backward
    return out


def _exp_doubled_consistently(self):
    out = type(self)(math.exp(2 * self.data), (self,), "exp")

    def _backward():
        self.grad += 2 * out.data * out.grad
    out._backward = _backward
    return out


def _exp_grad_is_value(self):
    out = type(self)(math.exp(self.data), (self,), "exp")

    def _backward():
        self.grad += out * out.grad
    out._backward = _backward
    return out


def _exp_sets(self):
    out = type(self)(math.exp(self.data), (self,), "exp")

    def _backward():
        self.grad = out.data * out.grad
    out._backward = _backward
    return out


def _exp_tangent(self):
    # 1 + x: right value and right slope at x = 0, and nowhere else
    out = type(self)(1 + self.data, (self,), "exp")

    def _backward():
        self.grad += out.grad
    out._backward = _backward
    return out


# __rsub__

def _rsub_post(self, other):
    return self - other


def _rsub_adds(self, other):
    return self + other


def _rsub_forgets_number(self, other):
    return -self


def _rsub_no_gradient(self, other):
    return type(self)(other - self.data)


def _rsub_wrong_slope(self, other):
    out = type(self)(other - self.data, (self,), "-")

    def _backward():
        self.grad += out.grad
    out._backward = _backward
    return out


# trace

def _trace_per_parent(root):
    nodes, edges = set(), set()

    def walk(v):
        nodes.add(v)
        for child in dict.fromkeys(v._prev):  # each child once per parent
            edges.add((child, v))
            walk(child)
    walk(root)
    return nodes, edges


def _trace_skips_leaves(root):
    nodes, edges = set(), set()

    def walk(v):
        if v not in nodes:
            if v._prev:
                nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                walk(child)
    walk(root)
    return nodes, edges


def _trace_first_parent_only(root):
    nodes, edges = set(), set()

    def walk(v):
        nodes.add(v)
        for child in v._prev:
            if child not in nodes:
                edges.add((child, v))
                walk(child)
    walk(root)
    return nodes, edges


def _trace_post(root):
    nodes, edges = set(), set()

    def walk(v):
        if v not in edges:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                walk(child)
    walk(root)
    return nodes, edges


# (variant name, what it does, the replacement); the first is the lesson's bug.
VARIANTS = {
    "relu": [
        ("lesson", "the lesson's relu: no `return out`, and `self.grad = 0` "
         "for a negative input", _relu_post),
        ("no-return", "a relu whose backward is right but which has no "
         "`return out`", _relu_no_return),
        ("sets-zero", "a relu that returns out but, for a negative input, sets "
         "self.grad = 0 instead of leaving it alone (it shows only when the "
         "input is also used elsewhere)", _relu_sets_zero),
        ("sets-positive", "a relu that, for a positive input, sets self.grad = "
         "out.grad instead of adding it (it shows only when the input is also "
         "used elsewhere)", _relu_sets_positive),
        ("leaks", "a relu whose backward passes the gradient through for a "
         "negative input too (slope 1 instead of 0)", _relu_leaks),
        ("passes-negatives", "a relu whose forward gives x instead of 0 for a "
         "negative x", _relu_passes_negatives),
        ("forgets-input", "a relu whose output does not remember its input, so "
         "no gradient reaches it", _relu_no_children),
    ],
    "exp": [
        ("lesson", "the lesson's exp: e^(2x), and a gradient that is a Value",
         _exp_post),
        ("doubled", "an exp that computes e^(2x) but whose backward uses the "
         "output, as for e^x", _exp_doubled),
        ("doubled-consistently", "an exp that computes e^(2x) with the matching "
         "backward 2e^(2x): gradcheck passes, only the value is wrong",
         _exp_doubled_consistently),
        ("grad-is-value", "an exp with the right value whose backward multiplies "
         "by the output Value, so a.grad becomes a Value", _exp_grad_is_value),
        ("sets", "an exp that sets self.grad instead of adding to it (it shows "
         "only when the input is also used elsewhere)", _exp_sets),
        ("tangent", "an 'exp' that computes 1 + x: right value and right slope "
         "at x = 0, and nowhere else", _exp_tangent),
    ],
    "rsub": [
        ("lesson", "the lesson's __rsub__: self - other", _rsub_post),
        ("adds", "an __rsub__ that computes other + self", _rsub_adds),
        ("forgets-number", "an __rsub__ that returns -self, forgetting the "
         "number (right only when the number is 0)", _rsub_forgets_number),
        ("no-gradient", "an __rsub__ with the right value, as a new Value that "
         "does not remember self: no gradient reaches self", _rsub_no_gradient),
        ("wrong-slope", "an __rsub__ with the right value whose backward adds "
         "+out.grad instead of -out.grad", _rsub_wrong_slope),
        ("missing", "an engine with no __rsub__ at all (2 - a raises TypeError)",
         None),
    ],
    "walk": [
        ("lesson", "the lesson's trace: it tests `v not in edges`, so a shared "
         "value is walked once for every path to it", _trace_post),
        ("per-parent", "a trace that skips a child repeated within ONE parent "
         "(a + a) but walks a value again for each different parent: fine on "
         "a + a chains, exponential on diamonds", _trace_per_parent),
        ("skips-leaves", "a trace that does little work but leaves the inputs "
         "(values with no children) out of the nodes", _trace_skips_leaves),
        ("first-parent-only", "a trace that does little work but records only "
         "the first edge into a shared value", _trace_first_parent_only),
    ],
}

_METHOD = {"relu": "relu", "exp": "exp", "rsub": "__rsub__", "walk": "trace"}


def variant_engine(bug, name):
    """The fixed engine with one hidden variant of ``bug`` put in."""
    for vname, _, fn in VARIANTS[bug]:
        if vname == name:
            break
    else:
        raise ValueError(f"no variant {name!r} of {bug!r}")
    return engine_with((), replace={_METHOD[bug]: fn})


# ---------------------------------------------------------------------------
# 6. PyTorch's answers, stored (computed with torch 2.13, float64; the tests
#    recompute them when torch is installed -- learners never need it)
# ---------------------------------------------------------------------------

def probe(a, b):
    """The formula the lesson compares with PyTorch."""
    return (a * b).exp() * b + (a + b).tanh()


PROBE_INPUTS = (0.5, -1.5)
TORCH_PROBE = {"value": -1.4701439850672868,
               "grads": (1.482799085281309, 0.5380659797992798)}


# ---------------------------------------------------------------------------
# 7. Results that the fixes change
# ---------------------------------------------------------------------------

def reused(a):
    """b = 2a used twice, by operations at different depths: b * tanh(b)."""
    b = a * 2
    return b * b.tanh()


PROBES = [
    ("a.relu() + a   at a = -1.5", lambda a: a.relu() + a, (-1.5,)),
    ("a.exp()        at a = 0.5", lambda a: a.exp(), (0.5,)),
    ("2 - a          at a = 3", lambda a: 2 - a, (3.0,)),
    ("2 / a          at a = 4", lambda a: 2 / a, (4.0,)),
    ("a ** 2 + a     at a = 1.5", lambda a: a ** 2 + a, (1.5,)),
    ("reused(a)      at a = 0.7", reused, (0.7,)),
]


def describe(Value, f, inputs):
    """One line: the value and the gradients of f in this engine, or its error."""
    try:
        xs = [Value(float(x)) for x in inputs]
        out = f(*xs)
        if out is None:
            return "gives None"
        out.backward()
    except Exception as e:  # noqa: BLE001 -- the error is the result
        return f"raises {type(e).__name__}"
    grads = ", ".join(f"{x.grad:.4f}" if is_number(x.grad) else "a Value"
                      for x in xs)
    return f"value {out.data:.4f}, grad {grads}"


def results(Value, trace):
    """What the engine gives on each probe, on the walk, and in training."""
    rows = {name: describe(Value, f, inputs) for name, f, inputs in PROBES}
    work = walk_work(trace, doubled(Value(0.5), 12))
    rows["trace(doubled(a, 12))"] = f"{work:,} reads of children"
    losses, _ = train(Value)
    rows["training loss, first step"] = f"{losses[0]:.6f}"
    rows["training loss, last step"] = f"{losses[-1]:.6f}"
    return rows


def where_fixes_change_results():
    """Fix the bugs one at a time (in board order): which results change?"""
    engine = engine_with(BUGS)
    current = results(engine.Value, engine.trace)
    left = list(BUGS)
    changes = []
    for bug in BUGS:
        left.remove(bug)
        engine = engine_with(left)
        new = results(engine.Value, engine.trace)
        changed = [name for name in new if new[name] != current[name]]
        changes.append((bug, changed))
        current = new
    return changes
