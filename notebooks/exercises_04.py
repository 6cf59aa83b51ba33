"""Checked exercises for lesson 04 (automatic backward).

    from exercises_04 import ex1, ex2

Each check calls your code on small graphs of random sizes and numbers, drawn
afresh for every attempt (seeded), and compares what it does with what the
finished engine does.
"""

import collections
import math

from autograd_helpers import Value as FinishedValue
from exercise_kit import (BareValue, Exercise, Wrong, attempt_rng, describe, expect_list,
                          expect_value, is_number, time_limit, unchanged_graph)


# The lesson's Value, as far as these checks (and the reference answers
# below) need it.
Value = BareValue


def _close(x, y):
    return is_number(x) and math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


# ---------------------------------------------------------------------------
# Exercise 1: the backward of subtraction
# ---------------------------------------------------------------------------

def sub(a, b):
    """a - b as a new Value that knows how to pass its gradient back."""
    out = Value(a.data - b.data, (a, b), "-")

    def _backward():
        a.grad += out.grad     # d(a - b)/da = 1
        b.grad += -out.grad    # d(a - b)/db = -1
    out._backward = _backward
    return out


def _sub_assigns(a, b):
    out = Value(a.data - b.data, (a, b), "-")

    def _backward():
        a.grad = out.grad
        b.grad = -out.grad
    out._backward = _backward
    return out


def _sub_wrong_sign(a, b):
    out = Value(a.data - b.data, (a, b), "-")

    def _backward():
        a.grad += out.grad
        b.grad += out.grad
    out._backward = _backward
    return out


def _check_sub(answer):
    rng = attempt_rng(4)
    for trial in range(6):
        x, y = rng.uniform(-5, 5), rng.uniform(-5, 5)
        if trial == 1:
            y = x  # two different values holding the same number
        before_a, before_b = rng.uniform(-2, 2), rng.uniform(-2, 2)
        g = rng.uniform(0.5, 3)
        a, b = Value(x, label="a"), Value(y, label="b")
        out = expect_value(answer(a, b), "sub(a, b)", "Finish with `return out`.")
        if not _close(out.data, x - y):
            raise Wrong(f"with a = {x:.4f} and b = {y:.4f}, out.data should be "
                        f"a - b = {x - y:.4f}, not {out.data!r}.")
        if (not isinstance(out._prev, (tuple, list, set, frozenset))
                or [id(c) for c in out._prev] != [id(a), id(b)]):
            raise Wrong(f"out's children are {describe(out._prev)}; it "
                        "should remember both inputs, in order: "
                        "Value(a.data - b.data, (a, b), '-').")
        # Pretend a and b already got gradient from elsewhere in the graph.
        a.grad, b.grad = before_a, before_b
        out.grad = g
        out._backward()
        if (a.data, b.data) != (x, y):
            raise Wrong(f"out._backward() changed a.data or b.data (from {x:.4f} and "
                        f"{y:.4f} to {a.data!r} and {b.data!r}). A backward only "
                        "adds to the grads; the numbers stay as they were.",
                        mistake="changed-input")
        if not (is_number(a.grad) and is_number(b.grad)):
            raise Wrong(f"after the backward a.grad is {a.grad!r} and b.grad is "
                        f"{b.grad!r}; both should be plain numbers. Use out.grad "
                        "(a number), not out itself.")
        # set (=) instead of added (+=): for both inputs, or for one of them
        lost = [(n, got, before) for n, got, before, share in
                (("a", a.grad, before_a, g), ("b", b.grad, before_b, -g))
                if _close(got, share) and not _close(before, 0.0)]
        if lost:
            n, got, before = lost[0]
            raise Wrong(
                f"the gradient{'s were' if len(lost) == 2 else f' of {n} was'} "
                f"set, not added: {n}.grad was {before:.4f} before "
                f"out._backward() ran (from another use of {n} in the graph) and "
                f"is {got:.4f} after it, so that earlier part was lost. Use += so "
                f"each use of {n} adds its share.",
                mistake="assign-instead-of-accumulate")
        if _close(a.grad, before_a + g) and _close(b.grad, before_b + g):
            raise Wrong(
                f"b.grad went up by out.grad = {g:.4f} (from {before_b:.4f} to "
                f"{b.grad:.4f}; expected {before_b - g:.4f}), but making b bigger makes "
                "a - b smaller: d(a - b)/db = -1, so b should get -out.grad.",
                mistake="wrong-sign")
        if (_close(a.grad, before_a + 1.0) and _close(b.grad, before_b - 1.0)
                and not _close(g, 1.0)):
            raise Wrong(f"a.grad grew by 1 and b.grad by -1: the local derivatives "
                        f"alone. The chain rule multiplies each by the gradient "
                        f"arriving from above, out.grad = {g:.4f}: a.grad += "
                        "out.grad and b.grad += -out.grad.",
                        mistake="forgot-chain-rule")
        if a.grad == before_a and b.grad == before_b:
            raise Wrong("out._backward() changed neither a.grad nor b.grad. Is your "
                        "_backward attached to out (out._backward = _backward), "
                        "and does it add to a.grad and b.grad?",
                        mistake="backward-did-nothing")
        if (_close(a.grad, before_a + (x - y)) and _close(b.grad, before_b - (x - y))
                and not _close(x - y, g)):
            raise Wrong(
                f"a.grad grew by {x - y:.4f}, which is out.data (the number a - b); "
                f"it should grow by out.grad = {g:.4f}, the gradient arriving from "
                "above: a.grad += out.grad and b.grad += -out.grad.",
                mistake="used-data-not-grad")
        if not (_close(a.grad, before_a + g) and _close(b.grad, before_b - g)):
            raise Wrong(
                f"with out.grad = {g:.4f}, a.grad should grow by {g:.4f} "
                f"(from {before_a:.4f} to {before_a + g:.4f}) and b.grad by "
                f"{-g:.4f} (to {before_b - g:.4f}); they became {a.grad!r} and "
                f"{b.grad!r}. Look at the local derivatives: 1 for a, -1 for b.")
    # a - a is always 0: the two contributions must cancel.
    a = Value(2.0, label="a")
    out = expect_value(answer(a, a), "sub(a, a)", "Finish with `return out`.")
    out.grad = 1.0
    out._backward()
    if not _close(a.grad, 0.0):
        raise Wrong(f"for out = a - a (always 0) a.grad should be 0, not "
                    f"{a.grad!r}: the +1 and the -1 must both be added to a.grad.")


ex1 = Exercise(
    "the backward of subtraction",
    _check_sub,
    hints=[
        "Ask how out = a - b changes when a grows by a little h: by h. "
        "And when b grows by h? By -h. Those are the local derivatives.",
        "Chain rule: each input gets (local derivative) × out.grad.",
        "An input may be used elsewhere in the graph too, so add to its grad "
        "with +=, never overwrite it with =.",
        "The two lines are a.grad += out.grad and b.grad += -out.grad.",
    ],
    reference=sub,
    name="ex1",
    stub="""
        def sub(a, b):
            out = Value(a.data - b.data, (a, b), "-")

            def _backward():
                raise NotImplementedError

            out._backward = _backward
            return out
    """,
    mistakes={"assign-instead-of-accumulate": _sub_assigns,
              "wrong-sign": _sub_wrong_sign},
    success="out = a - b passes +out.grad to a and -out.grad to b, adding "
            "to whatever they already had.",
)


# ---------------------------------------------------------------------------
# Exercise 2: a topological sort that survives deep graphs
# ---------------------------------------------------------------------------

def topological_sort(root):
    """Every value that root depends on, each one after all of its children."""
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        v, children_done = stack.pop()
        if children_done:
            order.append(v)               # all of v's children are in order
        elif v not in visited:
            visited.add(v)
            stack.append((v, True))       # come back to v after its children
            for child in reversed(v._prev):
                stack.append((child, False))
    return order


def _sort_recursive(root):
    order, visited = [], set()

    def visit(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                visit(child)
            order.append(v)
    visit(root)
    return order


def _sort_breadth_first(root):
    # Visit from the root level by level, then turn the list around.
    seen, queue = [root], [root]
    for v in queue:
        for child in v._prev:
            if child not in seen:
                seen.append(child)
                queue.append(child)
    return seen[::-1]


def _sort_without_visited(root):
    order, stack = [], [(root, False)]
    while stack:
        v, children_done = stack.pop()
        if children_done:
            order.append(v)
        else:
            stack.append((v, True))
            for child in reversed(v._prev):
                stack.append((child, False))
    return order


def _sort_visited_by_data(root):
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        v, children_done = stack.pop()
        if children_done:
            order.append(v)
        elif v.data not in visited:
            visited.add(v.data)
            stack.append((v, True))
            for child in reversed(v._prev):
                stack.append((child, False))
    return order


def _graphs():
    """A few graphs to sort: the lesson's examples and seeded random ones."""
    a, b, c, f = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c"), Value(-2.0, label="f")
    e = a * b
    d = e + c
    yield "L = (a*b + c) * f", d * f
    a = Value(2.0, label="a")
    b = a + a
    yield "f = (a*b) * (a+b) with b = a + a", (a * b) * (a + b)
    a, b, c = Value(1.0, label="a"), Value(1.0, label="b"), Value(1.0, label="c")
    yield ("(a*b + c) * (c + 1) with a, b, c all 1.0 (different values, same "
           "number)", (a * b + c) * (c + Value(1.0)))
    rng = attempt_rng(4)  # new graphs, of new sizes, at every attempt
    for k, n in enumerate((rng.randint(4, 8), rng.randint(9, 16), rng.randint(17, 30))):
        V = (Value, FinishedValue)[k % 2]  # the lesson's kind of Value, and the finished one
        pool = [V(rng.uniform(-1, 1)) for _ in range(3)]
        for _ in range(n):  # each new value reuses random earlier ones
            x, y = rng.choice(pool), rng.choice(pool)
            pool.append(x + y if rng.random() < 0.5 else x * y)
        root = pool[-1]
        for v in pool[-4:-1]:
            root = root + v
        yield f"a random graph with {n} operations", root


def _all_nodes(root):
    seen, stack = {id(root): root}, [root]
    while stack:
        for c in stack.pop()._prev:
            if id(c) not in seen:
                seen[id(c)] = c
                stack.append(c)
    return seen


def _check_order(answer, name, root, call="topological_sort(root)"):
    """Wrong unless ``answer(root)`` lists every value of ``root``'s graph once, each
    after its children.  ``call`` is how the learner's cell calls the answer."""
    with unchanged_graph(root, call), time_limit(5, f"{call} on {name}"):
        order = answer(root)
    if isinstance(order, collections.deque):
        order = list(order)  # a deque works as well as a list
    order = expect_list(order, call,
                        "a list of the values, each after its children",
                        "Finish with `return order` (the list of values).")
    nodes = _all_nodes(root)
    strays = [v for v in order if id(v) not in nodes]
    if strays:
        raise Wrong(f"on {name} your list holds {describe(strays[0])}, which is "
                    "not one of the graph's values: put the Values themselves "
                    "in the list (v, not v.data or a copy).")
    ids = [id(v) for v in order]
    if len(ids) != len(set(ids)):
        raise Wrong(
            f"on {name} some values appear more than once in your list ("
            f"{len(ids):,} entries, {len(set(ids)):,} of them different, for "
            f"{len(nodes):,} values): a value "
            "used twice is reached twice. Remember the visited values (a set) "
            "and skip one that is already there.", mistake="visited-twice")
    if set(ids) != set(nodes):
        if len(ids) == len({v.data for v in nodes.values()}):
            raise Wrong(f"on {name} your list has {len(ids)} values, but the "
                        f"graph has {len(nodes)}: values holding the same number "
                        "were taken for one value. Remember the visited values "
                        "themselves (v, not v.data) in your set.",
                        mistake="visited-by-data")
        raise Wrong(f"on {name} your list has {len(ids)} values, but the graph "
                    f"has {len(nodes)}. Every value must appear exactly once.")
    position = {i: k for k, i in enumerate(ids)}
    if len(ids) > 1 and all(position[id(c)] > position[id(v)]
                            for v in order for c in v._prev):
        raise Wrong(f"on {name} your list is the right order turned around: it "
                    "starts with the root and every value comes BEFORE its "
                    "children. A topological order puts each value after all of "
                    "its children (leaves first, root last); backward() then walks "
                    "it reversed. Return the list the other way round.",
                    mistake="not-topological")
    for v in order:
        for c in v._prev:
            if position[id(c)] > position[id(v)]:
                raise Wrong(
                    f"on {name} your list has a value with data {v.data:.4f} at "
                    f"position {position[id(v)]}, before one of its children "
                    f"(data {c.data:.4f}, at position {position[id(c)]}). In a "
                    "topological order each value comes after ALL of its "
                    "children, so that reversed(order) finishes a value's grad "
                    "before passing it on. Turning around the order in which a "
                    "walk from the root first meets the values (level by level, "
                    "or depth first) does not guarantee that: add a value only "
                    "once all its children have been added.",
                    mistake="not-topological")


SECONDS = 15  # for the chain of 100,000; the reference answer takes about 0.3 s


def _check_sort(answer):
    graphs = list(_graphs())
    for name, root in graphs:
        _check_order(answer, name, root)
    name, root = graphs[0]
    try:  # the same graph again: a sort gives the same order every time
        _check_order(answer, name, root)
    except Wrong as w:
        raise Wrong("topological_sort(root) is right the first time, but called "
                    f"again on the same graph: {w.message} Something is kept from "
                    "one call to the next: a default argument such as "
                    "visited=set() is made once, when the def runs; make it inside "
                    "the function instead.", mistake="state-between-calls") from None
    x = Value(1.0)
    for _ in range(100_000):
        x = x * Value(1.0)
    try:
        with time_limit(SECONDS, "topological_sort(root) on a chain of 100,000 "
                        "multiplications"):
            order = answer(x)
    except Wrong as w:
        raise Wrong(w.message + " Your sort is right on small graphs, so look for "
                    "work that grows with the list: `v in visited` on a list, or "
                    "`order.insert(0, v)`, goes through the whole list every time. "
                    "Keep the visited values in a set, append, and reverse once.",
                    w.mistake) from None
    except RecursionError:
        raise Wrong(
            "your sort is right on small graphs, but a chain of 100,000 "
            "values raises RecursionError: each value is one more nested call, "
            "and Python allows about a thousand. Keep the values still to visit "
            "on a list of your own (a stack) instead of recursing.",
            mistake="recursion-limit") from None
    if isinstance(order, collections.deque):
        order = list(order)
    order = expect_list(order, "topological_sort(root)",
                        "a list of the values, each after its children")
    if len(order) != 200_001 or order[-1] is not x:
        raise Wrong(f"on a chain of 100,000 multiplications (200,001 values) "
                    f"your list has {len(order)} values.")
    _check_order(lambda root: order, "a chain of 100,000 multiplications", x)


ex2 = Exercise(
    "a topological sort that handles 100,000 nested values",
    _check_sort,
    hints=[
        "The recursive version visits each child, then appends the value. "
        "Without recursion, you need to remember where you were yourself.",
        "Keep a stack of (value, children_done) pairs. Pop one; if "
        "children_done is True, append the value to the order.",
        "If children_done is False and the value is new: mark it visited, push "
        "(value, True) so you come back to it, then push (child, False) for "
        "each child.",
        "Because a stack is last-in-first-out, every child is finished before "
        "you pop (value, True) again.",
    ],
    reference=topological_sort,
    name="ex2",
    mistakes={"not-topological": _sort_breadth_first,
              "visited-twice": _sort_without_visited,
              "visited-by-data": _sort_visited_by_data,
              "recursion-limit": _sort_recursive},
    success="Your sort puts every value after its children, and it has no "
            "depth limit: backward() can now use it on any graph.",
)

EXERCISES = [ex1, ex2]
