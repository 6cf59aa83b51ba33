"""Data sets and training recipes of the lessons (notebooks/lesson_data.py)."""

import math
import random

import pytest

from autograd_helpers import MLP, Value
from lesson_data import (accuracy, lr_verdict, make_moons, max_margin_loss, mlp_scores,
                         toy_losses, train_moons)


def test_shape_and_labels():
    X, y = make_moons(100, noise=0.1, seed=1)
    assert len(X) == len(y) == 100
    assert all(len(p) == 2 and all(isinstance(c, float) for c in p) for p in X)
    assert set(y) == {-1, 1}


@pytest.mark.parametrize("n", [2, 3, 10, 101])
def test_balanced(n):
    _, y = make_moons(n, seed=0)
    assert y.count(1) == n // 2 and y.count(-1) == n - n // 2


def test_deterministic_for_a_seed():
    assert make_moons(50, 0.2, seed=5) == make_moons(50, 0.2, seed=5)
    assert make_moons() == make_moons()


def test_different_seeds_differ():
    assert make_moons(50, 0.1, seed=1)[0] != make_moons(50, 0.1, seed=2)[0]


def test_noise_zero_lies_on_the_two_half_circles():
    X, y = make_moons(60, noise=0.0, seed=3)
    for (a, b), label in zip(X, y):
        if label == -1:  # upper moon: unit half circle around (0, 0), b >= 0
            assert math.hypot(a, b) == pytest.approx(1.0) and b >= -1e-12
        else:  # lower moon: unit half circle around (1, 0.5), b <= 0.5
            assert math.hypot(a - 1, b - 0.5) == pytest.approx(1.0) and b <= 0.5 + 1e-12


def test_noise_moves_points_off_the_circles():
    X, y = make_moons(60, noise=0.1, seed=3)
    upper = [math.hypot(a, b) for (a, b), label in zip(X, y) if label == -1]
    assert max(abs(r - 1) for r in upper) > 0.05


def test_shuffled():
    _, y = make_moons(100, seed=0)
    assert y != sorted(y) and y != sorted(y, reverse=True)


def test_too_few_samples():
    with pytest.raises(ValueError):
        make_moons(1)


def test_lr_verdicts():
    assert lr_verdict(toy_losses(0.001)) == "too small"
    assert lr_verdict(toy_losses(0.1)) == "good"
    assert lr_verdict(toy_losses(1.0)) == "divergent"


def test_toy_runs_are_reproducible_and_zero_grad_matters():
    assert toy_losses(0.1, steps=10) == toy_losses(0.1, steps=10)
    assert toy_losses(0.1, steps=10, zero_grad=False) != toy_losses(0.1, steps=10)


def test_train_moons_learns_a_small_moons_problem():
    # (The full demo, 100% accuracy after 100 steps, is checked by lesson 08's
    # stored output under nbval; this smaller run keeps the unit tests fast.)
    X, y = make_moons(40, seed=0)
    model = MLP(2, [8, 8, 1], activation="relu", final_activation="linear",
                rng=random.Random(0))
    calls = []
    history = train_moons(model, [[Value(a), Value(b)] for a, b in X], y, steps=40,
                          callback=lambda k, loss, acc: calls.append(k))
    assert calls == list(range(40))
    assert history[0][1] == 0.5 and history[-1][1] == 1.0
    assert history[-1][0] < history[0][0] / 10


def test_loss_and_accuracy_helpers():
    scores = [Value(2.0), Value(-0.5), Value(0.3)]
    ys = [1, 1, -1]
    assert accuracy(scores, ys) == pytest.approx(1 / 3)
    loss = max_margin_loss(scores, ys, [Value(1.0)], alpha=0.5)
    # relu(1 - 2) = 0, relu(1 + 0.5) = 1.5, relu(1 + 0.3) = 1.3; mean 2.8/3; + 0.5
    assert loss.data == pytest.approx(2.8 / 3 + 0.5)


def test_mlp_scores_matches_the_graph():
    model = MLP(2, [5, 5, 1], activation="relu", final_activation="linear",
                rng=random.Random(3))
    points = [[0.1, 0.2], [-1.0, 0.5], [2.0, -0.3]]
    assert list(mlp_scores(model, points)) == pytest.approx([model(p).data for p in points])


def test_same_losses_forgives_rounding_in_the_last_digits():
    from lesson_data import same_losses
    curve = [6.336364591057558, 0.0816, 1e-13]
    nudged = [v * (1 + 3e-12) + 1e-15 for v in curve]
    assert nudged != curve
    assert same_losses(curve, nudged)


def test_same_losses_tells_different_curves_and_lengths_apart():
    from lesson_data import same_losses
    assert not same_losses([6.3364, 0.0816], [6.3364, 0.0817])
    assert not same_losses([6.3364, 0.0816], [6.3364])
