"""Checked exercises of lesson 07 (training).

    from exercises_07 import ex1, ex2, ex3

The checks train small networks (of the MLP class your cells use, or the
finished one) on data drawn afresh for every attempt (seeded), with your code
and with the reference, side by side.
"""

import math
import random

from autograd_helpers import MLP, Value
from lesson_data import lr_verdict, toy_losses
from exercise_kit import (Exercise, attempt_rng, backward_on, call, describe, expect_number,
                          expect_value, is_number, lesson_class, returned, Wrong)
from exercises_05 import Reflected as LessonValue  # a Value like the lesson's own (05's)


def _number(x):
    return float(x.data) if hasattr(x, "data") else float(x)


def _names(answer, name):
    """What ``name`` is in the answer's own cells (None when it is not defined there)."""
    return getattr(answer, "__globals__", {}).get(name)


def _value_works(V):
    v = V(0.5)
    out = sum([(v - 1.0) ** 2, (v - -1.0) ** 2])
    out.backward()
    return math.isclose(out.data, 2.5) and math.isclose(v.grad, 2.0)


def _mlp_works(M):
    model = M(2, [3, 1], rng=random.Random(0))
    out = model([0.5, -1.0])
    model.zero_grad()
    return is_number(out.data) and len(model.parameters()) == 13


# --- Exercise 1: the squared-error loss ---------------------------------------

def squared_error(ypred, ys):
    """The sum over examples of (prediction - target)**2, as a Value."""
    return sum((yp - yt) ** 2 for yp, yt in zip(ypred, ys))


def _forgot_square(ypred, ys):
    return sum(yp - yt for yp, yt in zip(ypred, ys))


def _squared_the_sum(ypred, ys):
    return sum(yp - yt for yp, yt in zip(ypred, ys)) ** 2


def _check_squared_error(answer):
    rng = attempt_rng(70)  # new lengths and numbers at every attempt
    own = lesson_class(answer, "Value", Value, _value_works)
    # the answer's own Value; for an answer that names no Value of its own,
    # the finished one and one like the lesson's in turn (an answer that
    # builds with the finished Value gets only finished ones)
    kinds = [own]
    if own is Value and _names(answer, "Value") is not Value:
        kinds = [Value, LessonValue]
    for trial in range(6):
        n = rng.randint(2, 9)
        V = kinds[trial % len(kinds)]
        data = [rng.uniform(-1, 1) for _ in range(n)]
        if trial == 4:
            data = [0.5] * n  # different predictions that hold the same number
        ys = [rng.choice([-1.0, 1.0]) for _ in range(n)]
        # which Value each prediction is: in trial 5 the first one is used
        # twice, with the same target (an example that occurs twice counts twice)
        which = list(range(n))
        if trial == 5:
            which[1] = 0
            data[1] = data[0]
            ys[1] = ys[0]
        values = {}
        ypred = [values.setdefault(w, V(data[w])) for w in which]
        fresh = {}
        mirror = [fresh.setdefault(w, Value(data[w])) for w in which]
        want = squared_error(mirror, ys)
        got = call(answer, ypred, ys, what="squared_error(ypred, ys)", names=("ypred", "ys"))
        if is_number(got):
            raise Wrong(f"you returned {describe(got)}, a plain number (expected a "
                        f"Value with data {want.data:.6f}). Build the loss from "
                        "the Values in ypred (no .data), so it is a Value that can "
                        "run backward().", "not-a-value")
        got = expect_value(got, "squared_error(ypred, ys)",
                           "Finish with `return` and the loss.",
                           f"a Value (here with data {want.data:.6f})")
        if math.isclose(got.data, want.data, rel_tol=1e-9, abs_tol=1e-12):
            backward_on(got, "squared_error(ypred, ys)")
            want.backward()
            for k, w in enumerate(which):
                if not math.isclose(values[w].grad, fresh[w].grad,
                                    rel_tol=1e-9, abs_tol=1e-12):
                    raise Wrong(f"the loss has the right number, but prediction "
                                f"{k} got the gradient {values[w].grad:.6f} "
                                f"instead of {fresh[w].grad:.6f}, 2 * (prediction "
                                "- target) summed over its uses. Is every "
                                "prediction used once, through Value operations?")
            continue
        if math.isclose(got.data, _forgot_square(mirror, ys).data, abs_tol=1e-9):
            raise Wrong(f"you got {got.data:.4f}, the plain sum of the differences; "
                        f"expected {want.data:.4f}: a prediction that is too low "
                        "(negative difference) then cancels one that is too high. "
                        "Square each difference.", "forgot-square")
        if math.isclose(got.data, _squared_the_sum(mirror, ys).data, abs_tol=1e-9):
            raise Wrong(f"you got {got.data:.4f}: you squared the sum of the "
                        f"differences (expected {want.data:.4f}), so errors of "
                        "opposite sign still cancel before squaring. Square each "
                        "difference, then add.", "squared-the-sum")
        raise Wrong(f"for predictions {[round(d, 3) for d in data]} and targets {ys} "
                    f"expected {want.data:.6f}, got {got.data:.6f}.")


ex1 = Exercise(
    "the squared-error loss",
    _check_squared_error,
    hints=["One term per example: how far the prediction is from its target, squared.",
           "zip(ypred, ys) pairs each prediction with its target.",
           "return sum((yp - yt) ** 2 for yp, yt in zip(ypred, ys))"],
    reference=squared_error,
    name="ex1",
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


def _fixed_rate(model, xs, ys, lr):
    return train_step(model, xs, ys, 0.05)


def _mean_loss(model, xs, ys, lr):
    loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys)) * (1.0 / len(xs))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss


def _updated_grad(model, xs, ys, lr):
    loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.grad -= lr * p.grad
    return loss


def _run(step, seed, lr, xs, ys, steps=3, MLP=MLP):
    model = MLP(len(xs[0]), [4, 4, 1], rng=random.Random(seed))
    losses = [_number(step(model, xs, ys, lr)) for _ in range(steps)]
    return [p.data for p in model.parameters()], losses


def _first_grads(seed, xs, ys, MLP=MLP):
    model = MLP(len(xs[0]), [4, 4, 1], rng=random.Random(seed))
    sum((model(x) - y) ** 2 for x, y in zip(xs, ys)).backward()
    return [p.grad for p in model.parameters()]


def _data_set(rng):
    """A small data set for this attempt: 3 to 6 examples of 2 to 4 inputs."""
    n, nin = rng.randint(3, 6), rng.randint(2, 4)
    xs = [[round(rng.uniform(-2, 2), 2) for _ in range(nin)] for _ in range(n)]
    ys = [rng.choice([-1.0, 1.0]) for _ in range(n)]
    return xs, ys


def _same(a, b):
    return len(a) == len(b) and all(
        math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12) for x, y in zip(a, b))


def _loss_number(loss):
    what = "train_step(model, xs, ys, lr)"
    returned(loss, "Finish with `return loss` (the loss before the update).", what)
    if hasattr(loss, "data") and is_number(loss.data):
        return float(loss.data)
    return expect_number(loss, what, "Finish with `return loss`.",
                         "the loss (a Value, or its number)")


_RATES = (0.05, 0.1, 0.02, 0.01, 0.2, 0.5, 1.0, 0.001)


def _check_train_step(answer):
    rng = attempt_rng(71)  # new data, start and rate at every attempt
    M = lesson_class(answer, "MLP", MLP, _mlp_works)  # the answer's own network class
    for lr in rng.sample((0.02, 0.03, 0.04, 0.07, 0.08, 0.15), 3):
        seed = rng.randrange(10**6)
        xs, ys = _data_set(rng)
        model = M(len(xs[0]), [4, 4, 1], rng=random.Random(seed))
        start = [p.data for p in model.parameters()]
        got_losses = [_loss_number(call(answer, model, xs, ys, lr,
                                        what="train_step(model, xs, ys, lr)",
                                        names=("model", "xs", "ys", "lr")))
                      for k in range(3)]
        got = [p.data for p in model.parameters()]
        odd = [(k, d) for k, d in enumerate(got) if not is_number(d)]
        if odd:
            k, d = odd[0]
            raise Wrong(f"after your steps parameter {k} holds {describe(d)} as "
                        "its data instead of a number: the update must use "
                        "numbers, p.data -= lr * p.grad (p.grad, not p).")
        want, want_losses = _run(train_step, seed, lr, xs, ys, MLP=M)
        if _same(got, want):
            if not _same(got_losses, want_losses):
                raise Wrong(f"the parameters are updated correctly, but the returned "
                            f"losses {[round(v, 4) for v in got_losses]} should be "
                            f"{[round(v, 4) for v in want_losses]}: return the loss "
                            "computed in this step, before the update.")
            continue
        first = model.parameters()[0]
        if _same(got, start):
            grads = [p.grad for p in model.parameters()]
            if all(g == 0 for g in grads):
                raise Wrong("after three steps the parameters have not moved at "
                            f"all (the first weight is still {first.data:.4f}), "
                            "and every p.grad is 0. If you zero the "
                            "gradients after backward() (instead of before it), "
                            "the update sees only zeros. Order: forward, "
                            "zero_grad, backward, update.",
                            "zero-grad-after-backward")
            g0 = _first_grads(seed, xs, ys, M)
            if any(_same(grads, [c * g for g in g0]) for c in (1, 2, 3)):
                raise Wrong(f"after three steps the parameters have not moved "
                            f"(the first weight is still {first.data:.4f}): your "
                            "step never changes p.data. Finish with the update: "
                            "for p in model.parameters(): p.data -= lr * p.grad.",
                            "no-update")
            raise Wrong(f"after three steps the parameters have not moved (the "
                        f"first weight is still {first.data:.4f}), but the "
                        f"gradients changed: the first one is {first.grad:.4f}, "
                        f"where backward() gave {g0[0]:.4f}. Your update changed "
                        "p.grad instead of p.data. The step moves the parameter "
                        "itself: p.data -= lr * p.grad.", "updated-grad-not-data")
        # the same steps with another lr: a step that ignores lr moves the same
        again = M(len(xs[0]), [4, 4, 1], rng=random.Random(seed))
        for _ in range(3):
            call(answer, again, xs, ys, 3 * lr, what="train_step(model, xs, ys, lr)",
                 names=("model", "xs", "ys", "lr"))
        if _same([p.data for p in again.parameters()], got):
            other = next((r for r in _RATES if r != lr and _same(
                got, _run(train_step, seed, r, xs, ys, MLP=M)[0])), None)
            like = f"with lr = {other}" if other is not None else f"with lr = {3 * lr:g}"
            raise Wrong(f"with lr = {lr} your parameters moved exactly as "
                        f"{like} (the first weight went from "
                        f"{start[0]:.4f} to {got[0]:.4f}; expected "
                        f"{want[0]:.4f}): your step uses a learning rate of "
                        "its own. Use the lr argument: p.data -= lr * p.grad.",
                        "ignores-lr")
        n = len(xs)
        for scale, loss, mistake in ((1 / n, f"the MEAN of the squared errors (their "
                                      f"sum divided by {n}, the number of examples)",
                                      "mean-loss"),
                                     (0.5, "HALF the sum of the squared errors",
                                      "half-loss")):
            if _same(got, _run(train_step, seed, lr * scale, xs, ys, MLP=M)[0]):
                raise Wrong(f"your parameters moved exactly as the reference's "
                            f"would with lr = {lr * scale:.4g} instead of {lr}: "
                            f"your loss is {loss}, so its gradient is smaller. "
                            "This exercise's loss is the sum of the squared "
                            "errors itself.", mistake)
        if _same(got, _run(_no_zero_grad, seed, lr, xs, ys, MLP=M)[0]):
            raise Wrong("the first step is right but the next ones are not: the "
                        "gradients of earlier steps are still in p.grad, and "
                        f"backward() adds to them (+=); the first weight ended "
                        f"at {got[0]:.4f} instead of {want[0]:.4f}. Call "
                        "model.zero_grad() before loss.backward() in every step.",
                        "forgot-zero-grad")
        if _same(got, _run(_wrong_sign, seed, lr, xs, ys, MLP=M)[0]):
            raise Wrong(f"your step moves every parameter uphill (your losses: "
                        f"{[round(v, 4) for v in got_losses]}, rising): p.grad "
                        "points where the loss grows. Subtract: "
                        "p.data -= lr * p.grad.", "wrong-sign")
        raise Wrong(f"after three steps of lr = {lr} from the same start, your "
                    f"parameters differ from the reference (the first weight is "
                    f"{got[0]:.4f}, expected {want[0]:.4f}). Use the sum of "
                    "squared errors as the loss, and update every parameter of "
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
    name="ex2",
    mistakes={"forgot-zero-grad": _no_zero_grad, "wrong-sign": _wrong_sign,
              "zero-grad-after-backward": _zero_after_backward,
              "ignores-lr": _fixed_rate, "updated-grad-not-data": _updated_grad,
              "mean-loss": _mean_loss},
    success="That is the whole of gradient descent; the training loop just repeats it.")


# --- Exercise 3: a learning rate that diverges --------------------------------

def divergent_lr():
    """A learning rate for which the lesson's run diverges."""
    return 2.0


def _check_divergent(answer):
    lr = expect_number(answer(), "divergent_lr()", "Return a number, e.g. "
                       "`return 0.5`.", "such as 0.5")
    if not math.isfinite(lr):
        raise Wrong(f"divergent_lr() returned {lr!r}, which is not a finite number: "
                    "a learning rate is an ordinary number such as 0.5 or 2.0.",
                    "not-finite")
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
           "Every rate from 0.989 upwards diverges for this network, e.g. return 2.0 "
           "(between about 0.56 and 0.99 divergent and good rates alternate)."],
    reference=divergent_lr,
    name="ex3",
    mistakes={"trains-fine": lambda: 0.1, "too-small": lambda: 0.0005,
              "not-positive": lambda: -0.1, "not-finite": lambda: float("inf")},
    success="Too big a step jumps over the valley and lands on the flat, saturated "
            "part of tanh, where the gradients are nearly 0 and nothing moves again.")

EXERCISES = [ex1, ex2, ex3]
