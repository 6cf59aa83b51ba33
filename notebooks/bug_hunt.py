"""The engine of lesson 09 (the bug hunt), its fixes, its hidden variants, and
the hunt board.

    from bug_hunt import ENGINE_CODE, MLP, board, walk_work, engine_with

* ``ENGINE_CODE`` is the buggy engine, written in the style of the blog post
  the series grew from: a ``Value`` class and a ``trace`` function.  It has
  seven bugs (``BUGS``): the post's four and three classic ones.  Lesson 09
  shows the same code in a cell (a test keeps the two identical).
* ``engine_with(bugs)`` builds a fresh copy of that engine with only the
  named bugs left in (``engine_with(())`` is the fixed engine): the buggy
  source with the other bugs' fixes (``FIX_CODE``) put in as text.
* ``judge(f, *inputs)`` (what ``board.test`` prints) compares what an example
  does -- its results, every input's gradient, errors, and the graph walk's
  extra work -- between the engine under suspicion and the fixed one.  A bug
  is behind a difference when fixing that bug alone changes what differs.
* ``VARIANTS`` holds, for the bugs that lesson 09's exercises ask about, other
  ways to get the same thing wrong (as source text).  The exercises
  (``exercises_09.py``) run the learner's check on each of them.
* ``walk_work(trace, root)`` counts how many times a graph walk reads a
  value's children: the cost of the walk, measured.
* ``MLP`` is the blog post's network, built with whichever Value class you
  give it.

Everything is deterministic: children are kept in tuples, and every random
source takes a seed.
"""

import ast
import contextlib
import html
import io
import inspect
import math
import random
import re
import types

from autograd_helpers import trace as ref_trace
from exercise_kit import WalkTooLong, Wrong, counting_walks, is_number, time_limit
from exercise_kit import describe as what_is
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

TOOLS = {
    "relu": "comparing values; gradcheck of a.relu() + a at a negative a",
    "exp": "comparing with PyTorch's stored numbers and with math.exp",
    "rsub": "comparing values with an engine you trust",
    "walk": "walk_work, which counts the walk's reads of children",
    "pow": "gradcheck of a ** 2 + a (a value reused on purpose)",
    "order": "gradcheck with a value reused at two depths (reused)",
    "rtruediv": "comparing values: 2 / a raises TypeError",
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


# The fixes, as source text in the engine's own style.  engine_with() puts
# them into a copy of ENGINE_CODE in place of the buggy method (or function).

FIX_CODE = {
    "relu": """\
def relu(self):
    out = Value(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():
        self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
    out._backward = _backward
    return out
""",
    "exp": """\
def exp(self):
    out = Value(math.exp(self.data), (self,), "exp")

    def _backward():
        self.grad += out.data * out.grad
    out._backward = _backward
    return out
""",
    "rsub": """\
def __rsub__(self, other):
    return other + (-self)
""",
    "pow": """\
def __pow__(self, k):
    assert isinstance(k, (int, float)), "only a number can be an exponent"
    out = Value(self.data ** k, (self,), f"**{k}")

    def _backward():
        self.grad += k * self.data ** (k - 1) * out.grad
    out._backward = _backward
    return out
""",
    "order": """\
def backward(self):
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
""",
    "rtruediv": """\
def __rtruediv__(self, other):
    return other * self ** -1
""",
    "walk": """\
def trace(root):
    nodes, edges = set(), set()

    def walk(v):
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                walk(child)
    walk(root)
    return nodes, edges
""",
}

# where each bug lives: a method of Value, or the function trace
WHERE = {"relu": "relu", "exp": "exp", "rsub": "__rsub__", "pow": "__pow__",
         "order": "backward", "rtruediv": "__rtruediv__", "walk": "trace"}


def splice(code, name, text):
    """``code`` with the method ``name`` of its class Value (or its function
    ``trace``) replaced by ``text`` (added when missing, removed for None)."""
    lines = code.splitlines()
    tree = ast.parse(code)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    body, indent = (tree.body, "") if name == "trace" else (cls.body, "    ")
    old = next((n for n in body if isinstance(n, ast.FunctionDef)
                and n.name == name), None)
    new = [] if text is None else [
        (indent + line if line else "") for line in text.rstrip("\n").split("\n")]
    if old is not None:
        lines[old.lineno - 1:old.end_lineno] = new
    elif new:
        at = cls.end_lineno if name != "trace" else len(lines)
        lines[at:at] = [""] + new
    return "\n".join(lines) + "\n"


def engine_code(bugs=BUGS, replace=None):
    """The source of the engine with only ``bugs`` left in, and each method
    named in ``replace`` ({name: source text, or None to leave it out})
    replaced."""
    bugs = frozenset(bugs)
    unknown = bugs - set(BUGS)
    if unknown:
        raise ValueError(f"unknown bugs {sorted(unknown)}; the bugs are {BUGS}")
    code = ENGINE_CODE
    for bug in BUGS:
        if bug not in bugs:
            code = splice(code, WHERE[bug], FIX_CODE[bug])
    for name, text in (replace or {}).items():
        code = splice(code, name, text)
    return code


def build(code, **extra):
    """Run engine source in a fresh namespace; return that namespace."""
    ns = {"math": math, "__name__": "engine", **extra}
    exec(code, ns)  # noqa: S102 -- our own source text
    return ns


def engine_with(bugs=BUGS, replace=None):
    """A fresh copy of the engine with only ``bugs`` left in.

    Returns a namespace with ``.Value`` (the class), ``.trace`` and ``.bugs``.
    ``replace`` maps a method name (or "trace") to source text to use instead
    (None leaves it out), for the hidden variants.  Each call builds new
    classes from the source, so nothing done to one copy (a method replaced)
    reaches another.
    """
    ns = build(engine_code(bugs, replace))
    return types.SimpleNamespace(Value=ns["Value"], trace=ns["trace"],
                                 bugs=frozenset(bugs))


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

WORK_LIMIT = 100_000  # reads of children; past it a walk counts as endless
EXAMPLE_SECONDS = 30  # for all the runs of one example on the board


def _number(x):
    """A result or gradient as it can be compared: a float, or what it is."""
    if is_number(x):
        try:
            return float(x)
        except OverflowError:
            return f"not a number (an integer with {len(str(abs(int(x))))} digits)"
    return f"not a number ({what_is(x)})"


def _unreadable(o, V):
    """Why the board cannot compare the result ``o`` (None when it can): a
    Value of another class than the board's (mixed in by the example), or a
    container it cannot look inside.  Numbers, bools, strings and the board's
    own Values it compares."""
    if isinstance(o, V):
        inner = o.data
        if hasattr(inner, "data") and hasattr(inner, "_prev"):
            return "alien", f"a Value whose data is {what_is(inner)}"
        return None
    if hasattr(o, "data") and hasattr(o, "_prev"):
        return "alien", what_is(o)
    if o is None or isinstance(o, (str, bool)) or is_number(o):
        return None
    return "opaque", what_is(o)


def _error(e):
    # memory addresses differ between engines; they are not a difference
    return (type(e).__name__, re.sub(r" at 0x[0-9a-fA-F]+", "", str(e)))


def _close(x, y):
    """Equal up to a float tolerance (NaN equals NaN, inf equals inf)."""
    if isinstance(x, tuple) and isinstance(y, tuple):
        return len(x) == len(y) and all(map(_close, x, y))
    if isinstance(x, float) and isinstance(y, float):
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)
    return x == y


class Behaviour:
    """What an example does in one engine: its results (numbers, or what
    they are), every input's gradient, the error it raised (and when), and
    the graph walk's work (reads of children, and the graph's values)."""

    PARTS = ("results", "grads", "error", "extra reads")

    def __init__(self, results=(), grads=(), error=None, when=None, work=None,
                 backward=True, unreadable=None):
        self.results, self.grads = tuple(results), tuple(grads)
        self.error, self.when, self.work = error, when, work
        self.backward = backward  # False: the example returned no Value to run it on
        self.unreadable = unreadable  # (kind, what) of a result it cannot compare

    def part(self, name):
        if name == "error":
            return (self.when,) + self.error if self.error else None
        if name == "extra reads":  # beyond once per value: the walk's waste
            return None if self.work is None else float(self.work[0] - self.work[1])
        return getattr(self, name)

    def differing(self, other):
        """The parts in which the two behaviours differ."""
        return [p for p in self.PARTS if not _close(self.part(p), other.part(p))]

    def same_as(self, other):
        return not self.differing(other)

    def describe(self, names):
        """One line in the learner's words, e.g. "value 1.0000, a.grad -1.0000"."""
        def show(x):
            return f"{x:.6g}" if isinstance(x, float) else x
        if self.error and self.when == "f":
            return f"your function raises {self.error[0]}: {self.error[1]}"
        label = "value" if len(self.results) == 1 else "values"
        parts = [f"{label} " + ", ".join(str(show(r)) for r in self.results)]
        if self.error:
            parts.append(f"backward() raises {self.error[0]}: {self.error[1]}")
        else:
            parts += [f"{n}.grad {show(g)}" for n, g in zip(names, self.grads)]
        return ", ".join(parts)

    def describe_work(self):
        reads, values = self.work
        if reads == math.inf:
            return (f"trace read children more than {WORK_LIMIT:,} times (then "
                    f"it was stopped) for a graph of {values} values")
        return f"trace read children {reads:,} times for a graph of {values} values"


def run_example(engine, f, inputs):
    """What ``f(*inputs)`` does in ``engine``: a Behaviour.  The inputs become
    Values of that engine; ``f`` may return a Value, a number, or a list or
    tuple of them (backward() then runs on each Value in turn)."""
    V = engine.Value
    xs = [V(float(x)) for x in inputs]
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # print once, not 16 times
            out = f(*xs)
    except Exception as e:  # noqa: BLE001 -- an error is what the example does
        return Behaviour(error=_error(e), when="f")
    outs = tuple(out) if isinstance(out, (list, tuple)) else (out,)
    values = [o for o in outs if isinstance(o, V)]
    results = [_number(o.data) if isinstance(o, V) else
               (_number(o) if is_number(o) else what_is(o)) for o in outs]
    unreadable = next(filter(None, (_unreadable(o, V) for o in outs)), None)
    work = None
    if values:
        try:
            reads = sum(walk_work(engine.trace, v, WORK_LIMIT) for v in values)
            work = (reads, sum(count_values(v) for v in values))
        except Exception:  # noqa: BLE001 -- a graph the example broke by hand
            work = None
    try:
        for v in values:
            v.backward()
    except Exception as e:  # noqa: BLE001
        return Behaviour(results, error=_error(e), when="backward", work=work,
                         unreadable=unreadable)
    return Behaviour(results, [_number(x.grad) for x in xs], work=work,
                     backward=bool(values), unreadable=unreadable)


def _input_names(f, n):
    try:
        params = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):
        params = []
    names = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY,
                                                  p.POSITIONAL_OR_KEYWORD)]
    return names[:n] if len(names) >= n else [f"input {i + 1}" for i in range(n)]


def _fits_a_float(x):
    try:
        float(x)
    except OverflowError:
        return False
    return True


NO_BACKWARD = ("(Your function returns no Value, so the board computed no "
               "gradients: the ones shown are what your function itself left in "
               "them. Return the Value to compare gradients too.)")


def _example_problem(f, inputs):
    """Why board.test(f, *inputs) cannot run at all, in the learner's words;
    None when it can."""
    if not callable(f):
        return (f"board.test needs your function first, e.g. board.test(lambda a: "
                f"2 - a, 3.0); it got {what_is(f)}.")
    if not inputs:
        return ("board.test needs the inputs after the function, e.g. "
                "board.test(lambda a: 2 - a, 3.0).")
    bad = [x for x in inputs if not is_number(x)]
    if bad:
        return (f"Your example is wrong: the inputs after your function are "
                f"plain numbers (the board "
                f"makes them Values); it got {what_is(bad[0])}.")
    huge = [x for x in inputs if not _fits_a_float(x)]
    if huge:
        return (f"Your example is wrong: the inputs after your function are "
                f"ordinary numbers; it got an "
                f"integer with {len(str(abs(int(huge[0]))))} digits, too large for "
                "a float.")
    try:
        inspect.signature(f).bind(*inputs)
    except TypeError:
        params = list(inspect.signature(f).parameters)
        n = len(inputs)
        return (f"Your example is wrong: your function takes {len(params)} "
                f"input{'s' * (len(params) != 1)} ({', '.join(params)}), but you "
                f"gave {n} number{'s' * (n != 1)}. Give one number per input.")
    except ValueError:  # no signature to read (a builtin): just run it
        pass
    return None


def _fails_message(right):
    kind, text = right.error
    why = ""
    if kind == "AttributeError" and "'Value' object has no attribute" in text:
        name = text.split("attribute")[-1].strip(" '")
        why = f" It calls .{name}, a method this engine does not have."
    elif kind == "AttributeError" and "'NoneType'" in text:
        why = " Something in it is None where a Value belongs."
    elif kind == "TypeError" and "Value" in text and ("real number" in text
                                                      or "must be" in text):
        why = (" It hands a Value to a function that wants a plain number "
               "(math.exp(a)? use a.exp(); math.tanh(a)? use a.tanh()).")
    elif kind == "RecursionError":
        why = (" Its graph is too deep for this engine's recursive walks: use "
               "fewer levels.")
    elif kind == "TypeError" and "argument" in text:
        why = " It calls something with arguments that it does not take."
    lead = ("Your example is too big for this engine" if kind == "RecursionError"
            else "Your example is wrong")
    where = "while running" if right.when == "f" else "in backward() after running"
    return (f"{lead}: it fails on a correct engine too, so it cannot expose a "
            f"bug. {where.capitalize()} it, a correct engine raises {kind}: "
            f"{text}.{why}")


class Verdict:
    """What the board concluded about one example.

    ``kind`` is one of "example-wrong" (it cannot run, or fails on a correct
    engine too), "no-difference" (the engine does what a correct one does,
    and no bug alone would change that), "cancel" (the engine does what a
    correct one does although some bug, alone, would show: the bugs cancel),
    "bugs" (``bugs`` are behind the difference: fixing any one of them alone
    changes what the example does) and "together" (a difference that no
    single fix changes)."""

    def __init__(self, kind, bugs=(), suspect=None, right=None, message=""):
        self.kind, self.bugs = kind, list(bugs)
        self.suspect, self.right, self.message = suspect, right, message

    def __repr__(self):
        return f"Verdict({self.kind!r}, bugs={self.bugs})"


def judge(f, *inputs):
    """Compare the example between the engine under suspicion (all seven bugs)
    and a correct engine, and find the bugs behind any difference: those whose
    fix, alone, changes a part of what the example does in which the two
    engines differ.  Every engine is a fresh copy, so nothing an example does
    to one reaches another."""
    problem = _example_problem(f, inputs)
    if problem:
        return Verdict("example-wrong", message=problem)
    right = run_example(engine_with(()), f, inputs)
    if right.error:
        return Verdict("example-wrong", right=right, message=_fails_message(right))
    if "None" in right.results:
        return Verdict("example-wrong", right=right, message=(
            "Your example is wrong: it returns None on a correct engine, so "
            "there is nothing to compare. Finish it with `return` and the result."))
    if right.unreadable:
        kind, what = right.unreadable
        if kind == "alien":  # a Value of another class was mixed in
            return Verdict("example-wrong", right=right, message=(
                f"Your example is wrong: on a correct engine its result is {what}, "
                "not a number: it mixes in values of another class (the notebook's "
                "Value, or RefValue). Build it from the inputs the board gives you, "
                "with plain numbers for constants: 2 - a, not Value(2.0) - a."))
        return Verdict("example-wrong", right=right, message=(
            f"Your example is wrong: it returns {what}, which the board cannot "
            "look inside. Return a Value (or a number), or a list or tuple of "
            "them: the board compares those."))
    suspect = run_example(engine_with(BUGS), f, inputs)
    names = _input_names(f, len(inputs))
    differ = suspect.differing(right)
    # the parts that agree, though a bug alone would change them: bugs cancel
    agree = [p for p in Behaviour.PARTS if p not in differ]
    alone = [run_example(engine_with([b]), f, inputs) for b in BUGS]
    cancel = [p for p in agree
              if any(not _close(one.part(p), right.part(p)) for one in alone)]
    note = "" if right.backward else "\n" + NO_BACKWARD
    if not differ:
        if cancel:
            return Verdict("cancel", suspect=suspect, right=right, message=(
                "The engine under suspicion does exactly what a correct engine "
                "does here (" + right.describe(names) + "): no bug shows. Not "
                "because no bug acts here: a bug alone would change this "
                "example, but the bugs cancel each other out. Try a variation." + note))
        return Verdict("no-difference", suspect=suspect, right=right, message=(
            "The engine under suspicion does exactly what a correct engine "
            "does here (" + right.describe(names) + "): no bug shows. The "
            "bugs do not reach this example." + note))
    behind = []
    for b in BUGS:
        fixed = run_example(engine_with([c for c in BUGS if c != b]), f, inputs)
        if any(not _close(fixed.part(p), suspect.part(p)) for p in differ):
            behind.append(b)
    lines = [f"The engine under suspicion: {suspect.describe(names)}",
             f"A correct engine:          {right.describe(names)}"]
    if "extra reads" in differ and suspect.work and right.work:
        lines[0] += f"; {suspect.describe_work()}"
        lines[1] += f"; {right.describe_work()} (once per value)"
    if cancel:
        words = {"results": "values", "grads": "gradients", "error": "errors",
                 "extra reads": "walk's work"}
        lines.append(f"(The {' and '.join(words[p] for p in cancel)} agree only "
                     "because bugs cancel there: a bug alone would change them.)")
    if not right.backward:
        lines.append(NO_BACKWARD)
    if not behind:
        lines.append("They differ, but fixing any single bug alone leaves "
                     "the difference as it is: two or more bugs act together "
                     "here. Simplify the example to catch them one at a time.")
        return Verdict("together", suspect=suspect, right=right,
                       message="\n".join(lines))
    return Verdict("bugs", behind, suspect, right, "\n".join(lines))


class HuntBoard:
    """Which of the seven bugs you have found, without naming the others.

    ``board.test(f, *inputs)`` runs your example on the engine under
    suspicion and on a correct engine, shows what differs, and marks the bugs
    behind the difference as found; ``board.hint(n)`` gives the next hint for
    bug n; ``board.widget()`` shows the board as a picture that updates as
    you find bugs; ``board.answers()`` gives all seven away, once you confirm.
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
        """Run an example on the engine under suspicion and on a correct one;
        say what differs and which bugs are behind it (and mark them found)."""
        try:
            with time_limit(EXAMPLE_SECONDS, "your example, run on up to 16 copies of the engine,"):
                verdict = judge(f, *inputs)
        except Wrong as w:
            print(w.message)
            return
        if verdict.kind != "bugs":
            print(verdict.message)
            return
        new = [b for b in verdict.bugs if b not in self.found]
        self.found.extend(new)
        parts = [f"found bug {self._slot(b)} of {len(BUGS)}, in {BUG_NOTES[b][0]}"
                 if b in new else
                 f"bug {self._slot(b)} ({BUG_NOTES[b][0]}), already on the board"
                 for b in verdict.bugs]
        lead = ("Fixing this bug alone changes what differs: "
                if len(verdict.bugs) == 1 else
                "Fixing any one of these bugs alone changes what differs: ")
        print(verdict.message)
        print(lead + "; ".join(parts) + f". Found {len(self.found)} of {len(BUGS)}.")
        self._update()

    def answers(self, force=False):
        """All seven bugs: where each is, what is wrong, and the tool that
        finds it.  It asks first (call it with force=True to see them)."""
        if not force:
            left = len(BUGS) - len(self.found)
            print(f"This shows all {len(BUGS)} bugs"
                  + (f", including the {left} you have not found yet" if left else "")
                  + ". Still want them? Call board.answers(force=True).")
            return
        for n, bug in enumerate(BUGS, 1):
            where, what = BUG_NOTES[bug]
            print(f"{n}. {where}: {what}.\n   Found with: {TOOLS[bug]}.")

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
        # the label sits beside the dropdown, not inside it, so a saved board
        # reopened without a kernel keeps the whole "bug 1" in view
        label = w.Label("hint for")  # its own width, so a disconnected-widget icon cannot squeeze it
        which = w.Dropdown(options=[(f"bug {n}", n) for n in range(1, len(BUGS) + 1)],
                           value=1, layout=w.Layout(width="90px"))
        button = w.Button(description="next hint", layout=w.Layout(width="100px"))
        shown = w.HTML("<i>Stuck? Choose a bug and press the button.</i>")

        def give(_=None):
            shown.value = html.escape(self.next_hint(which.value))
        button.on_click(give)
        view = Board(children=[self._html, w.HBox([label, which, button]), shown])
        view.html, view.which, view.button, view.shown = self._html, which, button, shown
        return view


board = HuntBoard()


# ---------------------------------------------------------------------------
# 5. Hidden variants of the post's four bugs, for the exercises
# ---------------------------------------------------------------------------

# Each variant is source text for the method (or trace) that it replaces in
# the fixed engine, so that its name and code read like the real thing.

_RELU_LESSON = """\
def relu(self):
    out = Value(self.data if self.data >= 0 else 0, (self,), "ReLU")

    def _backward():
        if self.data >= 0:
            self.grad += out.grad
        else:
            self.grad = 0
    out._backward = _backward
"""

_RELU_NO_RETURN = """\
def relu(self):
    out = Value(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():
        self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
    out._backward = _backward
"""

_RELU_SETS_ZERO = """\
def relu(self):
    out = Value(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():
        if self.data > 0:
            self.grad += out.grad
        else:
            self.grad = 0.0
    out._backward = _backward
    return out
"""

_RELU_SETS_POSITIVE = """\
def relu(self):
    out = Value(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():
        if self.data > 0:
            self.grad = out.grad
    out._backward = _backward
    return out
"""

_RELU_LEAKS = """\
def relu(self):
    out = Value(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():
        self.grad += out.grad
    out._backward = _backward
    return out
"""

_RELU_PASSES_NEGATIVES = """\
def relu(self):
    out = Value(self.data, (self,), "ReLU")

    def _backward():
        self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
    out._backward = _backward
    return out
"""

_RELU_FORGETS_INPUT = """\
def relu(self):
    return Value(self.data if self.data > 0 else 0.0, (), "ReLU")
"""

_EXP_LESSON = """\
def exp(self):
    e = Value(math.exp(2 * self.data), (self,), "exp")

    def _backward():
        self.grad += e * e.grad
    e._backward = _backward
    return e
"""

_EXP_DOUBLED = """\
def exp(self):
    out = Value(math.exp(2 * self.data), (self,), "exp")

    def _backward():
        self.grad += out.data * out.grad
    out._backward = _backward
    return out
"""

_EXP_DOUBLED_CONSISTENTLY = """\
def exp(self):
    out = Value(math.exp(2 * self.data), (self,), "exp")

    def _backward():
        self.grad += 2 * out.data * out.grad
    out._backward = _backward
    return out
"""

_EXP_GRAD_IS_VALUE = """\
def exp(self):
    out = Value(math.exp(self.data), (self,), "exp")

    def _backward():
        self.grad += out * out.grad
    out._backward = _backward
    return out
"""

_EXP_SETS = """\
def exp(self):
    out = Value(math.exp(self.data), (self,), "exp")

    def _backward():
        self.grad = out.data * out.grad
    out._backward = _backward
    return out
"""

_EXP_TANGENT = """\
def exp(self):
    # 1 + x: right value and right slope at x = 0, and nowhere else
    out = Value(1 + self.data, (self,), "exp")

    def _backward():
        self.grad += out.grad
    out._backward = _backward
    return out
"""

_RSUB_LESSON = """\
def __rsub__(self, other):
    return self - other
"""

_RSUB_ADDS = """\
def __rsub__(self, other):
    return self + other
"""

_RSUB_FORGETS_NUMBER = """\
def __rsub__(self, other):
    return -self
"""

_RSUB_NO_GRADIENT = """\
def __rsub__(self, other):
    return Value(other - self.data)
"""

_RSUB_WRONG_SLOPE = """\
def __rsub__(self, other):
    out = Value(other - self.data, (self,), "-")

    def _backward():
        self.grad += out.grad
    out._backward = _backward
    return out
"""

_WALK_LESSON = """\
def trace(root):
    nodes, edges = set(), set()

    def walk(v):
        if v not in edges:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                walk(child)
    walk(root)
    return nodes, edges
"""

_WALK_PER_PARENT = """\
def trace(root):
    nodes, edges = set(), set()

    def walk(v):
        nodes.add(v)
        for child in dict.fromkeys(v._prev):  # each child once per parent
            edges.add((child, v))
            walk(child)
    walk(root)
    return nodes, edges
"""

_WALK_SKIPS_LEAVES = """\
def trace(root):
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
"""

_WALK_FIRST_PARENT_ONLY = """\
def trace(root):
    nodes, edges = set(), set()

    def walk(v):
        nodes.add(v)
        for child in v._prev:
            if child not in nodes:
                edges.add((child, v))
                walk(child)
    walk(root)
    return nodes, edges
"""

# (variant name, what it does, the replacement's source); the first is the lesson's bug.
VARIANTS = {
    "relu": [
        ("lesson", "the lesson's relu: no `return out`, and `self.grad = 0` "
         "for a negative input", _RELU_LESSON),
        ("no-return", "a relu whose backward is right but which has no "
         "`return out`", _RELU_NO_RETURN),
        ("sets-zero", "a relu that returns out but, for a negative input, sets "
         "self.grad = 0 instead of leaving it alone (it shows only when the "
         "input is also used elsewhere)", _RELU_SETS_ZERO),
        ("sets-positive", "a relu that, for a positive input, sets self.grad = "
         "out.grad instead of adding it (it shows only when the input is also "
         "used elsewhere)", _RELU_SETS_POSITIVE),
        ("leaks", "a relu whose backward passes the gradient through for a "
         "negative input too (slope 1 instead of 0)", _RELU_LEAKS),
        ("passes-negatives", "a relu whose forward gives x instead of 0 for a "
         "negative x", _RELU_PASSES_NEGATIVES),
        ("forgets-input", "a relu whose output does not remember its input, so "
         "no gradient reaches it", _RELU_FORGETS_INPUT),
    ],
    "exp": [
        ("lesson", "the lesson's exp: e^(2x), and a gradient that is a Value",
         _EXP_LESSON),
        ("doubled", "an exp that computes e^(2x) but whose backward uses the "
         "output, as for e^x", _EXP_DOUBLED),
        ("doubled-consistently", "an exp that computes e^(2x) with the matching "
         "backward 2e^(2x): gradcheck passes, only the value is wrong",
         _EXP_DOUBLED_CONSISTENTLY),
        ("grad-is-value", "an exp with the right value whose backward multiplies "
         "by the output Value, so a.grad becomes a Value", _EXP_GRAD_IS_VALUE),
        ("sets", "an exp that sets self.grad instead of adding to it (it shows "
         "only when the input is also used elsewhere)", _EXP_SETS),
        ("tangent", "an 'exp' that computes 1 + x: right value and right slope "
         "at x = 0, and nowhere else", _EXP_TANGENT),
    ],
    "rsub": [
        ("lesson", "the lesson's __rsub__: self - other", _RSUB_LESSON),
        ("adds", "an __rsub__ that computes other + self", _RSUB_ADDS),
        ("forgets-number", "an __rsub__ that returns -self, forgetting the "
         "number (right only when the number is 0)", _RSUB_FORGETS_NUMBER),
        ("no-gradient", "an __rsub__ with the right value, as a new Value that "
         "does not remember self: no gradient reaches self", _RSUB_NO_GRADIENT),
        ("wrong-slope", "an __rsub__ with the right value whose backward adds "
         "+out.grad instead of -out.grad", _RSUB_WRONG_SLOPE),
        ("missing", "an engine with no __rsub__ at all (2 - a raises TypeError)",
         None),
    ],
    "walk": [
        ("lesson", "the lesson's trace: it tests `v not in edges`, so a shared "
         "value is walked once for every path to it", _WALK_LESSON),
        ("per-parent", "a trace that skips a child repeated within ONE parent "
         "(a + a) but walks a value again for each different parent: fine on "
         "a + a chains, exponential on diamonds", _WALK_PER_PARENT),
        ("skips-leaves", "a trace that does little work but leaves the inputs "
         "(values with no children) out of the nodes", _WALK_SKIPS_LEAVES),
        ("first-parent-only", "a trace that does little work but records only "
         "the first edge into a shared value", _WALK_FIRST_PARENT_ONLY),
    ],
}

def variant_engine(bug, name):
    """A fresh copy of the fixed engine with one hidden variant of ``bug``."""
    for vname, _, text in VARIANTS[bug]:
        if vname == name:
            return engine_with((), replace={WHERE[bug]: text})
    raise ValueError(f"no variant {name!r} of {bug!r}")


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
