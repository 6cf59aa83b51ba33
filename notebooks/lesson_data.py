"""Data sets and training recipes the lessons share.

The running example of lessons 02-04 (``l_example``), the four training
examples of lesson 07 (``TOY_XS``, ``TOY_YS``) with the training run that the
learning-rate explorer repeats (``toy_losses``, ``lr_verdict``,
``same_losses``), and the
moons of lesson 08 (``make_moons``) with the loss, accuracy and training loop
of that classifier.  Every random source takes a seed, so each run of a
lesson gives the same numbers.
"""

import math
import random

from autograd_helpers import MLP


# Lessons 02-04: the running example.

def l_example(a, b, c, f):
    """The running example of lessons 2-4: L = (a*b + c) * f, with labels."""
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return L


L_START = {"a": 2.0, "b": -3.0, "c": 10.0, "f": -2.0}


# Lesson 7: four training examples (three inputs each) and their targets.
TOY_XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
TOY_YS = [1.0, -1.0, -1.0, 1.0]


def toy_losses(lr, steps=40, seed=3, zero_grad=True):
    """Train a fresh tanh MLP(3, [4, 4, 1]) on TOY_XS with gradient descent.

    Returns the loss (sum of squared errors) measured at each of the
    ``steps`` steps, before that step's update.  The same ``seed`` gives the
    same starting weights, so runs with different learning rates are a fair
    comparison.  ``zero_grad=False`` reproduces the forgotten-zero_grad bug.
    """
    model = MLP(3, [4, 4, 1], rng=random.Random(seed))
    losses = []
    for _ in range(steps):
        loss = sum((model(x) - y) ** 2 for x, y in zip(TOY_XS, TOY_YS))
        if zero_grad:
            model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= lr * p.grad
        losses.append(loss.data)
    return losses


def same_losses(a, b, tol=1e-6):
    """True when two loss curves agree step by step to ``tol`` (relative).

    Two correct engines may round differently (adding in another order, or
    tanh from exp), so their floats can differ in the last digits: compare
    with a tolerance, never with ==.
    """
    return len(a) == len(b) and all(
        math.isclose(x, y, rel_tol=tol, abs_tol=tol) for x, y in zip(a, b))


def lr_verdict(losses):
    """'good', 'too small' or 'divergent' for a loss curve from toy_losses.

    good: the loss ends below a tenth of where it started.  Otherwise the
    rate was too big if the loss ever rose above its start (the steps
    overshoot), and too small if it only crept down.
    """
    first, last = losses[0], losses[-1]
    if last < 0.1 * first:
        return "good"
    if max(losses) > first:
        return "divergent"
    return "too small"


# Lesson 8: the moons, and the classifier's loss, accuracy and training.

def make_moons(n_samples=100, noise=0.1, seed=1337):
    """Two interleaving half circles, labelled -1 and +1.

    The same shape as scikit-learn's ``make_moons`` (upper moon centred at
    (0, 0), lower moon at (1, 0.5)), made with our own seeded random numbers
    so that no extra package is needed.  Returns ``(X, y)``: a list of
    ``[x1, x2]`` points and a list of labels, shuffled, half of each class
    (the upper moon gets the extra point when n_samples is odd).
    """
    if n_samples < 2:
        raise ValueError("make_moons needs at least 2 samples")
    rng = random.Random(seed)
    n_upper = n_samples - n_samples // 2
    n_lower = n_samples // 2
    points = []
    for i in range(n_upper):
        t = math.pi * i / (n_upper - 1) if n_upper > 1 else 0.0
        points.append(([math.cos(t), math.sin(t)], -1))
    for i in range(n_lower):
        t = math.pi * i / (n_lower - 1) if n_lower > 1 else 0.0
        points.append(([1 - math.cos(t), 0.5 - math.sin(t)], 1))
    rng.shuffle(points)
    X = [[x + rng.gauss(0, noise), y + rng.gauss(0, noise)] for (x, y), _ in points]
    y = [label for _, label in points]
    return X, y


def max_margin_loss(scores, ys, params, alpha=1e-4):
    """mean over samples of relu(1 - y*score), plus alpha * sum of p**2.

    Uses only +, *, relu and sum, so it works with any Value class
    (the benchmark runs it on micrograd's too).
    """
    losses = [(1 + -y * s).relu() for y, s in zip(ys, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    return data_loss + alpha * sum(p * p for p in params)


def accuracy(scores, ys):
    """The fraction of samples whose score has the sign of their label."""
    return sum((s.data > 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys)


def train_moons(model, inputs, ys, steps=100, lr=1.0, alpha=1e-4, callback=None):
    """Full-batch gradient descent with max_margin_loss.

    The learning rate falls linearly from ``lr`` towards ``lr/10``
    (lr * (1 - 0.9*k/steps) at step k: 1.0 ... 0.109 for the demo).
    ``callback(k, loss, accuracy)`` is called after each step.  Returns the
    list of (loss, accuracy) pairs, measured before each update.
    """
    params = model.parameters()
    history = []
    for k in range(steps):
        scores = [model(x) for x in inputs]
        loss = max_margin_loss(scores, ys, params, alpha)
        acc = accuracy(scores, ys)
        model.zero_grad()
        loss.backward()
        rate = lr * (1.0 - 0.9 * k / steps)
        for p in params:
            p.data -= rate * p.grad
        history.append((loss.data, acc))
        if callback is not None:
            callback(k, loss.data, acc)
    return history


def mlp_scores(model, points):
    """The reference MLP's outputs at many points at once, with numpy.

    The same arithmetic as model(x), done on arrays (no graph is built), so
    a decision-boundary picture needs milliseconds instead of seconds.
    """
    import numpy as np
    act = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0),
           "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)), "linear": lambda z: z}
    a = np.asarray(points, dtype=float)
    for layer in model.layers:
        W = np.array([[w.data for w in n.w] for n in layer.neurons])
        b = np.array([n.b.data for n in layer.neurons])
        a = act[layer.neurons[0].activation](a @ W.T + b)
    return a[:, 0]
