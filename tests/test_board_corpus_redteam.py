"""A second, independent corpus for lesson 09's hunt board: examples a
learner might try, each with the verdict worked out by hand from the seven
bugs and the board's rule (a bug is credited only when fixing it alone
changes what differs between the engine under suspicion and a correct one;
agreement credits nothing; a difference no single fix changes is "bugs acting
together"; an example that fails on a correct engine is the learner's wrong
example).

Why each verdict is what it is, in short:
relu returns None (and sets grad = 0 for a negative input); exp computes
e^(2x) and makes the gradient a Value; 2 - a gives a - 2; trace re-walks a
value for every path to it (any value reached twice costs extra reads);
** sets its input's grad (shows when that input is used again); backward
runs in pre-order (shows when a NON-leaf value is used by two operations and
the DFS meets it first through the shallower one, as in b * b.tanh() but not
b.tanh() * b); 2 / a raises TypeError.
"""

import math

import numpy as np
import pytest

import bug_hunt
from autograd_helpers import Value as RefValue
from bug_hunt import diamonds, doubled, judge


NotebookValue = bug_hunt.buggy_engine().Value  # the class of the lesson's engine cell


def reused(a):
    b = a * 2
    return b * b.tanh()


def deep_chain(a):
    for _ in range(5000):
        a = a + 0.001
    return a


def grad_after_pow_then_mul(a):
    """Runs backward itself and returns a number: a ** 2 + a * 3 has the pow
    processed before the * only in the wrong (pre-)order, where its `=` then
    loses nothing: the pow and order bugs cancel."""
    y = a ** 2 + a * 3
    y.backward()
    return a.grad


def wide_sum(a, b, c):
    return sum([a * b, b * c, c * a])


EXAMPLES = [
    # (id, function, inputs, kind, bugs)
    ("a+1", lambda a: a + 1, (2.0,), "no-difference", []),
    ("a-2", lambda a: a - 2, (1.0,), "no-difference", []),
    ("neg", lambda a: -a, (1.0,), "no-difference", []),
    ("2*a+1", lambda a: 2 * a + 1, (1.0,), "no-difference", []),
    ("2+a", lambda a: 2 + a, (1.0,), "no-difference", []),
    ("tanh", lambda a: a.tanh(), (0.5,), "no-difference", []),
    ("cube", lambda a: a ** 3, (2.0,), "no-difference", []),
    ("a/2", lambda a: a / 2, (3.0,), "no-difference", []),
    ("a/b", lambda a, b: a / b, (3.0, 2.0), "no-difference", []),
    ("squared-rsub", lambda a: (2 - a) ** 2, (3.0,), "no-difference", []),
    ("2-a", lambda a: 2 - a, (3.0,), "bugs", ["rsub"]),
    ("2/a", lambda a: 2 / a, (4.0,), "bugs", ["rtruediv"]),
    ("1/(a*a)", lambda a: 1 / (a * a), (2.0,), "bugs", ["rtruediv"]),
    ("relu+", lambda a: a.relu(), (2.0,), "bugs", ["relu"]),
    ("relu-", lambda a: a.relu(), (-1.0,), "bugs", ["relu"]),
    ("relu-reused-neg", lambda a: a.relu() + a, (-1.5,), "bugs", ["relu"]),
    ("relu-reused-pos", lambda a: a.relu() + a, (1.5,), "bugs", ["relu"]),
    ("1-relu", lambda a: 1 - a.relu(), (0.5,), "bugs", ["relu"]),
    ("relu-of-sub", lambda a: (a - 1).relu(), (3.0,), "bugs", ["relu"]),
    ("exp", lambda a: a.exp(), (0.5,), "bugs", ["exp"]),
    ("exp-at-0", lambda a: a.exp(), (0.0,), "bugs", ["exp"]),
    ("exp-overflows-only-in-suspect", lambda a: a.exp(), (400.0,), "bugs", ["exp"]),
    ("exp-number", lambda a: a.exp().data, (0.5,), "bugs", ["exp"]),
    ("exp+a", lambda a: a.exp() + a, (0.5,), "bugs", ["exp", "walk"]),
    ("exp*exp", lambda a: (c := a.exp()) * c, (0.3,), "bugs", ["exp", "walk"]),
    ("a*a", lambda a: a * a, (3.0,), "bugs", ["walk"]),
    ("a*b+b", lambda a, b: a * b + b, (2.0, 3.0), "bugs", ["walk"]),
    ("tanh+tanh", lambda a: a.tanh() + a.tanh(), (0.4,), "bugs", ["walk"]),
    ("two-a*2", lambda a: (a * 2).tanh() * (a * 2), (0.7,), "bugs", ["walk"]),
    ("leaf-at-two-depths", lambda a: a * (a * 2).tanh(), (0.7,), "bugs", ["walk"]),
    ("pow-out-reused", lambda a: (c := a ** 2) + c, (1.5,), "bugs", ["walk"]),
    ("wide-sum", wide_sum, (1.0, 2.0, 3.0), "bugs", ["walk"]),
    ("doubled-5", lambda a: doubled(a, 5), (0.5,), "bugs", ["walk"]),
    ("doubled-30", lambda a: doubled(a, 30), (0.5,), "bugs", ["walk"]),
    ("diamonds-1", lambda a: diamonds(a, 1), (0.5,), "bugs", ["walk"]),
    ("diamonds-4", lambda a: diamonds(a, 4), (0.5,), "bugs", ["walk", "order"]),
    ("reused", reused, (0.7,), "bugs", ["walk", "order"]),
    ("reused-walrus", lambda a: (b := a * 2) * b.tanh(), (0.7,), "bugs", ["walk", "order"]),
    ("reused-other-way-round", lambda a: (b := a * 2).tanh() * b, (0.7,), "bugs", ["walk"]),
    ("pow+a", lambda a: a ** 2 + a, (1.5,), "bugs", ["walk", "pow"]),
    ("a+pow", lambda a: a + a ** 2, (1.5,), "bugs", ["walk", "pow"]),
    ("a/a", lambda a: a / a, (2.0,), "bugs", ["walk", "pow"]),
    ("pow*pow", lambda a: a ** 2 * a ** 2, (1.2,), "bugs", ["walk", "pow"]),
    ("3-a*a", lambda a: 3 - a * a, (2.0,), "bugs", ["rsub", "walk"]),
    ("list-of-two", lambda a: [a.exp(), 2 - a], (0.5,), "bugs", ["exp", "rsub"]),
    ("relu-then-rtruediv", lambda a: 2 / a.relu(), (1.0,), "bugs", ["relu"]),
    ("exp-then-rtruediv", lambda a: 2 / a.exp(), (1.0,), "bugs", ["rtruediv"]),
    ("relu-at-b", lambda a: (b := a * 2) * b.relu(), (0.5,), "bugs", ["relu"]),
    ("b/a+a", lambda a, b: b / a + a, (2.0, 3.0), "bugs", ["walk", "pow"]),
    ("a*a**2", lambda a: a * a ** 2, (1.3,), "bugs", ["walk", "pow"]),
    ("2a+3a", lambda a: 2 * a + 3 * a, (0.5,), "bugs", ["walk"]),
    ("1-a", lambda a: 1 - a, (0.5,), "bugs", ["rsub"]),
    ("1-a-where-both-are-0", lambda a: 1 - a, (1.0,), "bugs", ["rsub"]),
    ("0-a-at-0", lambda a: 0 - a, (0.0,), "bugs", ["rsub"]),
    ("squared-rsub-at-k", lambda a: (3 - a) ** 2, (3.0,), "no-difference", []),
    ("diamonds-2", lambda a: diamonds(a, 2), (0.5,), "bugs", ["walk", "order"]),
    ("relu-at-0", lambda a: a.relu(), (0.0,), "bugs", ["relu"]),
    ("exp-underflows", lambda a: a.exp(), (-800.0,), "bugs", ["exp"]),
    ("two-outputs-sharing", lambda a: [b := a * 2, b * 3], (0.5,), "no-difference", []),
    ("pow-then-mul", lambda a: a ** 2 + a * 3, (1.5,), "bugs", ["walk"]),  # grads cancel
    ("pow-then-mul-grad-only", grad_after_pow_then_mul, (1.5,), "cancel", []),
    ("both-conditions", lambda a: (2 - a).data > 0 and a.exp().data < 2, (0.5,), "together", []),
    # examples that are wrong themselves
    ("no-such-method", lambda a: a.sigmoid(), (1.0,), "example-wrong", []),
    ("math-exp", lambda a: math.exp(a), (0.5,), "example-wrong", []),
    ("math-tanh", lambda a: math.tanh(a), (0.5,), "example-wrong", []),
    ("too-few-inputs", lambda a, b: a * b, (1.0,), "example-wrong", []),
    ("too-many-inputs", lambda a: a * 2, (1.0, 2.0), "example-wrong", []),
    ("no-inputs", lambda a: a * 2, (), "example-wrong", []),
    ("returns-none", lambda a: print(a), (1.0,), "example-wrong", []),
    ("divides-by-zero", lambda a: 1 / a, (0.0,), "example-wrong", []),
    ("number-power", lambda a: 2 ** a, (1.0,), "example-wrong", []),
    ("value-power", lambda a: a ** a, (2.0,), "example-wrong", []),
    ("abs", lambda a: abs(a), (1.0,), "example-wrong", []),
    ("overflows-everywhere", lambda a: a.exp().exp().exp(), (5.0,), "example-wrong", []),
    ("deep-chain", deep_chain, (0.5,), "example-wrong", []),
    ("huge-integer-input", lambda a: a * 2, (10 ** 400,), "example-wrong", []),
    ("string-input", lambda a: a * 2, ("1.0",), "example-wrong", []),
    ("value-as-input", lambda a: a * 2, (bug_hunt.fixed_engine().Value(1.0),), "example-wrong", []),
    ("notebook-value-on-the-left", lambda a: NotebookValue(2.0) - a, (3.0,), "example-wrong", []),
    ("notebook-value-on-the-right", lambda a: a - NotebookValue(2.0), (3.0,), "example-wrong", []),
    ("refvalue-result", lambda a: RefValue(2.0), (3.0,), "example-wrong", []),
    ("rsub-in-an-array", lambda a: np.array([2 - a]), (3.0,), "example-wrong", []),
    ("rsub-in-a-generator", lambda a: (2 - a for _ in range(1)), (3.0,), "example-wrong", []),
    ("rsub-in-a-set", lambda a: {2 - a}, (3.0,), "example-wrong", []),
    ("rsub-in-a-nested-list", lambda a: [[2 - a]], (3.0,), "example-wrong", []),
    ("rsub-in-a-string", lambda a: f"{(2 - a).data}", (3.0,), "bugs", ["rsub"]),
    ("a-huge-integer-back", lambda a: 2 ** 2000, (1.0,), "no-difference", []),
    ("a-boolean-back", lambda a: (2 - a).data < 0, (3.0,), "bugs", ["rsub"]),
    ("a-number-back", lambda a: a.data * 2, (1.0,), "no-difference", []),
    ("numbers-on-the-left-star-args", lambda *xs: sum(xs), (1.0, 2.0), "no-difference", []),
]


@pytest.mark.parametrize("f, inputs, kind, bugs",
                         [pytest.param(f, x, k, b, id=i) for i, f, x, k, b in EXAMPLES])
def test_the_board_gives_the_true_verdict(f, inputs, kind, bugs):
    verdict = judge(f, *inputs)
    assert (verdict.kind, sorted(verdict.bugs)) == (kind, sorted(bugs)), verdict.message


def test_an_example_that_returns_a_number_says_the_board_computed_no_gradients():
    for f, kind in ((lambda a: a.data * 2, "no-difference"), (lambda a: a.exp().data, "bugs")):
        verdict = judge(f, 0.5)
        assert verdict.kind == kind
        assert "returns no Value, so the board computed no gradients" in verdict.message


def test_an_integer_too_large_for_a_float_is_the_learners_input_not_a_crash():
    verdict = judge(lambda a: a * 2, 10 ** 400)
    assert verdict.kind == "example-wrong" and "too large for a float" in verdict.message


def test_an_example_that_mixes_in_another_value_class_is_the_learners_example():
    verdict = judge(lambda a: NotebookValue(2.0) - a, 3.0)
    assert verdict.kind == "example-wrong"
    assert "mixes in values of another class" in verdict.message
    assert "2 - a, not Value(2.0) - a" in verdict.message


def test_an_example_whose_result_the_board_cannot_look_inside_is_the_learners_example():
    verdict = judge(lambda a: np.array([2 - a]), 3.0)
    assert verdict.kind == "example-wrong"
    assert "cannot look inside" in verdict.message and "list or tuple" in verdict.message


def test_gradients_that_agree_only_because_bugs_cancel_are_said_to_cancel():
    verdict = judge(lambda a: a ** 2 + a * 3, 1.5)
    assert verdict.bugs == ["walk"]
    assert "gradients agree only because bugs cancel" in verdict.message
