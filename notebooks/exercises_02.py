"""Checked exercises for lesson 02 (Values and computation graphs).

Each check calls your code on seeded random numbers and compares it with the
reference engine in autograd_helpers.py.  ``exN.check(answer)`` says how it
went, ``exN.hint()`` gives a hint, ``exN.solution()`` shows an answer.
"""

import math
import operator
import random

from autograd_helpers import trace, Value
from exercise_kit import Exercise, Wrong


def _close(x, y):
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


# ---------------------------------------------------------------------------
# Exercise 1: __add__ and __mul__ that record how the result was made
# ---------------------------------------------------------------------------

class MyValue:

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __add__(self, other):
        return MyValue(self.data + other.data, (self, other), "+")

    def __mul__(self, other):
        return MyValue(self.data * other.data, (self, other), "*")


class _ChildrenReversed(MyValue):
    def __add__(self, other):
        return MyValue(self.data + other.data, (other, self), "+")


class _NoChildren(MyValue):
    def __add__(self, other):
        return MyValue(self.data + other.data, _op="+")


class _ChildrenInASet(MyValue):
    def __add__(self, other):
        return MyValue(self.data + other.data, {self, other}, "+")


class _ReturnsANumber(MyValue):
    def __mul__(self, other):
        return self.data * other.data


def check_add_mul(V):
    rng = random.Random(2)
    a = V(2.0, label="a")
    twice = a + a
    if hasattr(twice, "_prev") and len(tuple(twice._prev)) == 1:
        raise Wrong("a + a has only one child. Two children that are the same "
                    "object collapse into one inside a set; keep them in a tuple, "
                    "(self, other), so that the graph shows both arrows.",
                    mistake="children-in-a-set")
    for _ in range(5):
        x, y = round(rng.uniform(-5, 5), 3), round(rng.uniform(-5, 5), 3)
        a, b = V(x, label="a"), V(y, label="b")
        for name, op, sym, expected in (("__add__", operator.add, "+", x + y),
                                        ("__mul__", operator.mul, "*", x * y)):
            try:
                out = op(a, b)
            except NotImplementedError:
                if sym == "+":
                    raise
                raise Wrong("__add__ works. Now write __mul__ in the same way.")
            if not (hasattr(out, "data") and hasattr(out, "_prev")):
                raise Wrong(f"a {sym} b with a.data = {x} and b.data = {y} gave "
                            f"{out!r}, a plain {type(out).__name__}. {name} must "
                            "return a new value object (with data, _prev, _op), "
                            "so that the result remembers where it came from.",
                            mistake="returned-a-number")
            if not _close(out.data, expected):
                raise Wrong(f"a {sym} b with a.data = {x} and b.data = {y} has "
                            f"data {out.data!r}; expected {expected!r}.")
            kids = tuple(out._prev)
            if len(kids) == 0:
                raise Wrong(f"a {sym} b has no children: its _prev is empty, so "
                            "the graph stops there. Pass (self, other) as the "
                            "children of the new value.", mistake="no-children")
            if len(kids) == 2 and kids[0] is b and kids[1] is a:
                raise Wrong(f"a {sym} b has its children as (b, a). Keep the order "
                            "of the expression, (self, other): for + and * the "
                            "number does not care, but the drawing and the "
                            "operations of later lessons (a - b, a / b) do.",
                            mistake="children-reversed")
            if len(kids) != 2 or kids[0] is not a or kids[1] is not b:
                raise Wrong(f"the children of a {sym} b should be the two "
                            "operands themselves, (self, other), in that order.")
            if out._op != sym:
                raise Wrong(f"the op of a {sym} b should be {sym!r}, not {out._op!r}.")


ex1 = Exercise(
    "__add__ and __mul__ that remember their inputs",
    check_add_mul,
    hints=[
        "Each method builds a new value: the number comes from self.data and "
        "other.data, the children are the two values themselves.",
        "The constructor takes (data, _children, _op): pass the tuple "
        "(self, other) as the children and '+' or '*' as the op.",
        "def __add__(self, other): return MyValue(self.data + other.data, "
        "(self, other), '+')",
    ],
    reference=MyValue,
    mistakes={"children-reversed": _ChildrenReversed, "no-children": _NoChildren,
              "children-in-a-set": _ChildrenInASet,
              "returned-a-number": _ReturnsANumber},
    success="Your values remember their inputs, in order.",
)


# ---------------------------------------------------------------------------
# Exercise 2: build an expression (with a shared input)
# ---------------------------------------------------------------------------

def build(x, y, z):
    """Reference answer for exercise 2: (x + y) * (y * z)."""
    s = x + y
    s.label = "s"
    p = y * z
    p.label = "p"
    out = s * p
    out.label = "out"
    return out


def _build_from_numbers(x, y, z):
    return Value((x.data + y.data) * (y.data * z.data))


def _build_ungrouped(x, y, z):
    return x + y * y * z


def _build_copied_y(x, y, z):
    return (x + y) * (Value(y.data) * z)


def check_build(answer):
    rng = random.Random(3)
    for _ in range(5):
        nx, ny, nz = (round(rng.uniform(-4, 4), 2) for _ in range(3))
        x, y, z = Value(nx, label="x"), Value(ny, label="y"), Value(nz, label="z")
        out = answer(x, y, z)
        expected = (nx + ny) * (ny * nz)
        if not isinstance(out, Value) or not out._prev:
            raise Wrong("your result does not remember how it was made (it has no "
                        "children). Compute with the Values x, y, z themselves, "
                        "not with their .data numbers, so every step adds a node "
                        "to the graph.", mistake="computed-with-numbers")
        if not _close(out.data, expected):
            if _close(out.data, nx + ny * ny * nz):
                raise Wrong(f"with x, y, z = {nx}, {ny}, {nz} you got "
                            f"{out.data:.4f}, which is x + y*y*z: * binds tighter "
                            "than +, so (x + y) needs its parentheses.",
                            mistake="wrong-grouping")
            raise Wrong(f"with x, y, z = {nx}, {ny}, {nz} the result should be "
                        f"{expected:.4f}, but yours is {out.data:.4f}.")
        nodes = trace(out)[0]
        leaves = [v for v in nodes if not v._prev]
        if len(leaves) != 3 or not any(v is y for v in leaves):
            raise Wrong(f"the number is right, but your graph has {len(leaves)} "
                        "leaves instead of 3: y was copied into a new Value. Use "
                        "the same y in both places, so the graph shows one y "
                        "with two arrows leaving it.", mistake="copied-a-leaf")
        if len(nodes) != 6:
            raise Wrong(f"the number is right, but the graph has {len(nodes)} "
                        "values; (x + y) * (y * z) needs 6: x, y, z, the sum, the "
                        "product and the result.")


ex2 = Exercise(
    "build (x + y) * (y * z) as a graph",
    check_build,
    hints=[
        "Use + and * on the Values themselves: each operation then records "
        "its inputs, and the result carries the whole graph.",
        "Build it in three steps, s = x + y, p = y * z, out = s * p, and "
        "label each one if you like (s.label = 's').",
    ],
    reference=build,
    mistakes={"computed-with-numbers": _build_from_numbers,
              "wrong-grouping": _build_ungrouped,
              "copied-a-leaf": _build_copied_y},
    success="y is one node with two arrows: the graph shares it.",
)


# ---------------------------------------------------------------------------
# Exercise 3: count the values in a graph, each once
# ---------------------------------------------------------------------------

def count_nodes(root):
    """Reference answer for exercise 3: a walk that remembers what it saw."""
    seen = set()
    stack = [root]
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(v._prev)
    return len(seen)


def _count_paths(root):
    return 1 + sum(_count_paths(c) for c in root._prev)


def _count_without_root(root):
    return count_nodes(root) - 1


def _random_graph(rng, n_ops=8):
    values = [Value(round(rng.uniform(-2, 2), 2), label=name) for name in "abc"]
    for _ in range(n_ops):
        x, y = rng.choice(values), rng.choice(values[-3:])
        values.append(x + y if rng.random() < 0.5 else x * y)
    return values[-1]


def _graphs():
    a = Value(1.0, label="a")
    b = a + a
    yield b * b  # a is used twice by b, b twice by the result
    rng = random.Random(4)
    for _ in range(6):
        yield _random_graph(rng)


def check_count(answer):
    for root in _graphs():
        got, truth, paths = answer(root), len(trace(root)[0]), _count_paths(root)
        if got == truth:
            continue
        if got == paths:
            raise Wrong(f"you counted {got}, but the graph has only {truth} "
                        "different values: a value used by two parents was "
                        "counted once per path to it. Remember what you have "
                        "visited (a set) and skip it the second time.",
                        mistake="counted-shared-twice")
        if got == truth - 1:
            raise Wrong(f"you counted {got}, one short of {truth}: the root "
                        "itself is a value of the graph too.",
                        mistake="forgot-the-root")
        raise Wrong(f"you counted {got} values, but the graph has {truth}.")


ex3 = Exercise(
    "count the values in a graph, each once",
    check_count,
    hints=[
        "Walk from the root to its children, their children, and so on; "
        "v._prev holds a value's children.",
        "A value can be reached along several paths. Keep a set of the values "
        "you have already seen and do not count them again.",
        "A list used as a stack works: start with [root], pop a value, skip it "
        "if seen, else add it to the set and push its children.",
    ],
    reference=count_nodes,
    mistakes={"counted-shared-twice": _count_paths,
              "forgot-the-root": _count_without_root},
    success="Shared values are counted once, as trace does.",
)

EXERCISES = [ex1, ex2, ex3]
