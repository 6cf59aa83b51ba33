"""Checked exercises of lesson 09 (the bug hunt): you write the test.

    from exercises_09 import ex1, ex2, ex3, ex4

For each of the blog post's four bugs you write a check: a function that gets
an engine (its Value class, or for the graph walk its trace function) and
returns True when that part of the engine is right.  The checker runs your
check on several correct engines, written independently of each other (other
internal names, children in a tuple, a set or a list, closures of different
kinds, the finished engine of autograd_helpers.py): it must say True for each.
It runs it on the engine with the lesson's bug and on hidden variants of the
same bug: it must say False for each, and if it misses one you are told which
one slipped through.  Every engine is a fresh copy built for that one call, and
the order is shuffled for each attempt, so a check can only pass by testing
what the engine does.  A check that raises an error on a wrong engine counts as
saying False; one that raises on a correct engine is wrong.
"""

import importlib.util
import math

import numpy as np

import autograd_helpers
from autograd_helpers import Value as RefValue
from autograd_helpers import trace as ref_trace
from bug_hunt import VARIANTS, build, count_values, diamonds, doubled, engine_with, variant_engine, walk_work
from exercise_kit import Exercise, Wrong, attempt_rng, describe, time_limit

SECONDS = 6  # per call of a learner's check: generous, so a busy machine never stops a right one

# ---------------------------------------------------------------------------
# Correct engines, written independently of each other
# ---------------------------------------------------------------------------

# micrograd's own style: children in a set, closures that read out.grad
MICROGRAD_STYLE = """\
class Value:
    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op
        self.label = label

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

    def __pow__(self, other):
        assert isinstance(other, (int, float))
        out = Value(self.data ** other, (self,), f"**{other}")

        def _backward():
            self.grad += (other * self.data ** (other - 1)) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(0 if self.data < 0 else self.data, (self,), "ReLU")

        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def backward(self):
        topo, visited = [], set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1
        for v in reversed(topo):
            v._backward()

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return other * self ** -1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"
"""

# no closures at all: each value keeps its inputs and their local slopes in
# lists (under other names), and backward walks with a stack, not recursion.
# Its relu takes slope 1 at exactly 0, the post's convention.
SLOPES_STYLE = """\
class Value:
    def __init__(self, data, inputs=(), slopes=(), label=""):
        self.data = float(data)
        self.grad = 0.0
        self._inputs = list(inputs)
        self._slopes = list(slopes)
        self.name = label

    def __repr__(self):
        return f"Value({self.data!r}, grad={self.grad!r})"

    @staticmethod
    def lift(x):
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other):
        other = Value.lift(other)
        return Value(self.data + other.data, [self, other], [1.0, 1.0])

    def __mul__(self, other):
        other = Value.lift(other)
        return Value(self.data * other.data, [self, other], [other.data, self.data])

    def __pow__(self, k):
        return Value(self.data ** k, [self], [k * self.data ** (k - 1)])

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, [self], [1.0 - t * t])

    def relu(self):
        return Value(max(self.data, 0.0), [self], [1.0 if self.data >= 0 else 0.0])

    def exp(self):
        e = math.exp(self.data)
        return Value(e, [self], [e])

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-Value.lift(other))

    def __truediv__(self, other):
        return self * Value.lift(other) ** -1

    def __radd__(self, other):
        return Value.lift(other) + self

    def __rmul__(self, other):
        return Value.lift(other) * self

    def __rsub__(self, other):
        return Value.lift(other) - self

    def __rtruediv__(self, other):
        return Value.lift(other) / self

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            v, children_done = stack.pop()
            if children_done:
                order.append(v)
            elif id(v) not in seen:
                seen.add(id(v))
                stack.append((v, True))
                stack.extend((c, False) for c in v._inputs)
        self.grad = 1.0
        for v in reversed(order):
            for child, slope in zip(v._inputs, v._slopes):
                child.grad += slope * v.grad
"""

# two more correct graph walks: with a stack instead of recursion, and
# breadth first (nodes kept in a dict)
STACK_TRACE = """\
def trace(root):
    nodes, edges, todo = set(), set(), [root]
    while todo:
        v = todo.pop()
        if v in nodes:
            continue
        nodes.add(v)
        for child in v._prev:
            edges.add((child, v))
            todo.append(child)
    return nodes, edges
"""

BREADTH_FIRST_TRACE = """\
from collections import deque


def trace(root):
    seen, edges, queue = {root: True}, set(), deque([root])
    while queue:
        v = queue.popleft()
        for child in v._prev:
            edges.add((child, v))
            if child not in seen:
                seen[child] = True
                queue.append(child)
    return set(seen), edges
"""


def finished_value():
    """A fresh copy of autograd_helpers.Value (the finished engine: closures
    that take the gradient as an argument), from a new run of its module."""
    spec = importlib.util.spec_from_file_location("finished_engine",
                                                  autograd_helpers.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Value


# (what it is, a function that builds a fresh one)
CORRECT_VALUES = [
    ("the lesson's engine with every bug fixed (children in a tuple)",
     lambda: engine_with(()).Value),
    ("a micrograd-style engine (children in a set, a grad that starts as the "
     "integer 0)", lambda: build(MICROGRAD_STYLE)["Value"]),
    ("an engine without closures that keeps each value's inputs and local "
     "slopes in lists (its relu takes slope 1 at exactly 0, the post's "
     "convention)", lambda: build(SLOPES_STYLE)["Value"]),
    ("the finished engine of autograd_helpers.py (closures that take the "
     "gradient as an argument)", finished_value),
]

CORRECT_TRACES = [
    ("the lesson's trace with its bug fixed (recursive)",
     lambda: engine_with(()).trace),
    ("a trace that walks with a stack instead of recursion",
     lambda: build(STACK_TRACE)["trace"]),
    ("a breadth-first trace", lambda: build(BREADTH_FIRST_TRACE)["trace"]),
]


# ---------------------------------------------------------------------------
# Running a learner's check
# ---------------------------------------------------------------------------

def _verdict(check, subject, call, about):
    """What the check said: True or False, or the exception it raised.  A
    check that runs too long, or returns something other than a bool, is
    told so at once."""
    try:
        with time_limit(SECONDS, f"{call} on {about}"):
            got = check(subject)
    except Wrong:
        raise
    except NotImplementedError:
        raise
    except Exception as e:  # noqa: BLE001 -- the check may fail in any way
        return e
    if isinstance(got, (bool, np.bool_)):
        return bool(got)
    if got is None:
        raise Wrong(f"{call} returned None on {about}. Finish your check "
                    "with `return True` or `return False` (or `return` a "
                    "condition).", "returned-none")
    try:
        as_if = (f"Python would treat it as {'true' if got else 'false'} in an "
                 "`if`, whatever it holds, so")
    except Exception:  # noqa: BLE001 -- e.g. an array of several bools
        as_if = "Python cannot even use it in an `if` (is it all true, or any?), so"
    raise Wrong(f"{call} returned {describe(got)} on {about}, not True or "
                f"False. {as_if} a check must return a bool: `return x == y`, or "
                "`return all(...)` for several conditions (np.all(...) for an "
                "array).", "not-a-bool")


def _judge(check, bug, name, correct):
    """Run ``check`` on fresh correct engines and on fresh copies of every
    variant of ``bug``, shuffled (reproducibly for each attempt)."""
    if not callable(check):
        raise Wrong(f"pass your check function itself, e.g. "
                    f"ex.check({name}), not {check!r}.")
    runs = [("right", about, make) for about, make in correct]
    runs += [("wrong", vname, (lambda v=vname: variant_engine(bug, v)))
             for vname, _, _ in VARIANTS[bug]]
    attempt_rng(9).shuffle(runs)
    said = {}
    for kind, about, make in runs:
        subject = make()
        if kind == "wrong":
            subject = subject.trace if bug == "walk" else subject.Value
        what = about if kind == "right" else "one of the wrong engines"
        said[kind, about] = _verdict(check, subject, f"{name}(...)", what)
    _no_correct_engine_rejected(said, [about for about, _ in correct], bug)
    _every_variant_caught(said, bug)


def _no_correct_engine_rejected(said, correct, bug=None):
    trusted = [about for about in correct if said["right", about] is True]
    for about in correct:
        verdict = said["right", about]
        if verdict is True:
            continue
        if isinstance(verdict, Exception):
            lead = (f"on a CORRECT engine ({about}) your check raised "
                    f"{type(verdict).__name__}: {verdict}. A check must run "
                    "cleanly (and return True) when the engine is right")
        else:
            lead = (f"your check says a CORRECT engine is wrong ({about}; it "
                    "returned False). A test that rejects right code is no use")
        if trusted:
            tip = (f" It said True for another correct engine ({trusted[0]}): "
                   "does your check depend on something other than what the "
                   "engine computes, such as how many times it was called, "
                   "which object it got, or the names inside the engine? Use "
                   "only Value(x), the operations, .data, .grad and backward()"
                   " (or, for trace, what it returns and walk_work).")
        elif any(v is True for v in said.values()):
            tip = (" Yet it said True for one of the wrong engines: is a "
                   "comparison the wrong way round, or does your check depend "
                   "on something other than what the engine computes, such as "
                   "how many times it was called or which object it got?")
        elif isinstance(verdict, Exception):
            tip = " Read that error and fix your check."
        else:
            tip = ""
            if all(v is False for v in said.values()):
                # e.g. `return Value is RefValue`: every engine here is a fresh copy
                tip = (" It said False for every engine, the correct ones and "
                       "the wrong ones alike (each is a fresh copy, so a check of "
                       "which class or function it got fails them all).")
            if bug == "walk":
                tip += (" Correct walks may list values in another order, and an "
                        "edge such as a + a's may come once or twice: compare sets "
                        "of values, not lists, and compare the work (walk_work) "
                        "with count_values, not with an exact number of your own.")
            else:
                tip += (" Compare floats with a tolerance (math.isclose), and check"
                        " the numbers you expect.")
        raise Wrong(f"{lead}.{tip}", "rejects-correct")


def _every_variant_caught(said, bug):
    slipped = [(vname, d) for vname, d, _ in VARIANTS[bug]
               if said["wrong", vname] is True]
    if not slipped:
        return
    caught = len(VARIANTS[bug]) - len(slipped)
    first, description = slipped[0]
    if first == "lesson":
        lead = ("your check says the LESSON'S buggy engine is right, so "
                "it does not test the bug at all")
    else:
        lead = (f"your check passes the correct engines and catches "
                f"{caught} of {len(VARIANTS[bug])} wrong engines, but "
                f"this one slipped through (your check said True): "
                f"{description}")
    more = ""
    if len(slipped) > 1:
        others = [d for _, d in slipped[1:]]
        rest = len(others) - 2
        more = (" Also slipped through: " + "; ".join(others[:2])
                + (f"; and {rest} more" if rest > 0 else "") + ".")
    raise Wrong(f"{lead}.{more} Add a case that would catch it.",
                f"misses-{first}")


# ---------------------------------------------------------------------------
# Exercise 1: relu
# ---------------------------------------------------------------------------

def check_relu(Value):
    """True when Value.relu is right: value, slope, and += on a reused input."""
    for x in (-1.5, -0.3, 0.4, 2.0):
        a = Value(x)
        r = a.relu()
        if r is None or not math.isclose(r.data, max(x, 0.0)):
            return False
        y = r + a          # a is used twice: relu must ADD to a.grad
        y.backward()
        slope = 1.0 if x > 0 else 0.0
        if not math.isclose(a.grad, slope + 1.0):
            return False
    return True


def _relu_reuse_negative_only(Value):
    if Value(2.0).relu().data != 2.0 or Value(-2.0).relu().data != 0.0:
        return False
    a = Value(-1.5)
    (a.relu() + a).backward()
    b = Value(1.5)
    b.relu().backward()
    return a.grad == 1.0 and b.grad == 1.0


def _relu_no_reuse(Value):
    for x in (-2.0, 2.0):
        a = Value(x)
        r = a.relu()
        if r is None or r.data != max(x, 0.0):
            return False
    a = Value(2.0)
    a.relu().backward()
    return a.grad == 1.0


def _relu_exact_zero(Value):
    a = Value(-1.5)
    y = a.relu() + a
    y.backward()
    return a.grad == 0.0   # wrong: the + gives a gradient of 1


def _relu_no_return_check(Value):
    a = Value(1.0)
    a.relu()


def _relu_always(Value):
    return True


ex1 = Exercise(
    "write check_relu(Value): True when relu is right",
    lambda check: _judge(check, "relu", "check_relu", CORRECT_VALUES),
    hints=[
        "Start with what relu should give: a.relu().data is max(x, 0). Try a "
        "negative and a positive x.",
        "Then the gradient: the slope is 1 for x > 0 and 0 for x < 0.",
        "The lesson's bug sets a.grad = 0 instead of adding 0. That shows only "
        "when a had a gradient already: use a twice, y = a.relu() + a, and "
        "expect a.grad == slope + 1.",
        "Check both sides of 0 with the reuse (but not 0 itself: the slope "
        "at the kink is a convention), and compare floats with math.isclose.",
    ],
    reference=check_relu,
    name="ex1",
    stub="""
        def check_relu(Value):
            # your code here: return True if Value.relu is right, False if not
            raise NotImplementedError
    """,
    mistakes={
        "misses-lesson": _relu_always,
        "misses-sets-zero": _relu_no_reuse,
        "misses-sets-positive": _relu_reuse_negative_only,
        "rejects-correct": _relu_exact_zero,
        "returned-none": _relu_no_return_check,
    },
    success="Your check catches every relu bug we hid, and trusts the right one.",
)


# ---------------------------------------------------------------------------
# Exercise 2: exp
# ---------------------------------------------------------------------------

def check_exp(Value):
    """True when Value.exp is right: value, a number gradient, and +=."""
    for x in (-1.2, 0.5, 2.0):
        a = Value(x)
        e = a.exp()
        if not math.isclose(e.data, math.exp(x)):
            return False
        y = e + a          # a is used twice: exp must ADD to a.grad
        y.backward()
        if not isinstance(a.grad, (int, float)):
            return False
        if not math.isclose(a.grad, math.exp(x) + 1.0):
            return False
    return True


def _exp_gradcheck_only(Value):
    from autograd_helpers import gradcheck
    return bool(gradcheck(lambda a: a.exp(), [0.5], value_class=Value))


def _exp_at_zero(Value):
    a = Value(0.0)
    e = a.exp()
    e.backward()
    return e.data == 1.0 and a.grad == 1.0


def _exp_value_only(Value):
    return all(math.isclose(Value(x).exp().data, math.exp(x)) for x in (-1.0, 0.5, 2.0))


def _exp_all_points(Value):
    # a generator: true in an `if` whatever it would give
    return (math.isclose(Value(x).exp().data, math.exp(x)) for x in (-1.0, 0.5))


def _exp_exact(Value):
    return Value(0.1).exp().data == 1.1051709180756   # a rounded constant


ex2 = Exercise(
    "write check_exp(Value): True when exp is right",
    lambda check: _judge(check, "exp", "check_exp", CORRECT_VALUES),
    hints=[
        "Compare the value with math.exp, at more than one x (a formula can "
        "be right at x = 0 by accident).",
        "A gradient check compares backward with YOUR forward: if the forward "
        "is wrong in the same way, it passes. So test the value separately.",
        "Then the gradient: a number (isinstance(a.grad, (int, float))) equal "
        "to e^x, and added, not set: use y = a.exp() + a and expect e^x + 1.",
    ],
    reference=check_exp,
    name="ex2",
    stub="""
        def check_exp(Value):
            # your code here
            raise NotImplementedError
    """,
    mistakes={
        "misses-doubled-consistently": _exp_gradcheck_only,
        "misses-doubled": _exp_at_zero,
        "misses-grad-is-value": _exp_value_only,
        "rejects-correct": _exp_exact,
        "not-a-bool": _exp_all_points,
    },
    success="Your check sees a wrong value, a wrong slope, a gradient that "
            "is not a number, and an overwritten one.",
)


# ---------------------------------------------------------------------------
# Exercise 3: __rsub__
# ---------------------------------------------------------------------------

def check_rsub(Value):
    """True when number - Value is right: value and gradient."""
    for k, x in ((5.0, 3.0), (-2.0, 0.5), (1.0, -4.0)):
        a = Value(x)
        y = k - a
        if not math.isclose(y.data, k - x):
            return False
        y.backward()
        if not math.isclose(a.grad, -1.0):
            return False
    return True


def _rsub_at_zero(Value):
    return (5.0 - Value(0.0)).data == 5.0


def _rsub_square(Value):
    a = Value(0.5)
    y = (2.0 - a) ** 2
    y.backward()
    return math.isclose(y.data, 2.25) and math.isclose(a.grad, -3.0)


def _rsub_value_only(Value):
    return all(math.isclose((k - Value(x)).data, k - x) for k, x in ((5.0, 3.0), (-2.0, 0.5)))


def _rsub_wrong_sign(Value):
    a = Value(1.0)
    y = 4.0 - a
    y.backward()
    return y.data == 3.0 and a.grad == 1.0   # wrong: d(4 - a)/da is -1


ex3 = Exercise(
    "write check_rsub(Value): True when number - Value is right",
    lambda check: _judge(check, "rsub", "check_rsub", CORRECT_VALUES),
    hints=[
        "__rsub__ runs for k - a when k is a plain number. Compare (k - a).data "
        "with k - x in plain Python.",
        "Careful with the numbers: with k == x, k - x and x - k are both 0; "
        "with k = 0 the number does not matter. Pick several different pairs.",
        "A squared loss hides the order (see the lesson). Test k - a itself, "
        "and its gradient: d(k - a)/da = -1.",
    ],
    reference=check_rsub,
    name="ex3",
    stub="""
        def check_rsub(Value):
            # your code here
            raise NotImplementedError
    """,
    mistakes={
        "misses-lesson": _rsub_square,
        "misses-adds": _rsub_at_zero,
        "misses-no-gradient": _rsub_value_only,
        "rejects-correct": _rsub_wrong_sign,
    },
    success="Your check catches a reversed, a forgetful and a gradient-less "
            "__rsub__, and a missing one.",
)


# ---------------------------------------------------------------------------
# Exercise 4: the graph walk
# ---------------------------------------------------------------------------

def _edge_ids(edges):
    return {(id(c), id(p)) for c, p in edges}


def check_walk(trace):
    """True when trace(root) finds every value and edge, reading each value's
    children once."""
    for shape in (doubled, diamonds):
        root = shape(RefValue(0.5), 12)
        if walk_work(trace, root) > count_values(root):
            return False
        nodes, edges = trace(root)
        want_nodes, want_edges = ref_trace(root)
        if {id(v) for v in nodes} != {id(v) for v in want_nodes}:
            return False
        if ({(id(c), id(p)) for c, p in edges}
                != {(id(c), id(p)) for c, p in want_edges}):
            return False
    return True


def _walk_results_only(trace):
    root = doubled(RefValue(0.5), 6)
    nodes, edges = trace(root)
    want_nodes, want_edges = ref_trace(root)
    return ({id(v) for v in nodes} == {id(v) for v in want_nodes}
            and _edge_ids(edges) == _edge_ids(want_edges))


def _walk_chain_work(trace):
    root = doubled(RefValue(0.5), 12)
    return walk_work(trace, root) <= count_values(root)


def _walk_work_everywhere(trace):
    for shape in (doubled, diamonds):
        root = shape(RefValue(0.5), 12)
        if walk_work(trace, root) > count_values(root):
            return False
    return True


def _walk_too_strict(trace):
    root = doubled(RefValue(0.5), 12)
    return walk_work(trace, root) < count_values(root)   # wrong: equal is right


ex4 = Exercise(
    "write check_walk(trace): True when the graph walk is right and visits "
    "each value once",
    lambda check: _judge(check, "walk", "check_walk", CORRECT_TRACES),
    hints=[
        "A walk can be wrong in two ways: in what it returns, and in how much "
        "work it does. Test both.",
        "walk_work(trace, root) counts the reads of children; a good walk "
        "reads each value's children once, so it equals count_values(root).",
        "Sharing comes in two shapes: a + a (one parent uses a value twice) "
        "and diamonds (two parents share a value). doubled and diamonds "
        "build 12 levels of each.",
        "For what it returns, compare the sets of ids of nodes and of "
        "(child, parent) edges with autograd_helpers.trace on the same graph.",
    ],
    reference=check_walk,
    name="ex4",
    stub="""
        def check_walk(trace):
            # your code here
            raise NotImplementedError
    """,
    mistakes={
        "misses-lesson": _walk_results_only,
        "misses-per-parent": _walk_chain_work,
        "misses-first-parent-only": _walk_work_everywhere,
        "rejects-correct": _walk_too_strict,
    },
    success="Your check measures the walk's work on both kinds of sharing, "
            "and what it returns.",
)

EXERCISES = [ex1, ex2, ex3, ex4]
