"""Checked exercises for lesson 03 (Backpropagation by hand).

Each check calls your code on random numbers drawn afresh for every attempt
(seeded) and compares it with central differences (nudging the inputs) or with
the reference engine in autograd_helpers.py. ``exN.check(answer)`` says how it
went, ``exN.hint()`` gives a hint, ``exN.solution()`` shows an answer.
"""

import math

from autograd_helpers import numerical_grad, Value
from lesson_data import l_example, L_START
from exercise_kit import (BareValue, Exercise, Wrong, attempt_rng, call, expect_number,
                          expect_numbers, is_number)


def _close(x, y, tol=1e-6):
    return math.isclose(x, y, rel_tol=tol, abs_tol=tol)


def _all_close(xs, ys, tol=1e-6):
    return len(xs) == len(ys) and all(_close(x, y, tol) for x, y in zip(xs, ys))


# ---------------------------------------------------------------------------
# Exercise 1: the gradients of a small graph, by hand
# ---------------------------------------------------------------------------

def out_of(a, b, c, d):
    """The graph of exercise 1 on plain numbers: p = a + b, q = p * c, out = q * d."""
    p = a + b
    q = p * c
    return q * d


def grads_by_hand(a, b, c, d):
    """Reference answer for exercise 1."""
    p = a + b
    q = p * c
    dq = d          # out = q * d: the other input of the *
    dd = q
    dp = c * dq     # q = p * c, chain rule
    dc = p * dq
    da = 1.0 * dp   # p = a + b passes its gradient on unchanged
    db = 1.0 * dp
    return da, db, dc, dd


def _local_only(a, b, c, d):
    p = a + b
    return 1.0, 1.0, p, p * c


def _own_data(a, b, c, d):
    p = a + b
    q = p * c
    dq = q          # uses q itself instead of the other input d
    return p * dq, p * dq, c * dq, d


def check_grads_by_hand(answer):
    rng = attempt_rng(5)
    for _ in range(5):
        point = [round(rng.uniform(-3, 3), 2) for _ in range(4)]
        got = expect_numbers(call(answer, *point, what="grads_by_hand(a, b, c, d)"), 4,
                             "grads_by_hand({}, {}, {}, {})".format(*point),
                             "(da, db, dc, dd)",
                             "Finish with `return da, db, dc, dd`.")
        nudged = numerical_grad(out_of, point)
        if _all_close(got, nudged):
            continue
        yours = "(" + ", ".join(f"{g:.4f}" for g in got) + ")"
        want = "(" + ", ".join(f"{g:.4f}" for g in nudged) + ")"
        if _all_close(got, _local_only(*point)):
            raise Wrong(f"at a, b, c, d = {point} you gave {yours}; nudging gives "
                        f"{want}. Yours are the local derivatives only (for "
                        "example dp/da = 1). The chain rule multiplies each one "
                        "by the gradient arriving from above: dout/da = dp/da * "
                        "dout/dp.", mistake="local-derivative-only")
        if _all_close(got, _own_data(*point)):
            raise Wrong(f"at a, b, c, d = {point} you gave {yours}; nudging gives "
                        f"{want}. For a product x * y, the derivative with "
                        "respect to x is y, the OTHER input, not x itself: "
                        "dout/dq = d, dout/dd = q.", mistake="mul-uses-own-data")
        names = "a b c d".split()
        wrong = [f"dout/d{n}: yours {g:.4f}, nudging gives {t:.4f}"
                 for n, g, t in zip(names, got, nudged) if not _close(g, t)]
        raise Wrong(f"at a, b, c, d = {point}: " + "; ".join(wrong) + ". Work from "
                    "the output back: dout/dq and dout/dd first, then p and c, "
                    "then a and b.")


ex1 = Exercise(
    "gradients of p = a + b, q = p * c, out = q * d, by hand",
    check_grads_by_hand,
    hints=[
        "Start at the output: out = q * d, so dout/dq = d and dout/dd = q.",
        "Next q = p * c: dout/dp = c * dout/dq and dout/dc = p * dout/dq.",
        "Finally p = a + b: a + passes the gradient on unchanged, so "
        "dout/da = dout/db = dout/dp.",
    ],
    reference=grads_by_hand,
    name="ex1",
    stub="""
        def grads_by_hand(a, b, c, d):
            p = a + b
            q = p * c
            raise NotImplementedError
    """,
    mistakes={"local-derivative-only": _local_only, "mul-uses-own-data": _own_data},
    success="Every gradient matches nudging: the chain rule at work.",
)


# ---------------------------------------------------------------------------
# Exercise 2: the gradient through tanh
# ---------------------------------------------------------------------------

def tanh_grad(x, t, out_grad):
    """Reference answer for exercise 2: t = tanh(x); returns dL/dx."""
    return (1 - t**2) * out_grad


def _from_input(x, t, out_grad):
    return (1 - x**2) * out_grad


def _no_chain(x, t, out_grad):
    return 1 - t**2


def check_tanh_grad(answer):
    rng = attempt_rng(6)
    for _ in range(6):
        x = round(rng.uniform(-2, 2), 3)
        g = round(rng.choice([-1, 1]) * rng.uniform(0.5, 3), 3)
        t = math.tanh(x)
        expected = numerical_grad(lambda v: math.tanh(v) * g, [x])[0]
        got = expect_number(call(answer, x, t, g, what="tanh_grad(x, t, out_grad)"), f"tanh_grad({x}, {t:.4f}, {g})",
                            "Finish with `return` and the gradient.",
                            f"here {expected:.6f}")
        if _close(got, expected):
            continue
        if _close(got, (1 - x**2) * g):
            raise Wrong(f"at x = {x} you gave {got:.6f}, which is 1 - x**2 times "
                        f"out_grad, from the input; expected {expected:.6f}. The "
                        "derivative of tanh is 1 - tanh(x)**2: square the "
                        "output t, not the input x.",
                        mistake="tanh-derivative-from-input")
        if _close(got, 1 - t**2):
            raise Wrong(f"at x = {x} you gave {got:.6f}, which is 1 - t**2, the "
                        f"local derivative only; expected {expected:.6f}. The "
                        f"gradient arriving from above (out_grad = {g}) must "
                        "multiply it.",
                        mistake="forgot-chain-rule")
        raise Wrong(f"at x = {x} with out_grad = {g} the gradient for x should be "
                    f"{expected:.6f}, yours is {got:.6f}.")


ex2 = Exercise(
    "the gradient through tanh",
    check_tanh_grad,
    hints=[
        "The slope of tanh at x is 1 - tanh(x)**2, and you are given t = tanh(x).",
        "Then apply the chain rule: multiply the local slope by out_grad.",
    ],
    reference=tanh_grad,
    name="ex2",
    mistakes={"tanh-derivative-from-input": _from_input, "forgot-chain-rule": _no_chain},
    success="The slope of tanh comes from its output: 1 - t**2.",
)


# ---------------------------------------------------------------------------
# Exercise 3: one step uphill
# ---------------------------------------------------------------------------

def step_up(leaves, lr):
    """Reference answer for exercise 3: move each leaf along its gradient."""
    for v in leaves:
        v.data += lr * v.grad


def _step_down(leaves, lr):
    for v in leaves:
        v.data -= lr * v.grad


def _no_rate(leaves, lr):
    for v in leaves:
        v.data += v.grad


def _updated_grad(leaves, lr):
    for v in leaves:
        v.grad += lr * v.grad


def _fixed_rate(leaves, lr):
    for v in leaves:
        v.data += 0.01 * v.grad


def check_step_up(answer):
    rng = attempt_rng(7)
    for k in range(4):
        lr = rng.choice((0.002, 0.005, 0.02, 0.03, 0.04, 0.015, 0.025))
        start = {n: x + round(rng.uniform(-1, 1), 2) for n, x in L_START.items()}
        V = (Value, BareValue)[k % 2]  # the finished Value, and one like the lesson's
        leaves = {n: V(x, label=n) for n, x in start.items()}
        L = l_example(**leaves)
        L.backward()
        grads = {n: v.grad for n, v in leaves.items()}
        call(answer, list(leaves.values()), lr, what="step_up(leaves, lr)",
             names=("leaves", "lr"))
        if not all(is_number(v.data) for v in leaves.values()):
            bad = next(v.data for v in leaves.values() if not is_number(v.data))
            raise Wrong(f"after your step a leaf's data is {bad!r}, not a "
                        "number: add lr * v.grad (numbers), not a Value.")
        moved = {n: v.data - start[n] for n, v in leaves.items()}
        if all(_close(moved[n], lr * grads[n], 1e-9) for n in moved):
            continue
        after = l_example(**{n: Value(v.data) for n, v in leaves.items()}).data
        if all(moved[n] == 0 for n in moved):
            changed = [n for n, v in leaves.items() if v.grad != grads[n]]
            if changed:
                n = changed[0]
                raise Wrong(f"no leaf moved (L is still {L.data:.4f}), but the "
                            f"gradients changed: {n}.grad went from "
                            f"{grads[n]:.4f} to {leaves[n].grad:.4f}. The step "
                            "changes the numbers themselves: v.data += lr * "
                            "v.grad, and leaves v.grad alone.",
                            mistake="updated-grad-not-data")
            raise Wrong(f"no leaf moved: L is still {L.data:.4f}. For every leaf "
                        "v in the list, add lr * v.grad to v.data.")
        if all(_close(moved[n], -lr * grads[n], 1e-9) for n in moved):
            raise Wrong(f"L went from {L.data:.4f} to {after:.4f}: down, not up. "
                        "A gradient points uphill, so to raise L add lr * grad.",
                        mistake="stepped-downhill")
        if all(_close(moved[n], grads[n], 1e-9) for n in moved):
            raise Wrong(f"each leaf moved by its whole gradient (a by "
                        f"{moved['a']:+.4f} instead of {lr * grads['a']:+.4f}), "
                        f"ignoring lr = {lr}. Big steps leave the region where "
                        "the gradient's prediction holds; scale them by lr.",
                        mistake="forgot-learning-rate")
        rates = [moved[n] / grads[n] for n in moved if abs(grads[n]) > 1e-9]
        if rates and all(_close(r, rates[0], 1e-9) for r in rates):
            raise Wrong(f"with lr = {lr} each leaf moved by {rates[0]:g} times "
                        f"its grad (a by {moved['a']:+.4f} instead of "
                        f"{lr * grads['a']:+.4f}): your step uses a rate of its "
                        "own. Use the lr it is given: v.data += lr * v.grad.",
                        mistake="ignores-lr")
        right = [n for n in moved if _close(moved[n], lr * grads[n], 1e-9)]
        still = [n for n in moved if moved[n] == 0 and n not in right]
        if right and still:
            raise Wrong(f"with lr = {lr}, {', '.join(right)} took the right step, but "
                        f"{', '.join(still)} did not move at all: every leaf in the "
                        "list must take its step. Is there a `return` (or a `break`) "
                        "inside the loop?", mistake="missed-leaves")
        n = next(n for n in moved if n not in right)
        raise Wrong(f"with lr = {lr}, each leaf should move by lr * its grad "
                    f"(for {n}: {lr * grads[n]:+.4f}), but {n} moved by "
                    f"{moved[n]:+.4f}.")


ex3 = Exercise(
    "one gradient step that raises L",
    check_step_up,
    hints=[
        "v.grad says how much L rises per unit of v, so moving v a little in the "
        "direction of its grad raises L.",
        "For every leaf v: v.data += lr * v.grad (change data, leave grad alone).",
    ],
    reference=step_up,
    name="ex3",
    mistakes={"stepped-downhill": _step_down, "forgot-learning-rate": _no_rate,
              "updated-grad-not-data": _updated_grad, "ignores-lr": _fixed_rate},
    success="Every leaf moved a small step along its gradient, and L went up.",
)

EXERCISES = [ex1, ex2, ex3]
