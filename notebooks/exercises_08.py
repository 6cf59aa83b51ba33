"""Checked exercises of lesson 08 (a real classifier).

    from exercises_08 import ex1, ex2, ex3
"""

import math
import random

from autograd_helpers import Value
from exercise_kit import Exercise, returned, Wrong


# --- Exercise 1: accuracy from scores -----------------------------------------

def accuracy(scores, ys):
    """The fraction (0 to 1) of examples whose score has the sign of the label."""
    return sum((s > 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys)


def _count(scores, ys):
    return sum((s > 0) == (y > 0) for s, y in zip(scores, ys))


def _error_rate(scores, ys):
    return sum((s > 0) != (y > 0) for s, y in zip(scores, ys)) / len(ys)


def _check_accuracy(answer):
    rng = random.Random(80)
    for n in (10, 25, 7):
        scores = [rng.uniform(-2, 2) for _ in range(n)]
        ys = [rng.choice([-1, 1]) for _ in range(n)]
        got = answer(scores, ys)
        want = accuracy(scores, ys)
        returned(got)
        if math.isclose(got, want):
            continue
        if got == _count(scores, ys):
            raise Wrong(f"you returned {got}, the number of correct examples. "
                        f"Divide by the number of examples ({n}) to get a "
                        "fraction between 0 and 1.", "count-not-fraction")
        if math.isclose(got, _error_rate(scores, ys)):
            raise Wrong(f"you returned {got:.3f}, the fraction of *wrong* "
                        "examples. An example is right when the score and the "
                        "label have the same sign.", "error-rate")
        raise Wrong(f"for these {n} examples expected {want:.3f}, got {got!r}. An "
                    "example counts as right when (score > 0) == (label > 0).")


ex1 = Exercise(
    "accuracy from scores",
    _check_accuracy,
    hints=["The network says +1 when its score is positive and -1 otherwise.",
           "(s > 0) == (y > 0) is True for a correct example; True counts as 1 in sum().",
           "return sum((s > 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys)"],
    reference=accuracy,
    mistakes={"count-not-fraction": _count, "error-rate": _error_rate},
    success="Accuracy only looks at signs; the loss also cares by how much.")


# --- Exercise 2: the max-margin loss of one example ---------------------------

def margin_loss(score, y):
    """relu(1 - y * score) for one example, as a Value."""
    return (1 - y * score).relu()


def _no_relu(score, y):
    return 1 - y * score


def _no_label(score, y):
    return (1 - score).relu()


def _check_margin(answer):
    rng = random.Random(81)
    cases = [(2.5, 1), (-0.3, 1), (0.4, -1), (-3.0, -1), (0.2, 1)]
    cases += [(rng.uniform(-3, 3), rng.choice([-1, 1])) for _ in range(5)]
    for s, y in cases:
        score = Value(s)
        got = answer(score, y)
        want = margin_loss(Value(s), y).data
        returned(got)
        if not isinstance(got, Value):
            raise Wrong(f"you returned a {type(got).__name__}; build the loss from "
                        "the Value `score` so that backward() can reach the network.")
        if math.isclose(got.data, want, abs_tol=1e-12):
            got.backward()
            slope = -y if 1 - y * s > 0 else 0.0
            if math.isclose(score.grad, slope, abs_tol=1e-12):
                continue
            raise Wrong(f"for score {s:.3f} and label {y} the loss is right but "
                        f"d(loss)/d(score) is {score.grad}, not {slope}.")
        if math.isclose(got.data, 1 - y * s, abs_tol=1e-12):
            raise Wrong(f"for score {s:.3f} and label {y} you got {got.data:.3f}, "
                        "below zero: without relu a very confident right answer "
                        "earns a negative loss, so training keeps pushing scores "
                        "up forever. Clip at zero with .relu().", "missing-relu")
        if math.isclose(got.data, max(0.0, 1 - s), abs_tol=1e-12):
            raise Wrong(f"for score {s:.3f} and label {y} you got {got.data:.3f}: the "
                        "label is missing, so every example is pushed towards +1. "
                        "Multiply the score by y.", "missing-label")
        raise Wrong(f"for score {s:.3f} and label {y} expected {want:.4f}, got "
                    f"{got.data:.4f}.")


ex2 = Exercise(
    "the max-margin loss of one example",
    _check_margin,
    hints=["y * score is positive when the example is on the right side, and large "
           "when it is far on the right side.",
           "The cost is 1 - y * score, but never below 0.",
           "return (1 - y * score).relu()"],
    reference=margin_loss,
    mistakes={"missing-relu": _no_relu, "missing-label": _no_label},
    success="Examples beyond the margin (y * score >= 1) cost nothing and pass no "
            "gradient back: training spends its effort on the hard ones.")


# --- Exercise 3: the learning-rate schedule -----------------------------------

def learning_rate(k, steps):
    """From 1.0 at step 0 down towards 0.1 at the end, in a straight line."""
    return 1.0 - 0.9 * k / steps


def _check_schedule(answer):
    for steps in (100, 40):
        for k in (0, 1, steps // 2, steps - 1):
            got = answer(k, steps)
            want = learning_rate(k, steps)
            returned(got)
            if math.isclose(got, want):
                continue
            if all(math.isclose(answer(j, steps), 1.0) for j in (0, steps // 2, steps - 1)):
                raise Wrong("your rate stays at 1.0: it should fall as training "
                            "goes on, so the last steps are small and careful.",
                            "no-decay")
            if math.isclose(got, 1 - k / steps):
                raise Wrong(f"at step {k} of {steps} you give {got:.3f}: your rate "
                            "falls all the way to 0, so the last steps hardly move. "
                            "It should end near 0.1: 1.0 - 0.9 * k / steps.",
                            "decays-to-zero")
            raise Wrong(f"at step {k} of {steps} expected {want:.4f}, got {got!r}.")


ex3 = Exercise(
    "the learning-rate schedule",
    _check_schedule,
    hints=["At k = 0 the rate is 1.0; each step takes the same small amount off.",
           "Over all the steps it should lose 0.9 in total.",
           "return 1.0 - 0.9 * k / steps"],
    reference=learning_rate,
    mistakes={"no-decay": lambda k, steps: 1.0,
              "decays-to-zero": lambda k, steps: 1 - k / steps},
    success="Big steps early to get going, small steps late to settle in.")

EXERCISES = [ex1, ex2, ex3]
