"""Checked exercises for lesson 02 (Values and computation graphs).

Each check calls your code on random numbers drawn afresh for every attempt
(seeded) and compares it with the reference engine in autograd_helpers.py.
``exN.check(answer)`` says how it went, ``exN.hint()`` gives a hint,
``exN.solution()`` shows an answer.
"""

import math
import operator
import re

from autograd_helpers import trace, Value
from exercise_kit import (BareValue, Exercise, WalkTooLong, Wrong, attempt_rng, call,
                          counting_walks, describe, expect_number, is_number, learner_raised,
                          returned, time_limit, unchanged_graph, unfinished)


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


def _made_by(out, sym, name, x, y=None):
    """``out`` when it is a value object with a collection of children; else
    Wrong naming what it is.  ``y`` is None for a {sym} a."""
    expr = f"a {sym} a" if y is None else f"a {sym} b"
    numbers = f"a.data = {x}" + ("" if y is None else f" and b.data = {y}")
    if out is None:
        raise Wrong(f"{expr} gave None: {name} needs a `return` with the new "
                    "value.", mistake="returned-none")
    if not (hasattr(out, "data") and hasattr(out, "_prev")):
        raise Wrong(f"{expr} with {numbers} gave "
                    f"{describe(out)}. {name} must return a new value object "
                    "(with data, _prev, _op), so that the result remembers "
                    "where it came from.", mistake="returned-a-number")
    if not isinstance(out._prev, (tuple, list, set, frozenset)):
        raise Wrong(f"{expr} has _prev = {describe(out._prev)}; expected the tuple "
                    "of its children: pass (self, other) as the children of the "
                    "new value.", mistake="no-children")
    return out


def check_add_mul(V):
    rng = attempt_rng(2)
    for sym, op, name in (("+", operator.add, "__add__"), ("*", operator.mul, "__mul__")):
        a = V(2.0, label="a")
        try:
            twice = _made_by(op(a, a), sym, name, 2.0)
        except NotImplementedError as e:
            unfinished(e)
            continue  # the loop below says which one is missing
        if len(tuple(twice._prev)) == 1 and len(tuple(_made_by(op(a, V(3.0)), sym, name, 2.0, 3.0)._prev)) == 2:
            raise Wrong(f"a {sym} a has only one child, a; expected two, "
                        "(a, a). Two children that are the same "
                        "object collapse into one inside a set; keep them in a "
                        "tuple, (self, other), so that the graph shows both "
                        "arrows.", mistake="children-in-a-set")
    # random numbers, and once two different values with the same number
    pairs = [(round(rng.uniform(-5, 5), 3), round(rng.uniform(-5, 5), 3))
             for _ in range(5)]
    same = round(rng.uniform(-5, 5), 3)
    pairs.insert(1, (same, same))
    for x, y in pairs:
        a, b = V(x, label="a"), V(y, label="b")
        for name, op, sym, expected in (("__add__", operator.add, "+", x + y),
                                        ("__mul__", operator.mul, "*", x * y)):
            try:
                out = op(a, b)
            except NotImplementedError as e:
                unfinished(e)
                if sym == "*":
                    raise Wrong("__add__ works. Now write __mul__ in the same way.")
                try:
                    a * b
                except NotImplementedError:
                    raise e from None
                raise Wrong("__mul__ works. Now write __add__ in the same way.") from None
            out = _made_by(out, sym, name, x, y)
            for n, v, before in (("a", a, x), ("b", b, y)):
                if v.data != before:
                    raise Wrong(f"a {sym} b changed {n}.data from {before} to "
                                f"{v.data!r}. {name} makes a NEW value and leaves "
                                "its inputs as they were: a and b may be used "
                                "again elsewhere in the graph.",
                                mistake="changed-input")
            if not is_number(out.data) or not _close(out.data, expected):
                raise Wrong(f"a {sym} b with a.data = {x} and b.data = {y} has "
                            f"data {out.data!r}; expected {expected!r}.")
            kids = tuple(out._prev)
            if len(kids) == 0:
                raise Wrong(f"a {sym} b has no children: its _prev is {out._prev!r}, "
                            "so the graph stops there. Pass (self, other) as the "
                            "children of the new value.", mistake="no-children")
            if len(kids) == 2 and kids[0] is b and kids[1] is a:
                raise Wrong(f"a {sym} b has its children as (b, a); expected (a, "
                            "b). Keep the order "
                            "of the expression, (self, other): for + and * the "
                            "number does not care, but the drawing and the "
                            "operations of later lessons (a - b, a / b) do.",
                            mistake="children-reversed")
            if len(kids) != 2 or kids[0] is not a or kids[1] is not b:
                shown = ", ".join("a" if k is a else "b" if k is b else repr(k)
                                  for k in kids)
                raise Wrong(f"with a.data = {x} and b.data = {y}, the children of "
                            f"a {sym} b are ({shown}); expected (a, b): the two "
                            "operands themselves, (self, other), in that order "
                            "(not new values made from their numbers).")
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
    name="ex1",
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
    return type(x)((x.data + y.data) * (y.data * z.data))


def _build_ungrouped(x, y, z):
    return x + y * y * z


def _build_copied_y(x, y, z):
    return (x + y) * (type(y)(y.data) * z)


def _classes_called(fn):
    """The names of classes that ``fn``'s code uses (such as Value)."""
    code, names = getattr(fn, "__code__", None), getattr(fn, "__globals__", {})
    return [n for n in (code.co_names if code else ())
            if isinstance(names.get(n), type)]


def check_build(answer):
    rng = attempt_rng(3)
    points = [tuple(round(rng.uniform(-4, 4), 2) for _ in range(3)) for _ in range(5)]
    same = round(rng.uniform(-4, 4), 2)
    points.insert(1, (same, same, same))  # three different values, one number
    for k, (nx, ny, nz) in enumerate(points):
        V = (Value, BareValue)[k % 2]  # the finished Value, and one like the lesson's
        x, y, z = V(nx, label="x"), V(ny, label="y"), V(nz, label="z")
        try:
            got = answer(x, y, z)
        except TypeError as e:
            made = _classes_called(answer)
            if not made:
                raise
            raise Wrong(f"build(x, y, z) raised TypeError ({e}) where a new value "
                        f"it made with {made[0]}(...) met the Values it was given "
                        "(the check passes Values of the finished engine, and of a "
                        "class like yours). Make no new Value inside build: use x, "
                        "y and z themselves, so the graph shows one y with two "
                        "arrows leaving it.", mistake="copied-a-leaf") from None
        out = returned(got, "Finish with `return out` (the last value you computed).",
                       what="build(x, y, z)")
        expected = (nx + ny) * (ny * nz)
        if not (hasattr(out, "data") and hasattr(out, "_prev") and is_number(out.data)):
            if is_number(out):
                raise Wrong(f"with x, y, z = {nx}, {ny}, {nz} build returned "
                            f"{describe(out)} (expected a Value with data "
                            f"{expected:.4f}): a plain number does not remember "
                            "how it was made. Compute with the Values x, y, z "
                            "themselves, not with their .data numbers, so every "
                            "step adds a node to the graph.",
                            mistake="computed-with-numbers")
            raise Wrong(f"build(x, y, z) returned {describe(out)}; expected a Value "
                        f"(here with data {expected:.4f}).")
        if not out._prev:
            raise Wrong(f"with x, y, z = {nx}, {ny}, {nz} build returned "
                        f"{describe(out)} with no children: it was made from a "
                        "number, so it does not remember how it was made. "
                        "Compute with the Values x, y, z themselves, not with "
                        "their .data numbers, so every step adds a node to the "
                        "graph.", mistake="computed-with-numbers")
        if not _close(out.data, expected):
            if _close(out.data, nx + ny * ny * nz):
                raise Wrong(f"with x, y, z = {nx}, {ny}, {nz} you got "
                            f"{out.data:.4f}, which is x + y*y*z; expected "
                            f"{expected:.4f}. * binds tighter than +, so (x + y) "
                            "needs its parentheses.", mistake="wrong-grouping")
            raise Wrong(f"with x, y, z = {nx}, {ny}, {nz} the result should be "
                        f"{expected:.4f}, but yours is {out.data:.4f}.")
        nodes = trace(out)[0]
        leaves = [v for v in nodes if not v._prev]
        missing = [n for n, v in (("x", x), ("y", y), ("z", z))
                   if not any(leaf is v for leaf in leaves)]
        if missing:
            names = " and ".join(missing)
            raise Wrong(f"the number is right, but your graph has {len(leaves)} "
                        f"leaves, and {names} {'is' if len(missing) == 1 else 'are'} "
                        "not among them: a new value made from a number (such "
                        f"as Value({missing[0]}.data)) took its place. Use the values "
                        "you were given, so that the graph shows one y with two "
                        "arrows leaving it.", mistake="copied-a-leaf")
        if len(leaves) != 3:
            raise Wrong(f"the number is right, but your graph has {len(leaves)} "
                        "leaves instead of 3 (x, y and z): a new Value was made "
                        "from a number somewhere. Use only x, y and z.",
                        mistake="copied-a-leaf")
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
    name="ex2",
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


def _count_by_data(root):
    seen, stack = set(), [root]
    while stack:
        v = stack.pop()
        if v.data not in seen:
            seen.add(v.data)
            stack.extend(v._prev)
    return len(seen)


def _walk_tests_edges(root):
    """The blog post's walk: it tests `edges` (which holds pairs, never a
    value), so the test never fires and every path is walked again."""
    nodes, edges = set(), set()

    def build(v):
        if v not in edges:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)
    build(root)
    return len(nodes)


def _random_graph(rng, n_ops=8, V=Value):
    values = [V(round(rng.uniform(-2, 2), 2), label=name) for name in "abc"]
    for _ in range(n_ops):
        x, y = rng.choice(values), rng.choice(values[-3:])
        values.append(x + y if rng.random() < 0.5 else x * y)
    return values[-1]


def _graphs():
    a = Value(1.0, label="a")
    b = a + a
    yield b * b  # a is used twice by b, b twice by the result
    # different values with the same number: four 1.0s, two 2.0s
    a, b, c = Value(1.0, label="a"), Value(1.0, label="b"), Value(1.0, label="c")
    d = a * b
    yield (d + c) * (Value(1.0, label="e") + c)
    rng = attempt_rng(4)  # new graphs, of new sizes, at every attempt
    for k in range(6):
        yield _random_graph(rng, rng.randint(4, 14), (Value, BareValue)[k % 2])


_LADDER = 24


def _ladder(rungs=_LADDER, top=0.0):
    """a, b -> a + b, a * b, and so on: 3 + 2 * rungs values, each used by
    two parents, so the number of paths doubles at every rung."""
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    for k in range(rungs):  # (the numbers do not matter to a count)
        a, b = Value(k + 3.0, (a, b), "+"), Value(-k - 3.0, (a, b), "*")
    return Value(top, (a, b), "+")


def _check_count_number(got, truth):
    if isinstance(got, (set, frozenset, list, tuple, dict)):
        raise Wrong(f"count_nodes(root) returned {describe(got)}; expected the "
                    f"number of values ({truth} here), an int. If those are the "
                    "values you collected, return len(...) of them.",
                    mistake="not-a-number")
    got = expect_number(got, "count_nodes(root)", "Finish with `return` and the "
                        "count, e.g. `return len(seen)`.", f"here {truth}")
    return int(got) if got.is_integer() else got


def _count_marking(answer, root):
    """count_nodes(root), or Wrong when it tried to leave a mark on the values
    (v.visited = True), which the finished Value does not allow."""
    try:
        with unchanged_graph(root, "count_nodes(root)"), \
                time_limit(5, f"count_nodes(root) on a graph of {len(trace(root)[0])} values"):
            return call(answer, root, what="count_nodes(root)")
    except AttributeError as e:
        found = re.search(r"has no attribute '(\w+)'", str(e))
        name = found and found.group(1)
        if (not hasattr(type(root), "__slots__") or not name or hasattr(root, name)
                or not learner_raised(e)):
            raise
        raise Wrong(f"count_nodes(root) raised AttributeError ({e}): it stores "
                    f"something on the values themselves (v.{name} = ...). The "
                    "finished Value the check passes takes no new attributes, and a "
                    "mark left on a value would spoil the next count of the same "
                    "graph. Remember the visited values in a set of your own "
                    "instead.", mistake="marked-the-values") from None


def check_count(answer):
    first = None
    for root in _graphs():
        truth, paths = len(trace(root)[0]), _count_paths(root)
        got = _check_count_number(_count_marking(answer, root), truth)
        first = first or (root, truth)
        if got == truth:
            continue
        if got == paths:
            raise Wrong(f"you counted {got}, but the graph has only {truth} "
                        "different values: a value used by two parents was "
                        "counted once per path to it. Remember what you have "
                        "visited (a set) and skip it the second time.",
                        mistake="counted-shared-twice")
        if got == len({v.data for v in trace(root)[0]}) and got < truth:
            raise Wrong(f"you counted {got}, but the graph has {truth} values: "
                        "different values that hold the same number (here "
                        "several 1.0s) were counted as one. Remember the values "
                        "themselves in your set (v, not v.data).",
                        mistake="counted-by-data")
        if got == truth - 1:
            raise Wrong(f"you counted {got}, one short of {truth}: the root "
                        "itself is a value of the graph too.",
                        mistake="forgot-the-root")
        raise Wrong(f"you counted {got} value{'s' * (got != 1)}, but the graph has "
                    f"{truth}.")
    root, truth = first  # a count is the same every time it is asked
    again = _check_count_number(_count_marking(answer, root), truth)
    if again != truth:
        raise Wrong(f"count_nodes(root) counted {truth} the first time, but {again} "
                    "when called again on the same graph: something is kept from "
                    "one call to the next. A default argument such as seen=set() "
                    "is made once, when the def runs; make the set inside the "
                    "function instead.", mistake="state-between-calls")
    rungs = _LADDER  # the same height every time, so its message is too
    root = _ladder(rungs, round(attempt_rng(8).uniform(-9, 9), 2))  # a new top
    truth = 3 + 2 * rungs
    with counting_walks(root, limit=20 * truth) as reads:
        try:
            got = answer(root)
        except WalkTooLong:
            raise Wrong(
                f"your counts are right on small graphs, but on a graph of {truth} "
                f"values (a ladder: each rung's two values are both made from the "
                f"two of the rung below) your walk had gone through `_prev` {reads[0] - 1} "
                f"times when the check stopped it; a walk that visits each value "
                f"once does it about {truth} times. A shared value is walked again "
                f"for every path to it, and the paths double at every rung "
                f"({2 ** rungs:,} here). Test whether you have visited v itself: "
                "`if v not in seen`, with seen the set of visited values (the "
                "blog post tested `edges`, a set of pairs that never holds a "
                "value, so its test never fired).",
                mistake="revisits-shared-values") from None
    got = _check_count_number(got, truth)
    if got != truth:
        raise Wrong(f"you counted {got} value{'s' * (got != 1)}, but the ladder graph "
                    f"has {truth}.")


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
    name="ex3",
    mistakes={"counted-shared-twice": _count_paths,
              "forgot-the-root": _count_without_root,
              "counted-by-data": _count_by_data,
              "revisits-shared-values": _walk_tests_edges},
    success="Shared values are counted once, as trace does.",
)

EXERCISES = [ex1, ex2, ex3]
