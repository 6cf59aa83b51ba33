"""Checked exercises of lesson 08 (a real classifier).

    from exercises_08 import ex1, ex2, ex3
"""

import math

from autograd_helpers import trace, Value
from exercise_kit import (Exercise, attempt_rng, call, describe, expect_number, expect_value,
                          is_number, Wrong)
from exercise_kit import backward_on, broken_graph, lesson_class


# --- Exercise 1: accuracy from scores -----------------------------------------

def accuracy(scores, ys):
    """The fraction (0 to 1) of examples whose score has the sign of the label."""
    return sum((s > 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys)


def _count(scores, ys):
    return sum((s > 0) == (y > 0) for s, y in zip(scores, ys))


def _error_rate(scores, ys):
    return sum((s > 0) != (y > 0) for s, y in zip(scores, ys)) / len(ys)


def _check_accuracy(answer):
    rng = attempt_rng(80)  # new lengths and numbers at every attempt
    for trial in range(3):
        n = rng.randint(5, 30)
        scores = [round(rng.uniform(-2, 2), 3) or 0.5 for _ in range(n)]
        ys = [rng.choice([-1, 1]) for _ in range(n)]
        if trial == 1:
            scores[rng.randrange(n)] = 0.0  # exactly 0: either side is fine here
        want = accuracy(scores, ys)
        got = call(answer, scores, ys, what="accuracy(scores, ys)", names=("scores", "ys"))
        if isinstance(got, bool):
            raise Wrong(f"accuracy(scores, ys) returned {describe(got)}; expected "
                        f"a fraction between 0 and 1 ({want:.3f} here). Add up "
                        "the right ones with sum(...), then divide by len(ys).",
                        "not-a-number")
        got = expect_number(got, "accuracy(scores, ys)",
                            "Finish with `return` and the fraction.",
                            f"here {want:.3f}")
        also_right = [want]
        if 0.0 in scores:  # the other convention for a score of exactly 0
            k = scores.index(0.0)
            also_right.append(want + (1 if ys[k] > 0 else -1) / n)
        if any(math.isclose(got, w) for w in also_right):
            continue
        if any(math.isclose(got, w * n) for w in also_right):
            raise Wrong(f"you returned {got:g}, the number of correct examples; "
                        f"expected the fraction {want:.3f}. Divide by the number "
                        f"of examples ({n}) to get a fraction between 0 and 1.",
                        "count-not-fraction")
        if any(math.isclose(got, 100 * w) for w in also_right):
            raise Wrong(f"you returned {got:g}, a percentage; expected the "
                        f"fraction {want:.3f}, between 0 and 1 (the lesson "
                        "prints it as a percentage with :.0%).",
                        "percent-not-fraction")
        if any(math.isclose(got, 1 - w) for w in also_right):
            raise Wrong(f"you returned {got:.3f}, the fraction of *wrong* "
                        f"examples; expected {want:.3f}. An example is right when "
                        "the score and the label have the same sign.", "error-rate")
        raise Wrong(f"for these {n} examples expected {want:.3f}, got {got!r}. An "
                    "example counts as right when (score > 0) == (label > 0).")


ex1 = Exercise(
    "accuracy from scores",
    _check_accuracy,
    hints=["The network says +1 when its score is positive and -1 otherwise.",
           "(s > 0) == (y > 0) is True for a correct example; True counts as 1 in sum().",
           "return sum((s > 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys)"],
    reference=accuracy,
    name="ex1",
    mistakes={"count-not-fraction": _count, "error-rate": _error_rate,
              "percent-not-fraction": lambda scores, ys: 100 * accuracy(scores, ys)},
    success="Accuracy only looks at signs; the loss also cares by how much.")


# --- Exercise 2: the max-margin loss of one example ---------------------------

def margin_loss(score, y):
    """relu(1 - y * score) for one example, as a Value."""
    return (1 - y * score).relu()


def _no_relu(score, y):
    return 1 - y * score


def _no_label(score, y):
    return (1 - score).relu()


def _relu_inside(score, y):
    return 1 - (y * score).relu()


def _gradient_at_the_margin(score, y):
    return 1 - y * score if y * score.data <= 1 else Value(0.0)


def _has_relu_below_the_top(out):
    return (str(out._op).lower() != "relu"
            and any(str(v._op).lower() == "relu" for v in trace(out)[0]))


def _relu_works(V):
    v = V(0.25)
    out = (1 - 1 * v).relu() + (1 - -1 * v).relu() * 0
    out.backward()
    return math.isclose(out.data, 0.75) and math.isclose(v.grad, -1.0)


def _relu_slope_at_0(V):
    """The slope V's relu takes at exactly 0 (0 in the finished engine; an
    engine that passed lesson 05's checks may take 1, as the post does)."""
    try:
        z = V(0.0)
        z.relu().backward()
    except Exception:  # noqa: BLE001 -- an engine that cannot: the lesson's convention
        return 0.0
    return z.grad if is_number(z.grad) else 0.0


def _check_margin(answer):
    V = lesson_class(answer, "Value", Value, _relu_works)  # the answer's own Value
    kink = _relu_slope_at_0(V)  # 0 by the lesson's convention; an engine may take 1
    rng = attempt_rng(81)
    # the kinks first: y * score exactly 1, where relu's input is exactly 0
    cases = [(2.5, 1), (-0.3, 1), (1.0, 1), (0.4, -1), (-3.0, -1), (-1.0, -1),
             (0.2, 1)]
    cases[:] = cases[:2] + rng.sample(cases[2:], 5)
    cases += [(rng.uniform(-3, 3), rng.choice([-1, 1])) for _ in range(5)]
    for s, y in cases:
        score = V(s)
        want = margin_loss(Value(s), y).data
        got = answer(score, y)
        if is_number(got):
            raise Wrong(f"for score {s:.3f} and label {y} you returned "
                        f"{describe(got)}, a plain number (expected a Value with "
                        f"data {want:.4f}); build the loss from the Value `score` "
                        "so that backward() can reach the network.", "not-a-value")
        got = expect_value(got, f"margin_loss(score, {y})",
                           "Finish with `return` and the loss.",
                           f"a Value (here with data {want:.4f})")
        at = f"for score {s:.3f} and label {y}"
        if math.isclose(got.data, want, abs_tol=1e-12):
            backward_on(got, f"margin_loss(score, {y})")
            slope = -y if 1 - y * s > 0 else 0.0
            # on the margin 0 is right, and so is the slope of the engine's own
            # relu at 0 (1 in an engine that takes the post's convention)
            slopes = [slope, -y * kink] if y * s == 1 else [slope]
            if any(math.isclose(score.grad, v, abs_tol=1e-12) for v in slopes):
                continue
            if y * s == 1:
                raise Wrong(f"{at}, exactly on the margin (y * score = 1), the loss "
                            f"is right (0) but d(loss)/d(score) is {score.grad:g}, "
                            "not 0. An example on the margin costs nothing and "
                            "passes nothing back, as relu does at 0 (its slope "
                            "there is taken as 0): use (1 - y * score).relu(), or "
                            "a test that sends y * score == 1 to the zero side.",
                            "wrong-at-the-kink")
            raise Wrong(f"{at} the loss is right but d(loss)/d(score) is "
                        f"{score.grad}, not {slope}.")
        problem = broken_graph(got)
        if problem:
            raise Wrong(f"{at} you returned a {type(got).__name__} whose graph is "
                        f"broken: {problem}. Build the loss with the operations "
                        "(-, *, relu()), not by hand.", "broken-graph")
        if _has_relu_below_the_top(got):
            raise Wrong(f"{at} you got {got.data:.4f}, expected {want:.4f}: relu is "
                        "there, but in the wrong place. It must clip the whole "
                        "cost 1 - y * score at zero, so it comes last: "
                        "(1 - y * score).relu(); clipping y * score (or the score) "
                        "first lets the loss go below zero.",
                        "relu-in-wrong-place")
        if math.isclose(got.data, 1 - y * s, abs_tol=1e-12):
            raise Wrong(f"{at} you got {got.data:.3f}, below zero (expected "
                        f"{want:.4f}): without relu a very confident right answer "
                        "earns a negative loss, so training keeps pushing scores "
                        "up forever. Clip at zero with .relu().", "missing-relu")
        if math.isclose(got.data, max(0.0, 1 - s), abs_tol=1e-12):
            raise Wrong(f"{at} you got {got.data:.3f}, expected {want:.4f}: the "
                        "label is missing, so every example is pushed towards +1. "
                        "Multiply the score by y.", "missing-label")
        raise Wrong(f"{at} expected {want:.4f}, got {got.data:.4f}.")


ex2 = Exercise(
    "the max-margin loss of one example",
    _check_margin,
    hints=["y * score is positive when the example is on the right side, and large "
           "when it is far on the right side.",
           "The cost is 1 - y * score, but never below 0.",
           "return (1 - y * score).relu()"],
    reference=margin_loss,
    name="ex2",
    mistakes={"missing-relu": _no_relu, "missing-label": _no_label,
              "relu-in-wrong-place": _relu_inside,
              "wrong-at-the-kink": _gradient_at_the_margin},
    success="Examples beyond the margin (y * score >= 1) cost nothing and pass no "
            "gradient back: training spends its effort on the hard ones.")


# --- Exercise 3: the learning-rate schedule -----------------------------------

def learning_rate(k, steps):
    """From 1.0 at step 0, 0.9/steps lower at every step, as in section 5."""
    return 1.0 - 0.9 * k / steps


def _to_the_last_step(k, steps):
    """The other reading: exactly 0.1 at the last step, k = steps - 1."""
    return 1.0 - 0.9 * k / (steps - 1)


def _curve(answer, steps):
    return [expect_number(answer(k, steps), f"learning_rate({k}, {steps})",
                          "Finish with `return` and the rate.",
                          f"here {learning_rate(k, steps):.4f}")
            for k in range(steps)]


def _same(xs, f, steps):
    return all(math.isclose(x, f(k, steps), abs_tol=1e-12) for k, x in enumerate(xs))


def _check_schedule(answer):
    rng = attempt_rng(82)  # new run lengths at every attempt
    runs = (rng.randint(60, 150), rng.randint(20, 59), rng.randint(3, 19))
    curves = {steps: _curve(answer, steps) for steps in runs}
    if all(_same(curves[n], learning_rate, n) for n in runs):
        return None
    if all(_same(curves[n], _to_the_last_step, n) for n in runs):
        return ("(Your rate reaches exactly 0.1 at the last step, k = steps - 1, "
                "like linspace(1.0, 0.1, steps). Section 5 uses "
                "1.0 - 0.9 * k / steps instead, 0.109 at step 99 of 100: the "
                "same straight line, one step's worth slower. Both count.)")
    for steps in runs:
        got = curves[steps]
        if all(math.isclose(x, 1.0) for x in got):
            raise Wrong(f"your rate stays at 1.0 (learning_rate({steps - 1}, "
                        f"{steps}) is {got[-1]:g}): it should fall as training "
                        "goes on, so the last steps are small and careful.",
                        "no-decay")
        if _same(got, lambda k, n: 1 - k / n, steps) or _same(
                got, lambda k, n: 1 - k / (n - 1), steps):
            raise Wrong(f"at the last step, k = {steps - 1} of {steps}, you give "
                        f"{got[-1]:.3f}: your rate falls all the way to 0, so the "
                        "last steps hardly move. It should lose only 0.9 over the "
                        "run and end near 0.1: 1.0 - 0.9 * k / steps.",
                        "decays-to-zero")
        for k, x in enumerate(got):
            if not (math.isclose(x, learning_rate(k, steps), abs_tol=1e-12)
                    or math.isclose(x, _to_the_last_step(k, steps), abs_tol=1e-12)):
                raise Wrong(f"at step {k} of {steps} you give {x!r}; expected "
                            f"{learning_rate(k, steps):.4f} (1.0 - 0.9 * k / steps, "
                            "as in section 5; 1.0 - 0.9 * k / (steps - 1), which "
                            "ends at exactly 0.1, counts too). A straight line "
                            "loses the same amount at every step.")
    raise Wrong("your rate follows 1.0 - 0.9 * k / steps for some runs and "
                "1.0 - 0.9 * k / (steps - 1) for others; pick one.")


ex3 = Exercise(
    "the learning-rate schedule",
    _check_schedule,
    hints=["At k = 0 the rate is 1.0; each step takes the same small amount off.",
           "Over all the steps it should lose 0.9 in total: 0.9 / steps per step, "
           "as in section 5 (ending exactly at 0.1 on the last step, k = steps - 1, "
           "is accepted too).",
           "return 1.0 - 0.9 * k / steps"],
    reference=learning_rate,
    name="ex3",
    mistakes={"no-decay": lambda k, steps: 1.0,
              "not-a-number": lambda k, steps: f"{1.0 - 0.9 * k / steps:.3f}",
              "decays-to-zero": lambda k, steps: 1 - k / steps},
    success="Big steps early to get going, small steps late to settle in.")

EXERCISES = [ex1, ex2, ex3]
