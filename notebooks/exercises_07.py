"""Checked exercises of lesson 07 (training).

    from exercises_07 import ex1, ex2, ex3

The checks train small seeded networks (the finished MLP from
autograd_helpers.py) with your code and with the reference, side by side.
"""

import math
import random

from autograd_helpers import MLP, Value
from lesson_data import lr_verdict, toy_losses, TOY_XS, TOY_YS
from exercise_kit import Exercise, returned, Wrong


def _number(x):
    return float(x.data) if hasattr(x, "data") else float(x)


# --- Exercise 1: the squared-error loss ---------------------------------------

def squared_error(ypred, ys):
    """The sum over examples of (prediction - target)**2, as a Value."""
    return sum((yp - yt) ** 2 for yp, yt in zip(ypred, ys))


def _forgot_square(ypred, ys):
    return sum(yp - yt for yp, yt in zip(ypred, ys))


def _squared_the_sum(ypred, ys):
    return sum(yp - yt for yp, yt in zip(ypred, ys)) ** 2


def _check_squared_error(answer):
    rng = random.Random(70)
    for trial in range(4):
        n = 4 + trial
        data = [rng.uniform(-1, 1) for _ in range(n)]
        ys = [rng.choice([-1.0, 1.0]) for _ in range(n)]
        ypred = [Value(d) for d in data]
        got = answer(ypred, ys)
        want = squared_error([Value(d) for d in data], ys)
        returned(got)
        if not isinstance(got, Value):
            raise Wrong(f"you returned a {type(got).__name__}. Build the loss from "
                        "the Values in ypred (no .data), so it is a Value that can "
                        "run backward().")
        if math.isclose(got.data, want.data, rel_tol=1e-9, abs_tol=1e-12):
            got.backward()
            grads = [2 * (d - y) for d, y in zip(data, ys)]
            if all(math.isclose(p.grad, g, rel_tol=1e-9, abs_tol=1e-12)
                   for p, g in zip(ypred, grads)):
                continue
            raise Wrong("the loss has the right number, but its gradients are not "
                        "2 * (prediction - target). Is every prediction used once?")
        if math.isclose(got.data, _forgot_square(ypred, ys).data, abs_tol=1e-9):
            raise Wrong(f"you got {got.data:.4f}, the plain sum of the differences: "
                        "a prediction that is too low (negative difference) then "
                        "cancels one that is too high. Square each difference.",
                        "forgot-square")
        if math.isclose(got.data, _squared_the_sum(ypred, ys).data, abs_tol=1e-9):
            raise Wrong(f"you got {got.data:.4f}: you squared the sum of the "
                        "differences, so errors of opposite sign still cancel "
                        "before squaring. Square each difference, then add.",
                        "squared-the-sum")
        raise Wrong(f"for predictions {[round(d, 3) for d in data]} and targets {ys} "
                    f"expected {want.data:.6f}, got {got.data:.6f}.")


ex1 = Exercise(
    "the squared-error loss",
    _check_squared_error,
    hints=["One term per example: how far the prediction is from its target, squared.",
           "zip(ypred, ys) pairs each prediction with its target.",
           "return sum((yp - yt) ** 2 for yp, yt in zip(ypred, ys))"],
    reference=squared_error,
    mistakes={"forgot-square": _forgot_square, "squared-the-sum": _squared_the_sum},
    success="Squaring makes every error count as a cost, and big errors count most.")


# --- Exercise 2: one training step --------------------------------------------

def train_step(model, xs, ys, lr):
    """Forward, loss, zero the grads, backward, update. Returns the loss."""
    ypred = [model(x) for x in xs]
    loss = sum((yp - yt) ** 2 for yp, yt in zip(ypred, ys))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss


def _misstep(zero_grad="before", sign=-1.0):
    """A train_step with one classic slip: zero_grad="never" or "after" the
    backward pass, or sign=+1.0 (climbing the loss instead of descending)."""
    def step(model, xs, ys, lr):
        loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
        if zero_grad == "before":
            model.zero_grad()
        loss.backward()
        if zero_grad == "after":
            model.zero_grad()
        for p in model.parameters():
            p.data += sign * lr * p.grad
        return loss
    return step


_no_zero_grad = _misstep(zero_grad="never")
_wrong_sign = _misstep(sign=+1.0)
_zero_after_backward = _misstep(zero_grad="after")


def _run(step, seed, steps=3, lr=0.05):
    model = MLP(3, [4, 4, 1], rng=random.Random(seed))
    losses = [_number(step(model, TOY_XS, TOY_YS, lr)) for _ in range(steps)]
    return [p.data for p in model.parameters()], losses


def _same(a, b):
    return all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12) for x, y in zip(a, b))


def _check_train_step(answer):
    for seed in (1, 2):
        model = MLP(3, [4, 4, 1], rng=random.Random(seed))
        start = [p.data for p in model.parameters()]
        got_losses = []
        for _ in range(3):
            loss = answer(model, TOY_XS, TOY_YS, 0.05)
            returned(loss, "Finish with `return loss` (the loss before the "
                           "update).", what="train_step")
            got_losses.append(_number(loss))
        got = [p.data for p in model.parameters()]
        want, want_losses = _run(train_step, seed)
        if _same(got, want):
            if not _same(got_losses, want_losses):
                raise Wrong(f"the parameters are updated correctly, but the returned "
                            f"losses {[round(v, 4) for v in got_losses]} should be "
                            f"{[round(v, 4) for v in want_losses]}: return the loss "
                            "computed in this step, before the update.")
            continue
        if _same(got, start):
            raise Wrong("after three steps the parameters have not moved at all. If "
                        "you zero the gradients after backward() (instead of before "
                        "it), the update sees only zeros. Order: forward, zero_grad, "
                        "backward, update.", "zero-grad-after-backward")
        if _same(got, _run(_no_zero_grad, seed)[0]):
            raise Wrong("the first step is right but the next ones are not: the "
                        "gradients of earlier steps are still in p.grad, and "
                        "backward() adds to them (+=). Call model.zero_grad() "
                        "before loss.backward() in every step.", "forgot-zero-grad")
        if _same(got, _run(_wrong_sign, seed)[0]):
            raise Wrong("your step moves every parameter uphill: p.grad points where "
                        "the loss grows, so the loss rises. Subtract: "
                        "p.data -= lr * p.grad.", "wrong-sign")
        raise Wrong("after three steps of lr = 0.05 from the same start, your "
                    "parameters differ from the reference. Use the sum of squared "
                    "errors as the loss, and update every parameter of "
                    "model.parameters().")


ex2 = Exercise(
    "one training step",
    _check_train_step,
    hints=["Four parts, in order: forward (predictions and loss), zero the "
           "gradients, backward, update.",
           "backward() adds into p.grad, so old gradients must be cleared first: "
           "model.zero_grad().",
           "The update moves against the gradient: for p in model.parameters(): "
           "p.data -= lr * p.grad. Then return loss."],
    reference=train_step,
    mistakes={"forgot-zero-grad": _no_zero_grad, "wrong-sign": _wrong_sign,
              "zero-grad-after-backward": _zero_after_backward},
    success="That is the whole of gradient descent; the training loop just repeats it.")


# --- Exercise 3: a learning rate that diverges --------------------------------

def divergent_lr():
    """A learning rate for which the lesson's run diverges."""
    return 2.0


def _check_divergent(answer):
    lr = answer()
    returned(lr, "Return a number, e.g. `return 0.5`.")
    lr = float(lr)
    if lr <= 0:
        raise Wrong(f"lr = {lr:g} is not positive. With a negative rate the update "
                    "climbs the loss on purpose (gradient ascent); we are looking "
                    "for a positive rate that is simply too big.", "not-positive")
    losses = toy_losses(lr, steps=40, seed=3)
    if not all(math.isfinite(v) for v in losses):
        return
    verdict = lr_verdict(losses)
    if verdict == "divergent":
        return
    if verdict == "good":
        raise Wrong(f"lr = {lr:g} trains well: the loss falls from {losses[0]:.2f} to "
                    f"{losses[-1]:.4f}. Go bigger, by factors of 2 or 10.",
                    "trains-fine")
    raise Wrong(f"lr = {lr:g} is far too small: the loss only creeps from "
                f"{losses[0]:.2f} to {losses[-1]:.2f} in 40 steps. A diverging rate is "
                "much bigger.", "too-small")


ex3 = Exercise(
    "find a learning rate that diverges",
    _check_divergent,
    hints=["Use the learning-rate explorer above: move the slider right until the "
           "verdict turns red.",
           "The loss cannot grow without limit here (tanh keeps every output between "
           "-1 and 1); divergence shows up as the loss jumping up and staying stuck.",
           "Anything from about 0.75 upwards diverges for this network, e.g. return 2.0."],
    reference=divergent_lr,
    mistakes={"trains-fine": lambda: 0.1, "too-small": lambda: 0.0005,
              "not-positive": lambda: -0.1},
    success="Too big a step jumps over the valley and lands on the flat, saturated "
            "part of tanh, where the gradients are nearly 0 and nothing moves again.")

EXERCISES = [ex1, ex2, ex3]
