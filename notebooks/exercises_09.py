"""Checked exercises of lesson 09 (the bug hunt): you write the test.

    from exercises_09 import ex1, ex2, ex3, ex4

For each of the blog post's four bugs you write a check: a function that gets
an engine (its Value class, or for the graph walk its trace function) and
returns True when that part of the engine is right.  The checker runs your
check on the fixed engine (it must say True), on the engine with the lesson's
bug (it must say False), and on several hidden variants of the same bug (it
must say False for each).  If it misses one, you are told which one slipped
through.  A check that raises an error on a wrong engine counts as saying
False; one that raises on the correct engine is wrong.
"""

import math

from autograd_helpers import Value as RefValue
from autograd_helpers import trace as ref_trace
from bug_hunt import VARIANTS, count_values, diamonds, doubled, engine_with, variant_engine, walk_work
from exercise_kit import Exercise, Wrong, returned


def _close(x, y, tol=1e-9):
    return (isinstance(x, (int, float)) and not isinstance(x, bool)
            and math.isclose(x, y, rel_tol=tol, abs_tol=tol))


def _verdict(check, subject, what):
    """True/False from the learner's check; an error on a wrong engine is False."""
    try:
        got = check(subject)
    except NotImplementedError:
        raise
    except Exception as e:  # noqa: BLE001 -- the check may fail in any way
        return e
    return returned(got, "Finish your check with `return True` or "
                         "`return False` (or `return` a condition).",
                    what=what)


def _judge(check, bug, name, subject_of):
    """Run ``check`` on the fixed engine and on every variant of ``bug``."""
    if not callable(check):
        raise Wrong(f"pass your check function itself, e.g. "
                    f"ex.check({name}), not {check!r}.")
    right = _verdict(check, subject_of(engine_with(())), f"{name}(the correct engine)")
    if isinstance(right, Exception):
        raise Wrong(
            f"on the CORRECT engine your check raised {type(right).__name__}: "
            f"{right}. A check must run cleanly (and return True) when the "
            "engine is right.", "rejects-correct")
    if not right:
        raise Wrong(
            "your check says the CORRECT engine is wrong (it returned "
            f"{right!r}). A test that rejects right code is no use: loosen the "
            "comparison (compare floats with a tolerance such as "
            "math.isclose) or fix the expected numbers.", "rejects-correct")
    slipped = []
    for vname, description, _ in VARIANTS[bug]:
        verdict = _verdict(check, subject_of(variant_engine(bug, vname)),
                           f"{name}(a wrong engine)")
        if not isinstance(verdict, Exception) and verdict:
            slipped.append((vname, description))
    if slipped:
        caught = len(VARIANTS[bug]) - len(slipped)
        first, description = slipped[0]
        if first == "lesson":
            lead = ("your check says the LESSON'S buggy engine is right, so "
                    "it does not test the bug at all")
        else:
            lead = (f"your check passes the correct engine and catches "
                    f"{caught} of {len(VARIANTS[bug])} wrong engines, but "
                    f"this one slipped through (your check said True): "
                    f"{description}")
        more = ""
        if len(slipped) > 1:
            more = (" Also slipped through: "
                    + "; ".join(n for n, _ in slipped[1:]) + ".")
        raise Wrong(f"{lead}.{more} Add a case that would catch it.",
                    f"misses-{first}")


def _class(engine):
    return engine.Value


def _trace(engine):
    return engine.trace


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
    lambda check: _judge(check, "relu", "check_relu", _class),
    hints=[
        "Start with what relu should give: a.relu().data is max(x, 0). Try a "
        "negative and a positive x.",
        "Then the gradient: the slope is 1 for x > 0 and 0 for x < 0.",
        "The lesson's bug sets a.grad = 0 instead of adding 0. That shows only "
        "when a had a gradient already: use a twice, y = a.relu() + a, and "
        "expect a.grad == slope + 1.",
        "Check both sides of 0 with the reuse, and compare floats with "
        "math.isclose.",
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


def _exp_exact(Value):
    return Value(0.1).exp().data == 1.1051709180756   # a rounded constant


ex2 = Exercise(
    "write check_exp(Value): True when exp is right",
    lambda check: _judge(check, "exp", "check_exp", _class),
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
    lambda check: _judge(check, "rsub", "check_rsub", _class),
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
        if _edge_ids(edges) != _edge_ids(want_edges):
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
    lambda check: _judge(check, "walk", "check_walk", _trace),
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
